//! Keys are data: a key becomes a semantic `Action` at this one boundary. Defaults can be
//! overridden in the config file's `[keys]` table (`"ctrl-r" = "refresh"`).

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

use crate::domain::{Error, Result};

use super::update::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Quit,
    Help,
    NextView,
    PrevView,
    ViewPipeline,
    ViewContacts,
    ViewActivity,
    /// The Today view (`view-today` names it too).
    #[serde(alias = "view-today")]
    ViewTasks,
    ViewDashboard,
    ViewCases,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Close,
    /// Back to where the user was before a jump (closes the top page).
    Back,
    Filter,
    Add,
    Edit,
    Delete,
    MovePrev,
    MoveNext,
    Won,
    Lost,
    LogCall,
    LogMeeting,
    LogNote,
    /// Log any kind: asks which.
    LogAny,
    AddTask,
    ToggleDone,
    CycleKind,
    ToggleShowDone,
    LoadDemo,
    Refresh,
    /// Take back the last change made in this session of the app.
    Undo,
    /// Move the selected task's due date one day on.
    Snooze,
    /// Contacts: show the next saved segment's tab.
    PickSegment,
    /// "Yes" in a confirmation dialog.
    Yes,
    /// "No" in a confirmation dialog.
    No,
    /// Contacts: review likely duplicates, a pair at a time.
    ReviewDupes,
    /// Review: merge the pair (asks first, with a preview).
    MergePair,
    /// Review: keep both (they are different people).
    KeepBoth,
    /// Review: the next pair, the previous one.
    NextPair,
    PrevPair,
    /// Cases: reply to the customer (an outbound e-mail on the case).
    Reply,
    /// Cases: waiting on the customer.
    Pending,
    /// Cases: open a pending or solved case again.
    Reopen,
    /// A contact: edit it as TOML in `$VISUAL`/`$EDITOR`.
    EditInEditor,
}

impl Action {
    /// What the help overlay says, in the user's words.
    pub fn describe(self) -> &'static str {
        use Action::*;
        match self {
            Quit => "quit",
            Help => "this help",
            NextView => "next view",
            PrevView => "previous view",
            ViewPipeline => "pipeline",
            ViewContacts => "contacts",
            ViewActivity => "activity log",
            ViewTasks => "today: tasks, reconnect, birthdays",
            ViewDashboard => "dashboard",
            ViewCases => "cases: open support cases, most urgent first",
            Up => "move up",
            Down => "move down",
            Left => "previous column / pane",
            Right => "next column / pane",
            PageUp => "page up",
            PageDown => "page down",
            Top => "first",
            Bottom => "last",
            Open => "open: a contact's page, an entry",
            Close => "close / clear filter",
            Back => "back to where you were",
            Filter => "filter as you type",
            Add => "add",
            Edit => "edit",
            Delete => "delete (asks first)",
            MovePrev => "deal to previous stage",
            MoveNext => "deal to next stage",
            Won => "mark deal won",
            Lost => "mark deal lost (asks why)",
            LogCall => "log a call",
            LogMeeting => "log a meeting",
            LogNote => "log a note (cases: a note on the case)",
            LogAny => "log any kind (asks which)",
            AddTask => "add a task",
            ToggleDone => "task done / not done",
            CycleKind => "activity: next kind filter",
            ToggleShowDone => "show done tasks / closed deals",
            LoadDemo => "load demo data (empty database)",
            Refresh => "reload from the database",
            Undo => "undo the last change made here",
            Snooze => "snooze the task a day",
            PickSegment => "contacts: next segment tab; cases: solve (asks the resolution)",
            Yes => "confirm: yes",
            No => "confirm: no",
            ReviewDupes => "contacts: review duplicates",
            MergePair => "review: merge the pair (asks first)",
            KeepBoth => "review: keep both",
            NextPair => "review: next pair",
            PrevPair => "review: previous pair",
            Reply => "cases: reply (an e-mail on the case)",
            Pending => "cases: pending (waiting on the customer)",
            Reopen => "cases: reopen",
            EditInEditor => "contact: edit in $EDITOR",
        }
    }
}

