//! One module per view: its state, its navigation and its arm of `update` (what each key
//! does there). Drawing lives beside it in `ui/`; reads and writes in `effects/`.

pub mod activity;
pub mod contact_page;
pub mod contacts;
pub mod dashboard;
pub mod help;
pub mod pipeline;
pub mod tasks;

use super::app::App;
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

/// Enter on a contact, deal, activity entry or task: the contact's full page, over the
/// view (Esc comes back to it).
pub fn open_contact(app: &mut App) -> Vec<Effect> {
    match app.subject() {
        Some((contact, _)) => vec![Effect::OpenContact(contact)],
        None => Vec::new(),
    }
}
