//! The activity log: a window over interactions, newest first, of one kind or all.

use crate::domain::{Interaction, InteractionKind, Result};
use crate::store::Cursor;
use crate::tui::window::Fetch;

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

/// Rows that arrived above the selection (logged from another crm while the list is
/// scrolled down), counted from the newest row seen at the top, up to `SHOWN_UP_TO`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arrivals {
    newest_seen: Option<(i64, i64)>,
    pub count: usize,
}

/// Beyond this many the title says "99+".
pub const SHOWN_UP_TO: usize = 99;

impl Arrivals {
    /// "↑ 3 new", or nothing when none arrived.
    pub fn label(&self) -> Option<String> {
        match self.count {
            0 => None,
            n if n > SHOWN_UP_TO => Some(format!("↑ {SHOWN_UP_TO}+ new")),
            n => Some(format!("↑ {n} new")),
        }
    }
}

fn at_top(app: &App) -> bool {
    app.activity.at_start && app.activity.sel == 0
}

/// Loads the window. On a refresh, a selection on the first row follows the top (new
/// rows come into view selected); one further down stays on its record, and the rows
/// that arrived above it are counted for the title.
pub fn reload(
    app: &mut App,
    src: &impl Fetch<Interaction, (i64, i64)>,
    cap: usize,
    keep: bool,
) -> Result<()> {
    let following = !keep || at_top(app);
    app.activity.reload(src, cap, keep, |a, b| a.id == b.id)?;
    if following {
        if app.activity.at_start {
            app.activity.sel = 0;
        } else {
            app.activity.top(src, cap)?;
        }
        seen_all(app, src);
    } else if let Some(k) = app.activity_new.newest_seen {
        app.activity_new.count = src.fetch(&Cursor::Before(k), SHOWN_UP_TO + 1)?.len();
    }
    Ok(())
}

/// After a move: back at the top, everything above has been seen.
pub fn moved(app: &mut App, src: &impl Fetch<Interaction, (i64, i64)>) {
    if at_top(app) {
        seen_all(app, src);
    }
}

fn seen_all(app: &mut App, src: &impl Fetch<Interaction, (i64, i64)>) {
    app.activity_new = Arrivals {
        newest_seen: app.activity.rows.first().map(|r| src.key(r)),
        count: 0,
    };
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
