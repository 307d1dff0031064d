//! Tests of the text hygiene in `text.rs`.

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
fn clean_input_drops_stray_joiners_but_keeps_emoji_sequences() {
    assert_eq!(clean_input("李四\u{200D}"), "李四");
    assert_eq!(clean_input("\u{200D}李\u{200D}四"), "李四");
    assert_eq!(clean_input("Li\u{200D}\u{200D} Si"), "Li Si");
    let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
    assert_eq!(clean_input(family), family);
    assert_eq!(clean_multiline("备注\u{200D}\n第二行"), "备注\n第二行");
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

#[test]
fn full_width_digits_and_dashes_read_as_ascii() {
    assert_eq!(ascii_digits("２５"), "25");
    assert_eq!(ascii_digits("２０２６－１２－０１"), "2026-12-01");
    assert_eq!(ascii_digits(" 1５ 天"), " 15 天");
    assert_eq!(ascii_digits("十五"), "十五");
}
