//! Normalising a typed query and the stored identifiers to comparable keys.
//!
//! Both sides go through the same functions: a key derived one way at indexing time
//! and another way at query time is how lookups silently miss.

use super::pinyin::fold_full_width;
use unicode_normalization::UnicodeNormalization;

/// Tails shorter than this match far too many people to be useful.
pub(crate) const TAIL_LEN: usize = 4;

/// What one typed query can be, precomputed once per keystroke.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    /// The name key: see [`name_key`].
    pub name: String,
    /// Uppercase with spaces removed: the whole-ID and raw case/letter number key.
    pub ident: String,
    pub phone: Option<String>,
    pub case_no: Option<String>,
    pub letter_no: Option<String>,
    /// The query as an ID tail: 4+ digits, or digits ending in `X`.
    pub id_tail: Option<String>,
    /// The query as a phone tail: 4+ digits.
    pub phone_tail: Option<String>,
    /// Lowercase ASCII letters and digits, for pinyin and initials; only when the query
    /// is ASCII and has a letter (a run of digits is an identifier, not a name).
    pub ascii: Option<String>,
    /// The query has a non-ASCII character, so it is typed as a name (汉字).
    pub han: bool,
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        let text = normalize(raw);
        if text.is_empty() {
            return Query::default();
        }
        let ident = ident_key(&text);
        let case_no = case_key(&text);
        let letter_no = letter_key(&text);
        // `2026-123` is a case number; reading it as the phone tail `2026123` would
        // only add noise below the real hit.
        let phone = if case_no.is_none() && looks_like_phone(&text) {
            Some(phone_key(&text)).filter(|p| !p.is_empty())
        } else {
            None
        };
        let phone_tail = phone.clone().filter(|p| p.len() >= TAIL_LEN);
        let id_tail = Some(ident.clone()).filter(|t| is_id_tail(t));
        let han = !text.is_ascii();
        let ascii = if han {
            // Chinese and Latin mixed (`张wei`, an input method switched half-way):
            // read the Han part as pinyin and look the whole up as pinyin.
            Some(super::pinyin::name_pinyin(&text).full)
                .filter(|_| text.chars().any(|c| c.is_ascii_alphabetic()))
        } else {
            let key: String = text
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '\'')
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let ok = key.chars().all(|c| c.is_ascii_alphanumeric())
                && key.chars().any(|c| c.is_ascii_alphabetic());
            Some(key).filter(|_| ok)
        };
        Query {
            name: name_key(&text),
            ident,
            phone,
            case_no,
            letter_no,
            id_tail,
            phone_tail,
            ascii,
            han,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.ident.is_empty()
    }
}

/// NFC, full-width to ASCII, trimmed: what the officer meant, whatever the IME sent.
pub(crate) fn normalize(raw: &str) -> String {
    let folded: String = raw.nfc().map(fold_full_width).collect();
    folded.trim().to_string()
}

