//! One module per view: its state, its navigation and its arm of `update` (what each key
//! does there). Drawing lives beside it in `ui/`; reads and writes in `effects/`.

pub mod activity;
pub mod cases;
pub mod contact_page;
pub mod contacts;
pub mod dashboard;
pub mod dupes;
pub mod help;
pub mod pipeline;
pub mod today;

use super::app::App;
use super::effects::Effect;
use super::keys::Action;

pub const ONLY_EDIT: &str =
    "The dashboard has nothing to edit; open a view (1-4 or 6) and select what to change.";
pub const ONLY_DELETE: &str =
    "The dashboard has nothing to delete; open a view (1-4 or 6) and select what to remove.";

/// The keys that move the selection.
pub fn is_move(action: Action) -> bool {
    use Action::*;
    matches!(
        action,
        Up | Down | PageUp | PageDown | Top | Bottom | Left | Right
    )
}

/// `e` on a logged interaction: its edit form.
pub fn edit_interaction(i: &crate::domain::Interaction) -> Vec<Effect> {
    vec![Effect::OpenForm(
        crate::tui::forms::FormKind::EditInteraction(i.id, None),
    )]
}

/// `d` on a logged interaction: asks first (only `y` deletes).
pub fn delete_interaction(app: &mut App, i: &crate::domain::Interaction) {
    let message = format!(
        "Delete {} #{} with {} ({})? u undoes it.",
        i.kind, i.id, i.contact, i.summary
    );
    app.ask(message, crate::tui::effects::Write::RemoveInteraction(i.id));
}

/// Enter on a contact, deal, activity entry or task: the contact's full page, over the
/// view (Esc comes back to it).
pub fn open_contact(app: &mut App) -> Vec<Effect> {
    match app.subject() {
        Some((contact, _)) => vec![Effect::OpenContact(contact)],
        None => Vec::new(),
    }
}
