//! "Possibly the same person" (issue 10, item 11): two different valid ID numbers
//! are two people, and addresses are compared below the office's own city.

use crate::common::*;
use jiedai::domain::flags::FlagConfig;
use jiedai::store::Rules;

const XJ: &str = "新疆维吾尔自治区乌鲁木齐市";

fn person(name: &str, id: Option<&str>, phone: &str, address: &str) -> CheckIn {
    let mut c = walk_in(name, id, 1, "咨询");
    c.intake.phone = Some(phone.into());
    c.intake.address = Some(address.into());
    c
}

fn store(office_city: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("p.db"), OpenMode::Create, at(NOW)).unwrap();
    s.set_rules(Rules {
        flags: FlagConfig {
            office_city: office_city.into(),
            ..FlagConfig::default()
        },
        ..Rules::default()
    });
    (dir, s)
}

#[test]
fn different_valid_id_numbers_are_never_the_same_person() {
    for city in ["", XJ] {
        let (_d, mut s) = store(city);
        let first = format!("{XJ}天山区解放南路1号");
        s.check_in(
            "王科员",
            &person("王伟", Some("11010519491231002X"), "13800138000", &first),
        )
        .unwrap();
        // Same name, same phone, same street, another valid number: someone else.
        let r = s
            .check_in(
                "王科员",
                &person("王伟", Some("110101199003074477"), "13800138000", &first),
            )
            .unwrap();
        assert!(r.candidates.is_empty(), "{:?}", r.candidates);
        // Without a number, the same name on the same street is still a candidate.
        let r = s
            .check_in(
                "王科员",
                &person(
                    "王伟",
                    None,
                    "13900139000",
                    &format!("{XJ}天山区解放南路3号"),
                ),
            )
            .unwrap();
        assert_eq!(r.candidates.len(), 2, "{:?}", r.candidates);
    }
}

#[test]
fn the_same_province_and_city_do_not_make_neighbours() {
    for city in ["", XJ] {
        let (_d, mut s) = store(city);
        s.check_in(
            "王科员",
            &person(
                "李强",
                None,
                "13800138001",
                &format!("{XJ}天山区解放南路1号"),
            ),
        )
        .unwrap();
        // Before: the first 8 characters (新疆维吾尔自治区) matched, so this was flagged.
        let r = s
            .check_in(
                "王科员",
                &person(
                    "李强",
                    None,
                    "13800138002",
                    &format!("{XJ}沙依巴克区友好路8号"),
                ),
            )
            .unwrap();
        assert!(r.candidates.is_empty(), "{city}: {:?}", r.candidates);
    }
}

/// Item 4: `--representative-id` names a representative on record; a 老户 among
/// them flags the visit, and they join the case as its representative.
#[test]
fn a_long_standing_representative_flags_the_visit_from_the_command_line() {
    use crate::common::runner::{code, jiedai};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let run = |args: &[&str]| jiedai(&db, NOW, args);
    let out = run(&[
        "checkin",
        "--name",
        "李强",
        "--matter",
        "征地补偿",
        "--json",
    ]);
    assert_eq!(code(&out), 0);
    let li: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let li = li["petitioner_id"].as_i64().unwrap().to_string();
    assert_eq!(code(&run(&["person", "mark", &li])), 0);
    let out = run(&[
        "checkin",
        "--name",
        "周建国",
        "--headcount",
        "6",
        "--representatives",
        "周建国",
        "--representative-id",
        &li,
        "--matter",
        "集体反映拆迁补偿",
        "--json",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let flags = v["flags"].to_string();
    assert!(
        flags.contains("long_standing") && flags.contains("collective"),
        "{v}"
    );
    let case_no = v["case_no"].as_str().unwrap();
    let shown: serde_json::Value =
        serde_json::from_slice(&run(&["case", "show", case_no, "--json"]).stdout).unwrap();
    let text = shown.to_string();
    assert!(
        text.contains("\"representative\"") && text.contains("李强"),
        "{text}"
    );
    // Someone not on record cannot be named so.
    let out = run(&[
        "checkin",
        "--name",
        "周建国",
        "--representative-id",
        "999",
        "--matter",
        "x",
    ]);
    assert_eq!(code(&out), 4);
}