/// A key with its modifiers, as written in config: `j`, `ctrl-c`, `shift-tab`, `pgdn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Key {
        // Letters arrive already shifted (`G`), and Shift-Tab as BackTab.
        Key {
            code: e.code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    pub fn parse(spec: &str) -> Result<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = spec.trim();
        loop {
            let lower = rest.to_lowercase();
            if lower.starts_with("ctrl-") && rest.len() > 5 {
                ctrl = true;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let code = match rest.to_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
                    _ => return Err(Error::invalid(format!("unknown key {spec:?} in the config's [keys]; write keys like j, G, ctrl-r, shift-tab, pgdn, space."))),
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl-{base}"),
            (_, true) => format!("Alt-{base}"),
            _ => base,
        }
    }
}

/// Where a key lands: the views, the filter being typed, or a popup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Filter,
    Form,
    Confirm,
    Help,
    /// Choosing from a short list (the kind to log).
    Pick,
    /// The duplicate review's fixed keys.
    Review,
}

/// A key typed into a form or the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    /// Empty the focused field (Ctrl-U).
    ClearField,
    /// Tab: the next field, or take the suggestion.
    NextField,
    PrevField,
    /// Down: the next suggestion when there are some, else the next field.
    Down,
    /// Up: the previous suggestion, else the previous field.
    Up,
    /// Enter: save the form, keep the filter.
    Submit,
    /// Esc: close the form, clear the filter.
    Cancel,
}

/// Typing into the filter; keys it leaves alone (arrows, Tab) go to the keymap.
fn filter_edit(e: &KeyEvent) -> Option<Edit> {
    match e.code {
        KeyCode::Esc => Some(Edit::Cancel),
        KeyCode::Enter => Some(Edit::Submit),
        KeyCode::Backspace => Some(Edit::Backspace),
        KeyCode::Char(c) if !e.modifiers.contains(KeyModifiers::CONTROL) => Some(Edit::Insert(c)),
        _ => None,
    }
}

/// Typing into a form, moving between its fields, saving or cancelling it.
fn form_edit(e: &KeyEvent) -> Option<Edit> {
    let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
    match e.code {
        KeyCode::Esc => Some(Edit::Cancel),
        KeyCode::Enter => Some(Edit::Submit),
        KeyCode::Tab => Some(Edit::NextField),
        KeyCode::BackTab => Some(Edit::PrevField),
        KeyCode::Down => Some(Edit::Down),
        KeyCode::Up => Some(Edit::Up),
        KeyCode::Backspace => Some(Edit::Backspace),
        KeyCode::Char('u') if ctrl => Some(Edit::ClearField),
        KeyCode::Char(c) if !ctrl && !c.is_control() => Some(Edit::Insert(c)),
        _ => None,
    }
}

/// The fixed keys of a confirmation dialog: only `y` says yes. `Enter` says no, so a
/// habit of pressing Enter never deletes anything.
fn confirm_action(code: KeyCode) -> Option<Action> {
    match code {
        KeyCode::Char('y') => Some(Action::Yes),
        KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc | KeyCode::Enter => Some(Action::No),
        _ => None,
    }
}

/// The keys that scroll and close the help overlay; it ignores the others.
fn help_action(code: KeyCode) -> Option<Action> {
    match code {
        KeyCode::Esc | KeyCode::Char('?' | 'q') | KeyCode::Enter | KeyCode::Backspace => {
            Some(Action::Close)
        }
        KeyCode::Char('j') | KeyCode::Down => Some(Action::Down),
        KeyCode::Char('k') | KeyCode::Up => Some(Action::Up),
        KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::Char('g') | KeyCode::Home => Some(Action::Top),
        KeyCode::Char('G') | KeyCode::End => Some(Action::Bottom),
        _ => None,
    }
}

