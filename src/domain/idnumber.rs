//! PRC resident identity numbers (公民身份号码), GB 11643-1999.
//!
//! The desk identifies a person by this number, so parsing is strict about shape
//! (length, digits, a real birth date) but lenient about the check character: a
//! wrong check character is reported, not refused, because old paper records and
//! hand-copied numbers do carry wrong ones and the officer may decide to keep it.

use chrono::{Datelike, NaiveDate};

/// A parsed, normalized ID number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    /// 18 ASCII characters: 17 digits and a digit or `X`.
    pub normalized: String,
    pub checksum_ok: bool,
    /// The check character the first 17 digits call for.
    pub expected_check: char,
    pub birth_date: NaiveDate,
    /// The administrative division code (the first 6 digits).
    pub region: String,
    pub female: bool,
    /// Typed as an old 15-digit number and widened to 18.
    pub converted_from_15: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    Empty,
    /// The number of characters after normalization.
    BadLength(usize),
    /// `position` is 1-based, counted in the normalized number.
    BadCharacter {
        position: usize,
        ch: char,
    },
    /// The birth date is not a real date in range. It carries no digits: the birth
    /// date is what masking hides, so a refusal must not echo it.
    BadBirthDate,
}

// `Display` (English) is in `words::fields`, beside the Chinese.
impl std::error::Error for IdError {}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_MAP: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character (ISO 7064 MOD 11-2) for the first 17 digits.
///
/// Expects 17 ASCII digits. It never panics: a non-digit counts as 0 and characters
/// past the 17th are ignored, so callers that validated the shape get the right
/// answer and callers that did not get a wrong character rather than a crash.
pub fn check_character(first17: &str) -> char {
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CHECK_MAP[(sum % 11) as usize]
}

/// Folds what an officer may type (full-width digits from a Chinese input method,
/// spaces between groups, a lowercase x) into plain ASCII.
fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            'Ｘ' | 'ｘ' | 'x' => 'X',
            other => other,
        })
        .collect()
}

/// Parses and validates an ID number; see the module documentation for the policy.
pub fn parse_id_number(input: &str) -> Result<IdNumber, IdError> {
    let text = normalize(input);
    if text.is_empty() {
        return Err(IdError::Empty);
    }
    // A name typed into the ID field is better reported as a bad character than as
    // a bad length, so the character scan comes first.
    if let Some((i, ch)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_digit() && *c != 'X')
    {
        return Err(IdError::BadCharacter {
            position: i + 1,
            ch,
        });
    }
    let len = text.chars().count();
    if len != 18 && len != 15 {
        return Err(IdError::BadLength(len));
    }
    // Only ASCII remains, so byte indices are character indices from here on.
    let last_allowed_x = if len == 18 { Some(17) } else { None };
    if let Some(i) = text
        .bytes()
        .enumerate()
        .position(|(i, b)| b == b'X' && Some(i) != last_allowed_x)
    {
        return Err(IdError::BadCharacter {
            position: i + 1,
            ch: 'X',
        });
    }

    let (first17, given_check, converted) = if len == 15 {
        // Old numbers carry a 2-digit year; every one of them was issued to people
        // born in the 1900s, which is why the standard widens with "19".
        (format!("{}19{}", &text[..6], &text[6..]), None, true)
    } else {
        (text[..17].to_string(), text[17..].chars().next(), false)
    };

    let date_digits = &first17[6..14];
    let birth_date = parse_birth_date(date_digits).ok_or(IdError::BadBirthDate)?;

    let expected_check = check_character(&first17);
    let check = given_check.unwrap_or(expected_check);
    let sequence_digit = first17.as_bytes()[16] - b'0';

    Ok(IdNumber {
        normalized: format!("{first17}{check}"),
        checksum_ok: check == expected_check,
        expected_check,
        birth_date,
        region: first17[..6].to_string(),
        female: sequence_digit.is_multiple_of(2),
        converted_from_15: converted,
    })
}

