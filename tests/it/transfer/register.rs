//! Registers from before jiedai (issue 10, item 12): an office's old register comes
//! in as it is, and its history arrives as history.

use super::*;

/// Last year's register as an office keeps it: Chinese headers, dates without a time,
/// statuses in its own words, and a column jiedai does not know (备注).
const REGISTER: &str = "日期,姓名,身份证号,联系电话,住址,人数,来访方式,类别,诉求,承办单位,办理状态,办结日期,答复意见,备注\n\
2025-03-05,张伟,11010519491231002X,13800138000,北京市东城区东华门街道1号,1,来访,城乡建设,反映物业违规收费,区物业管理办公室,已办结,2025-03-28,已书面答复，责成物业退费,\n\
2025-04-10,刘洋,,13900001111,,1,来信,劳动和社会保障,拖欠工资,,不予受理,,属劳动仲裁范围,\n\
2025-05-12,周建国,,,,6,来访,自然资源,征地补偿,,,2025-06-30,,代表三人\n\
2025-06-01,王芳,,,,1,来电,,噪音扰民,,办理中,,,\n\
2025-07-01,李强,,,,1,来访,,路灯不亮,,,,,\n";

/// The register as Excel on Chinese Windows saves "CSV": GBK, CRLF.
fn gbk_crlf(text: &str) -> Vec<u8> {
    let text = text.replace('\n', "\r\n");
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    bytes.into_owned()
}

fn case(desk: &Desk, no: &str) -> Value {
    desk.json(&["case", "show", no, "--json"])
}

fn events_of(case: &Value, kind: &str) -> Vec<Value> {
    case["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .cloned()
        .collect()
}

#[test]
fn last_years_register_in_gbk_arrives_as_history() {
    let desk = Desk::new();
    let file = desk.file("register.csv", &gbk_crlf(REGISTER));
    let out = desk.run(&["import", &file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "imported 5 contacts (5 new people, 5 new cases); 3 cases closed as history; \
         new units: 区物业管理办公室"
    );
    let err = stderr(&out);
    // The unknown column is named once, not per row.
    assert_eq!(err.matches("\"备注\"").count(), 1, "{err}");
    assert!(
        err.contains("1 new case from before today is left open"),
        "{err}"
    );

    // Closed with its outcome: the reply text, on the day it was closed.
    let zhang = case(&desk, "2025-000001");
    assert_eq!(zhang["status"], "archived");
    assert_eq!(zhang["unit"], "区物业管理办公室");
    let reply = &events_of(&zhang, "reply")[0];
    assert_eq!(reply["detail"]["text"], "已书面答复，责成物业退费");
    assert!(
        reply["at"].as_str().unwrap().starts_with("2025-03-28"),
        "{reply}"
    );
    // The date alone was known: recorded as such.
    let contact = &events_of(&zhang, "contact")[0];
    assert_eq!(contact["detail"]["time_unknown"], true);
    let shown = desk.ok(&["case", "show", "2025-000001"]);
    for kind in ["registered", "contact"] {
        let line = shown
            .lines()
            .find(|l| l.split_whitespace().any(|w| w == kind))
            .unwrap();
        assert!(line.starts_with("  2025-03-05        "), "{shown}");
    }
    // Routed as it came in, replied on the day it was closed: every clock was met.
    assert!(!shown.contains("late"), "{shown}");
    assert_eq!(zhang["overdue"], false);

    let liu = case(&desk, "2025-000002");
    assert_eq!(liu["status"], "not_accepted");
    assert_eq!(
        events_of(&liu, "not_accept")[0]["detail"]["text"],
        "属劳动仲裁范围"
    );
    // A closing date alone closes the case too.
    assert_eq!(case(&desk, "2025-000003")["status"], "archived");
    // 办理中 is still being handled: open, and by now overdue.
    let wang = case(&desk, "2025-000004");
    assert_eq!(wang["status"], "accepted");
    assert_eq!(wang["overdue"], true);
    assert_eq!(case(&desk, "2025-000005")["status"], "registered");

    // Nobody from last year waits in today's queue; only the really open are overdue.
    assert!(desk.queue().is_empty());
    let stats = desk.json(&["stats", "--json", "--from", "2025-01-01"]);
    assert_eq!(stats["overdue_now"], 2, "{stats}");
    let handover = desk.json(&["handover", "--format", "json"]);
    assert!(handover["still_here"].as_array().unwrap().is_empty());
    let due: Vec<&str> = handover["clocks_due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case_no"].as_str().unwrap())
        .collect();
    // Most overdue first.
    assert_eq!(due, ["2025-000005", "2025-000004"], "{handover}");

    // Shown as the date only.
    let csv = desk.path("out.csv");
    desk.ok(&[
        "export",
        "--out",
        csv.to_str().unwrap(),
        "--from",
        "2025-01-01",
    ]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.lines().nth(1).unwrap().starts_with("2025-03-05,"),
        "{text}"
    );
}

#[test]
fn as_closed_closes_rows_without_a_status_and_keeps_the_really_open() {
    let desk = Desk::new();
    let file = desk.file("register.csv", REGISTER.as_bytes());
    let out = desk.ok(&["import", &file, "--as-closed"]);
    assert!(out.contains("4 cases closed as history"), "{out}");
    assert_eq!(case(&desk, "2025-000005")["status"], "archived");
    let stats = desk.json(&["stats", "--json", "--from", "2025-01-01"]);
    assert_eq!(stats["overdue_now"], 1, "{stats}");
}

#[test]
fn crlf_files_report_their_real_line_numbers() {
    let desk = Desk::new();
    let file = desk.file(
        "crlf.csv",
        b"name,headcount\r\n\xE5\xBC\xA0\xE4\xB8\x89,1\r\n\xE6\x9D\x8E\xE5\x9B\x9B,two\r\n",
    );
    let out = desk.run(&["import", &file]);
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains(&format!("{file}:3: headcount:")),
        "{}",
        stderr(&out)
    );
    // GBK with CRLF too.
    let file = desk.file("gbk.csv", &gbk_crlf("姓名,人数\n张三,1\n\n李四,两人\n"));
    let out = desk.run(&["import", &file]);
    assert!(
        stderr(&out).contains(&format!("{file}:4: headcount:")),
        "{}",
        stderr(&out)
    );
    assert!(!desk.db.exists());
}

