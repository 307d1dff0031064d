//! Text hygiene for a Chinese terminal UI.
//!
//! Two jobs: keep what officers type (and what imports bring in) free of invisible
//! and dangerous characters before it is stored, and keep whatever is stored from
//! driving the terminal when it is drawn. A name carrying `ESC ] 0;…` or a
//! right-to-left override must neither retitle the window nor reorder a row.
//! Layout is by display width, since a Han character takes two cells.

use std::borrow::Cow;
use std::iter::Peekable;
use std::str::Chars;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// C1 String Terminator, which also ends ESC-introduced strings on some terminals.
const ST: char = '\u{9c}';
const ELLIPSIS: char = '…';

/// What one step of the scanner found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// An ordinary character (possibly a space of some kind).
    Char(char),
    /// A line break: LF, CRLF, lone CR, NEL, U+2028, U+2029.
    Break,
    /// Tab, vertical tab, form feed.
    Tab,
    /// An escape sequence, a control, a bidi control or a zero-width character.
    Junk,
}

/// Invisible characters that only serve to mislead: bidi embeddings, overrides and
/// isolates, direction marks, and zero-width characters. ZWJ stays: it glues emoji
/// sequences (and some scripts) together.
fn is_invisible_junk(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{200B}'
            | '\u{200C}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{180E}'
    )
}

/// Characters the scanner treats specially; text without any of them is clean.
fn is_special(c: char) -> bool {
    c.is_control() || is_invisible_junk(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

struct Scanner<'a> {
    chars: Peekable<Chars<'a>>,
}

impl<'a> Scanner<'a> {
    fn new(s: &'a str) -> Self {
        Scanner {
            chars: s.chars().peekable(),
        }
    }

    /// Skips the rest of a control sequence (CSI): parameters and intermediates up
    /// to a final byte. A character that cannot belong to the sequence ends it
    /// unconsumed, so a broken sequence never swallows the text after it.
    fn skip_csi(&mut self) {
        while let Some(&c) = self.chars.peek() {
            match c {
                '\u{20}'..='\u{3f}' => {
                    self.chars.next();
                }
                '\u{40}'..='\u{7e}' => {
                    self.chars.next();
                    return;
                }
                _ => return,
            }
        }
    }

    /// Skips a control string (OSC, DCS, SOS, PM, APC) through its terminator: BEL,
    /// ST or ESC \. Like a terminal, an unterminated string runs to the end, and an
    /// ESC that does not terminate it starts a new sequence.
    fn skip_string(&mut self) {
        while let Some(&c) = self.chars.peek() {
            match c {
                BEL | ST => {
                    self.chars.next();
                    return;
                }
                ESC => {
                    let mut ahead = self.chars.clone();
                    ahead.next();
                    if ahead.peek() == Some(&'\\') {
                        self.chars.next();
                        self.chars.next();
                    }
                    return;
                }
                _ => {
                    self.chars.next();
                }
            }
        }
    }

    /// Skips what follows an ESC.
    fn skip_escape(&mut self) {
        match self.chars.peek().copied() {
            Some('[') => {
                self.chars.next();
                self.skip_csi();
            }
            Some(']' | 'P' | 'X' | '^' | '_') => {
                self.chars.next();
                self.skip_string();
            }
            // nF sequences such as ESC ( B: intermediates, then one final byte.
            Some('\u{20}'..='\u{2f}') => {
                while let Some('\u{20}'..='\u{2f}') = self.chars.peek() {
                    self.chars.next();
                }
                if let Some('\u{30}'..='\u{7e}') = self.chars.peek() {
                    self.chars.next();
                }
            }
            // Two-character sequences such as ESC c (reset) or ESC 7.
            Some('\u{30}'..='\u{7e}') => {
                self.chars.next();
            }
            _ => {}
        }
    }
}

impl Iterator for Scanner<'_> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        let c = self.chars.next()?;
        let piece = match c {
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => Piece::Break,
            '\r' => {
                if self.chars.peek() == Some(&'\n') {
                    self.chars.next();
                }
                Piece::Break
            }
            '\t' | '\u{b}' | '\u{c}' => Piece::Tab,
            ESC => {
                self.skip_escape();
                Piece::Junk
            }
            // C1 introducers (U+009B CSI, U+009D OSC …) are dropped alone, without the
            // body a terminal would read after them: in UTF-8 text they are nearly
            // always mojibake, and once the introducer is gone the rest is inert text.
            c if c.is_control() || is_invisible_junk(c) => Piece::Junk,
            c => Piece::Char(c),
        };
        Some(piece)
    }
}

const ZWJ: char = '\u{200D}';

