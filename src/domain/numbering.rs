//! Case numbers (`2026-000123`) and letter numbers (`L2026-00042`).
//!
//! Letter numbers use an ASCII `L` rather than 信 so that they can be typed without
//! switching input methods. Parsing is lenient about what an input method produces
//! (full-width digits and dashes, missing zero padding) but strict about the year,
//! so that a landline with an area code (`0755-12345678`) is never taken for a case.

/// Years a case or letter number may carry.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2099;
/// Longest sequence accepted; keeps the parse within i64 and away from phone numbers.
const MAX_SEQ_DIGITS: usize = 9;

pub fn format_case_no(year: i32, seq: i64) -> String {
    format!("{year:04}-{seq:06}")
}

pub fn format_letter_no(year: i32, seq: i64) -> String {
    format!("L{year:04}-{seq:05}")
}

fn fold_width(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '－' | '‐' | '‑' | '–' | '—' => '-',
        'Ｌ' | 'ｌ' => 'L',
        other => other,
    }
}

/// Parses `YYYY-N…` (already without any prefix).
fn parse_year_seq(s: &str) -> Option<(i32, i64)> {
    let (year, seq) = s.split_once('-')?;
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !all_digits(year) || !all_digits(seq) || seq.len() > MAX_SEQ_DIGITS {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let seq: i64 = seq.parse().ok()?;
    // Sequences start at 1, so "2026-0" is a typo, not a case.
    (YEARS.contains(&year) && seq >= 1).then_some((year, seq))
}

fn fold(s: &str) -> String {
    s.trim().chars().map(fold_width).collect()
}

/// `2026-000123` or `2026-123` → `(2026, 123)`.
pub fn parse_case_no(s: &str) -> Option<(i32, i64)> {
    parse_year_seq(&fold(s))
}

/// `L2026-00042`, `l2026-42` → `(2026, 42)`.
pub fn parse_letter_no(s: &str) -> Option<(i32, i64)> {
    let folded = fold(s);
    let rest = folded
        .strip_prefix('L')
        .or_else(|| folded.strip_prefix('l'))?;
    parse_year_seq(rest)
}

/// Whether a lookup query is a complete case number (so it ranks as an identifier).
pub fn looks_like_case_no(s: &str) -> bool {
    parse_case_no(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_format_with_six_digits() {
        assert_eq!(format_case_no(2026, 123), "2026-000123");
        assert_eq!(format_case_no(2026, 1), "2026-000001");
        assert_eq!(format_case_no(2026, 999_999), "2026-999999");
        // Past a million the number grows rather than wraps.
        assert_eq!(format_case_no(2026, 1_234_567), "2026-1234567");
    }

    #[test]
    fn case_numbers_parse() {
        assert_eq!(parse_case_no("2026-000123"), Some((2026, 123)));
        assert_eq!(parse_case_no("2026-123"), Some((2026, 123)));
        assert_eq!(parse_case_no(" 2026-000123 "), Some((2026, 123)));
        assert_eq!(parse_case_no("２０２６－０００１２３"), Some((2026, 123)));
        assert_eq!(parse_case_no("2026-1234567"), Some((2026, 1_234_567)));
        for n in [1, 42, 999_999, 1_000_000] {
            assert_eq!(parse_case_no(&format_case_no(2031, n)), Some((2031, n)));
        }
    }

    #[test]
    fn case_numbers_reject() {
        for bad in [
            "",
            "2026",
            "2026-",
            "-123",
            "26-000123",
            "20260-1",
            "2026-00012a",
            "2026 000123",
            "2026--1",
            "2026-0",
            "2026-000000",
            "0755-12345678",
            "010-12345678",
            "1899-000001",
            "2100-000001",
            "2026-1234567890",
            "L2026-00042",
            "张伟",
            "+2026-1",
            "2026-+1",
        ] {
            assert_eq!(parse_case_no(bad), None, "{bad:?}");
            assert!(!looks_like_case_no(bad), "{bad:?}");
        }
    }

    #[test]
    fn looks_like_case_no_for_complete_numbers() {
        assert!(looks_like_case_no("2026-000123"));
        assert!(looks_like_case_no("2026-7"));
        assert!(!looks_like_case_no("13812345678"));
        assert!(!looks_like_case_no("zhangwei"));
    }

    #[test]
    fn letter_numbers() {
        assert_eq!(format_letter_no(2026, 42), "L2026-00042");
        assert_eq!(format_letter_no(2026, 123_456), "L2026-123456");
        assert_eq!(parse_letter_no("L2026-00042"), Some((2026, 42)));
        assert_eq!(parse_letter_no("l2026-00042"), Some((2026, 42)));
        assert_eq!(parse_letter_no("L2026-42"), Some((2026, 42)));
        assert_eq!(parse_letter_no(" Ｌ２０２６－４２ "), Some((2026, 42)));
        for n in [1, 42, 99_999, 100_000] {
            assert_eq!(parse_letter_no(&format_letter_no(2027, n)), Some((2027, n)));
        }
        for bad in [
            "",
            "L",
            "2026-00042",
            "LL2026-1",
            "L2026",
            "L2026-",
            "X2026-1",
            "L1800-1",
            "L2026-0",
        ] {
            assert_eq!(parse_letter_no(bad), None, "{bad:?}");
        }
    }
}
