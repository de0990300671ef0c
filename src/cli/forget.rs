//! `crm contact forget REF --yes` (erase a person everywhere) and `crm purge` (empty the
//! trash undo relies on). The decisions are in `ops/privacy.rs`.

use crate::domain::*;
use crate::ops::privacy;
use crate::resolve;
use crate::store::{Erased, Reader};

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct ForgetArgs {
    /// Id, e-mail or name (a removed contact by its #id)
    reference: String,
    /// Erase for good (without it, crm says what would be erased and changes nothing)
    #[arg(long, short)]
    yes: bool,
}

/// A live contact by REF, else a removed one by its id.
fn any_contact(r: Reader<'_>, reference: &str) -> Result<ContactId> {
    resolve::contact(r, reference).or_else(|e| {
        let id = reference.trim().trim_start_matches('#').parse::<i64>().ok();
        match id.map(ContactId) {
            Some(id) if r.contact_name_any(id)?.is_some() => Ok(id),
            _ => Err(e),
        }
    })
}

pub fn forget(ctx: &Ctx, args: ForgetArgs) -> Result<()> {
    let r = ctx.store.read();
    let id = any_contact(r, &args.reference)?;
    let name = r.contact_name_any(id)?.unwrap_or_default();
    let done = privacy::forget(&ctx.store, &ctx.now, id, !args.yes)?;
    let list = erased_list(&done.erased);
    let deals = deals_note(&done.erased, done.deals_retitled);
    if done.dry_run {
        return Err(Error::invalid(format!(
            "crm contact forget would erase #{id} {name} everywhere, for good: {list}.{deals} \
             Changes that wrote their records can no longer be undone ({} of them), nor can the forget. \
             Add --yes to do it.",
            done.erased.changes_sealed
        )));
    }
    if ctx.out.json {
        return ctx.out.json(&done);
    }
    let queued = match done.queued_dropped {
        0 => String::new(),
        n => format!(" {n} change(s) about them that waited in the queue were dropped."),
    };
    ctx.out.done(&format!(
        "Forgot contact #{id} {name}: erased {list}.{deals}{queued} {} earlier change(s) can no longer be undone. \
         History keeps one tombstone: #{id} forgotten, when and by whom.",
        done.erased.changes_sealed
    ));
    Ok(())
}

/// "1 contact, 2 e-mails, …" (what was or would be erased), for forget and purge.
pub(super) fn erased_list(e: &Erased) -> String {
    let parts = [
        (e.contacts, "contact record"),
        (e.emails, "e-mail"),
        (e.phones, "phone"),
        (e.tags, "tag"),
        (e.fields, "custom field"),
        (e.interactions, "interaction"),
        (e.tasks, "task"),
        (e.cases, "support case"),
        (e.history, "history row"),
        (e.undo_images, "undo image"),
        (e.import_items, "import-log item"),
    ];
    parts
        .iter()
        .map(|(n, what)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What happens to the person's deals, as a sentence (empty when they have none).
pub(super) fn deals_note(e: &Erased, retitled: usize) -> String {
    match (e.deals_unlinked, retitled) {
        (0, _) => String::new(),
        (n, 0) => format!(" {n} deal(s) stay, without a contact."),
        (n, r) => format!(
            " {n} deal(s) stay, without a contact ({r} with the name taken out of the title)."
        ),
    }
}
