//! Contacts: a window over the list by name, with the selected contact's detail beside it.

use crate::domain::Result;
use crate::store::ContactRow;

use super::{is_move, open_contact, Effect};
use crate::tui::app::App;
use crate::tui::effects::Write;
use crate::tui::forms::FormKind;
use crate::tui::keys::Action;
use crate::tui::window::{Fetch, Window};

/// The Contacts view's arm of `update`.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let selected = app.contacts.selected().map(|c| (c.id, c.name.clone()));
    match action {
        a if is_move(a) => vec![Effect::Scroll(a)],
        Action::Open => open_contact(app),
        Action::Add => vec![Effect::OpenForm(FormKind::AddContact)],
        Action::ReviewDupes => vec![Effect::OpenDupes],
        Action::PickSegment => next_segment(app),
        Action::Edit => selected
            .map(|(id, _)| Effect::OpenForm(FormKind::EditContact(id, None)))
            .into_iter()
            .collect(),
        Action::EditInEditor => selected
            .map(|(id, _)| Effect::EditInEditor(id))
            .into_iter()
            .collect(),
        Action::Delete => {
            if let Some((id, name)) = selected {
                let message =
                    format!("Remove contact {name}? Its interactions and history are kept.");
                app.ask(message, Write::RemoveContact(id));
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Shows the next segment's tab, after the last one all contacts again.
fn next_segment(app: &mut App) -> Vec<Effect> {
    if app.segments.is_empty() {
        app.say("No segments yet: save one with crm segment add NAME EXPR.");
        return Vec::new();
    }
    app.segment = match app.segment {
        None => Some(0),
        Some(i) if i + 1 < app.segments.len() => Some(i + 1),
        Some(_) => None,
    };
    vec![Effect::Filtered]
}

/// Moves through the list; true when another contact is selected (its detail is read).
pub fn scroll<K>(
    list: &mut Window<ContactRow>,
    source: &impl Fetch<ContactRow, K>,
    action: Action,
    rows: usize,
) -> Result<bool> {
    let before = list.selected().map(|c| c.id);
    list.navigate(source, action, rows)?;
    Ok(list.selected().map(|c| c.id) != before)
}
