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
    let normalized: String = kept.nfc().collect();
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
    let normalized: String = kept.nfc().collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    const FAMILY: &str = "👨\u{200D}👩\u{200D}👧";

    #[test]
    fn clean_input_keeps_ordinary_text() {
        assert_eq!(clean_input("张伟"), "张伟");
        assert_eq!(clean_input("  张伟  "), "张伟");
        assert_eq!(clean_input("Zhang  Wei"), "Zhang Wei");
        assert_eq!(
            clean_input("北京市\t朝阳区\n某某路"),
            "北京市 朝阳区 某某路"
        );
        assert_eq!(clean_input("a\r\n\r\nb"), "a b");
        assert_eq!(clean_input("张\u{3000}伟"), "张 伟");
        assert_eq!(clean_input(""), "");
        assert_eq!(clean_input(" \t\n "), "");
    }

    #[test]
    fn clean_input_normalizes_to_nfc() {
        assert_eq!(clean_input("e\u{301}"), "é");
        assert_eq!(clean_input("e\u{301}"), "\u{e9}");
        // A zero-width space between base and mark no longer blocks composition.
        assert_eq!(clean_input("e\u{200B}\u{301}"), "\u{e9}");
    }

    #[test]
    fn clean_input_strips_escape_sequences() {
        assert_eq!(clean_input("\x1b[31mred\x1b[0m"), "red");
        assert_eq!(clean_input("\x1b]0;title\x07"), "");
        assert_eq!(clean_input("a\x1b]0;title\x07b"), "ab");
        assert_eq!(
            clean_input("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b"),
            "alinkb"
        );
        assert_eq!(clean_input("\x1b[2J\x1b[H张伟"), "张伟");
        assert_eq!(clean_input("a\x1b[1;31;42mb"), "ab");
        assert_eq!(clean_input("a\x1bcb"), "ab");
        assert_eq!(clean_input("a\x1b(Bb"), "ab");
        assert_eq!(clean_input("a\u{9b}31mb"), "a31mb");
        assert_eq!(clean_input("a\u{9d}0;t\u{9c}b"), "a0;tb");
        assert_eq!(clean_input("a\x1bPq#0\x1b\\b"), "ab");
        // A lone ESC at the end, or before a Han character.
        assert_eq!(clean_input("ab\x1b"), "ab");
        assert_eq!(clean_input("a\x1b张"), "a张");
        // A broken CSI does not swallow what follows.
        assert_eq!(clean_input("a\x1b[31张伟"), "a张伟");
        // An unterminated OSC runs to the end, as on a terminal.
        assert_eq!(clean_input("a\x1b]0;title"), "a");
        // An ESC inside an OSC ends it and starts its own sequence.
        assert_eq!(clean_input("a\x1b]0;t\x1b[31mb"), "ab");
    }

    #[test]
    fn clean_input_strips_controls_bidi_and_zero_width() {
        assert_eq!(clean_input("a\u{202E}b"), "ab");
        assert_eq!(clean_input("a\u{2066}b\u{2069}c"), "abc");
        assert_eq!(
            clean_input("a\u{200B}b\u{FEFF}c\u{2060}d\u{200C}e"),
            "abcde"
        );
        assert_eq!(clean_input("a\u{200E}b\u{200F}c"), "abc");
        assert_eq!(clean_input("a\x00b\x07c\x7fd\u{80}e\u{9f}f"), "abcdef");
        assert_eq!(clean_input("\u{FEFF}张伟"), "张伟");
        // ZWJ stays: it holds an emoji sequence together.
        assert_eq!(clean_input(FAMILY), FAMILY);
        assert_eq!(clean_input("a\u{2028}b\u{85}c"), "a b c");
    }

    #[test]
    fn clean_multiline_keeps_line_breaks() {
        assert_eq!(
            clean_multiline("第一行\r\n第二行\r第三行\n"),
            "第一行\n第二行\n第三行"
        );
        assert_eq!(clean_multiline("\n\n  a  b \n\n c\t d \n\n"), "a b\n\nc d");
        assert_eq!(clean_multiline("\x1b[31m红\x1b[0m\n\u{202E}x"), "红\nx");
        assert_eq!(clean_multiline("e\u{301}"), "é");
        assert_eq!(clean_multiline(" \n \n "), "");
        assert_eq!(clean_multiline(""), "");
    }

    #[test]
    fn sanitize_borrows_clean_text() {
        for s in ["张伟", "Zhang Wei", "", FAMILY, "e\u{301}", "全角　空格"] {
            assert!(matches!(sanitize_for_display(s), Cow::Borrowed(_)), "{s:?}");
        }
    }

    #[test]
    fn sanitize_shows_tampering() {
        assert_eq!(
            sanitize_for_display("\x1b[31mred\x1b[0m"),
            "\u{FFFD}red\u{FFFD}"
        );
        assert_eq!(sanitize_for_display("\x1b]0;title\x07张伟"), "\u{FFFD}张伟");
        assert_eq!(sanitize_for_display("a\u{202E}b"), "a\u{FFFD}b");
        assert_eq!(sanitize_for_display("a\nb\r\nc\td"), "a b c d");
        assert_eq!(sanitize_for_display("a\x00b"), "a\u{FFFD}b");
        assert_eq!(sanitize_for_display("a\u{200B}b"), "a\u{FFFD}b");
        assert!(matches!(sanitize_for_display("a\nb"), Cow::Owned(_)));
        // Nothing that reaches the terminal is a control any more.
        let nasty = "\x1b[2J\x1b]52;c;aGk=\x07\u{9b}1m\u{202E}\r\n\x08";
        assert!(!sanitize_for_display(nasty).chars().any(is_special));
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("张伟"), 4);
        assert_eq!(display_width("张伟 Zhang"), 10);
        assert_eq!(display_width("ab"), 2);
        assert_eq!(display_width(""), 0);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width(FAMILY), 2);
        assert_eq!(display_width("１２３"), 6);
        assert_eq!(display_width("…"), 1);
    }

    #[test]
    fn truncation_by_cells() {
        assert_eq!(truncate_to_width("张伟伟", 6), "张伟伟");
        assert_eq!(truncate_to_width("张伟伟", 5), "张伟…");
        assert_eq!(display_width(&truncate_to_width("张伟伟", 5)), 5);
        assert_eq!(truncate_to_width("张伟伟", 4), "张…");
        assert_eq!(display_width(&truncate_to_width("张伟伟", 4)), 3);
        assert_eq!(truncate_to_width("张伟伟", 2), "…");
        assert_eq!(truncate_to_width("张伟伟", 1), "…");
        assert_eq!(truncate_to_width("张伟伟", 0), "");
        assert_eq!(truncate_to_width("abcdef", 4), "abc…");
        assert_eq!(truncate_to_width("a张b", 3), "a…");
        assert_eq!(truncate_to_width("", 0), "");
    }

    #[test]
    fn truncation_never_splits_graphemes() {
        let s = format!("{FAMILY}{FAMILY}x");
        assert_eq!(truncate_to_width(&s, 4), format!("{FAMILY}…"));
        assert_eq!(
            truncate_to_width("e\u{301}e\u{301}e\u{301}", 2),
            "e\u{301}…"
        );
        assert_eq!(truncate_to_width("🇨🇳🇨🇳", 3), "🇨🇳…");
    }

    #[test]
    fn truncation_fits_for_every_width() {
        let samples = [
            "张伟 Zhang Wei 北京",
            "abc",
            FAMILY,
            "e\u{301}张x👍🏽y",
            "１２３４",
        ];
        for s in samples {
            for max in 0..=display_width(s) + 2 {
                let t = truncate_to_width(s, max);
                assert!(display_width(&t) <= max, "{s:?} {max} -> {t:?}");
                if display_width(s) <= max {
                    assert_eq!(t, s);
                } else {
                    assert!(max == 0 || t.ends_with('…'));
                }
                let p = pad_to_width(s, max);
                assert_eq!(display_width(&p), max, "{s:?} {max} -> {p:?}");
            }
        }
    }

    #[test]
    fn padding() {
        assert_eq!(pad_to_width("张伟", 6), "张伟  ");
        assert_eq!(pad_to_width("张伟伟", 4), "张… ");
        assert_eq!(pad_to_width("ab", 2), "ab");
        assert_eq!(pad_to_width("", 3), "   ");
        assert_eq!(pad_to_width("abc", 0), "");
    }

    #[test]
    fn lengths_are_in_characters() {
        assert_eq!(check_length("张伟", 2, "name"), Ok(()));
        assert_eq!(check_length("", 0, "name"), Ok(()));
        let name = "张".repeat(300);
        assert_eq!(
            check_length(&name, 50, "name"),
            Err("name is 300 characters; at most 50 are allowed".to_string())
        );
        assert_eq!(
            check_length("ab", 1, "code"),
            Err("code is 2 characters; at most 1 is allowed".to_string())
        );
        assert_eq!(
            check_length("a", 0, "code"),
            Err("code is 1 character; at most 0 are allowed".to_string())
        );
    }

    #[test]
    fn han_detection() {
        assert!(has_han("张伟"));
        assert!(has_han("zhang伟"));
        assert!(has_han("㐀"));
        assert!(has_han("𠀀"));
        assert!(!has_han("zhangwei"));
        assert!(!has_han("１２３"));
        assert!(!has_han("，。、"));
        assert!(!has_han(""));
        assert!(!has_han("한국어"));
        assert!(!has_han("ひらがな"));
    }
}
