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
pub const DEFAULT_TOML: &str = include_str!("../../../keymaps/default.toml");
/// The shipped vim keymap (merged over [`DEFAULT_TOML`]).
pub const VIM_TOML: &str = include_str!("../../../keymaps/vim.toml");

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
    Figures,
    Help,
    Confirm,
    Registers,
    Risk,
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
        Context::Registers,
        Context::Figures,
        Context::Help,
        Context::Confirm,
        Context::Risk,
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
            Context::Registers => "registers",
            Context::Figures => "figures",
            Context::Help => "help",
            Context::Confirm => "confirm",
            Context::Risk => "risk",
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
    Registers => "registers",
    /// The office's figures (考核): the statistics screen.
    Figures => "figures",
    /// 维稳台账: the screening, plan and skip-level registers.
    RiskRegister => "risk_register",
    /// 启动预案: start the plan for a sudden group visit.
    StartPlan => "start_plan",
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
    UndoMove => "undo_move",
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
    /// 交办: hand down with a deadline and a required report.
    AssignDown => "assign_down",
    /// The receiving unit's objection (Art. 23).
    Objection => "objection",
    /// 报结 to the office above.
    ReportBack => "report_back",
    /// 来源登记: the matter came from above.
    SetSource => "set_source",
    /// 书面告知: the written notice of a decision reached the petitioner.
    Notify => "notify",
    /// 登记回执: write the case's registration receipt to a file.
    Receipt => "receipt",
    // form
    NextField => "next_field",
    PrevField => "prev_field",
    Save => "save",
    LinkPerson => "link_person",
    UnlinkPerson => "unlink_person",
    PickCase => "pick_case",
    /// The contact only asks how the joined case stands (问进展): no new matter.
    Enquiry => "enquiry",
    // handover
    HandOver => "hand_over",
    Acknowledge => "acknowledge",
    EditNotes => "edit_notes",
    // the leaders' registers
    Told => "told",
    // figures
    /// Show the figures of this month or of this year.
    FiguresPeriod => "figures_period",
    // confirm dialogs
    Yes => "yes",
    No => "no",
}

mod chord;
mod scope;
pub use chord::KeyChord;
pub use scope::{CHECKIN_ACTIONS, FORM_ACTIONS, NOTES_ACTIONS};

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
                match scope::read_text(Path::new(path), path) {
                    Ok(text) => warnings.extend(km.merge_str(path, &text)),
                    Err(w) => warnings.push(w),
                }
                km
            }
        };
        if let Some(path) = user_file {
            let label = path.display().to_string();
            let absent = std::fs::symlink_metadata(path)
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
            if !absent {
                match scope::read_text(path, &label) {
                    Ok(text) => warnings.extend(km.merge_str(&label, &text)),
                    Err(w) => warnings.push(w),
                }
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

        // An officer must always be able to leave: what quits now must still quit
        // after this file, or the file's change of it is not taken.
        let quit_keys_before = self.keys_for(Context::Global, Action::Quit);
        let mut quit_touched_at: Option<usize> = None;

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
                if ctx == Context::Global && quit_keys_before.contains(&chord) {
                    quit_touched_at = Some(key.span().start);
                }
                if code == UNBIND {
                    self.set(ctx, chord, None);
                } else if let Some(action) = Action::from_code(code) {
                    if ctx.handles(action) {
                        self.set(ctx, chord, Some(action));
                    } else {
                        warn(
                            value.span().start,
                            format!(
                                "{code:?} does nothing in [{}] (it belongs in: {})",
                                ctx.code(),
                                Context::homes(action).join(", ")
                            ),
                        );
                    }
                } else {
                    warn(
                        value.span().start,
                        format!("unknown action {code:?} for key {:?}", key.get_ref()),
                    );
                }
            }
        }
        if let Some(at) = quit_touched_at {
            if self.keys_for(Context::Global, Action::Quit).is_empty() {
                for chord in &quit_keys_before {
                    self.set(Context::Global, *chord, Some(Action::Quit));
                }
                let keys: Vec<String> = quit_keys_before.iter().map(|k| k.to_string()).collect();
                warn(
                    at,
                    format!(
                        "this leaves no key that quits; {} still quit{}",
                        keys.join(", "),
                        if keys.len() == 1 { "s" } else { "" }
                    ),
                );
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
mod tests;
