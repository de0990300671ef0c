//! The activity log: a window over interactions, newest first, of one kind or all.

use crate::domain::InteractionKind;

use super::{delete_interaction, edit_interaction, is_move, open_contact, Effect};
use crate::tui::app::App;
use crate::tui::keys::Action;

/// The Activity view's arm of `update`.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        a if is_move(a) => vec![Effect::Scroll(a)],
        Action::Open => open_contact(app),
        Action::Edit => match app.activity.selected() {
            Some(i) => edit_interaction(i),
            None => Vec::new(),
        },
        Action::Delete => {
            if let Some(i) = app.activity.selected().cloned() {
                delete_interaction(app, &i);
            }
            Vec::new()
        }
        Action::CycleKind => {
            app.activity_kind = next_kind(app.activity_kind);
            vec![Effect::Load { keep: false }]
        }
        _ => Vec::new(),
    }
}

/// All kinds, then each kind in turn, then all again.
pub fn next_kind(kind: Option<InteractionKind>) -> Option<InteractionKind> {
    match kind {
        None => Some(InteractionKind::ALL[0]),
        Some(k) => InteractionKind::ALL
            .iter()
            .position(|x| *x == k)
            .and_then(|i| InteractionKind::ALL.get(i + 1))
            .copied(),
    }
}
