//! Initial matters (初信初访): a matter-level mark, apart from the person-level
//! 初访/再访 flag. A matter is initial when it did not come from above and is not
//! linked to, merged into or 同源 with an earlier matter — the matters the work
//! plan's 初信初访办结率 is counted over.

use super::lifecycle::AnnotationError;
use serde::Serialize;

/// What decides the mark, as the record holds it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct InitialFacts {
    /// 上级交办 or 上级转送.
    pub from_above: bool,
    /// Linked (either way) to a matter registered before it.
    pub linked_to_earlier: bool,
    /// Merged into another matter as its duplicate.
    pub merged: bool,
    /// Its registering contact was flagged 信访同源 (the same matter by another channel).
    pub same_source: bool,
}

/// A duplicate matter merged into its original (并案): never into itself, never
/// twice, never into a matter that is itself merged away. `into` is the case
/// number each is merged into, if any.
pub fn check_merge(
    dup: &str,
    dup_into: Option<&str>,
    original: &str,
    original_into: Option<&str>,
) -> Result<(), AnnotationError> {
    if dup == original {
        return Err(AnnotationError::MergeIntoItself);
    }
    if let Some(into) = dup_into {
        return Err(AnnotationError::Merged(into.to_string()));
    }
    if let Some(into) = original_into {
        return Err(AnnotationError::MergeIntoMerged(into.to_string()));
    }
    Ok(())
}

/// Whether the matter is an initial one (初信初访).
pub fn is_initial(f: &InitialFacts) -> bool {
    !(f.from_above || f.linked_to_earlier || f.merged || f.same_source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_checks_both_sides() {
        let a = "2026-000001";
        let b = "2026-000002";
        assert_eq!(check_merge(b, None, a, None), Ok(()));
        assert_eq!(
            check_merge(a, None, a, None),
            Err(AnnotationError::MergeIntoItself)
        );
        assert_eq!(
            check_merge(b, Some(a), a, None),
            Err(AnnotationError::Merged(a.into()))
        );
        assert_eq!(
            check_merge(a, None, b, Some(a)),
            Err(AnnotationError::MergeIntoMerged(a.into()))
        );
    }

    #[test]
    fn only_a_fresh_local_matter_is_initial() {
        assert!(is_initial(&InitialFacts::default()));
        for f in [
            InitialFacts {
                from_above: true,
                ..Default::default()
            },
            InitialFacts {
                linked_to_earlier: true,
                ..Default::default()
            },
            InitialFacts {
                merged: true,
                ..Default::default()
            },
            InitialFacts {
                same_source: true,
                ..Default::default()
            },
        ] {
            assert!(!is_initial(&f), "{f:?}");
        }
    }
}
