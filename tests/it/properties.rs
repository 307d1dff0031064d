//! Property tests: the parsers that take what officers type and what files hold
//! never panic, and keep their promises on any input.

use chrono::{Datelike, NaiveDate};
use jiedai::domain::idnumber::{check_character, parse_id_number};
use jiedai::domain::transfer::{read_header, read_row};
use jiedai::text::{
    clean_input, clean_multiline, display_width, sanitize_for_display, truncate_to_width,
};
use jiedai::tui::keymap::{KeyChord, Keymap};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Strings with what hostile input carries: Han characters, escapes, controls,
/// bidi and zero-width characters, combining marks, full-width digits.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9 ,.\"-]{0,4}",
        "[张王李赵伟芳娜静长江行]{0,3}",
        Just("\u{1b}[31m".to_string()),
        Just("\u{1b}]0;title\u{7}".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{200b}\u{200d}\u{feff}".to_string()),
        Just("e\u{301}".to_string()),
        Just("\r\n\t".to_string()),
        Just("１２３Ｘ".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

/// A valid 18-digit ID number: region, birth date, sequence, check character.
fn valid_id() -> impl Strategy<Value = (String, NaiveDate)> {
    (110000u32..659999, 0i64..(365 * 80), 0u32..1000).prop_map(|(region, days, seq)| {
        let birth = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap() + chrono::Days::new(days as u64);
        let first17 = format!("{region:06}{}{seq:03}", birth.format("%Y%m%d"));
        let id = format!("{first17}{}", check_character(&first17));
        (id, birth)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_id_parser_never_panics(s in hostile()) {
        let _ = parse_id_number(&s);
    }

    #[test]
    fn a_valid_id_number_parses_with_its_birth_date((id, birth) in valid_id()) {
        let parsed = parse_id_number(&id).unwrap();
        prop_assert!(parsed.checksum_ok);
        prop_assert_eq!(parsed.birth_date, birth);
        prop_assert_eq!(&parsed.normalized, &id);
        // Typed with spaces, full-width digits and a lowercase x, it is the same number.
        let typed: String = id
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let c = match c {
                    '0'..='9' if i % 3 == 0 => char::from_u32('０' as u32 + c.to_digit(10).unwrap()).unwrap(),
                    'X' => 'x',
                    c => c,
                };
                if i % 6 == 5 { vec![c, ' '] } else { vec![c] }
            })
            .collect();
        prop_assert_eq!(parse_id_number(&typed).unwrap().normalized, id);
    }

    #[test]
    fn a_wrong_check_character_is_noticed((id, _) in valid_id(), other in prop::sample::select(vec!['0','1','2','3','4','5','6','7','8','9','X'])) {
        let last = id.chars().last().unwrap();
        prop_assume!(other != last);
        let wrong = format!("{}{other}", &id[..17]);
        let parsed = parse_id_number(&wrong).unwrap();
        prop_assert!(!parsed.checksum_ok);
        prop_assert_eq!(parsed.expected_check, last);
    }

    #[test]
    fn an_old_15_digit_number_widens_to_a_valid_18((id, birth) in valid_id()) {
        prop_assume!(birth.year() < 2000);
        let old = format!("{}{}{}", &id[..6], &id[8..14], &id[14..17]);
        let parsed = parse_id_number(&old).unwrap();
        prop_assert!(parsed.converted_from_15);
        prop_assert_eq!(parsed.normalized, id);
    }

    #[test]
    fn cleaned_input_is_clean_and_stable(s in hostile()) {
        let once = clean_input(&s);
        prop_assert_eq!(clean_input(&once), once.clone());
        prop_assert!(once.chars().all(|c| !c.is_control()), "{:?}", once);
        let invisible = once.contains('\u{202e}') || once.contains('\u{200b}');
        prop_assert!(!invisible, "{:?}", once);
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        prop_assert_eq!(once.nfc().collect::<String>(), once.clone());
        let multi = clean_multiline(&s);
        prop_assert_eq!(clean_multiline(&multi), multi.clone());
        prop_assert!(multi.chars().all(|c| c == '\n' || !c.is_control()), "{:?}", multi);
    }

    #[test]
    fn nothing_drawn_can_steer_the_terminal(s in hostile()) {
        let shown = sanitize_for_display(&s);
        prop_assert!(shown.chars().all(|c| !c.is_control()), "{:?}", shown);
        for max in [0usize, 1, 2, 5, 17] {
            let cut = truncate_to_width(&shown, max);
            prop_assert!(display_width(&cut) <= max, "{:?} in {}", cut, max);
        }
    }

    #[test]
    fn csv_rows_never_panic_and_keep_the_name(
        cells in prop::collection::vec(hostile(), 0..8),
        name in "[张王李赵][伟芳娜静]{1,2}",
    ) {
        let header = read_header(&["name", "phone", "id_number", "headcount", "channel", "arrived_at", "matter", "case_no"], &Default::default()).unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-28T10:00:00+08:00").unwrap();
        let local = |t: chrono::NaiveDateTime| t.and_local_timezone(*now.offset()).single();
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        let _ = read_row(&header, &refs, now, local);
        let row = read_row(&header, &[&name, "", "", "", "", "", "反映", ""], now, local).unwrap();
        prop_assert_eq!(row.intake.name, name);
    }

    #[test]
    fn the_keymap_parser_never_panics_and_keeps_a_way_out(text in prop::collection::vec(
        prop_oneof![
            Just("[global]\n".to_string()),
            Just("[queue]\n".to_string()),
            Just("[form]\n".to_string()),
            Just("\"q\" = \"none\"\n".to_string()),
            Just("\"<C-c>\" = \"none\"\n".to_string()),
            Just("\"<C-c>\" = \"receive\"\n".to_string()),
            Just("\"x\" = \"quit\"\n".to_string()),
            Just("\"<C-A-S-F12>\" = \"save\"\n".to_string()),
            Just("\"<bogus>\" = \"quit\"\n".to_string()),
            Just("= = =\n".to_string()),
            hostile().prop_map(|s| format!("\"{s}\" = \"{s}\"\n")),
            hostile(),
        ],
        0..10,
    )) {
        let mut km = Keymap::defaults();
        let _ = km.merge_str("fuzz.toml", &text.concat());
        prop_assert!(!km.keys_for(jiedai::tui::keymap::Context::Global, jiedai::tui::keymap::Action::Quit).is_empty());
    }

    #[test]
    fn a_key_chord_reads_back_as_it_prints(s in prop_oneof![
        "[a-zA-Z0-9?/]",
        "<(C-|A-|S-)?(Enter|Esc|Tab|Up|Down|PageUp|F1|F12|Space|Backspace)>",
        "<C-[a-z]>",
    ]) {
        if let Ok(chord) = KeyChord::parse(&s) {
            let again = KeyChord::parse(&chord.to_string());
            prop_assert_eq!(again, Ok(chord));
        }
    }
}
