//! Anchors: a point of the timeline's hash chain (`SEQ:HASH`) kept outside the
//! database — printed in handovers, beside backups and exports, by `verify` — so
//! that a chain rebuilt from scratch, with every hash recomputed, is still caught:
//! it no longer holds the anchor at its position.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The event's sequence number (its position in the chain, from 1).
    pub seq: i64,
    /// The event's SHA-256 chain hash, 64 lowercase hexadecimal digits.
    pub hash: String,
}

impl Anchor {
    /// Reads `SEQ:HASH`; the hash in either case.
    pub fn parse(text: &str) -> Result<Anchor, String> {
        let text = text.trim();
        let bad = || {
            format!(
                "{:?} is not an anchor: write SEQ:HASH, a sequence number and the 64 \
                 hexadecimal digits `jiedai verify` or a handover printed",
                crate::text::excerpt(text, 80)
            )
        };
        let (seq, hash) = text.split_once(':').ok_or_else(bad)?;
        let seq: i64 = seq.trim().parse().map_err(|_| bad())?;
        let hash = hash.trim().to_ascii_lowercase();
        if seq < 1 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Anchor { seq, hash })
    }

    /// One anchor a line; blank lines and `#` comments are skipped, and a line may
    /// carry words before the anchor (`链头：12:ab…`), as copied from a handover.
    pub fn parse_lines(text: &str) -> Result<Vec<Anchor>, String> {
        text.lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line.trim()))
            .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
            .map(|(n, line)| {
                let last = line
                    .rsplit(|c: char| c.is_whitespace() || c == '：')
                    .next()
                    .unwrap_or(line);
                Anchor::parse(last).map_err(|e| format!("line {n}: {e}"))
            })
            .collect()
    }
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "9f7256fd7d6fbb61e250f3f7f5dbca2af6e94f28a6495154b87faf0b121412d7";

    #[test]
    fn an_anchor_reads_back_as_printed() {
        let a = Anchor::parse(&format!("12:{}", HASH.to_uppercase())).unwrap();
        assert_eq!(a.seq, 12);
        assert_eq!(a.to_string(), format!("12:{HASH}"));
    }

    #[test]
    fn malformed_anchors_are_refused_with_the_form_to_type() {
        let bad = [
            String::new(),
            "12".into(),
            "x:abc".into(),
            format!("0:{HASH}"),
            format!("3:{}", &HASH[1..]),
            format!("3:{}g", &HASH[1..]),
        ];
        for text in bad {
            let e = Anchor::parse(&text).unwrap_err();
            assert!(e.contains("SEQ:HASH"), "{e}");
        }
    }

    #[test]
    fn a_file_of_anchors_skips_comments_and_labels() {
        let text = format!("# from handovers\n\n链头：5:{HASH}\nchain head: 7:{HASH}\n");
        let anchors = Anchor::parse_lines(&text).unwrap();
        assert_eq!(anchors.iter().map(|a| a.seq).collect::<Vec<_>>(), [5, 7]);
        let e = Anchor::parse_lines("5:nothex\n").unwrap_err();
        assert!(e.starts_with("line 1:"), "{e}");
    }
}