/// Names compare without spaces and without ASCII case: `张 伟` is `张伟`.
pub(crate) fn name_key(name: &str) -> String {
    normalize(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// ID numbers compare uppercase (the `x` check character) and without spaces.
pub(crate) fn ident_key(s: &str) -> String {
    normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Phones compare as digits only, without the country code, so that
/// `138 0013 8000`, `138-0013-8000` and `+86 13800138000` are one number.
pub(crate) fn phone_key(s: &str) -> String {
    let digits: String = normalize(s).chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("86") {
        Some(rest) if digits.len() == 13 => rest.to_string(),
        _ => digits,
    }
}

fn looks_like_phone(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
}

fn is_id_tail(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() < TAIL_LEN || b.len() > 18 {
        return false;
    }
    let (last, head) = b.split_last().expect("non-empty");
    head.iter().all(u8::is_ascii_digit) && (last.is_ascii_digit() || *last == b'X')
}

/// A case number is `YYYY-` and a sequence; `2026-000123` and `2026-123` are one
/// case, so the key is the parsed (year, sequence) pair.
pub(crate) fn case_key(s: &str) -> Option<String> {
    let s = ident_key(s);
    let (year, seq) = s.split_once('-')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if seq.is_empty() || !seq.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seq = seq.trim_start_matches('0');
    Some(format!("{year}-{}", if seq.is_empty() { "0" } else { seq }))
}

/// A letter number is `L` and a case-number-like tail: `L2026-00042`.
pub(crate) fn letter_key(s: &str) -> Option<String> {
    let s = ident_key(s);
    let rest = s.strip_prefix('L')?;
    case_key(rest).map(|k| format!("L{k}"))
}

/// The index key of a stored case or letter number: parsed when it follows the
/// format, else the raw identifier so that odd legacy numbers still match exactly.
pub(crate) fn number_key(s: &str, parse: fn(&str) -> Option<String>) -> String {
    parse(s).unwrap_or_else(|| ident_key(s))
}

/// The typed query as it may be shown back or written out: an ID number or a phone
/// is masked as stored ones are (DESIGN.md 1.7), so echoing a query never reveals
/// more than a list of results would. Names, case numbers and short tails stay.
pub fn masked_query(raw: &str) -> String {
    let q = Query::parse(raw);
    if q.case_no.is_some() || q.letter_no.is_some() {
        return raw.to_string();
    }
    // 15 digits and more are an ID number (old or new), even one mistyped by a digit.
    if q.ident.len() >= 15 && is_id_tail(&q.ident) {
        return crate::domain::mask::mask_id_number(&q.ident);
    }
    match &q.phone {
        Some(phone) if phone.len() >= 7 => crate::domain::mask::mask_phone(phone),
        _ => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_query_hides_id_numbers_and_phones_only() {
        assert_eq!(masked_query("11010519491231002X"), "110105********002X");
        assert_eq!(masked_query("110105 1949 1231 002x"), "110105********002X");
        assert_eq!(
            masked_query("１１０１０５１９４９１２３１００２Ｘ"),
            "110105********002X"
        );
        assert_eq!(masked_query("110105491231002"), "110**********02");
        assert_eq!(masked_query("138 0013 8000"), "138****8000");
        assert_eq!(masked_query("+86 138-0013-8000"), "138****8000");
        assert_eq!(masked_query("2026-000123"), "2026-000123");
        assert_eq!(masked_query("L2026-00042"), "L2026-00042");
        assert_eq!(masked_query("002X"), "002X");
        assert_eq!(masked_query("张伟"), "张伟");
        assert_eq!(masked_query("zw"), "zw");
    }

    #[test]
    fn normalizes_what_an_ime_sends() {
        assert_eq!(normalize("  １３８００１３８０００　"), "13800138000");
        // Decomposed é composes to one code point.
        assert_eq!(normalize("e\u{301}"), "\u{e9}");
        assert_eq!(name_key(" 张 伟 "), "张伟");
    }

    #[test]
    fn case_and_letter_numbers_parse_to_year_and_sequence() {
        assert_eq!(case_key("2026-000123").as_deref(), Some("2026-123"));
        assert_eq!(case_key("2026-123").as_deref(), Some("2026-123"));
        assert_eq!(
            case_key("２０２６－０００１２３").as_deref(),
            Some("2026-123")
        );
        assert_eq!(case_key("2026-"), None);
        assert_eq!(case_key("26-1"), None);
        assert_eq!(case_key("138-0013-8000"), None);
        assert_eq!(letter_key("l2026-42").as_deref(), Some("L2026-42"));
        assert_eq!(letter_key("L2026-00042").as_deref(), Some("L2026-42"));
        assert_eq!(letter_key("2026-42"), None);
        assert_eq!(number_key("XF-旧-7", case_key), "XF-旧-7");
    }

    #[test]
    fn classifies_queries() {
        let q = Query::parse("11010519491231002x");
        assert_eq!(q.ident, "11010519491231002X");
        assert_eq!(q.id_tail.as_deref(), Some("11010519491231002X"));
        assert_eq!(q.phone, None);

        let q = Query::parse("+86 138-0013-8000");
        assert_eq!(q.phone.as_deref(), Some("13800138000"));

        let q = Query::parse("8000");
        assert_eq!(q.phone_tail.as_deref(), Some("8000"));
        assert_eq!(q.id_tail.as_deref(), Some("8000"));
        assert_eq!(q.ascii, None);

        let q = Query::parse("002x");
        assert_eq!(q.id_tail.as_deref(), Some("002X"));
        assert_eq!(q.phone_tail, None);

        let q = Query::parse("2026-123");
        assert_eq!(q.case_no.as_deref(), Some("2026-123"));
        assert_eq!(q.phone, None);

        let q = Query::parse("Zhang Wei");
        assert_eq!(q.ascii.as_deref(), Some("zhangwei"));
        assert!(!q.han);

        let q = Query::parse("张伟");
        assert!(q.han);
        assert_eq!(q.ascii, None);
        assert_eq!(q.id_tail, None);

        assert!(Query::parse("  ").is_empty());
    }
}
