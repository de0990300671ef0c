//! Bulk writes over a selection (DESIGN §4): `contact edit --where|--segment …` and
//! `task add TITLE --where|--segment …`. One transaction, one change, one `crm undo`.

use crate::domain::filter::Target;
use crate::domain::{ContactId, Lifecycle, Result};
use crate::export::json;
use crate::ops::bulk::{self, ContactEdit};

use super::select::{count_of, Bulk, Select};
use super::Ctx;

/// The contacts a selection picks, the first ten with their names (for a dry run).
fn picked(ctx: &Ctx, select: &Select) -> Result<Picked> {
    let filter = select
        .filter(ctx, Target::Contact)?
        .expect("a bulk write has a selection");
    let r = ctx.store.read();
    let ids = r.contact_ids_matching(&filter, &ctx.now.clock())?;
    let first = ids
        .iter()
        .take(10)
        .map(|id| Ok((*id, crate::ops::contacts::load(r, *id)?.name)))
        .collect::<Result<_>>()?;
    Ok(Picked { ids, first })
}

struct Picked {
    ids: Vec<ContactId>,
    first: Vec<(ContactId, String)>,
}

impl Picked {
    fn rows(&self) -> Vec<String> {
        self.first
            .iter()
            .map(|(id, n)| format!("#{id} {n}"))
            .collect()
    }
}

fn dry_json(ctx: &Ctx, p: &Picked) -> Result<()> {
    let first: Vec<_> = p
        .first
        .iter()
        .map(|(id, name)| serde_json::json!({"id": id.0, "name": name}))
        .collect();
    ctx.out.json(&serde_json::json!({
        "dry_run": true,
        "matched": p.ids.len(),
        "first": first,
    }))
}

fn nothing(ctx: &Ctx) -> Result<()> {
    if ctx.out.json {
        return ctx
            .out
            .json(&serde_json::json!({"matched": 0, "changed": 0}));
    }
    ctx.out.done("No contacts match; nothing was changed.");
    Ok(())
}

/// `contact edit --where EXPR [--add-tag T]… [--rm-tag T]… [--lifecycle L]`.
pub fn edit_contacts(ctx: &Ctx, select: &Select, edit: ContactEdit, how: Bulk) -> Result<()> {
    let list = picked(ctx, select)?;
    if list.ids.is_empty() {
        return nothing(ctx);
    }
    let mut what = Vec::new();
    if !edit.add_tags.is_empty() {
        what.push(format!("add tag {}", edit.add_tags.join(", ")));
    }
    if !edit.rm_tags.is_empty() {
        what.push(format!("remove tag {}", edit.rm_tags.join(", ")));
    }
    if let Some(l) = edit.lifecycle {
        what.push(format!("set lifecycle {}", Lifecycle::as_str(l)));
    }
    match edit.cadence {
        Some(Some(every)) => what.push(format!("set the cadence every {every}")),
        Some(None) => what.push("clear the cadence".to_string()),
        None => {}
    }
    let plan = format!(
        "Will {} {} {}.",
        what.join(" and "),
        if edit.add_tags.is_empty() && edit.rm_tags.is_empty() {
            "on"
        } else {
            "to"
        },
        count_of(list.ids.len(), "contact")
    );
    if how.dry_run && ctx.out.json {
        return dry_json(ctx, &list);
    }
    if !how.go_ahead(ctx, &plan, list.ids.len(), &list.rows())? {
        return Ok(());
    }
    let ids = list.ids;
    let changed = bulk::edit_contacts(&ctx.store, &ctx.now, &ids, &edit)?;
    if ctx.out.json {
        return ctx.out.json(&serde_json::json!({
            "matched": ids.len(),
            "changed": changed,
            "ids": ids.iter().map(|i| i.0).collect::<Vec<_>>(),
        }));
    }
    let same = ids.len() - changed;
    ctx.out.done(&format!(
        "Updated {}{}. Take it back with: crm undo",
        count_of(changed, "contact"),
        if same > 0 {
            format!(" ({} already had those values)", same)
        } else {
            String::new()
        }
    ));
    Ok(())
}

/// `task add TITLE --where EXPR [--due D]`: one task per contact.
pub fn add_tasks(
    ctx: &Ctx,
    select: &Select,
    title: &str,
    due: Option<crate::domain::dates::When>,
    how: Bulk,
) -> Result<()> {
    let list = picked(ctx, select)?;
    if list.ids.is_empty() {
        if ctx.out.json {
            return ctx.out.json(&serde_json::json!([]));
        }
        ctx.out.done("No contacts match; no task was added.");
        return Ok(());
    }
    let plan = format!(
        "Will add the task {title:?} to {}.",
        count_of(list.ids.len(), "contact")
    );
    if how.dry_run && ctx.out.json {
        return dry_json(ctx, &list);
    }
    if !how.go_ahead(ctx, &plan, list.ids.len(), &list.rows())? {
        return Ok(());
    }
    let ids = list.ids;
    let tasks = bulk::add_tasks(&ctx.store, &ctx.now, &ids, title, due)?;
    if ctx.out.json {
        return ctx
            .out
            .json(&tasks.iter().map(json::task).collect::<Vec<_>>());
    }
    let (first, last) = (tasks[0].id, tasks[tasks.len() - 1].id);
    ctx.out.done(&format!(
        "Added {} (#{first}–#{last}). Take them back with: crm undo",
        count_of(tasks.len(), "task")
    ));
    Ok(())
}