#[test]
fn a_dry_run_writes_nothing_and_a_second_import_adds_nothing() {
    let desk = Desk::new();
    let file = desk.file("register.csv", REGISTER.as_bytes());
    let out = desk.ok(&["import", &file, "--dry-run"]);
    assert!(
        out.starts_with("dry run, nothing written: would import 5 contacts (5 new people"),
        "{out}"
    );
    assert!(!desk.db.exists());

    desk.ok(&["init"]);
    desk.ok(&["import", &file, "--dry-run"]);
    assert_eq!(desk.contacts(), 0);
    assert!(desk.audit().is_empty());

    desk.ok(&["import", &file]);
    assert_eq!(desk.contacts(), 5);
    let again = desk.ok(&["import", &file]);
    assert!(again.contains("5 rows already imported before"), "{again}");
    assert!(again.starts_with("imported 0 contacts"), "{again}");
    assert_eq!(desk.contacts(), 5);
    // One more row at the end: only it comes in.
    let grown = format!("{REGISTER}2025-08-01,赵敏,,,,1,来访,,新的诉求,,已办结,,,\n");
    let file = desk.file("register.csv", grown.as_bytes());
    let out = desk.ok(&["import", &file]);
    assert!(out.starts_with("imported 1 contact (1 new person"), "{out}");
    assert_eq!(desk.contacts(), 6);
}

