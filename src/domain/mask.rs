//! Masking of ID numbers and phones for lists and exports (DESIGN.md 1.7), and the
//! normalization of typed phone numbers.
//!
//! Masking works on characters, never bytes: stored values are normally ASCII, but
//! a masked value must never panic on whatever an old import left in the column.

/// Keeps the first `head` and last `tail` characters and stars out the rest.
fn keep_ends(chars: &[char], head: usize, tail: usize) -> String {
    let n = chars.len();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i + tail >= n { *c } else { '*' })
        .collect()
}

/// `110101********1234` for 18 characters: the region and the last 4 stay, so the
/// officer can tell numbers apart without seeing the birth date.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    match chars.len() {
        18 => keep_ends(&chars, 6, 4),
        n if n >= 8 => keep_ends(&chars, 3, 2),
        n => "*".repeat(n),
    }
}

/// `138****5678` for a mobile.
///
/// Numbers of 11 or more characters keep the first 3 and last 4. Shorter numbers of
/// 7 to 10 characters keep only the last 4: keeping 3 in front as well would leave
/// a 7-digit landline fully visible and an 8-digit one with a single star. Numbers
/// shorter than 7 (hotlines such as 12345) show only their last 2.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    match chars.len() {
        n if n >= 11 => keep_ends(&chars, 3, 4),
        n if n >= 7 => keep_ends(&chars, 0, 4),
        _ => keep_ends(&chars, 0, 2),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    BadCharacter(char),
    /// The number of digits found.
    BadLength(usize),
}

// `Display` (English) is in `words::fields`, beside the Chinese.
impl std::error::Error for PhoneError {}

/// Folds full-width forms from a Chinese input method into ASCII.
fn fold_width(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '＋' => '+',
        '－' | '‐' | '‑' | '–' | '—' => '-',
        '（' => '(',
        '）' => ')',
        other => other,
    }
}

/// Digits only, 5 to 15 of them, with a leading `+86` or `0086` dropped.
pub fn normalize_phone(input: &str) -> Result<String, PhoneError> {
    let folded: String = input.trim().chars().map(fold_width).collect();
    let rest = folded
        .strip_prefix("+86")
        .or_else(|| folded.strip_prefix("0086"))
        .unwrap_or(&folded);
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '-' | '(' | ')' => {}
            c if c.is_whitespace() => {}
            c => return Err(PhoneError::BadCharacter(c)),
        }
    }
    match digits.len() {
        0 if folded.chars().all(|c| !c.is_ascii_digit()) => Err(PhoneError::Empty),
        5..=15 => Ok(digits),
        n => Err(PhoneError::BadLength(n)),
    }
}

/// A mainland mobile number: 11 digits starting with 1.
pub fn is_mobile(digits: &str) -> bool {
    digits.len() == 11 && digits.starts_with('1') && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_of_18_keep_region_and_last_four() {
        assert_eq!(mask_id_number("110101199003071234"), "110101********1234");
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
    }

    #[test]
    fn id_numbers_of_other_lengths() {
        assert_eq!(mask_id_number("110105491231002"), "110**********02");
        assert_eq!(mask_id_number("12345678"), "123***78");
        assert_eq!(mask_id_number("1234567"), "*******");
        assert_eq!(mask_id_number(""), "");
        assert_eq!(mask_id_number("A1"), "**");
    }

    #[test]
    fn id_masking_is_char_based() {
        // Would panic with byte slicing.
        assert_eq!(mask_id_number("张伟张伟张伟张伟"), "张伟张***张伟");
        assert_eq!(
            mask_id_number("１１０１０１１９９００３０７１２３４"),
            "１１０１０１********１２３４"
        );
        assert_eq!(mask_id_number("张伟"), "**");
    }

    #[test]
    fn masked_id_never_shows_the_birth_date() {
        let masked = mask_id_number("110101199003071234");
        assert!(!masked.contains("19900307"));
        assert_eq!(masked.chars().count(), 18);
    }

    #[test]
    fn phones() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("01012345678"), "010****5678");
        assert_eq!(mask_phone("075512345678"), "075*****5678");
        assert_eq!(mask_phone("8613812345678"), "861******5678");
        assert_eq!(mask_phone("1234567890"), "******7890");
        assert_eq!(mask_phone("87654321"), "****4321");
        assert_eq!(mask_phone("1234567"), "***4567");
        assert_eq!(mask_phone("123456"), "****56");
        assert_eq!(mask_phone("12345"), "***45");
        assert_eq!(mask_phone("12"), "12");
        assert_eq!(mask_phone("1"), "1");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("电话号码一二三四五六七"), "电话号****四五六七");
    }

    #[test]
    fn masked_phones_hide_at_least_three_digits_from_seven_up() {
        for n in 7..=15 {
            let phone: String = "123456789012345".chars().take(n).collect();
            let stars = mask_phone(&phone).chars().filter(|c| *c == '*').count();
            assert!(stars >= 3, "{phone}");
        }
    }

    #[test]
    fn normalize_accepts_common_forms() {
        for typed in [
            "13812345678",
            " 138 1234 5678 ",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+8613812345678",
            "0086 13812345678",
            "１３８１２３４５６７８",
            "＋８６ １３８－１２３４－５６７８",
        ] {
            assert_eq!(
                normalize_phone(typed).as_deref(),
                Ok("13812345678"),
                "{typed:?}"
            );
        }
        assert_eq!(
            normalize_phone("(010) 1234-5678").as_deref(),
            Ok("01012345678")
        );
        assert_eq!(
            normalize_phone("（０１０）12345678").as_deref(),
            Ok("01012345678")
        );
        assert_eq!(normalize_phone("12345").as_deref(), Ok("12345"));
        assert_eq!(
            normalize_phone("123456789012345").as_deref(),
            Ok("123456789012345")
        );
    }

    #[test]
    fn normalize_rejects() {
        assert_eq!(normalize_phone(""), Err(PhoneError::Empty));
        assert_eq!(normalize_phone("   "), Err(PhoneError::Empty));
        assert_eq!(normalize_phone("--"), Err(PhoneError::Empty));
        assert_eq!(normalize_phone("1234"), Err(PhoneError::BadLength(4)));
        assert_eq!(
            normalize_phone("1234567890123456"),
            Err(PhoneError::BadLength(16))
        );
        assert_eq!(normalize_phone("+86"), Err(PhoneError::BadLength(0)));
        assert_eq!(
            normalize_phone("138a1234567"),
            Err(PhoneError::BadCharacter('a'))
        );
        assert_eq!(
            normalize_phone("+1 555 1234"),
            Err(PhoneError::BadCharacter('+'))
        );
        assert_eq!(
            normalize_phone("138.1234.5678"),
            Err(PhoneError::BadCharacter('.'))
        );
        assert_eq!(normalize_phone("张伟"), Err(PhoneError::BadCharacter('张')));
    }

    #[test]
    fn mobiles() {
        assert!(is_mobile("13812345678"));
        assert!(!is_mobile("01012345678"));
        assert!(!is_mobile("1381234567"));
        assert!(!is_mobile("1381234567a"));
    }

    #[test]
    fn phone_messages() {
        assert!(PhoneError::BadLength(4).to_string().contains("4 digits"));
        assert!(PhoneError::BadLength(1).to_string().contains("1 digit;"));
        assert!(PhoneError::BadCharacter('a').to_string().contains("'a'"));
        assert!(PhoneError::Empty.to_string().contains("empty"));
        let _: &dyn std::error::Error = &PhoneError::Empty;
    }
}
