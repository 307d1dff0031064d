//! The one filtered list every picker uses (officers, units, categories, the owner
//! picker, the sign-in, the handover's officer pick): a fuzzy match on the name, on
//! its pinyin and on its initials, so that `ln` finds 李娜 without an input method;
//! best match first, ties in the order the items were given.

use super::draw::{list_row, Selection};
use crate::search::name_pinyin;
use crate::tui::keys::Move;
use crate::tui::shared::DrawCx;
use ratatui::text::{Line, Span};

/// One item of a list: what it is, the name it is shown and found by, and the
/// name's pinyin and initials.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    pub item: T,
    pub name: String,
    keys: [String; 2],
}

impl<T> Entry<T> {
    pub fn new(name: &str, item: T) -> Entry<T> {
        let py = name_pinyin(name);
        Entry {
            item,
            name: name.to_string(),
            keys: [py.full, py.initials],
        }
    }

    /// How well `pattern` (lowercase) matches; `None` when it does not match.
    fn score(&self, pattern: &str) -> Option<i64> {
        use fuzzy_matcher::FuzzyMatcher;
        let matcher = fuzzy_matcher::skim::SkimMatcherV2::default();
        let by_name = matcher.fuzzy_match(&self.name, pattern);
        let by_keys = self
            .keys
            .iter()
            .filter_map(|k| matcher.fuzzy_match(k, pattern))
            .max();
        by_name.max(by_keys)
    }

    pub fn matches(&self, pattern: &str) -> bool {
        self.score(&pattern.trim().to_lowercase()).is_some()
    }
}

/// A row to draw: a match, or one of the owner's rows after them (counted from 0).
pub enum Row<'a, T> {
    Item(&'a Entry<T>),
    Tail(usize),
}

#[derive(Debug, Clone)]
pub struct FilterList<T> {
    all: Vec<Entry<T>>,
    /// Indices into `all`, best match first.
    shown: Vec<usize>,
    pub sel: Selection,
    /// Rows the owner draws after the matches (a name typed as a new one): the
    /// selection may rest on them.
    tail: usize,
}

impl<T> Default for FilterList<T> {
    fn default() -> Self {
        FilterList {
            all: Vec::new(),
            shown: Vec::new(),
            sel: Selection::default(),
            tail: 0,
        }
    }
}

impl<T> FilterList<T> {
    /// A list of `(name, item)`, all shown.
    pub fn new(items: impl IntoIterator<Item = (String, T)>) -> FilterList<T> {
        let all: Vec<Entry<T>> = items
            .into_iter()
            .map(|(name, item)| Entry::new(&name, item))
            .collect();
        let shown = (0..all.len()).collect();
        FilterList {
            all,
            shown,
            ..FilterList::default()
        }
    }

    pub fn all(&self) -> &[Entry<T>] {
        &self.all
    }

    /// Shows the items matching `pattern`, best first, and selects the first.
    pub fn refilter(&mut self, pattern: &str) {
        let pattern = pattern.trim().to_lowercase();
        self.shown = if pattern.is_empty() {
            (0..self.all.len()).collect()
        } else {
            let mut scored: Vec<(i64, usize)> = self
                .all
                .iter()
                .enumerate()
                .filter_map(|(i, e)| e.score(&pattern).map(|s| (s, i)))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.into_iter().map(|(_, i)| i).collect()
        };
        self.sel.reset();
    }

    pub fn set_tail(&mut self, rows: usize) {
        self.tail = rows;
        self.sel.clamp(self.rows());
    }

    /// Rows to move over: the matches and the owner's rows after them.
    pub fn rows(&self) -> usize {
        self.shown.len() + self.tail
    }

    pub fn shown(&self) -> impl Iterator<Item = &Entry<T>> {
        self.shown.iter().map(|&i| &self.all[i])
    }

    pub fn shown_len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// The selected match (none when the selection is on a tail row).
    pub fn selected(&self) -> Option<&Entry<T>> {
        self.shown.get(self.sel.selected).map(|&i| &self.all[i])
    }

    /// Selects the first shown item that `keep` accepts; false when none does.
    pub fn select_where(&mut self, keep: impl Fn(&Entry<T>) -> bool) -> bool {
        match self.shown.iter().position(|&i| keep(&self.all[i])) {
            Some(pos) => {
                self.sel.selected = pos;
                true
            }
            None => false,
        }
    }

    pub fn move_by(&mut self, mv: Move) {
        self.sel.apply(mv, self.rows());
    }

    /// The rows that fit in `height`, scrolled to the selection, each drawn by
    /// `row`; the selected one highlighted when `highlight`.
    pub fn lines(
        &self,
        height: usize,
        width: usize,
        highlight: bool,
        cx: &DrawCx<'_>,
        row: impl Fn(Row<'_, T>) -> Vec<Span<'static>>,
    ) -> Vec<Line<'static>> {
        self.sel
            .window(self.rows(), height)
            .map(|i| {
                let spans = match self.shown.get(i) {
                    Some(&k) => row(Row::Item(&self.all[k])),
                    None => row(Row::Tail(i - self.shown.len())),
                };
                list_row(spans, width, highlight && i == self.sel.selected, cx)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_names_pinyin_and_initials_best_first() {
        let mut list = FilterList::new(
            ["王科员", "李娜", "区住房和城乡建设局"]
                .iter()
                .map(|n| (n.to_string(), ())),
        );
        assert_eq!(list.shown_len(), 3);
        list.refilter("ln");
        assert_eq!(list.selected().map(|e| e.name.as_str()), Some("李娜"));
        list.refilter("zhufang");
        assert_eq!(
            list.selected().map(|e| e.name.as_str()),
            Some("区住房和城乡建设局")
        );
        list.refilter("住房");
        assert_eq!(list.shown_len(), 1);
        list.refilter("xyzzy");
        assert!(list.is_empty() && list.selected().is_none());
    }

    #[test]
    fn the_selection_may_rest_on_the_owners_rows() {
        let mut list = FilterList::new([("李娜".to_string(), 1)]);
        list.set_tail(1);
        list.move_by(Move::Down);
        assert_eq!(list.sel.selected, 1);
        assert!(list.selected().is_none());
        list.set_tail(0);
        assert_eq!(list.sel.selected, 0, "the selection stays on a row");
    }
}
