use super::*;
use crate::domain::intake::FieldProblem;
use crate::domain::Channel;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};

fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

fn now() -> DateTime<FixedOffset> {
    cst().with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap()
}

fn local(n: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    cst().from_local_datetime(&n).single()
}

fn header(cells: &[&str]) -> Header {
    read_header(cells, &Mapping::new()).unwrap()
}

#[test]
fn headers_by_code_or_chinese_in_any_order() {
    let h = header(&["Phone", "姓名", "ID_NUMBER", "登记人", ""]);
    assert_eq!(h.len(), 5);
    assert!(h.has(Column::Name) && h.has(Column::IdNumber) && h.has(Column::Officer));
    for c in Column::ALL {
        assert_eq!(Column::from_header(c.code()), Some(c));
        assert_eq!(Column::from_header(c.label_zh()), Some(c));
    }
    // An office's own register, as the issue lists its columns.
    let h = header(&[
        "日期",
        "姓名",
        "身份证号",
        "联系电话",
        "住址",
        "人数",
        "来访方式",
        "类别",
        "诉求",
        "承办单位",
        "办理状态",
        "办结日期",
        "答复意见",
    ]);
    assert!(h.ignored.is_empty(), "{:?}", h.ignored);
    assert!(h.has(Column::ArrivedAt) && h.has(Column::Channel) && h.has(Column::Reply));
}

#[test]
fn unknown_columns_are_left_aside_and_named_repeated_and_missing_ones_refused() {
    let h = read_header(&["name", "fax", "备注", "排队号"], &Mapping::new()).unwrap();
    assert_eq!(h.ignored, ["\"fax\"", "\"备注\""]);
    assert!(read_row(&h, &["张伟", "x", "y", "3"], now(), local).is_ok());
    assert_eq!(
        read_header(&["name", "姓名"], &Mapping::new()).unwrap_err(),
        HeaderError::Twice(Column::Name)
    );
    assert_eq!(
        read_header(&["phone"], &Mapping::new()).unwrap_err(),
        HeaderError::NoName
    );
}

#[test]
fn a_mapping_names_other_columns() {
    let mut m = Mapping::new();
    m.insert(header_key("信访人姓名"), Some(Column::Name));
    m.insert(header_key("备注"), None);
    let h = read_header(&["信访人姓名", "备注"], &m).unwrap();
    assert!(h.has(Column::Name) && h.ignored.is_empty());
}

#[test]
fn a_good_row() {
    let h = header(&[
        "name",
        "channel",
        "headcount",
        "representatives",
        "arrived_at",
        "case_no",
    ]);
    let row = read_row(
        &h,
        &[
            "张伟",
            "来信",
            "6",
            "甲、乙;丙，丁",
            "2026/11/3 9:05",
            "2026-12",
        ],
        now(),
        local,
    )
    .unwrap();
    assert_eq!(row.intake.channel, Some(Channel::Letter));
    assert_eq!(row.intake.headcount, Some(6));
    assert_eq!(row.intake.representatives, ["甲", "乙", "丙", "丁"]);
    assert_eq!(
        row.arrived_at,
        Some(cst().with_ymd_and_hms(2026, 11, 3, 9, 5, 0).unwrap())
    );
    assert!(row.time_known);
    assert_eq!(row.case_no.as_deref(), Some("2026-000012"));
}

#[test]
fn every_problem_of_a_row_is_reported() {
    let h = header(&["name", "id_number", "channel", "headcount", "arrived_at"]);
    let errors = read_row(
        &h,
        &["", "12345", "fax", "two", "2027-01-01 09:00"],
        now(),
        local,
    )
    .unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    // validate stops at its first problem (the name); ours are all listed.
    assert_eq!(fields, ["name", "headcount", "channel", "arrived_at"]);
    assert!(matches!(errors[3].problem, FieldProblem::InFuture { .. }));
}

#[test]
fn times() {
    assert_eq!(
        parse_time("2026-11-03T01:00:00Z", local).map(|t| t.0.timestamp()),
        local(NaiveDateTime::parse_from_str("2026-11-03 09:00", "%Y-%m-%d %H:%M").unwrap())
            .map(|t| t.timestamp())
    );
    assert!(parse_time("2026-11-03 09:00:30", local).unwrap().1);
    let (t, known) = parse_time("2026-11-03", local).unwrap();
    assert!(!known);
    assert_eq!(t, cst().with_ymd_and_hms(2026, 11, 3, 0, 0, 0).unwrap());
    assert_eq!(
        parse_time("2025年3月5日", local)
            .unwrap()
            .0
            .date_naive()
            .to_string(),
        "2025-03-05"
    );
    assert!(!parse_time("2025.3.5", local).unwrap().1);
    assert!(parse_time("yesterday", local).is_none());
}

#[test]
fn history_columns() {
    let h = header(&["name", "arrived_at", "办理状态", "办结日期", "答复意见"]);
    let row = read_row(
        &h,
        &["张伟", "2025-03-01", "已办结", "2025-03-20", "已书面答复"],
        now(),
        local,
    )
    .unwrap();
    assert_eq!(row.standing, Some(Standing::Closed("已办结".into())));
    assert_eq!(row.closed_on.unwrap().to_string(), "2025-03-20");
    assert_eq!(row.reply.as_deref(), Some("已书面答复"));
    let e = read_row(
        &h,
        &["张伟", "2025-03-01", "", "2025-02-20", ""],
        now(),
        local,
    )
    .unwrap_err();
    assert_eq!(e[0].field, "closed_on");
    let e = read_row(&h, &["张伟", "", "转送/交办", "", ""], now(), local).unwrap_err();
    assert_eq!(e[0].field, "unit");
}

#[test]
fn masked_numbers_are_left_out() {
    let h = header(&["name", "id_number", "phone"]);
    let row = read_row(
        &h,
        &["张伟", "110105********002X", "138****8000"],
        now(),
        local,
    )
    .unwrap();
    assert!(row.masked && row.intake.id_number.is_none() && row.intake.phone.is_none());
}

#[test]
fn values_in_messages_cannot_drive_the_terminal() {
    let h = header(&["name", "channel"]);
    let errors = read_row(&h, &["张伟", "\x1b]0;owned\x07fax"], now(), local).unwrap_err();
    assert!(!format!("{:?}", errors[0].problem).contains('\x1b'));
}

#[test]
fn cells_under_an_empty_header_must_be_empty() {
    let h = header(&["name", ""]);
    assert!(read_row(&h, &["张伟", ""], now(), local).is_ok());
    assert_eq!(
        read_row(&h, &["张伟", "x"], now(), local).unwrap_err()[0].field,
        "column"
    );
}

#[test]
fn fingerprints_are_stable_and_count_copies() {
    let h = header(&["name", "arrived_at"]);
    let a = read_row(&h, &["张伟", "2025-03-01 09:00"], now(), local).unwrap();
    let b = read_row(&h, &[" 张伟", "2025-03-01T01:00:00Z"], now(), local).unwrap();
    assert_eq!(fingerprint(&a, 0), fingerprint(&b, 0));
    assert_ne!(fingerprint(&a, 0), fingerprint(&a, 1));
}
