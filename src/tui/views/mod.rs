//! One module per view: its state, its navigation and its arm of `update` (what each key
//! does there). Drawing lives beside it in `ui/`; reads and writes in `effects/`.

pub mod activity;
pub mod contacts;
pub mod dashboard;
pub mod pipeline;
pub mod tasks;

use super::app::{App, View};
use super::effects::Effect;
use super::keys::Action;

pub const ONLY_EDIT: &str = "Only contacts and deals can be edited here; log a new entry instead.";
pub const ONLY_DELETE: &str =
    "Only contacts and deals can be deleted here; tick a task done with Space.";

/// The keys that move the selection.
pub fn is_move(action: Action) -> bool {
    use Action::*;
    matches!(
        action,
        Up | Down | PageUp | PageDown | Top | Bottom | Left | Right
    )
}

/// Enter on a deal, activity entry or task: its contact, selected in the Contacts view.
pub fn open_contact(app: &mut App) -> Vec<Effect> {
    let Some((contact, _)) = app.subject() else {
        return Vec::new();
    };
    app.view = View::Contacts;
    app.filters[View::Contacts.index()].clear();
    vec![Effect::ShowContact(contact)]
}