fn parse_birth_date(digits: &str) -> Option<NaiveDate> {
    let year: i32 = digits.get(0..4)?.parse().ok()?;
    let month: u32 = digits.get(4..6)?.parse().ok()?;
    let day: u32 = digits.get(6..8)?.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    (1900..=2099).contains(&date.year()).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Builds a valid 18-character number from its first 17 digits.
    fn valid(first17: &str) -> String {
        format!("{first17}{}", check_character(first17))
    }

    #[test]
    fn check_character_matches_hand_computed_vectors() {
        // 1*7+1*9+0+1*5+0+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0+0+2*2 = 167; 167 % 11 = 2 -> X
        assert_eq!(check_character("11010519491231002"), 'X');
        // Sum 250; 250 % 11 = 8 -> '4'
        assert_eq!(check_character("11010119900307777"), '4');
        // All zeros: sum 0 -> '1'
        assert_eq!(check_character("00000000000000000"), '1');
    }

    #[test]
    fn check_character_covers_every_residue() {
        let mut seen = std::collections::HashSet::new();
        for n in 0..2000u32 {
            let first17 = format!("1101011990010{:04}", n);
            let c = check_character(&first17);
            assert!("10X98765432".contains(c));
            seen.insert(c);
        }
        assert_eq!(seen.len(), 11);
    }

    #[test]
    fn check_character_never_panics_on_odd_input() {
        let _ = check_character("");
        let _ = check_character("abc");
        let _ = check_character("张伟");
        let _ = check_character("110105194912310021234");
    }

    #[test]
    fn valid_number_with_x() {
        let id = parse_id_number("11010519491231002X").unwrap();
        assert_eq!(id.normalized, "11010519491231002X");
        assert!(id.checksum_ok);
        assert_eq!(id.expected_check, 'X');
        assert_eq!(id.birth_date, date(1949, 12, 31));
        assert_eq!(id.region, "110105");
        // Sequence digit 2 is even.
        assert!(id.female);
        assert!(!id.converted_from_15);
    }

    #[test]
    fn valid_hard_coded_number_with_digit_check() {
        let id = parse_id_number("110101199003077774").unwrap();
        assert!(id.checksum_ok);
        assert_eq!(id.birth_date, date(1990, 3, 7));
        assert_eq!(id.region, "110101");
        assert!(!id.female);
    }

    #[test]
    fn wrong_check_character_is_reported_not_refused() {
        let id = parse_id_number("110105194912310021").unwrap();
        assert!(!id.checksum_ok);
        assert_eq!(id.expected_check, 'X');
        // The officer's number is kept as typed.
        assert_eq!(id.normalized, "110105194912310021");
    }

    #[test]
    fn every_wrong_check_character_is_caught() {
        let first17 = "32010219850615321";
        let right = check_character(first17);
        for c in "0123456789X".chars() {
            let id = parse_id_number(&format!("{first17}{c}")).unwrap();
            assert_eq!(id.checksum_ok, c == right, "check {c}");
            assert_eq!(id.expected_check, right);
        }
    }

    #[test]
    fn normalizes_spaces_full_width_and_lowercase_x() {
        for typed in [
            "  11010519491231002x ",
            "110105 19491231 002X",
            "１１０１０５１９４９１２３１００２Ｘ",
            "１１０１０５１９４９１２３１００２ｘ",
            "110105\u{3000}19491231002X",
        ] {
            let id = parse_id_number(typed).unwrap();
            assert_eq!(id.normalized, "11010519491231002X", "{typed:?}");
            assert!(id.checksum_ok);
        }
    }

    #[test]
    fn converts_old_15_digit_numbers() {
        let id = parse_id_number("110105491231002").unwrap();
        assert_eq!(id.normalized, "11010519491231002X");
        assert!(id.converted_from_15);
        assert!(id.checksum_ok);
        assert_eq!(id.birth_date, date(1949, 12, 31));
        assert!(id.female);

        let id = parse_id_number("440301750101123").unwrap();
        assert_eq!(id.normalized, valid("44030119750101123"));
        assert!(!id.female);
    }

    #[test]
    fn sex_follows_the_17th_digit() {
        for (seventeenth, female) in [('0', true), ('1', false), ('8', true), ('9', false)] {
            let first17 = format!("3101151988080812{seventeenth}");
            assert_eq!(parse_id_number(&valid(&first17)).unwrap().female, female);
        }
    }

    #[test]
    fn empty_input() {
        assert_eq!(parse_id_number(""), Err(IdError::Empty));
        assert_eq!(parse_id_number("   "), Err(IdError::Empty));
    }

    #[test]
    fn bad_lengths() {
        assert_eq!(
            parse_id_number("1101051949123100"),
            Err(IdError::BadLength(16))
        );
        assert_eq!(
            parse_id_number("11010519491231002"),
            Err(IdError::BadLength(17))
        );
        assert_eq!(
            parse_id_number("11010519491231002X1"),
            Err(IdError::BadLength(19))
        );
        assert_eq!(parse_id_number("1"), Err(IdError::BadLength(1)));
        // X as a 15th character: the old numbers were all digits.
        assert_eq!(
            parse_id_number("11010549123100X"),
            Err(IdError::BadCharacter {
                position: 15,
                ch: 'X'
            })
        );
    }

    #[test]
    fn bad_characters_name_the_position() {
        assert_eq!(
            parse_id_number("1101051949123100AX"),
            Err(IdError::BadCharacter {
                position: 17,
                ch: 'A'
            })
        );
        assert_eq!(
            parse_id_number("张伟"),
            Err(IdError::BadCharacter {
                position: 1,
                ch: '张'
            })
        );
        assert_eq!(
            parse_id_number("1101-0519491231002X"),
            Err(IdError::BadCharacter {
                position: 5,
                ch: '-'
            })
        );
        // X anywhere but last.
        assert_eq!(
            parse_id_number("X10105194912310021"),
            Err(IdError::BadCharacter {
                position: 1,
                ch: 'X'
            })
        );
    }

    #[test]
    fn birth_date_must_be_real_and_in_range() {
        // 1880 is before 1900.
        assert_eq!(
            parse_id_number("440524188001010014"),
            Err(IdError::BadBirthDate)
        );
        // Feb 29 of a non-leap year (1900 is not a leap year, 2023 neither).
        assert_eq!(
            parse_id_number(&valid("11010519000229001")),
            Err(IdError::BadBirthDate)
        );
        assert_eq!(
            parse_id_number(&valid("11010520230229001")),
            Err(IdError::BadBirthDate)
        );
        // Feb 29 of a leap year is fine.
        assert_eq!(
            parse_id_number(&valid("11010520000229001"))
                .unwrap()
                .birth_date,
            date(2000, 2, 29)
        );
        for bad in ["19901301", "19900001", "19900100", "19900431", "21000101"] {
            let id = valid(&format!("110105{bad}001"));
            assert_eq!(parse_id_number(&id), Err(IdError::BadBirthDate));
        }
        // The bounds themselves.
        assert!(parse_id_number(&valid("11010519000101001")).is_ok());
        assert!(parse_id_number(&valid("11010520991231001")).is_ok());
        // 15-digit numbers are widened with 19, so 000229 is 1900-02-29.
        assert_eq!(
            parse_id_number("110105000229001"),
            Err(IdError::BadBirthDate)
        );
    }

    #[test]
    fn messages_say_what_is_wrong() {
        assert_eq!(
            IdError::BadLength(17).to_string(),
            "ID number has 17 characters; it needs 18 (or an old 15-digit number)"
        );
        assert!(IdError::BadLength(1).to_string().contains("1 character;"));
        assert!(IdError::Empty.to_string().contains("empty"));
        let msg = IdError::BadCharacter {
            position: 3,
            ch: 'a',
        }
        .to_string();
        assert!(msg.contains("'a'") && msg.contains("position 3"), "{msg}");
        let msg = IdError::BadBirthDate.to_string();
        assert!(msg.contains("birth date") && !msg.contains("1949"), "{msg}");
        let _: &dyn std::error::Error = &IdError::Empty;
    }
}