/// Han, kana, Hangul, full-width forms and CJK punctuation never join with ZWJ.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF00}'..='\u{FFEF}'
            | '\u{20000}'..='\u{3FFFF}')
}

/// A ZWJ glues an emoji sequence (👨‍👩‍👧) or a conjunct in some scripts; anywhere else
/// (at either end, next to a space, ASCII or a Han character, or doubled) it only
/// makes `李四` and `李四\u{200D}` two different names, so it goes.
fn drop_stray_joiners(s: String) -> String {
    if !s.contains(ZWJ) {
        return s;
    }
    let joinable = |c: Option<&char>| {
        c.is_some_and(|&c| c != ZWJ && !c.is_whitespace() && !c.is_ascii() && !is_cjk(c))
    };
    let chars: Vec<char> = s.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            c != ZWJ || (i > 0 && joinable(chars.get(i - 1)) && joinable(chars.get(i + 1)))
        })
        .map(|(_, &c)| c)
        .collect()
}

/// Collapses runs of whitespace inside one line into single spaces and trims it.
fn collapse_spaces(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For single-line fields (names, addresses, search queries): NFC, no controls,
/// escapes, bidi or zero-width characters (ZWJ excepted), tabs and line breaks as
/// spaces, runs of whitespace collapsed, trimmed.
pub fn clean_input(s: &str) -> String {
    let kept: String = Scanner::new(s)
        .filter_map(|p| match p {
            Piece::Char(c) => Some(c),
            Piece::Break | Piece::Tab => Some(' '),
            Piece::Junk => None,
        })
        .collect();
    let normalized: String = drop_stray_joiners(kept).nfc().collect();
    collapse_spaces(&normalized)
}

/// For notes and matter text: as [`clean_input`] but line breaks are kept (as
/// `\n`); each line is collapsed and trimmed, and blank lines at both ends dropped.
pub fn clean_multiline(s: &str) -> String {
    let kept: String = Scanner::new(s)
        .filter_map(|p| match p {
            Piece::Char(c) => Some(c),
            Piece::Break => Some('\n'),
            Piece::Tab => Some(' '),
            Piece::Junk => None,
        })
        .collect();
    let normalized: String = drop_stray_joiners(kept).nfc().collect();
    let lines: Vec<String> = normalized.split('\n').map(collapse_spaces).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

/// For drawing stored data: every escape sequence, control, bidi control or
/// zero-width character shows as one U+FFFD, so tampering is visible rather than
/// obeyed; line breaks and tabs show as a space. Borrows when nothing changes.
pub fn sanitize_for_display(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_special) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        Scanner::new(s)
            .map(|p| match p {
                Piece::Char(c) => c,
                Piece::Break | Piece::Tab => ' ',
                Piece::Junk => '\u{FFFD}',
            })
            .collect(),
    )
}

/// Terminal cells taken by `s` (a Han character takes 2).
pub fn display_width(s: &str) -> usize {
    s.width()
}

/// Cuts `s` to at most `max` cells at a grapheme boundary, ending with '…' when
/// anything was cut. A wide character that does not fit is left out whole.
pub fn truncate_to_width(s: &str, max: usize) -> String {
    if display_width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let budget = max - 1;
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > budget {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push(ELLIPSIS);
    out
}

/// Exactly `width` cells: truncated, then padded with spaces.
pub fn pad_to_width(s: &str, width: usize) -> String {
    let mut out = truncate_to_width(s, width);
    let used = display_width(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// Limits a field's length in characters (not bytes: a Han character is 3 bytes).
pub fn check_length(s: &str, max_chars: usize, field: &str) -> Result<(), String> {
    let n = s.chars().count();
    if n <= max_chars {
        return Ok(());
    }
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    Err(format!(
        "{field} is {n} character{}; at most {max_chars} {} allowed",
        plural(n),
        if max_chars == 1 { "is" } else { "are" }
    ))
}

/// Whether `s` contains a Chinese (Han) character, e.g. to choose pinyin matching.
pub fn has_han(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c,
            '\u{3007}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2A6DF}'
            | '\u{2A700}'..='\u{2EBEF}'
            | '\u{2F800}'..='\u{2FA1F}'
            | '\u{30000}'..='\u{323AF}')
    })
}

/// A number or a date as typed with an input method in full-width mode (全角):
/// its digits and dashes in ASCII, so that `２５` reads as 25. Only for the fields
/// that hold one; other text keeps what was typed.
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' => '-',
            other => other,
        })
        .collect()
}

/// Someone's input quoted back in a message: at most `max` characters, so that a
/// pasted page does not come back as a page of error.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut chars = s.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{head:?}…")
    } else {
        format!("{head:?}")
    }
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
