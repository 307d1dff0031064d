//! Names to pinyin, with the surname readings a petition desk cannot get wrong.

use pinyin::{ToPinyin, ToPinyinMulti};
use unicode_normalization::UnicodeNormalization;

/// At most this many readings of one name are indexed: the likeliest first, then
/// one polyphonic character changed at a time. More would mostly index noise.
pub const MAX_READINGS: usize = 4;

/// Readings of one character beyond this many are rare literary ones.
const READINGS_PER_CHAR: usize = 3;

/// The romanised forms of a name used by the lookup.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NamePinyin {
    /// All syllables run together, lowercase ASCII without tones: `zhangwei`.
    pub full: String,
    /// The first letter of each syllable: `zw`.
    pub initials: String,
    pub syllables: Vec<String>,
    /// How many of `syllables` are the surname; the given name starts after them.
    pub surname: usize,
}

/// Compound surnames whose reading differs from reading their characters one by one.
const COMPOUND_SURNAMES: &[(&str, [&str; 2])] = &[
    ("尉迟", ["yu", "chi"]),
    ("万俟", ["mo", "qi"]),
    ("长孙", ["zhang", "sun"]),
];

/// Characters read differently as a surname than in their most common reading.
/// Some (任, 沈, 纪) already come out right from the dictionary today; they are pinned
/// so that a dictionary update cannot change how a stored name is found.
const SURNAME_READINGS: &[(char, &str)] = &[
    ('单', "shan"),
    ('曾', "zeng"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('朴', "piao"),
    ('查', "zha"),
    ('区', "ou"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('覃', "qin"),
    ('缪', "miao"),
    ('翟', "zhai"),
    ('员', "yun"),
    ('召', "shao"),
    ('种', "chong"),
    ('秘', "bi"),
    ('繁', "po"),
    ('黑', "he"),
    ('纪', "ji"),
    ('尉', "yu"),
    ('任', "ren"),
    ('沈', "shen"),
    ('重', "chong"),
];

/// Surnames with a second reading that is also used as a surname: both are indexed,
/// the one in [`SURNAME_READINGS`] first.
const SECOND_SURNAME_READINGS: &[(char, &str)] = &[
    ('乐', "le"),
    ('盖', "gai"),
    ('尉', "wei"),
    ('查', "cha"),
    ('覃', "tan"),
    ('缪', "mou"),
    ('区', "qu"),
    ('种', "zhong"),
    ('单', "dan"),
    ('解', "jie"),
    ('曾', "ceng"),
    ('朴', "pu"),
    ('召', "zhao"),
    ('员', "yuan"),
    ('翟', "di"),
];

/// Romanises a name: Han characters by their plain reading (the surname reading for
/// the first one), ASCII letters and digits kept lowercase, everything else dropped.
pub fn name_pinyin(name: &str) -> NamePinyin {
    name_readings(name).into_iter().next().unwrap_or_default()
}

/// Every plausible romanisation of a name, the likeliest first (that is
/// [`name_pinyin`]); then the variants that read one polyphonic character another
/// way (长 in 王长江: wang-zhang-jiang, then wang-chang-jiang). At most [`MAX_READINGS`].
/// A surname is read only by its surname readings, never by every dictionary one.
pub fn name_readings(name: &str) -> Vec<NamePinyin> {
    let normalized: String = name.nfc().map(fold_full_width).collect();
    let chars: Vec<char> = normalized.trim().chars().collect();
    // Each position holds its readings, the likeliest first.
    let mut slots: Vec<Vec<String>> = Vec::with_capacity(chars.len());
    let mut rest = &chars[..];

    if let Some((_, readings)) = COMPOUND_SURNAMES.iter().find(|(s, _)| {
        let mut sc = s.chars();
        chars.first() == sc.next().as_ref() && chars.get(1) == sc.next().as_ref()
    }) {
        slots.extend(readings.iter().map(|r| vec![r.to_string()]));
        rest = &chars[2..];
    } else if let Some(first) = chars.first() {
        if let Some((_, reading)) = SURNAME_READINGS.iter().find(|(c, _)| c == first) {
            let mut readings = vec![reading.to_string()];
            if let Some((_, second)) = SECOND_SURNAME_READINGS.iter().find(|(c, _)| c == first) {
                readings.push(second.to_string());
            }
            slots.push(readings);
            rest = &chars[1..];
        }
    }
    let surname_slots = if slots.is_empty() {
        usize::from(!chars.is_empty())
    } else {
        slots.len()
    };

    // ASCII runs ("Li Na", "3") become one syllable each, so initials still work.
    let mut run = String::new();
    for &ch in rest {
        if ch.is_ascii_alphanumeric() {
            run.push(ch.to_ascii_lowercase());
            continue;
        }
        if !run.is_empty() {
            slots.push(vec![std::mem::take(&mut run)]);
        }
        let mut readings = char_readings(ch);
        if slots.is_empty() && surname_slots == 1 {
            readings.truncate(1);
        }
        if !readings.is_empty() {
            slots.push(readings);
        }
    }
    if !run.is_empty() {
        slots.push(vec![run]);
    }

    let primary: Vec<&str> = slots.iter().map(|s| s[0].as_str()).collect();
    let mut out = vec![reading(&primary, surname_slots)];
    'variants: for (at, slot) in slots.iter().enumerate() {
        for other in slot.iter().skip(1) {
            if out.len() >= MAX_READINGS {
                break 'variants;
            }
            let mut syllables = primary.clone();
            syllables[at] = other;
            let variant = reading(&syllables, surname_slots);
            if !out.iter().any(|r| r.full == variant.full) {
                out.push(variant);
            }
        }
    }
    out
}

fn reading(syllables: &[&str], surname: usize) -> NamePinyin {
    NamePinyin {
        full: syllables.concat(),
        initials: syllables.iter().filter_map(|s| s.chars().next()).collect(),
        syllables: syllables.iter().map(|s| s.to_string()).collect(),
        surname: surname.min(syllables.len()),
    }
}

/// A character's distinct toneless readings, the dictionary's first one first.
fn char_readings(ch: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(p) = ch.to_pinyin() {
        let plain = ascii_syllable(p.plain());
        if !plain.is_empty() {
            out.push(plain);
        }
    }
    if let Some(multi) = ch.to_pinyin_multi() {
        for p in multi {
            if out.len() >= READINGS_PER_CHAR {
                break;
            }
            let plain = ascii_syllable(p.plain());
            if !plain.is_empty() && !out.contains(&plain) {
                out.push(plain);
            }
        }
    }
    out
}

/// `ü` is typed `v` on every pinyin keyboard; other marks cannot be typed at all.
fn ascii_syllable(plain: &str) -> String {
    plain
        .chars()
        .filter_map(|c| match c {
            'ü' => Some('v'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Full-width forms (`Ａ`, `１`) are what a Chinese input method emits in full-width
/// mode; they mean the same as their ASCII twins.
pub(crate) fn fold_full_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(name: &str) -> String {
        name_pinyin(name).full
    }

    #[test]
    fn plain_names() {
        let p = name_pinyin("张伟");
        assert_eq!(p.full, "zhangwei");
        assert_eq!(p.initials, "zw");
        assert_eq!(p.syllables, vec!["zhang", "wei"]);
        assert_eq!(full("吕敏"), "lvmin");
        assert_eq!(name_pinyin("欧阳娜娜").initials, "oynn");
    }

    #[test]
    fn surname_readings_apply_to_the_first_character_only() {
        let cases = [
            ("单田芳", "shantianfang"),
            ("曾国藩", "zengguofan"),
            ("解缙", "xiejin"),
            ("仇英", "qiuying"),
            ("朴树", "piaoshu"),
            ("查良镛", "zhaliangyong"),
            ("区家麟", "oujialin"),
            ("盖叫天", "gejiaotian"),
            ("乐嘉", "yuejia"),
            ("覃海", "qinhai"),
            ("缪斯", "miaosi"),
            ("翟志刚", "zhaizhigang"),
            ("员明", "yunming"),
            ("召南", "shaonan"),
            ("种师道", "chongshidao"),
            ("秘书", "bishu"),
            ("繁华", "pohua"),
            ("黑明", "heming"),
            ("纪昀", "jiyun"),
            ("任正", "renzheng"),
            ("沈括", "shenkuo"),
            ("重阳", "chongyang"),
            ("尉迟恭", "yuchigong"),
            ("万俟卨", "moqixie"),
            ("长孙无忌", "zhangsunwuji"),
            ("尉明", "yuming"),
        ];
        for (name, want) in cases {
            assert_eq!(full(name), want, "{name}");
        }
        // Not a surname position: the ordinary reading.
        assert_eq!(full("王单"), "wangdan");
        assert_eq!(name_pinyin("尉迟恭").initials, "ycg");
    }

    #[test]
    fn non_han_characters() {
        assert_eq!(name_pinyin("阿卜杜拉·买买提").initials, "abdlmmt");
        let p = name_pinyin(" Li Na 2 ");
        assert_eq!(p.full, "lina2");
        assert_eq!(p.initials, "ln2");
        assert_eq!(full("张Ａ"), "zhanga");
        assert_eq!(full("？！"), "");
        assert_eq!(name_pinyin("").initials, "");
    }
}
