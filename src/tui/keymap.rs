//! Keymaps: which key does what, in which part of the screen.
//!
//! Helix/yazi style: a TOML file whose sections are contexts and whose entries map
//! one key to one action name. The shipped `keymaps/default.toml` is the base; a
//! named keymap (`vim`, or a file) and then the user's own file are merged over it
//! entry by entry, so a user file only needs the bindings it changes. A bad entry
//! never costs the officer the desk: it is reported with its file and line and
//! skipped, and the default binding stays.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The shipped default keymap, embedded so the binary needs no data files.
pub const DEFAULT_TOML: &str = include_str!("../../keymaps/default.toml");
/// The shipped vim keymap (merged over [`DEFAULT_TOML`]).
pub const VIM_TOML: &str = include_str!("../../keymaps/vim.toml");

/// The action name that removes a binding.
const UNBIND: &str = "none";

/// Where a key is pressed: the focused pane or the open dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Queue,
    Lookup,
    Picker,
    Timeline,
    Form,
    Handover,
    Help,
    Confirm,
}

impl Context {
    pub const ALL: &'static [Context] = &[
        Context::Global,
        Context::Queue,
        Context::Lookup,
        Context::Picker,
        Context::Timeline,
        Context::Form,
        Context::Handover,
        Context::Help,
        Context::Confirm,
    ];

    /// The section name in keymap files.
    pub fn code(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Queue => "queue",
            Context::Lookup => "lookup",
            Context::Picker => "picker",
            Context::Timeline => "timeline",
            Context::Form => "form",
            Context::Handover => "handover",
            Context::Help => "help",
            Context::Confirm => "confirm",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Context::ALL.iter().copied().find(|c| c.code() == s)
    }

    /// Contexts where printable keys are text for an input (or answers to a
    /// question), so a global letter binding must not steal them.
    fn takes_typing(self) -> bool {
        matches!(self, Context::Form | Context::Help | Context::Confirm)
    }
}

/// Declares the actions once, so that the enum, its codes and `ALL` cannot drift.
macro_rules! actions {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// Something the desk can do on a key press. Every action can be rebound.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($(#[$doc])* $variant,)*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The action name in keymap files (snake_case).
            pub fn code(self) -> &'static str {
                match self {
                    $(Action::$variant => $code,)*
                }
            }

            pub fn from_code(s: &str) -> Option<Self> {
                match s {
                    $($code => Some(Action::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

actions! {
    // global
    Quit => "quit",
    Help => "help",
    FocusQueue => "focus_queue",
    FocusLookup => "focus_lookup",
    FocusPicker => "focus_picker",
    FocusTimeline => "focus_timeline",
    NextPane => "next_pane",
    PrevPane => "prev_pane",
    SearchBox => "search_box",
    NewCheckIn => "new_check_in",
    Handover => "handover",
    Back => "back",
    Confirm => "confirm",
    Refresh => "refresh",
    ToggleLang => "toggle_lang",
    // movement (any list)
    Up => "up",
    Down => "down",
    PageUp => "page_up",
    PageDown => "page_down",
    Top => "top",
    Bottom => "bottom",
    // queue
    Receive => "receive",
    Done => "done",
    LeftUnseen => "left_unseen",
    OpenCase => "open_case",
    Owner => "owner",
    // lookup
    OpenPerson => "open_person",
    Reveal => "reveal",
    // timeline
    ToggleOrder => "toggle_order",
    Accept => "accept",
    NotAccept => "not_accept",
    /// 转送: hand the matter to the competent body.
    Transfer => "transfer",
    Reply => "reply",
    Extend => "extend",
    Note => "note",
    Archive => "archive",
    RequestReview => "request_review",
    DecideReview => "decide_review",
    RequestRecheck => "request_recheck",
    DecideRecheck => "decide_recheck",
    Supervise => "supervise",
    // form
    NextField => "next_field",
    PrevField => "prev_field",
    Save => "save",
    LinkPerson => "link_person",
    UnlinkPerson => "unlink_person",
    PickCase => "pick_case",
    // handover
    HandOver => "hand_over",
    Acknowledge => "acknowledge",
    EditNotes => "edit_notes",
    // confirm dialogs
    Yes => "yes",
    No => "no",
}

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

/// A keymap entry that was not used. The binding it meant to change keeps its
/// previous (default) meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapWarning {
    pub file: String,
    /// 1-based; 0 when the problem is the file as a whole (missing, unreadable).
    pub line: usize,
    pub message: String,
}

impl fmt::Display for KeymapWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}; using the default", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}: {}; using the default",
                self.file, self.line, self.message
            )
        }
    }
}

