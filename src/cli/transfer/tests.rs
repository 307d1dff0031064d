use super::export::*;
use super::import::*;
use super::*;

#[test]
fn an_unclosed_quote_is_found_at_its_line() {
    assert_eq!(unclosed_quote("name,matter\n张伟,\"a\"\"b\"\n"), None);
    assert_eq!(unclosed_quote("name,matter\n张伟,\"two\nlines\"\n"), None);
    assert_eq!(
        unclosed_quote("name,matter\n张伟,ok\n李娜,\"open\n王芳,x\n"),
        Some(3)
    );
    // A quote inside an unquoted field is only a character.
    assert_eq!(unclosed_quote("name\n5\"2\n"), None);
}

#[test]
fn gbk_is_told_apart_from_other_bytes() {
    // 张伟 in GBK.
    assert!(looks_like_gbk(&[0xD5, 0xC5, 0xCE, 0xB0]));
    assert!(!looks_like_gbk(&[0x80, 0x20]));
    let e = decode("x.csv", b"name\n\xD5\xC5\xCE\xB0\n", Lang::En).unwrap_err();
    assert_eq!(e.code, exit::REFUSED);
    let m = e.message(Lang::En);
    assert!(m.starts_with("x.csv:2:") && m.contains("GBK"));
    assert_eq!(
        decode("x.csv", b"\xEF\xBB\xBFname\n", Lang::En).unwrap(),
        "name\n"
    );
}

#[test]
fn formulas_are_defused_and_numbers_kept_as_text() {
    assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    assert_eq!(defused("张伟"), "张伟");
    assert_eq!(kept_as_text("11010519491231002X"), "\t11010519491231002X");
    assert_eq!(kept_as_text("110105********002X"), "110105********002X");
}

#[test]
fn exported_chinese_headers_read_back_as_import_columns() {
    for (code, zh) in COLUMNS {
        if let Some(c) = Column::ALL.iter().find(|c| c.code() == code) {
            assert_eq!(c.label_zh(), zh, "{code}");
        }
    }
}
