//! Keys as written in keymap files ("<C-s>", "G", "<S-Tab>") and as pressed.

use super::*;

/// A key as written in keymap files and as pressed, normalized so the two compare
/// equal: the case of a letter carries Shift ("G", never Shift+"g"), and Shift-Tab
/// is `BackTab` without a modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

/// Named keys as written between angle brackets (matched case-insensitively); the
/// first spelling of each key is the canonical one.
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("CR", KeyCode::Enter),
    ("Return", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Escape", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Space", KeyCode::Char(' ')),
    ("lt", KeyCode::Char('<')),
    ("gt", KeyCode::Char('>')),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PageUp", KeyCode::PageUp),
    ("PgUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("PgDn", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Backspace", KeyCode::Backspace),
    ("BS", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Del", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("Ins", KeyCode::Insert),
];

impl KeyChord {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> KeyChord {
        KeyChord { code, modifiers }.normalized()
    }

    /// Parses the file form: `"n"`, `"G"`, `"<Enter>"`, `"<C-s>"`, `"<S-Tab>"`,
    /// `"<A-x>"`, `"<F5>"`, `"<lt>"`.
    pub fn parse(s: &str) -> Result<KeyChord, String> {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (None, _) => return Err("empty key".to_string()),
            (Some(c), None) => {
                if c.is_control() {
                    return Err(format!("unknown key {s:?}"));
                }
                return Ok(KeyChord::new(KeyCode::Char(c), KeyModifiers::NONE));
            }
            _ => {}
        }
        let Some(inner) = s.strip_prefix('<').and_then(|r| r.strip_suffix('>')) else {
            return Err(format!(
                "unknown key {s:?} (one character, or a name in angle brackets such as \"<Enter>\" or \"<C-s>\"; key sequences are not supported)"
            ));
        };
        let mut rest = inner;
        let mut modifiers = KeyModifiers::NONE;
        loop {
            let mut it = rest.chars();
            let (Some(m), Some('-'), Some(_)) = (it.next(), it.next(), it.next()) else {
                break;
            };
            let flag = match m.to_ascii_uppercase() {
                'C' => KeyModifiers::CONTROL,
                'A' | 'M' => KeyModifiers::ALT,
                'S' => KeyModifiers::SHIFT,
                _ => break,
            };
            modifiers |= flag;
            rest = &rest[2..];
        }
        let mut it = rest.chars();
        let code = match (it.next(), it.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => named_key(rest).ok_or_else(|| format!("unknown key {s:?}"))?,
        };
        if modifiers.contains(KeyModifiers::SHIFT) {
            if let KeyCode::Char(c) = code {
                if c != ' ' && !c.is_lowercase() {
                    return Err(format!(
                        "unknown key {s:?} (for a shifted symbol write the symbol itself, e.g. \"!\"; for a letter, the capital)"
                    ));
                }
            }
        }
        Ok(KeyChord::new(code, modifiers))
    }

    /// The chord of a key press, normalized like parsed keys. Super, Hyper and
    /// Meta are kept, so such a press matches no binding rather than a wrong one.
    /// (The caller filters out release and repeat events as it sees fit.)
    pub fn from_event(ev: &KeyEvent) -> KeyChord {
        KeyChord::new(ev.code, ev.modifiers)
    }

    fn normalized(self) -> KeyChord {
        let mut code = self.code;
        let mut modifiers = self.modifiers;
        let shift = modifiers.contains(KeyModifiers::SHIFT);
        match code {
            KeyCode::Char(c) => {
                // Terminals differ on whether Shift+a arrives as 'A', or as 'a' with
                // SHIFT; the capital alone is the one spelling a keymap can hold.
                if shift {
                    let mut up = c.to_uppercase();
                    if let (Some(u), None) = (up.next(), up.next()) {
                        code = KeyCode::Char(u);
                    }
                }
                modifiers.remove(KeyModifiers::SHIFT);
            }
            KeyCode::BackTab => modifiers.remove(KeyModifiers::SHIFT),
            KeyCode::Tab if shift => {
                code = KeyCode::BackTab;
                modifiers.remove(KeyModifiers::SHIFT);
            }
            _ => {}
        }
        KeyChord { code, modifiers }
    }

    /// Short form for hints and the help overlay: "n", "Enter", "S-Tab", "C-s", "↑".
    pub fn display(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::BackTab => "S-Tab".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Backspace => "Bksp".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::Insert => "Ins".to_string(),
            other => code_name(other),
        };
        format!("{}{name}", modifier_prefix(self.modifiers))
    }
}

/// The file form, which [`KeyChord::parse`] reads back: "n", "<C-s>", "<lt>".
impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = modifier_prefix(self.modifiers);
        match self.code {
            KeyCode::Char(c) if prefix.is_empty() && c != '<' && c != ' ' => write!(f, "{c}"),
            KeyCode::Char('<') => write!(f, "<{prefix}lt>"),
            KeyCode::Char(' ') => write!(f, "<{prefix}Space>"),
            KeyCode::Char(c) => write!(f, "<{prefix}{c}>"),
            KeyCode::BackTab => write!(f, "<{prefix}S-Tab>"),
            other => write!(f, "<{prefix}{}>", code_name(other)),
        }
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    if let Some(n) = name
        .strip_prefix(['F', 'f'])
        .and_then(|d| d.parse::<u8>().ok())
    {
        return (1..=24).contains(&n).then_some(KeyCode::F(n));
    }
    NAMED_KEYS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|&(_, code)| code)
}

fn code_name(code: KeyCode) -> String {
    if let KeyCode::F(n) = code {
        return format!("F{n}");
    }
    NAMED_KEYS
        .iter()
        .find(|&&(_, c)| c == code)
        .map(|(k, _)| k.to_string())
        .unwrap_or_else(|| format!("{code:?}"))
}

fn modifier_prefix(m: KeyModifiers) -> String {
    let mut s = String::new();
    if m.contains(KeyModifiers::CONTROL) {
        s.push_str("C-");
    }
    if m.contains(KeyModifiers::ALT) {
        s.push_str("A-");
    }
    if m.contains(KeyModifiers::SHIFT) {
        s.push_str("S-");
    }
    s
}