/// One key's entry in a context. `action: None` is an explicit unbinding, which
/// also hides a global binding of the same key in that context.
#[derive(Debug, Clone, Copy)]
struct Slot {
    action: Option<Action>,
    /// Order of definition, so hints show the first key a file lists.
    seq: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    contexts: BTreeMap<Context, HashMap<KeyChord, Slot>>,
    next_seq: u64,
}

impl Keymap {
    /// A keymap with no bindings at all (to check a keymap file on its own).
    pub fn empty() -> Keymap {
        Keymap::default()
    }

    /// The shipped default keymap.
    pub fn defaults() -> Keymap {
        let mut km = Keymap::empty();
        let warnings = km.merge_str("keymaps/default.toml", DEFAULT_TOML);
        debug_assert!(warnings.is_empty(), "{warnings:?}");
        km
    }

    /// The defaults with vim-style list movement on top.
    pub fn vim() -> Keymap {
        let mut km = Keymap::defaults();
        let warnings = km.merge_str("keymaps/vim.toml", VIM_TOML);
        debug_assert!(warnings.is_empty(), "{warnings:?}");
        km
    }

    /// Builds the keymap in force. `spec`: `None` or `"default"`, `"vim"`, or the
    /// path of a TOML file merged over the defaults. `user_file` (the config
    /// directory's `keymap.toml`) is merged last; its absence is not a problem.
    pub fn load(spec: Option<&str>, user_file: Option<&Path>) -> (Keymap, Vec<KeymapWarning>) {
        let mut warnings = Vec::new();
        let mut km = match spec.map(str::trim) {
            None | Some("") | Some("default") => Keymap::defaults(),
            Some("vim") => Keymap::vim(),
            Some(path) => {
                let mut km = Keymap::defaults();
                match std::fs::read_to_string(path) {
                    Ok(text) => warnings.extend(km.merge_str(path, &text)),
                    Err(e) => warnings.push(KeymapWarning {
                        file: path.to_string(),
                        line: 0,
                        message: format!("cannot read the keymap ({e})"),
                    }),
                }
                km
            }
        };
        if let Some(path) = user_file {
            let label = path.display().to_string();
            match std::fs::read_to_string(path) {
                Ok(text) => warnings.extend(km.merge_str(&label, &text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => warnings.push(KeymapWarning {
                    file: label,
                    line: 0,
                    message: format!("cannot read the keymap ({e})"),
                }),
            }
        }
        (km, warnings)
    }

    /// Merges keymap TOML over this keymap: each valid entry replaces the binding
    /// of its key in its context, `"none"` unbinds the key, and each invalid entry
    /// is skipped with a warning naming `file_label` and its line.
    pub fn merge_str(&mut self, file_label: &str, text: &str) -> Vec<KeymapWarning> {
        let mut warnings = Vec::new();
        let mut warn = |span_start: usize, message: String| {
            warnings.push(KeymapWarning {
                file: file_label.to_string(),
                line: line_of(text, span_start),
                message,
            });
        };

        // Recovery keeps the well-formed entries of a file with one typo in it, so
        // the officer loses one binding rather than all of their customization.
        let (doc, errors) = DeTable::parse_recoverable(text);
        let mut broken_lines = Vec::new();
        for e in &errors {
            let start = e.span().map_or(0, |s| s.start);
            let line = line_of(text, start);
            if broken_lines.contains(&line) {
                continue;
            }
            broken_lines.push(line);
            warn(start, format!("not valid TOML: {}", one_line(e.message())));
        }

        for (section, body) in in_file_order(doc.get_ref()) {
            let name = section.get_ref();
            let on_broken_line =
                |span: std::ops::Range<usize>| broken_lines.contains(&line_of(text, span.start));
            let Some(table) = body.get_ref().as_table() else {
                if !on_broken_line(section.span()) {
                    warn(
                        section.span().start,
                        format!(
                            "{name:?} is outside any section; bindings go under a context such as [global]"
                        ),
                    );
                }
                continue;
            };
            let Some(ctx) = Context::from_code(name) else {
                if !on_broken_line(section.span()) {
                    warn(
                        section.span().start,
                        format!(
                            "unknown context [{name}] (known: {})",
                            Context::ALL
                                .iter()
                                .map(|c| c.code())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
                continue;
            };
            for (key, value) in in_file_order(table) {
                if on_broken_line(key.span()) || on_broken_line(value.span()) {
                    continue;
                }
                let chord = match KeyChord::parse(key.get_ref()) {
                    Ok(c) => c,
                    Err(msg) => {
                        warn(key.span().start, msg);
                        continue;
                    }
                };
                let Some(code) = value.get_ref().as_str() else {
                    warn(
                        value.span().start,
                        format!(
                            "the action for {:?} must be a quoted action name",
                            key.get_ref()
                        ),
                    );
                    continue;
                };
                if code == UNBIND {
                    self.set(ctx, chord, None);
                } else if let Some(action) = Action::from_code(code) {
                    self.set(ctx, chord, Some(action));
                } else {
                    warn(
                        value.span().start,
                        format!("unknown action {code:?} for key {:?}", key.get_ref()),
                    );
                }
            }
        }
        warnings.sort_by_key(|w| w.line);
        warnings
    }

    fn set(&mut self, ctx: Context, chord: KeyChord, action: Option<Action>) {
        let map = self.contexts.entry(ctx).or_default();
        if let Some(slot) = map.get(&chord) {
            if slot.action == action {
                // Restating a binding must not move its key in the hints.
                return;
            }
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        map.insert(chord, Slot { action, seq });
    }

    fn slot(&self, ctx: Context, key: &KeyChord) -> Option<Slot> {
        self.contexts.get(&ctx)?.get(key).copied()
    }

    /// Whether a global binding of `key` reaches into `ctx`.
    fn global_reaches(ctx: Context, key: &KeyChord) -> bool {
        if !ctx.takes_typing() {
            return true;
        }
        key.modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            || matches!(key.code, KeyCode::F(_) | KeyCode::Esc)
    }

    /// What `key` does in `ctx`: the context's own binding, else the global one. In
    /// form, help and confirm only global keys that cannot be typed text (Ctrl or
    /// Alt chords, function keys, Esc) reach through.
    pub fn action(&self, ctx: Context, key: &KeyChord) -> Option<Action> {
        if let Some(slot) = self.slot(ctx, key) {
            return slot.action;
        }
        if ctx != Context::Global && Keymap::global_reaches(ctx, key) {
            return self.slot(Context::Global, key).and_then(|s| s.action);
        }
        None
    }

    /// The keys that trigger `action` in `ctx`: the context's own first, then the
    /// global ones that reach it, each group in the order the keymap files list them.
    pub fn keys_for(&self, ctx: Context, action: Action) -> Vec<KeyChord> {
        let collect = |c: Context, keep: &dyn Fn(&KeyChord) -> bool| {
            let mut keys: Vec<(u64, KeyChord)> = self
                .contexts
                .get(&c)
                .into_iter()
                .flatten()
                .filter(|(k, s)| s.action == Some(action) && keep(k))
                .map(|(k, s)| (s.seq, *k))
                .collect();
            keys.sort_by_key(|&(seq, _)| seq);
            keys.into_iter().map(|(_, k)| k)
        };
        let mut out: Vec<KeyChord> = collect(ctx, &|_| true).collect();
        if ctx != Context::Global {
            out.extend(collect(Context::Global, &|k| {
                Keymap::global_reaches(ctx, k) && self.slot(ctx, k).is_none()
            }));
        }
        out
    }

    /// The first key for `action` in `ctx`, in hint form ("n", "C-s").
    pub fn hint(&self, ctx: Context, action: Action) -> Option<String> {
        self.keys_for(ctx, action).first().map(KeyChord::display)
    }

    /// The context's own bindings (not the global ones it falls back to), sorted
    /// by action, then by the order the files list the keys.
    pub fn bindings(&self, ctx: Context) -> Vec<(KeyChord, Action)> {
        let mut out: Vec<(Action, u64, KeyChord)> = self
            .contexts
            .get(&ctx)
            .into_iter()
            .flatten()
            .filter_map(|(k, s)| s.action.map(|a| (a, s.seq, *k)))
            .collect();
        out.sort_by_key(|&(a, seq, _)| (a, seq));
        out.into_iter().map(|(a, _, k)| (k, a)).collect()
    }

    /// Every binding that works in `ctx`: its own, then the global ones that reach
    /// it and are not overridden there.
    pub fn effective_bindings(&self, ctx: Context) -> Vec<(KeyChord, Action)> {
        let mut out = self.bindings(ctx);
        if ctx != Context::Global {
            out.extend(
                self.bindings(Context::Global)
                    .into_iter()
                    .filter(|(k, _)| Keymap::global_reaches(ctx, k) && self.slot(ctx, k).is_none()),
            );
        }
        out
    }
}

/// A table's entries in the order the file lists them (toml sorts them by name).
fn in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

fn line_of(text: &str, byte: usize) -> usize {
    let end = byte.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn one_line(msg: &str) -> String {
    msg.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn key(s: &str) -> KeyChord {
        KeyChord::parse(s).unwrap()
    }

    #[test]
    fn codes_round_trip() {
        for &a in Action::ALL {
            assert_eq!(Action::from_code(a.code()), Some(a));
        }
        for &c in Context::ALL {
            assert_eq!(Context::from_code(c.code()), Some(c));
        }
        assert_eq!(Action::from_code("none"), None);
        assert_eq!(Action::LeftUnseen.code(), "left_unseen");
        assert_eq!(Action::HandOver.code(), "hand_over");
    }

    #[test]
    fn parses_keys() {
        assert_eq!(key("n").code, KeyCode::Char('n'));
        assert_eq!(
            key("G"),
            KeyChord::new(KeyCode::Char('G'), KeyModifiers::NONE)
        );
        assert_eq!(key("<S-g>"), key("G"));
        assert_eq!(
            key("<C-s>"),
            KeyChord::new(KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        assert_eq!(key("<c-s>"), key("<C-s>"));
        assert_eq!(
            key("<S-Tab>"),
            KeyChord::new(KeyCode::BackTab, KeyModifiers::NONE)
        );
        assert_eq!(key("<lt>").code, KeyCode::Char('<'));
        assert_eq!(key("<").code, KeyCode::Char('<'));
        assert_eq!(key("<Space>").code, KeyCode::Char(' '));
        assert_eq!(key("<F12>").code, KeyCode::F(12));
        assert_eq!(key("<pgdn>").code, KeyCode::PageDown);
        assert_eq!(
            key("<C-->"),
            KeyChord::new(KeyCode::Char('-'), KeyModifiers::CONTROL)
        );
        assert_eq!(
            key("<C-A-x>").modifiers,
            KeyModifiers::CONTROL | KeyModifiers::ALT
        );
        for bad in [
            "",
            "ab",
            "<Hyper-x>",
            "<Foo>",
            "<F0>",
            "<S-!>",
            "<>",
            "\u{7}",
        ] {
            assert!(KeyChord::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn file_form_round_trips() {
        for s in [
            "n",
            "G",
            "?",
            "<lt>",
            "<Space>",
            "<Enter>",
            "<Esc>",
            "<S-Tab>",
            "<C-s>",
            "<A-x>",
            "<C-lt>",
            "<S-Up>",
            "<F5>",
            "<PageDown>",
            "<Backspace>",
            "<Delete>",
        ] {
            let k = key(s);
            assert_eq!(k.to_string(), s);
            assert_eq!(key(&k.to_string()), k);
        }
    }

    #[test]
    fn displays_for_hints() {
        let cases = [
            ("n", "n"),
            ("<Enter>", "Enter"),
            ("<Esc>", "Esc"),
            ("<Tab>", "Tab"),
            ("<S-Tab>", "S-Tab"),
            ("<C-s>", "C-s"),
            ("<Up>", "↑"),
            ("<Down>", "↓"),
            ("<PageUp>", "PgUp"),
            ("<PageDown>", "PgDn"),
            ("?", "?"),
            ("<F5>", "F5"),
        ];
        for (file, hint) in cases {
            assert_eq!(key(file).display(), hint);
        }
    }

    #[test]
    fn events_normalize() {
        let ev = |code, m| KeyEvent::new(code, m);
        assert_eq!(
            KeyChord::from_event(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            key("G")
        );
        assert_eq!(
            KeyChord::from_event(&ev(KeyCode::Char('g'), KeyModifiers::SHIFT)),
            key("G")
        );
        assert_eq!(
            KeyChord::from_event(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            key("<S-Tab>")
        );
        assert_eq!(
            KeyChord::from_event(&ev(KeyCode::Tab, KeyModifiers::SHIFT)),
            key("<S-Tab>")
        );
        assert_eq!(
            KeyChord::from_event(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            key("?")
        );
        let mut release = ev(KeyCode::Char('s'), KeyModifiers::CONTROL);
        release.kind = KeyEventKind::Release;
        assert_eq!(KeyChord::from_event(&release), key("<C-s>"));
        // Super+q must not quit.
        let sup = KeyChord::from_event(&ev(KeyCode::Char('q'), KeyModifiers::SUPER));
        assert_eq!(Keymap::defaults().action(Context::Queue, &sup), None);
    }

    #[test]
    fn shipped_keymaps_are_clean() {
        assert_eq!(
            Keymap::empty().merge_str("default.toml", DEFAULT_TOML),
            vec![]
        );
        let mut km = Keymap::defaults();
        assert_eq!(km.merge_str("vim.toml", VIM_TOML), vec![]);
        for &a in Action::ALL {
            assert!(
                Context::ALL
                    .iter()
                    .any(|&c| !Keymap::defaults().keys_for(c, a).is_empty()),
                "{a:?} unbound"
            );
        }
    }

    #[test]
    fn lookup_falls_back_to_global() {
        let km = Keymap::defaults();
        assert_eq!(km.action(Context::Queue, &key("r")), Some(Action::Receive));
        assert_eq!(km.action(Context::Queue, &key("q")), Some(Action::Quit));
        assert_eq!(
            km.action(Context::Queue, &key("<Enter>")),
            Some(Action::OpenCase)
        );
        assert_eq!(
            km.action(Context::Picker, &key("<Enter>")),
            Some(Action::Confirm)
        );
        assert_eq!(km.action(Context::Form, &key("q")), None);
        assert_eq!(km.action(Context::Form, &key("<Home>")), None);
        assert_eq!(km.action(Context::Form, &key("<C-c>")), Some(Action::Quit));
        assert_eq!(
            km.action(Context::Form, &key("<C-l>")),
            Some(Action::LinkPerson)
        );
        assert_eq!(
            km.action(Context::Form, &key("<F5>")),
            Some(Action::Refresh)
        );
        assert_eq!(km.action(Context::Confirm, &key("1")), None);
        assert_eq!(km.action(Context::Help, &key("q")), Some(Action::Back));
    }

    #[test]
    fn hints_follow_file_order() {
        let km = Keymap::defaults();
        assert_eq!(km.hint(Context::Queue, Action::Quit).as_deref(), Some("q"));
        assert_eq!(
            km.keys_for(Context::Queue, Action::Quit),
            vec![key("q"), key("<C-c>")]
        );
        assert_eq!(km.keys_for(Context::Form, Action::Quit), vec![key("<C-c>")]);
        assert_eq!(km.hint(Context::Form, Action::Save).as_deref(), Some("C-s"));
        assert_eq!(
            km.hint(Context::Form, Action::NextField).as_deref(),
            Some("Tab")
        );
        assert_eq!(km.hint(Context::Confirm, Action::Yes).as_deref(), Some("y"));
        assert_eq!(
            km.hint(Context::Timeline, Action::Transfer).as_deref(),
            Some("f")
        );
        // Enter in the queue opens the case, so it is no hint for confirm there.
        assert!(km.keys_for(Context::Queue, Action::Confirm).is_empty());
        let vim = Keymap::vim();
        assert_eq!(vim.hint(Context::Queue, Action::Down).as_deref(), Some("j"));
        assert_eq!(vim.action(Context::Form, &key("j")), None);
        assert_eq!(
            vim.action(Context::Form, &key("<C-u>")),
            Some(Action::UnlinkPerson)
        );
        assert_eq!(vim.action(Context::Form, &key("<C-d>")), None);
    }

    #[test]
    fn restating_a_binding_keeps_its_place() {
        let mut km = Keymap::defaults();
        assert!(km.merge_str("u", "[global]\n\"q\" = \"quit\"\n").is_empty());
        assert_eq!(
            km.keys_for(Context::Global, Action::Quit),
            vec![key("q"), key("<C-c>")]
        );
    }

    #[test]
    fn context_unbinding_hides_global() {
        let mut km = Keymap::defaults();
        assert!(km.merge_str("u", "[queue]\n\"q\" = \"none\"\n").is_empty());
        assert_eq!(km.action(Context::Queue, &key("q")), None);
        assert_eq!(km.action(Context::Lookup, &key("q")), Some(Action::Quit));
        assert_eq!(
            km.keys_for(Context::Queue, Action::Quit),
            vec![key("<C-c>")]
        );
    }

    #[test]
    fn bindings_are_sorted_by_action() {
        let km = Keymap::defaults();
        let b = km.bindings(Context::Confirm);
        assert_eq!(
            b,
            vec![
                (key("y"), Action::Yes),
                (key("Y"), Action::Yes),
                (key("<Enter>"), Action::Yes),
                (key("n"), Action::No),
                (key("N"), Action::No),
                (key("<Esc>"), Action::No),
            ]
        );
        let eff = km.effective_bindings(Context::Form);
        assert!(eff.contains(&(key("<C-c>"), Action::Quit)));
        assert!(!eff.iter().any(|(k, _)| *k == key("q")));
        assert!(!eff.contains(&(key("<C-l>"), Action::ToggleLang)));
    }

    #[test]
    fn odd_structures_warn() {
        let mut km = Keymap::defaults();
        let w = km.merge_str(
            "u.toml",
            "top = \"quit\"\n[queue]\n\"r\" = 5\n\"d\" = { a = 1 }\n[queue.sub]\n",
        );
        let lines: Vec<usize> = w.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![1, 3, 4, 5], "{w:?}");
        assert_eq!(km.action(Context::Queue, &key("r")), Some(Action::Receive));
        assert_eq!(km.action(Context::Queue, &key("d")), Some(Action::Done));
    }
}