#[test]
fn a_mapping_names_an_offices_own_columns() {
    let desk = Desk::new();
    let file = desk.file(
        "own.csv",
        "登记日,当事人,问题摘要,经办\n2025-03-05,张伟,反映物业违规收费,x\n".as_bytes(),
    );
    let map = desk.file(
        "map.toml",
        "[columns]\n\"登记日\" = \"arrived_at\"\n\"当事人\" = \"姓名\"\n\"问题摘要\" = \"matter\"\n\"经办\" = \"\"\n"
            .as_bytes(),
    );
    let out = desk.run(&["import", &file, "--mapping", &map]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("left aside"), "{}", stderr(&out));
    assert_eq!(case(&desk, "2025-000001")["matter"], "反映物业违规收费");

    let bad = desk.file(
        "bad.toml",
        "[columns]\n\"登记日\" = \"arrived_at\"\n\"当事人\" = \"who\"\n".as_bytes(),
    );
    let out = desk.run(&["import", &file, "--mapping", &bad]);
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains(&format!("{bad}:3:")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_xlsx_register_is_read_directly() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let desk = Desk::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["日期", "姓名", "联系电话", "人数", "办理状态"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let day = ExcelDateTime::from_ymd(2025, 3, 5).unwrap();
    sheet.write_datetime_with_format(1, 0, &day, &date).unwrap();
    sheet.write_string(1, 1, "张伟").unwrap();
    // A phone typed as a number, as spreadsheets keep it.
    sheet.write_number(1, 2, 13800138000.0).unwrap();
    sheet.write_number(1, 3, 1.0).unwrap();
    sheet.write_string(1, 4, "已办结").unwrap();
    sheet.write_datetime_with_format(2, 0, &day, &date).unwrap();
    sheet.write_string(2, 1, "李四").unwrap();
    sheet.write_string(2, 3, "many").unwrap();
    let path = desk.path("register.xlsx");
    book.save(&path).unwrap();
    let file = path.to_str().unwrap();
    let out = desk.run(&["import", file]);
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains(&format!("{file}:3: headcount:")),
        "{}",
        stderr(&out)
    );

    let sheet = book.worksheet_from_index(0).unwrap();
    sheet.write_number(2, 3, 2.0).unwrap();
    book.save(&path).unwrap();
    let out = desk.ok(&["import", file]);
    assert!(out.starts_with("imported 2 contacts"), "{out}");
    let zhang = case(&desk, "2025-000001");
    assert_eq!(zhang["status"], "archived");
    assert_eq!(zhang["petitioners"][0]["phone_masked"], "138****8000");
    assert_eq!(
        events_of(&zhang, "contact")[0]["detail"]["time_unknown"],
        true
    );
}

/// One value far down and to the right (Excel keeps a stray cell typed at
/// XFD1048576) made the import build the whole used range in memory and abort.
#[test]
fn a_stray_cell_far_away_in_a_workbook_is_named_not_a_crash() {
    use rust_xlsxwriter::Workbook;
    let desk = Desk::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(1, 0, "张伟").unwrap();
    sheet.write_string(1_048_575, 16_383, " x").unwrap();
    let path = desk.path("stray.xlsx");
    book.save(&path).unwrap();
    let out = desk.run(&["import", path.to_str().unwrap()]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("cell XFD1048576"), "{}", stderr(&out));
    assert!(!desk.db.exists(), "a refused import leaves no file");

    // Far down but within the columns: the rows between are empty, and skipped.
    let sheet = book.worksheet_from_index(0).unwrap();
    sheet.clear_cell(1_048_575, 16_383);
    sheet.write_string(1_048_575, 0, "李四").unwrap();
    book.save(&path).unwrap();
    let out = desk.ok(&["import", path.to_str().unwrap()]);
    assert!(out.starts_with("imported 2 contacts"), "{out}");
}

#[test]
fn jiedais_own_export_reimports_without_loss() {
    let source = imported_desk();
    source.ok(&["officer", "add", "李娜"]);
    source.ok(&[
        "case",
        "assign",
        "2026-000002",
        "--to",
        "李娜",
        "--unit",
        "区自然资源局",
    ]);
    source.ok(&["case", "accept", "2026-000002"]);
    source.ok(&["case", "reply", "2026-000002", "--text", "已答复"]);
    let export = |desk: &Desk, name: &str| {
        let out = desk.path(name);
        desk.ok(&[
            "--lang",
            "zh",
            "export",
            "--out",
            out.to_str().unwrap(),
            "--reveal",
        ]);
        std::fs::read_to_string(out).unwrap()
    };
    let first = export(&source, "first.csv");
    let copy = Desk::new();
    let file = source.path("first.csv");
    let out = copy.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("left aside"), "{}", stderr(&out));
    assert_eq!(export(&copy, "second.csv"), first);
}

#[test]
fn the_xlsx_export_sizes_its_columns_and_filters_its_header() {
    let desk = imported_desk();
    let address = "新疆维吾尔自治区乌鲁木齐市天山区解放北路街道幸福小区12号楼3单元502室";
    desk.ok(&[
        "checkin",
        "--name",
        "阿依古丽",
        "--address",
        address,
        "--channel",
        "call",
    ]);
    let out = desk.path("all.xlsx");
    desk.ok(&["export", "--out", out.to_str().unwrap()]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("<autoFilter ref=\"A1:S7\""), "{xml}");
    // Column H holds the address: wide enough for all of it (a Chinese character
    // takes two columns). One more contact than the imported desk's five.
    let col = xml
        .find("<col min=\"8\" max=\"8\" width=\"")
        .expect("address column width");
    let rest = &xml[col + "<col min=\"8\" max=\"8\" width=\"".len()..];
    let width: f64 = rest[..rest.find('"').unwrap()].parse().unwrap();
    assert!(
        width >= unicode_width::UnicodeWidthStr::width(address) as f64,
        "{width}"
    );
}
