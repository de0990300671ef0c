//! The duplicate review (DESIGN §12), opened from Contacts: one likely pair at a time,
//! both records side by side with the reasons. `m` merges (after a preview and `y`),
//! `k` keeps both (they leave the list), `j`/`n` the next pair, `Esc` back.

use crate::domain::Contact;
use crate::ops::dupes::DupePair;

use super::Effect;
use crate::tui::app::App;
use crate::tui::effects::Write;
use crate::tui::keys::Action;

/// Pairs a review reads at most, best first: more than anyone clears in one sitting.
pub const PAIRS: usize = 200;

/// One pair with both records as they are now.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub pair: DupePair,
    pub a: Contact,
    pub b: Contact,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub pairs: Vec<Candidate>,
    /// The pair shown.
    pub sel: usize,
}

impl Review {
    pub fn new(pairs: Vec<Candidate>) -> Review {
        Review { pairs, sel: 0 }
    }

    pub fn current(&self) -> Option<&Candidate> {
        self.pairs.get(self.sel)
    }

    /// The pairs read again: the same pair stays shown when it is still there, else the
    /// one that took its place.
    pub fn replace(&mut self, pairs: Vec<Candidate>) {
        let at = self.current().map(|c| (c.a.id, c.b.id));
        self.sel = at
            .and_then(|at| pairs.iter().position(|c| (c.a.id, c.b.id) == at))
            .unwrap_or(self.sel)
            .min(pairs.len().saturating_sub(1));
        self.pairs = pairs;
    }
}

/// Keys on the review page (fixed, like a confirmation's: see `keys::review_action`).
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(super::contact_page::Page::Dupes(review)) = app.pages.last_mut() else {
        return Vec::new();
    };
    let last = review.pairs.len().saturating_sub(1);
    match action {
        Action::Close | Action::Back => {
            app.pages.pop();
            return Vec::new();
        }
        Action::NextPair => review.sel = (review.sel + 1).min(last),
        Action::PrevPair => review.sel = review.sel.saturating_sub(1),
        Action::MergePair => {
            if let Some(c) = review.current() {
                // The older record stays; the preview says what it gains.
                return vec![Effect::AskMerge {
                    keep: c.a.id,
                    other: c.b.id,
                }];
            }
        }
        Action::KeepBoth => {
            if let Some(c) = review.current() {
                return vec![Effect::Write(Write::NotDupes(c.a.id, c.b.id))];
            }
        }
        _ => {}
    }
    Vec::new()
}