/// The duplicate review: `m` merges, `k` keeps both, `j`/`n` next, `p` previous, `Esc`
/// back. Fixed keys like a confirmation's, since `m`, `k` and `n` mean other things
/// elsewhere.
fn review_action(code: KeyCode) -> Option<Action> {
    match code {
        KeyCode::Char('m') => Some(Action::MergePair),
        KeyCode::Char('k') => Some(Action::KeepBoth),
        KeyCode::Char('j' | 'n') | KeyCode::Down | KeyCode::Right => Some(Action::NextPair),
        KeyCode::Char('p') | KeyCode::Up | KeyCode::Left => Some(Action::PrevPair),
        KeyCode::Esc | KeyCode::Backspace => Some(Action::Close),
        KeyCode::Char('?') => Some(Action::Help),
        KeyCode::Char('q') => Some(Action::Quit),
        KeyCode::Char('u') => Some(Action::Undo),
        _ => None,
    }
}

/// Choosing from a short list: a digit picks, `j`/`k` move, `Enter` takes, `Esc` cancels.
fn pick_key(e: &KeyEvent) -> Option<Msg> {
    match e.code {
        KeyCode::Char(c @ '1'..='9') => Some(Msg::Edit(Edit::Insert(c))),
        KeyCode::Char('j') | KeyCode::Down | KeyCode::Tab => Some(Msg::Action(Action::Down)),
        KeyCode::Char('k') | KeyCode::Up | KeyCode::BackTab => Some(Msg::Action(Action::Up)),
        KeyCode::Enter => Some(Msg::Action(Action::Open)),
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Backspace => Some(Msg::Action(Action::Close)),
        _ => None,
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    map: HashMap<Key, Action>,
}

const DEFAULTS: &[(&str, Action)] = &[
    ("q", Action::Quit),
    ("ctrl-c", Action::Quit),
    ("?", Action::Help),
    ("tab", Action::NextView),
    ("shift-tab", Action::PrevView),
    ("1", Action::ViewPipeline),
    ("2", Action::ViewContacts),
    ("3", Action::ViewActivity),
    ("4", Action::ViewTasks),
    ("5", Action::ViewDashboard),
    ("6", Action::ViewCases),
    ("k", Action::Up),
    ("up", Action::Up),
    ("j", Action::Down),
    ("down", Action::Down),
    ("h", Action::Left),
    ("left", Action::Left),
    ("l", Action::Right),
    ("right", Action::Right),
    ("pgup", Action::PageUp),
    ("ctrl-u", Action::PageUp),
    ("pgdn", Action::PageDown),
    ("ctrl-d", Action::PageDown),
    ("g", Action::Top),
    ("home", Action::Top),
    ("G", Action::Bottom),
    ("end", Action::Bottom),
    ("enter", Action::Open),
    ("esc", Action::Close),
    ("backspace", Action::Back),
    ("/", Action::Filter),
    ("a", Action::Add),
    ("e", Action::Edit),
    ("E", Action::EditInEditor),
    ("d", Action::Delete),
    ("<", Action::MovePrev),
    ("H", Action::MovePrev),
    (">", Action::MoveNext),
    ("w", Action::Won),
    ("x", Action::Lost),
    ("c", Action::LogCall),
    ("m", Action::LogMeeting),
    ("n", Action::LogNote),
    ("L", Action::LogAny),
    ("t", Action::AddTask),
    ("space", Action::ToggleDone),
    ("z", Action::Snooze),
    ("f", Action::CycleKind),
    ("v", Action::ToggleShowDone),
    ("D", Action::LoadDemo),
    ("ctrl-r", Action::Refresh),
    ("u", Action::Undo),
    ("M", Action::ReviewDupes),
    ("s", Action::PickSegment),
    ("r", Action::Reply),
    ("p", Action::Pending),
    ("o", Action::Reopen),
];

impl Default for Keymap {
    fn default() -> Self {
        let map = DEFAULTS
            .iter()
            .filter_map(|(k, a)| Key::parse(k).ok().map(|k| (k, *a)))
            .collect();
        Keymap { map }
    }
}

impl Keymap {
    /// The defaults with the config's overrides: `{"ctrl-r" = "refresh", "x" = "none"}`.
    pub fn with_overrides(overrides: &[(String, String)]) -> Result<Keymap> {
        let mut km = Keymap::default();
        for (key, action) in overrides {
            let k = Key::parse(key)?;
            if action == "none" {
                km.map.remove(&k);
                continue;
            }
            let a: Action = serde_json::from_value(serde_json::Value::String(action.clone()))
                .map_err(|_| Error::invalid(format!("unknown action {action:?} for key {key:?} in the config's [keys]; see the ? help in crm for the names.")))?;
            km.map.insert(k, a);
        }
        // Raw mode turns Ctrl-C into a key: without a quit key the app could not be left.
        if !km.map.values().any(|a| *a == Action::Quit) {
            return Err(Error::invalid(
                "the config's [keys] leave no key to quit the app (q and ctrl-c are both unbound \
                 or rebound); bind one, e.g. \"q\" = \"quit\".",
            ));
        }
        Ok(km)
    }

    pub fn action(&self, e: &KeyEvent) -> Option<Action> {
        self.map.get(&Key::from_event(e)).copied()
    }

    /// What a key means where it lands: popups and the filter read keys their own way,
    /// the rest goes through the keymap.
    pub fn translate(&self, mode: Mode, e: &KeyEvent) -> Option<Msg> {
        match mode {
            Mode::Normal => self.action(e).map(Msg::Action),
            Mode::Filter => filter_edit(e)
                .map(Msg::Edit)
                .or_else(|| self.action(e).map(Msg::Action)),
            Mode::Form => form_edit(e).map(Msg::Edit),
            Mode::Confirm => confirm_action(e.code).map(Msg::Action),
            Mode::Help => help_action(e.code).map(Msg::Action),
            Mode::Pick => pick_key(e),
            Mode::Review => review_action(e.code).map(Msg::Action),
        }
    }

    /// Every binding, grouped by action, in the order of `DEFAULTS` then others.
    pub fn bindings(&self) -> Vec<(Action, Vec<String>)> {
        let mut out: Vec<(Action, Vec<String>)> = Vec::new();
        let mut keys: Vec<(&Key, &Action)> = self.map.iter().collect();
        keys.sort_by_key(|(k, a)| {
            (
                DEFAULTS
                    .iter()
                    .position(|(_, d)| d == *a)
                    .unwrap_or(usize::MAX),
                k.label().chars().count(),
                k.label(),
            )
        });
        for (k, a) in keys {
            match out.iter_mut().find(|(x, _)| x == a) {
                Some((_, ks)) => ks.push(k.label()),
                None => out.push((*a, vec![k.label()])),
            }
        }
        out
    }

    /// The first key bound to an action, for hints.
    pub fn key_for(&self, action: Action) -> String {
        self.bindings()
            .into_iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, ks)| ks.into_iter().next())
            .unwrap_or_else(|| "—".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn defaults_and_overrides() {
        let km = Keymap::default();
        assert_eq!(
            km.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            km.action(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            km.action(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            km.action(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevView)
        );
        let km = Keymap::with_overrides(&[
            ("ctrl-n".into(), "down".into()),
            ("j".into(), "none".into()),
        ])
        .unwrap();
        assert_eq!(
            km.action(&ev(KeyCode::Char('n'), KeyModifiers::CONTROL)),
            Some(Action::Down)
        );
        assert_eq!(km.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)), None);
        assert!(Keymap::with_overrides(&[("j".into(), "fly".into())]).is_err());
        let no_quit = |extra: &[(&str, &str)]| {
            let mut o: Vec<(String, String)> = vec![
                ("q".into(), "none".into()),
                ("ctrl-c".into(), "refresh".into()),
            ];
            o.extend(extra.iter().map(|(k, a)| (k.to_string(), a.to_string())));
            Keymap::with_overrides(&o)
        };
        let err = no_quit(&[]).unwrap_err().to_string();
        assert!(
            err.contains("no key to quit") && err.contains("\"q\" = \"quit\""),
            "{err}"
        );
        assert!(no_quit(&[("ctrl-q", "quit")]).is_ok());
        assert!(Keymap::with_overrides(&[("hyper-j".into(), "down".into())]).is_err());
    }

    #[test]
    fn every_action_is_reachable_by_default() {
        let km = Keymap::default();
        let bound: Vec<Action> = km.bindings().into_iter().map(|(a, _)| a).collect();
        for (_, a) in DEFAULTS {
            assert!(bound.contains(a));
        }
        assert_eq!(km.key_for(Action::MoveNext), ">");
    }
}
