//! Reads for the duplicate review: the pairs with both records, and the merge preview
//! its confirmation shows.

use crate::domain::{ContactId, Result};
use crate::ops;
use crate::store::Store;
use crate::tui::app::App;
use crate::tui::views::contact_page::Page;
use crate::tui::views::dupes::{Candidate, Review, PAIRS};

use super::Write;

/// The best pairs with both records as they are now.
pub fn pairs(store: &Store) -> Result<Vec<Candidate>> {
    let r = store.read();
    ops::dupes::find(r, ops::dupes::DEFAULT_MIN_SCORE, Some(PAIRS))?
        .into_iter()
        .map(|pair| {
            Ok(Candidate {
                a: ops::contacts::load(r, pair.a.id)?,
                b: ops::contacts::load(r, pair.b.id)?,
                pair,
            })
        })
        .collect()
}

/// Opens the review over the view (saying so when there is nothing to review).
pub fn open(store: &Store, app: &mut App) -> Result<()> {
    let found = pairs(store)?;
    if found.is_empty() {
        app.say("No likely duplicates: nothing to review.");
        return Ok(());
    }
    let n = found.len();
    app.pages.push(Page::Dupes(Box::new(Review::new(found))));
    app.say(format!(
        "{n} likely duplicate pair{}, best first.",
        if n == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// Asks before a merge, saying what KEEP gains and what moves to it.
pub fn ask_merge(store: &Store, app: &mut App, keep: ContactId, other: ContactId) -> Result<()> {
    let p = ops::contacts::merge_preview(store.read(), &app.now, keep, other)?;
    let ch = &p.changes;
    let mut gains: Vec<String> = Vec::new();
    gains.extend(ch.emails.iter().map(|e| format!("e-mail {e}")));
    gains.extend(ch.phones.iter().map(|ph| format!("phone {ph}")));
    gains.extend(ch.tags.iter().map(|t| format!("tag {t}")));
    gains.extend(ch.filled.iter().map(|(f, v)| format!("{f} {v}")));
    gains.extend(ch.fields.iter().map(|(k, v)| format!("{k} {v}")));
    let gains = if gains.is_empty() {
        "nothing new".to_string()
    } else {
        gains.join(", ")
    };
    let message = format!(
        "Merge #{} {} into #{} {}? It gains {gains}; {} interactions, {} deals and {} tasks move. u undoes it.",
        p.other.id, p.other.name, p.keep.id, p.keep.name, p.interactions, p.deals, p.tasks
    );
    app.ask(message, Write::Merge(keep, other));
    Ok(())
}
