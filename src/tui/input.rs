//! A single-line text field that is safe for Chinese text.
//!
//! The caret moves by grapheme (so "👨‍👩‍👧" or "q̃" is one step and one
//! Backspace), layout is by display width (a Han character takes two cells and is
//! never cut in half), and whatever is typed or pasted is cleaned as it arrives,
//! so an escape sequence in a paste never reaches the value, the store or the
//! screen.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::text::{clean_input, display_width, sanitize_for_display, truncate_to_width};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Grapheme index, `0..=grapheme count`.
    cursor: usize,
    /// Limit in characters (not bytes, not graphemes), as `text::check_length`.
    max_chars: Option<usize>,
    /// The whole value is a suggestion, shown selected: the first character typed
    /// replaces it (a pre-filled `1` then `6` is 6, not 16), Backspace or Delete
    /// clears it, and moving the caret keeps it.
    selected: bool,
}

/// A private-use character that `clean_input` keeps and never merges with its
/// neighbours: wrapping a fragment in it stops the cleaner from trimming a typed
/// space at either end.
const GUARD: char = '\u{E000}';

/// Cleans a typed or pasted fragment like [`clean_input`] (NFC, no controls or
/// escape sequences, line breaks and tabs as spaces, runs of spaces collapsed) but
/// keeps one space at either end, since a space typed between two words arrives
/// alone.
fn clean_fragment(s: &str) -> String {
    let guarded = format!("{GUARD}{s}{GUARD}");
    let cleaned = clean_input(&guarded);
    let inner = cleaned.strip_prefix(GUARD).unwrap_or(&cleaned);
    // An unterminated OSC in a paste swallows the closing guard along with itself.
    let inner = inner.strip_suffix(GUARD).unwrap_or(inner);
    inner.to_string()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WordClass {
    Space,
    Han,
    Other,
}

fn word_class(g: &str) -> WordClass {
    if g.chars().all(char::is_whitespace) {
        WordClass::Space
    } else if crate::text::has_han(g) {
        WordClass::Han
    } else {
        WordClass::Other
    }
}

impl TextInput {
    pub fn new() -> Self {
        Self::default()
    }

    /// A field holding `s` (cleaned), with the caret at the end.
    pub fn with_value(s: &str) -> Self {
        let mut input = Self::new();
        input.set_value(s);
        input
    }

    /// A field holding a suggested value, selected so that typing replaces it.
    pub fn prefilled(s: &str) -> Self {
        let mut input = Self::with_value(s);
        input.selected = !input.value.is_empty();
        input
    }

    /// Whether the value is a suggestion that typing replaces.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Limits the field to `n` characters, cutting the current value if needed.
    pub fn with_max_chars(mut self, n: usize) -> Self {
        self.max_chars = Some(n);
        let value = std::mem::take(&mut self.value);
        self.cursor = 0;
        self.insert_clean(&value);
        self
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    /// Replaces the value (cleaned, within the limit) and puts the caret at the end.
    pub fn set_value(&mut self, s: &str) {
        self.clear();
        self.insert_str(s);
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
        self.selected = false;
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// The caret as a grapheme index.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn graphemes(&self) -> Vec<&str> {
        self.value.graphemes(true).collect()
    }

    fn grapheme_count(&self) -> usize {
        self.value.graphemes(true).count()
    }

    /// Byte offset of grapheme index `g` (the end of the value past the last one).
    fn byte_at(&self, g: usize) -> usize {
        self.value
            .grapheme_indices(true)
            .nth(g)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// Inserts typed or pasted text at the caret: cleaned, NFC, line breaks as
    /// spaces, and cut (at a grapheme boundary) to what the limit leaves room for.
    /// Returns the field's limit when the text was cut to fit it.
    pub fn insert_str(&mut self, s: &str) -> Option<usize> {
        let cleaned = clean_fragment(s);
        if std::mem::take(&mut self.selected) && !cleaned.is_empty() {
            self.value.clear();
            self.cursor = 0;
        }
        self.insert_clean(&cleaned)
    }

    fn insert_clean(&mut self, cleaned: &str) -> Option<usize> {
        if cleaned.is_empty() {
            return None;
        }
        let mut cut = None;
        let piece: String = match self.max_chars {
            None => cleaned.to_string(),
            Some(max) => {
                let mut room = max.saturating_sub(self.value.chars().count());
                let mut piece = String::new();
                for g in cleaned.graphemes(true) {
                    let n = g.chars().count();
                    if n > room {
                        cut = Some(max);
                        break;
                    }
                    room -= n;
                    piece.push_str(g);
                }
                piece
            }
        };
        if piece.is_empty() {
            return cut;
        }
        let at = self.byte_at(self.cursor);
        // Composing across the caret lets a dead key's combining accent, typed
        // after its letter, become the precomposed character.
        let head: String = format!("{}{piece}", &self.value[..at]).nfc().collect();
        let head_len = head.len();
        self.value = format!("{head}{}", &self.value[at..]);
        // A grapheme straddling the junction (a combining mark at the start of the
        // tail) puts the caret after it rather than inside it.
        self.cursor = self
            .value
            .grapheme_indices(true)
            .take_while(|&(i, _)| i < head_len)
            .count();
        cut
    }

    fn remove_graphemes(&mut self, from: usize, to: usize) {
        let (a, b) = (self.byte_at(from), self.byte_at(to));
        self.value.replace_range(a..b, "");
        self.cursor = from;
    }

    /// Grapheme index of the start of the word before the caret: spaces, then a
    /// run of one kind (Han characters and other text count as different words,
    /// so Ctrl-W after "张伟abc" leaves "张伟").
    fn word_start_before(&self) -> usize {
        let gs = self.graphemes();
        let mut i = self.cursor;
        while i > 0 && word_class(gs[i - 1]) == WordClass::Space {
            i -= 1;
        }
        if i > 0 {
            let class = word_class(gs[i - 1]);
            while i > 0 && word_class(gs[i - 1]) == class {
                i -= 1;
            }
        }
        i
    }

    fn word_end_after(&self) -> usize {
        let gs = self.graphemes();
        let mut i = self.cursor;
        while i < gs.len() && word_class(gs[i]) == WordClass::Space {
            i += 1;
        }
        if i < gs.len() {
            let class = word_class(gs[i]);
            while i < gs.len() && word_class(gs[i]) == class {
                i += 1;
            }
        }
        i
    }

    /// Edits the field for a key press. Handles characters (without Ctrl or Alt;
    /// both together are AltGr on Windows and so a character), Backspace, Delete,
    /// Left, Right, Home, End, C-a, C-e, C-u, C-w; Ctrl/Alt with Backspace, Left, Right
    /// work by word. Returns whether the key was one of these (even when nothing
    /// changed, so that Backspace at the start does not fall through to a binding).
    pub fn handle_key(&mut self, ev: &KeyEvent) -> bool {
        if ev.kind == KeyEventKind::Release {
            return false;
        }
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        let by_word = ctrl || alt;
        let len = self.grapheme_count();
        if self.selected && matches!(ev.code, KeyCode::Backspace | KeyCode::Delete) {
            self.clear();
            return true;
        }
        if !matches!(ev.code, KeyCode::Char(_)) || ctrl != alt {
            // Moving the caret accepts the suggestion as ordinary text.
            self.selected = false;
        }
        match ev.code {
            KeyCode::Char(c) if ctrl == alt => {
                let mut buf = [0u8; 4];
                self.insert_str(c.encode_utf8(&mut buf));
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = len,
            // As in a shell: everything before the caret goes.
            KeyCode::Char('u') if ctrl => self.remove_graphemes(0, self.cursor),
            KeyCode::Char('w') if ctrl => {
                let start = self.word_start_before();
                self.remove_graphemes(start, self.cursor);
            }
            KeyCode::Backspace if by_word => {
                let start = self.word_start_before();
                self.remove_graphemes(start, self.cursor);
            }
            KeyCode::Backspace => {
                if self.cursor > 0 {
                    self.remove_graphemes(self.cursor - 1, self.cursor);
                }
            }
            KeyCode::Delete => {
                if self.cursor < len {
                    let cursor = self.cursor;
                    self.remove_graphemes(cursor, cursor + 1);
                }
            }
            KeyCode::Left if by_word => self.cursor = self.word_start_before(),
            KeyCode::Right if by_word => self.cursor = self.word_end_after(),
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            _ => return false,
        }
        true
    }

    /// Display column of the caret counted from grapheme `scroll` (the first one
    /// drawn).
    pub fn cursor_x(&self, scroll: usize) -> u16 {
        let w: usize = self
            .value
            .graphemes(true)
            .take(self.cursor)
            .skip(scroll)
            .map(UnicodeWidthStr::width)
            .sum();
        u16::try_from(w).unwrap_or(u16::MAX)
    }

    /// The part of the value to draw in `width` cells and the caret's column in
    /// it (`< width`). Scrolls so the caret, and the character under it, stay in
    /// view; a wide character that does not fit whole is left out, never halved.
    /// With `width == 0` nothing fits and the column is 0.
    pub fn visible(&self, width: u16) -> (String, u16) {
        let width = usize::from(width);
        if width == 0 {
            return (String::new(), 0);
        }
        let gs = self.graphemes();
        let widths: Vec<usize> = gs.iter().map(|g| g.width()).collect();
        // The caret needs its own cell at the end, and the character under it
        // should be seen whole when it can be.
        let under = widths
            .get(self.cursor)
            .copied()
            .unwrap_or(1)
            .clamp(1, width);
        let mut start = self.cursor;
        let mut before = 0;
        while start > 0 && before + widths[start - 1] + under <= width {
            start -= 1;
            before += widths[start];
        }
        let mut shown = String::new();
        let mut used = 0;
        for (g, &w) in gs[start..].iter().zip(&widths[start..]) {
            if used + w > width {
                break;
            }
            shown.push_str(g);
            used += w;
        }
        // `before + under <= width` with `under >= 1`, so the caret is in view.
        (shown, u16::try_from(before).unwrap_or(u16::MAX))
    }
}

/// Draws `input` on the first row of `area` (the placeholder, dimmed, when it is
/// empty) and returns where the caret is on screen when `focused`. The caller puts
/// the terminal cursor there (`frame.set_cursor_position`) so that input methods
/// open their candidate window at the caret.
pub fn render_input(
    frame: &mut Frame,
    area: Rect,
    input: &TextInput,
    focused: bool,
    placeholder: &str,
) -> Option<Position> {
    if area.width == 0 || area.height == 0 {
        return None;
    }
    let row = Rect { height: 1, ..area };
    let width = usize::from(row.width);
    let field = if focused {
        Style::new().add_modifier(Modifier::UNDERLINED)
    } else {
        Style::new()
    };
    let (line, col) = if input.is_empty() {
        let hint = truncate_to_width(&sanitize_for_display(placeholder), width);
        let pad = width.saturating_sub(display_width(&hint));
        let line = Line::from(vec![
            Span::styled(hint, field.add_modifier(Modifier::DIM)),
            Span::styled(" ".repeat(pad), field),
        ]);
        (line, 0)
    } else {
        let (shown, col) = input.visible(row.width);
        let shown = sanitize_for_display(&shown).into_owned();
        let pad = width.saturating_sub(display_width(&shown));
        let value = if focused && input.selected {
            field.add_modifier(Modifier::REVERSED)
        } else {
            field
        };
        let line = Line::from(vec![
            Span::styled(shown, value),
            Span::styled(" ".repeat(pad), field),
        ]);
        (line, col)
    };
    frame.render_widget(Paragraph::new(line), row);
    focused.then(|| Position::new(row.x + col, row.y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut TextInput, code: KeyCode) -> bool {
        input.handle_key(&KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn ctrl(input: &mut TextInput, c: char) -> bool {
        input.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    fn type_str(input: &mut TextInput, s: &str) {
        for c in s.chars() {
            assert!(press(input, KeyCode::Char(c)));
        }
    }

    #[test]
    fn a_prefilled_value_is_replaced_by_the_first_character_typed() {
        let mut input = TextInput::prefilled("30");
        type_str(&mut input, "15");
        assert_eq!(input.value(), "15");
        let mut input = TextInput::prefilled("1");
        assert!(press(&mut input, KeyCode::Backspace));
        assert_eq!(input.value(), "");
        let mut input = TextInput::prefilled("1");
        press(&mut input, KeyCode::End);
        type_str(&mut input, "2");
        assert_eq!(
            input.value(),
            "12",
            "after moving the caret it is ordinary text"
        );
    }

    const FAMILY: &str = "👨\u{200D}👩\u{200D}👧";

    #[test]
    fn typing_inserts_at_the_caret() {
        let mut t = TextInput::new();
        type_str(&mut t, "张伟");
        assert_eq!(t.cursor(), 2);
        press(&mut t, KeyCode::Left);
        type_str(&mut t, "小");
        assert_eq!(t.value(), "张小伟");
        assert_eq!(t.cursor(), 2);
        press(&mut t, KeyCode::Home);
        press(&mut t, KeyCode::Delete);
        assert_eq!(t.value(), "小伟");
        ctrl(&mut t, 'e');
        assert_eq!(t.cursor(), 2);
        ctrl(&mut t, 'a');
        assert_eq!(t.cursor(), 0);
        press(&mut t, KeyCode::End);
        press(&mut t, KeyCode::Right);
        assert_eq!(t.cursor(), 2);
    }

    #[test]
    fn shift_and_altgr_type() {
        let mut t = TextInput::new();
        assert!(t.handle_key(&KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT)));
        assert!(t.handle_key(&KeyEvent::new(
            KeyCode::Char('@'),
            KeyModifiers::CONTROL | KeyModifiers::ALT
        )));
        assert_eq!(t.value(), "A@");
        assert!(!t.handle_key(&KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT)));
    }

    #[test]
    fn spaces_typed_one_by_one_survive() {
        let mut t = TextInput::new();
        type_str(&mut t, "北京 朝阳 ");
        assert_eq!(t.value(), "北京 朝阳 ");
        t.insert_str("  a\n\nb  ");
        assert_eq!(t.value(), "北京 朝阳  a b ");
    }

    #[test]
    fn backspace_removes_whole_graphemes() {
        let decomposed = "q\u{303}"; // no precomposed form, so NFC keeps it two chars
        let mut t = TextInput::with_value(&format!("a{FAMILY}{decomposed}"));
        assert_eq!(t.cursor(), 3);
        press(&mut t, KeyCode::Backspace);
        assert_eq!(t.value(), format!("a{FAMILY}"));
        press(&mut t, KeyCode::Backspace);
        assert_eq!(t.value(), "a");
        press(&mut t, KeyCode::Backspace);
        assert!(t.is_empty());
        assert!(press(&mut t, KeyCode::Backspace));
        assert!(press(&mut t, KeyCode::Delete));
    }

    #[test]
    fn paste_is_normalized_and_stripped() {
        let mut t = TextInput::new();
        t.insert_str("e\u{301}");
        assert_eq!(t.value(), "\u{e9}");
        t.clear();
        t.insert_str("张\u{1b}]0;pwned\u{7}伟\u{1b}[31m红\u{202E}");
        assert_eq!(t.value(), "张伟红");
        t.insert_str("\u{1b}]0;unterminated");
        assert_eq!(t.value(), "张伟红");
        t.insert_str("\u{9b}31m");
        assert_eq!(t.value(), "张伟红31m");
    }

    #[test]
    fn dead_key_accent_composes() {
        let mut t = TextInput::with_value("cafe");
        t.insert_str("\u{301}");
        assert_eq!(t.value(), "caf\u{e9}");
        assert_eq!(t.cursor(), 4);
    }

    #[test]
    fn max_chars_truncates() {
        let mut t = TextInput::new().with_max_chars(4);
        t.insert_str("张伟");
        t.insert_str("北京市朝阳区");
        assert_eq!(t.value(), "张伟北京");
        assert_eq!(t.cursor(), 4);
        assert!(press(&mut t, KeyCode::Char('x')));
        assert_eq!(t.value(), "张伟北京");
        // A grapheme of several characters is not split to fill the room.
        let mut t = TextInput::new().with_max_chars(3);
        t.insert_str(&format!("a{FAMILY}"));
        assert_eq!(t.value(), "a");
        let t = TextInput::with_value("abcdef").with_max_chars(2);
        assert_eq!((t.value(), t.cursor()), ("ab", 2));
        let mut t = TextInput::new().with_max_chars(0);
        t.insert_str("x");
        assert!(t.is_empty());
    }

    #[test]
    fn ctrl_w_deletes_a_word() {
        let mut t = TextInput::with_value("王芳 张伟abc  ");
        assert!(ctrl(&mut t, 'w'));
        assert_eq!(t.value(), "王芳 张伟");
        ctrl(&mut t, 'w');
        assert_eq!(t.value(), "王芳 ");
        ctrl(&mut t, 'w');
        assert_eq!(t.value(), "");
        assert!(ctrl(&mut t, 'w'));
        t.set_value("王芳 张伟");
        assert!(ctrl(&mut t, 'u'), "C-u clears what is before the caret");
        assert_eq!(t.value(), "");
        assert!(!ctrl(&mut t, 'k'));
        assert!(!ctrl(&mut t, 'l'));
    }

    #[test]
    fn release_events_are_ignored() {
        let mut t = TextInput::new();
        let mut ev = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        ev.kind = KeyEventKind::Release;
        assert!(!t.handle_key(&ev));
        assert!(t.is_empty());
    }

    #[test]
    fn cursor_x_counts_cells() {
        let mut t = TextInput::with_value("张伟ab");
        assert_eq!(t.cursor_x(0), 6);
        assert_eq!(t.cursor_x(1), 4);
        press(&mut t, KeyCode::Left);
        press(&mut t, KeyCode::Left);
        assert_eq!(t.cursor_x(0), 4);
        assert_eq!(t.cursor_x(3), 0);
    }

    #[test]
    fn visible_never_cuts_han_and_keeps_the_caret() {
        let text = "张伟北京a朝阳";
        let n = text.graphemes(true).count();
        for width in [1u16, 2, 3, 5, 8, 20] {
            for cursor in 0..=n {
                let mut t = TextInput::with_value(text);
                t.cursor = cursor;
                let (shown, col) = t.visible(width);
                assert!(col < width, "w={width} c={cursor} col={col}");
                assert!(display_width(&shown) <= usize::from(width));
                assert!(text.contains(&shown), "{shown:?} is not a slice");
                // What is drawn left of the caret is the text just before it.
                let gs: Vec<&str> = text.graphemes(true).collect();
                let mut start = cursor;
                let mut w = 0;
                while w < usize::from(col) {
                    start -= 1;
                    w += gs[start].width();
                }
                assert_eq!(w, usize::from(col));
                assert!(shown.starts_with(&gs[start..cursor].concat()));
                if width >= 2 && cursor < n {
                    // The character under the caret is shown.
                    let g = text.graphemes(true).nth(cursor).unwrap();
                    assert!(shown.contains(g), "w={width} c={cursor} {shown:?}");
                }
            }
        }
        let t = TextInput::with_value("张伟");
        assert_eq!(t.visible(1), (String::new(), 0));
        assert_eq!(t.visible(2), (String::new(), 0));
        assert_eq!(t.visible(3), ("伟".to_string(), 2));
        assert_eq!(t.visible(5), ("张伟".to_string(), 4));
        assert_eq!(t.visible(0), (String::new(), 0));
        let mut t = TextInput::with_value("张伟北京");
        t.cursor = 0;
        assert_eq!(t.visible(5), ("张伟".to_string(), 0));
    }

    #[test]
    fn renders_with_caret_position() {
        use ratatui::backend::TestBackend;
        use ratatui::Terminal;
        let mut term = Terminal::new(TestBackend::new(10, 2)).unwrap();
        let mut t = TextInput::with_value("张伟");
        press(&mut t, KeyCode::Left);
        let mut pos = None;
        term.draw(|f| {
            pos = render_input(f, Rect::new(2, 1, 6, 1), &t, true, "姓名");
        })
        .unwrap();
        assert_eq!(pos, Some(Position::new(4, 1)));
        let buf = term.backend().buffer().clone();
        assert_eq!(buf[(2, 1)].symbol(), "张");
        assert_eq!(buf[(4, 1)].symbol(), "伟");
        let empty = TextInput::new();
        term.draw(|f| {
            pos = render_input(f, Rect::new(0, 0, 10, 1), &empty, false, "姓名");
        })
        .unwrap();
        assert_eq!(pos, None);
        assert_eq!(term.backend().buffer()[(0, 0)].symbol(), "姓");
    }
}
