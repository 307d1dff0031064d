use super::export::*;
use super::mapping::parse_mapping;
use super::source::*;
use super::*;
use crate::domain::transfer::Column;

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
fn utf8_with_or_without_bom_and_gbk_are_read() {
    let (text, enc) = decode("x.csv", b"\xEF\xBB\xBFname\n", Lang::En).unwrap();
    assert_eq!((text.as_ref(), enc), ("name\n", Encoding::Utf8));
    // 张伟 in GBK.
    let (text, enc) = decode("x.csv", b"name\n\xD5\xC5\xCE\xB0\n", Lang::En).unwrap();
    assert_eq!((text.as_ref(), enc), ("name\n张伟\n", Encoding::Gb18030));
    let e = decode("x.csv", b"name\n\xFF\xFF\xFF\n", Lang::En).unwrap_err();
    assert_eq!(e.code, exit::REFUSED);
    assert!(e.message(Lang::En).starts_with("x.csv:2:"));
}

#[test]
fn line_endings_become_one() {
    let t = one_line_ending("a\r\nb\rc\n".into());
    assert_eq!(t, "a\nb\nc\n");
}

#[test]
fn a_mapping_file_names_its_line() {
    let m = parse_mapping(
        "m.toml",
        "[columns]\n\"信访人姓名\" = \"name\"\n\"备注\" = \"\"\n",
        Lang::En,
    )
    .unwrap();
    assert_eq!(m.get("信访人姓名"), Some(&Some(Column::Name)));
    assert_eq!(m.get("备注"), Some(&None));
    let e = parse_mapping(
        "m.toml",
        "[columns]\na = \"name\"\nb = \"nonsense\"\n",
        Lang::En,
    )
    .unwrap_err();
    assert!(e.message(Lang::En).starts_with("m.toml:3:"));
    let e = parse_mapping("m.toml", "[columns]\na = \n", Lang::En).unwrap_err();
    assert!(e.message(Lang::En).starts_with("m.toml:2:"));
    // Under --lang zh the refusal is Chinese.
    let e = parse_mapping("m.toml", "[columns]\na = \"nonsense\"\n", Lang::Zh).unwrap_err();
    let zh = e.message(Lang::Zh);
    assert!(
        zh.contains("不是接待台的列") && !zh.contains("nothing"),
        "{zh}"
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
fn a_defused_cell_reads_back_as_it_was_recorded() {
    for recorded in [
        "=1+2",
        "-负号开头",
        "@地址",
        "+张",
        "'=x",
        "'abc",
        "''",
        "张伟",
        "'",
    ] {
        assert_eq!(undefused(&defused(recorded)), recorded, "{recorded}");
    }
    // Another program's apostrophe before ordinary words is kept.
    assert_eq!(undefused("'abc"), "'abc");
}

#[test]
fn exported_headers_read_back_as_import_columns() {
    for (code, zh) in COLUMNS {
        if let Some(c) = Column::ALL.iter().find(|c| c.code() == code) {
            assert_eq!(c.label_zh(), zh, "{code}");
        }
    }
}

#[test]
fn status_words_read_back_as_the_labels_the_export_writes() {
    use crate::domain::transfer::STATUS_WORDS;
    use crate::words::Label;
    for (status, zh, en) in STATUS_WORDS {
        assert_eq!(status.label_zh(), zh);
        assert_eq!(status.label_en(), en);
    }
    assert_eq!(STATUS_WORDS.len(), crate::domain::CaseStatus::ALL.len());
}
