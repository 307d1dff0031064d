//! The dialogs and views over the panes, as one stack of layers (as helix's
//! compositor keeps them). Each layer owns its state, takes the keys and pastes
//! that reach it, names its keymap context and hints, says whether it holds
//! unsaved input, and draws itself from `&self`. Everything that depends on which
//! dialog is "on top" — key routing, drawing order, the hint line, the context the
//! help lists, the caret and the quit check — follows from the stack's order, so it
//! is written once, here.
//!
//! A layer never reaches into the desk: it answers with [`Effect`]s, which the desk
//! carries out (requests for the worker, opening another layer, closing itself).

use super::keymap::{Action, Context, KeyChord, Keymap};
use super::shared::{DrawCx, Question, ShiftState, Subject};
use super::worker::Request;
use crate::domain::Lang;
use crate::store::{Category, Officer};
use crate::words::desk::Problem;
use crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::Frame;
use std::any::Any;

/// What the desk shares with every layer, read-only.
pub struct Shared<'a> {
    pub keymap: &'a Keymap,
    pub lang: Lang,
    /// The officer on duty (none until sign-in).
    pub officer: Option<&'a str>,
    pub officers: &'a [Officer],
    pub shift: &'a ShiftState,
    pub categories: &'a [Category],
    pub units: &'a [String],
    pub max_extension_days: u32,
    /// Art. 20's limit on representatives (`[flags] max_representatives`).
    pub max_representatives: usize,
    /// The upper deadline the check-in form pre-fills (`[clocks] upper_days`).
    pub upper_days: u32,
}

impl Shared<'_> {
    pub fn s(&self) -> &'static crate::words::desk::Strings {
        crate::words::desk::strings(self.lang)
    }
}

/// What a layer asks the desk to do.
#[derive(Debug)]
pub enum Effect {
    /// A request for the worker.
    Send(Request),
    /// Leave now.
    Quit,
    /// Leave, asking first when some layer holds unsaved input.
    AskQuit,
    /// Close the layer that answered.
    Close,
    /// Open a layer on top.
    Push(Box<dyn Layer>),
    /// A message in the status line (`true`: an error).
    Flash(Problem, bool),
    ToggleLang,
    /// An action for the panes under the layers (after the layer closed itself).
    Desk(Action),
    /// A question was answered: delivered to the layer under the question.
    Answer(Question, bool),
    /// Show the handover view on this subject (the view replaces itself).
    OpenHandover(Subject),
    /// Ask again for the handover summary on screen.
    Resummarize,
}

/// Pastes `text` into `input`; a paste cut to the field's limit is said on the
/// status line, since the cut part is out of sight.
pub fn paste_into(input: &mut crate::tui::input::TextInput, text: &str) -> Vec<Effect> {
    match input.insert_str(text) {
        Some(max) => vec![Effect::Flash(Problem::PasteCut(max), false)],
        None => Vec::new(),
    }
}

/// What a layer did with a key or a paste.
#[derive(Debug)]
pub enum Handled {
    /// Not for this layer: it goes to the one below (and finally to the panes).
    Ignored,
    /// Taken, with what the desk is to do about it (often nothing).
    Consumed(Vec<Effect>),
}

impl Handled {
    pub fn done() -> Handled {
        Handled::Consumed(Vec::new())
    }

    pub fn with(effects: impl IntoIterator<Item = Effect>) -> Handled {
        Handled::Consumed(effects.into_iter().collect())
    }
}

/// One dialog or view on the stack. See `docs/DESIGN.md` §3 for how to add one.
pub trait Layer: Any + std::fmt::Debug {
    /// The keymap section its keys are looked up in (and the help lists).
    fn context(&self) -> Context;

    /// What `chord` means here, whether or not the layer would act on it now.
    fn action(&self, keymap: &Keymap, chord: &KeyChord) -> Option<Action> {
        keymap.action(self.context(), chord)
    }

    fn on_key(&mut self, ev: &KeyEvent, chord: &KeyChord, cx: &Shared<'_>) -> Handled;

    /// Pasted text; a layer without a text box swallows it.
    fn on_paste(&mut self, _text: &str, _cx: &Shared<'_>) -> Handled {
        Handled::done()
    }

    /// The answer to a question this layer asked (the question is closed by now).
    fn on_answer(&mut self, _question: &Question, _yes: bool, _cx: &Shared<'_>) -> Vec<Effect> {
        Vec::new()
    }

    /// The actions worth a hint, most useful first.
    fn hints(&self, cx: &Shared<'_>) -> Vec<Action>;

    /// Whether closing it now would lose something typed.
    fn has_unsaved(&self) -> bool {
        false
    }

    /// Whether what it saves is refused once the officer's shift was handed over
    /// (the store's duty check): such a form is not opened then, so that nothing
    /// is typed only to be refused on saving.
    fn records_on_shift(&self) -> bool {
        false
    }

    /// Draws it over `area`; returns where the caret goes, if it has a text box.
    fn draw(
        &self,
        f: &mut Frame,
        area: Rect,
        cx: &DrawCx<'_>,
        shared: &Shared<'_>,
    ) -> Option<Position>;

    /// Whether it fills the panes' area, so that the panes need not be drawn.
    fn covers_panes(&self) -> bool {
        false
    }

    /// Whether the layers and panes under it lose their focus mark.
    fn takes_focus(&self) -> bool {
        false
    }

    /// Its tab in the tab bar, when it is a screen of its own.
    fn tab(&self, _cx: &DrawCx<'_>) -> Option<String> {
        None
    }
}

/// The layers, bottom first.
#[derive(Debug, Default)]
pub struct Layers {
    stack: Vec<Box<dyn Layer>>,
}

impl Layers {
    pub fn push(&mut self, layer: Box<dyn Layer>) {
        self.stack.push(layer);
    }

    pub fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    pub fn len(&self) -> usize {
        self.stack.len()
    }

    pub fn top(&self) -> Option<&dyn Layer> {
        self.stack.last().map(|l| &**l)
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut Box<dyn Layer>> {
        self.stack.get_mut(i)
    }

    pub fn remove(&mut self, i: usize) {
        if i < self.stack.len() {
            self.stack.remove(i);
        }
    }

    /// Puts `layer` in the place of the layer at `i`.
    pub fn replace(&mut self, i: usize, layer: Box<dyn Layer>) {
        if let Some(slot) = self.stack.get_mut(i) {
            *slot = layer;
        }
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &dyn Layer> {
        self.stack.iter().map(|l| &**l)
    }

    /// The topmost layer of type `T`, and its place.
    pub fn position<T: Layer>(&self) -> Option<usize> {
        self.stack
            .iter()
            .rposition(|l| (&**l as &dyn Any).is::<T>())
    }

    pub fn find<T: Layer>(&self) -> Option<&T> {
        let i = self.position::<T>()?;
        (&*self.stack[i] as &dyn Any).downcast_ref::<T>()
    }

    pub fn find_mut<T: Layer>(&mut self) -> Option<&mut T> {
        let i = self.position::<T>()?;
        (&mut *self.stack[i] as &mut dyn Any).downcast_mut::<T>()
    }

    pub fn has<T: Layer>(&self) -> bool {
        self.position::<T>().is_some()
    }

    /// Closes the topmost layer of type `T`, if one is open.
    pub fn close<T: Layer>(&mut self) {
        if let Some(i) = self.position::<T>() {
            self.stack.remove(i);
        }
    }

    pub fn has_unsaved(&self) -> bool {
        self.stack.iter().any(|l| l.has_unsaved())
    }
}
