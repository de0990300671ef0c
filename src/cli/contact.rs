//! `crm contact add|list|show|edit|rm|merge` (dupes and not-dupes in `contact_dupes.rs`).

use clap::Subcommand;

use crate::domain::*;
use crate::input;
use crate::ops::contacts::{self, ContactChanges};
use crate::resolve;

use super::output::{ago, local_time, narrower, opt, Table};
use super::select::{Bulk, Select};
use super::{confirm, deal, task, Ctx};
use crate::export::json;
use crate::ops::bulk::ContactEdit;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Add a contact; --from-email adds the sender of the message on standard input
    Add {
        /// Full name
        #[arg(required_unless_present = "from_email")]
        name: Option<String>,
        /// Read an e-mail message on standard input and add its sender (From): the name
        /// and address; an address a contact already has changes nothing
        #[arg(long, conflicts_with = "name")]
        from_email: bool,
        /// With --from-email: show who would be added, and write nothing
        #[arg(long, requires = "from_email")]
        dry_run: bool,
        #[command(flatten)]
        fields: Fields,
    },
    /// List contacts, filtered
    #[command(visible_alias = "ls")]
    List(super::contact_list::ListArgs),
    /// A contact's details, deals, tasks and interaction timeline
    Show {
        /// Id, e-mail or name
        reference: String,
        /// How many interactions of the timeline to show
        #[arg(long, default_value_t = 20, value_parser = super::args::positive_count)]
        limit: usize,
    },
    /// Change a contact; flags given replace the old values. With --where or --segment,
    /// add or remove tags, set the lifecycle or the cadence of every contact picked, in one change
    Edit {
        /// Id, e-mail or name (or --where/--segment instead)
        #[arg(required_unless_present_any = ["expr", "segment"])]
        reference: Option<String>,
        #[command(flatten)]
        select: Select,
        /// With --where/--segment: do not ask (needed when not in a terminal)
        #[arg(long, short)]
        yes: bool,
        /// With --where/--segment: show how many and which contacts, change nothing
        #[arg(long)]
        dry_run: bool,
        /// New name
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: Fields,
        /// Add a tag, keeping the others
        #[arg(long, value_name = "TAG")]
        add_tag: Vec<String>,
        /// Remove a tag
        #[arg(long, value_name = "TAG")]
        rm_tag: Vec<String>,
        /// Edit every field as commented TOML in $VISUAL or $EDITOR (else vi)
        #[arg(long)]
        editor: bool,
    },
    /// Remove a contact: its tasks go, its deals stay without a contact (crm undo puts it back)
    #[command(visible_alias = "remove")]
    Rm {
        reference: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Erase a person everywhere, history included (a tombstone stays); --yes to do it
    Forget(super::forget::ForgetArgs),
    /// Move OTHER's e-mails, phones, tags, interactions, deals, tasks and cases to KEEP, and remove OTHER
    Merge {
        /// The contact that stays (id, e-mail or name)
        keep: String,
        /// The contact joined into KEEP and removed
        other: String,
        /// Show what the merge would do, and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Likely duplicates, best first, with a score (0-100) and its reasons
    Dupes(super::contact_dupes::DupesArgs),
    /// Remember that two contacts are different people (contact dupes leaves them out)
    NotDupes(super::contact_dupes::NotDupesArgs),
    /// The lead score (0-100); --explain lists every rule that made it
    Score(super::contact_score::ScoreArgs),
}

#[derive(Debug, clap::Args)]
pub(super) struct Fields {
    /// E-mail address (repeatable; the first is primary)
    #[arg(long, value_name = "E")]
    email: Vec<String>,
    /// Phone number (repeatable)
    #[arg(long, value_name = "P")]
    phone: Vec<String>,
    /// Company name (created if new; "" removes it)
    #[arg(long, value_name = "C")]
    company: Option<String>,
    /// Job title
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// Tag (repeatable)
    #[arg(long, value_name = "T")]
    tag: Vec<String>,
    /// awareness (or lead), consideration, decision, retention (or customer), expansion, churned
    #[arg(long, value_name = "L")]
    lifecycle: Option<String>,
    /// Where the contact came from, e.g. linkedin, referral
    #[arg(long, value_name = "S")]
    source: Option<String>,
    /// Free notes
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// Custom field (repeatable; KEY= removes it)
    #[arg(long, value_name = "KEY=VALUE")]
    field: Vec<String>,
    /// Stay in touch this often, e.g. 2w, month, 3m (none clears it); see crm reconnect
    #[arg(long, value_name = "INTERVAL")]
    every: Option<String>,
    /// Birthday: 1990-03-14, or 03-14 (also --03-14) without the year (none clears it)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    birthday: Option<String>,
}

/// A repeatable flag: absent leaves the value alone; `--email ""` clears the list.
fn list_change(v: Vec<String>) -> Option<Vec<String>> {
    match v.as_slice() {
        [] => None,
        [only] if only.trim().is_empty() => Some(Vec::new()),
        _ => Some(v),
    }
}

pub(super) fn changes(name: Option<String>, f: Fields) -> Result<ContactChanges> {
    Ok(ContactChanges {
        name,
        emails: list_change(f.email),
        phones: list_change(f.phone),
        company: f.company,
        title: f.title,
        lifecycle: f
            .lifecycle
            .as_deref()
            .map(input::contact::lifecycle)
            .transpose()?,
        source: f.source,
        notes: f.note,
        tags: list_change(f.tag),
        fields: input::contact::fields(&f.field)?,
        cadence: input::contact::cadence(&f.every)?,
        birthday: input::contact::birthday(&f.birthday)?,
        ..Default::default()
    })
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    match args.cmd {
        Cmd::Add {
            dry_run: true,
            from_email: false,
            ..
        } => {
            return Err(Error::invalid(
                "--dry-run goes with --from-email; contact add NAME writes at once.",
            ))
        }
        Cmd::Add {
            name: Some(name),
            fields,
            ..
        } => add(ctx, name, fields)?,
        Cmd::Add {
            fields, dry_run, ..
        } => super::contact_from_email::run(ctx, fields, dry_run)?,
        Cmd::Dupes(a) => super::contact_dupes::dupes(ctx, a)?,
        Cmd::NotDupes(a) => super::contact_dupes::not_dupes(ctx, a)?,
        Cmd::Score(a) => super::contact_score::run(ctx, a)?,
        Cmd::Forget(a) => super::forget::forget(ctx, a)?,
        Cmd::List(a) => super::contact_list::run(ctx, a)?,
        Cmd::Show { reference, limit } => {
            let id = resolve::contact(store.read(), &reference)?;
            let d = contacts::detail(store.read(), now, id, Some(limit))?;
            if out.json {
                let mut v = serde_json::to_value(json::contact(&d.contact))?;
                v["deals"] = d.deals.iter().map(json::deal).collect();
                v["tasks"] = d.tasks.iter().map(json::task).collect();
                v["interactions"] = d.interactions.iter().map(json::interaction).collect();
                v["cases"] = d
                    .cases
                    .iter()
                    .map(|k| super::case::to_json(ctx, k))
                    .collect();
                return out.json(&v);
            }
            show(ctx, &d);
        }
        Cmd::Edit {
            reference,
            select,
            yes,
            dry_run,
            name,
            fields,
            add_tag,
            rm_tag,
            editor,
        } => match reference {
            Some(_) if select.given() => {
                return Err(Error::invalid(
                    "give either a contact REF or --where/--segment, not both.",
                ))
            }
            Some(reference) if editor => {
                let mut ch = changes(name, fields)?;
                ch.add_tags = add_tag;
                ch.rm_tags = rm_tag;
                super::contact_editor::run(ctx, &reference, ch.is_empty())?
            }
            Some(reference) => edit(ctx, &reference, name, fields, (add_tag, rm_tag))?,
            None if editor => {
                return Err(Error::invalid(
                    "--editor edits one contact: give its REF, not --where or --segment.",
                ))
            }
            None => {
                let edit = bulk_edit(name, fields, add_tag, rm_tag)?;
                super::bulk::edit_contacts(ctx, &select, edit, Bulk { yes, dry_run })?
            }
        },
        Cmd::Rm { reference, yes } => {
            let id = resolve::contact(store.read(), &reference)?;
            let c = contacts::load(store.read(), id)?;
            confirm(yes, &format!("Remove contact #{} {}?", c.id, c.name))?;
            let r = contacts::remove_with_records(store, now, id)?;
            out.done(&format!(
                "Removed contact #{} {}: {} task(s) removed, {} deal(s) kept without a contact, \
                 {} case(s) and the interactions kept with the removed record; crm undo puts it all back, \
                 crm purge empties the trash after 30 days.",
                c.id, c.name, r.tasks_removed, r.deals_unlinked, r.cases_kept
            ));
        }
        Cmd::Merge {
            keep,
            other,
            dry_run,
        } => {
            let keep = resolve::contact(store.read(), &keep)?;
            let other = resolve::contact(store.read(), &other)?;
            if dry_run {
                let p = contacts::merge_preview(store.read(), now, keep, other)?;
                return merge_preview(ctx, &p);
            }
            let c = contacts::merge(store, now, keep, other)?;
            if out.json {
                return out.json(&json::contact(&c));
            }
            out.done(&format!("Merged into contact #{} {}.", c.id, c.name));
        }
    }
    Ok(())
}

/// `contact add`, with a warning when someone of that name is already there.
fn add(ctx: &Ctx, name: String, fields: Fields) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let namesakes = contacts::same_name(store.read(), &name)?;
    let c = contacts::add(store, now, changes(Some(name), fields)?)?;
    if !namesakes.is_empty() && !out.quiet {
        let ids: Vec<String> = namesakes.iter().map(|n| format!("#{}", n.id)).collect();
        eprintln!(
            "{}",
            crate::domain::text::sanitize(&format!(
                "warning: {} already exists as {}; if they are one person, join them with crm contact merge {} {}.",
                c.name,
                ids.join(", "),
                namesakes[0].id,
                c.id
            ))
        );
    }
    if out.json {
        return out.json(&json::contact(&c));
    }
    out.done(&format!("Added contact #{} {}.", c.id, c.name));
    Ok(())
}

/// What `contact edit --where` may change: tags and the lifecycle, nothing that is one
/// person's own (a name, an e-mail).
fn bulk_edit(
    name: Option<String>,
    f: Fields,
    add_tags: Vec<String>,
    rm_tags: Vec<String>,
) -> Result<ContactEdit> {
    let own = name.is_some()
        || !f.email.is_empty()
        || !f.phone.is_empty()
        || f.company.is_some()
        || f.title.is_some()
        || !f.tag.is_empty()
        || f.source.is_some()
        || f.note.is_some()
        || f.birthday.is_some()
        || !f.field.is_empty();
    if own {
        return Err(Error::invalid(
            "with --where or --segment, contact edit takes --add-tag, --rm-tag, --lifecycle and --every only.",
        ));
    }
    let lifecycle = f
        .lifecycle
        .as_deref()
        .map(input::contact::lifecycle)
        .transpose()?;
    let cadence = input::contact::cadence(&f.every)?;
    if add_tags.is_empty() && rm_tags.is_empty() && lifecycle.is_none() && cadence.is_none() {
        return Err(Error::invalid(
            "nothing to change: give --add-tag, --rm-tag, --lifecycle or --every with --where or --segment.",
        ));
    }
    Ok(ContactEdit {
        add_tags,
        rm_tags,
        lifecycle,
        cadence,
    })
}

/// `contact edit`; with nothing to change it says so and writes nothing.
fn edit(
    ctx: &Ctx,
    reference: &str,
    name: Option<String>,
    fields: Fields,
    (add_tag, rm_tag): (Vec<String>, Vec<String>),
) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let id = resolve::contact(store.read(), reference)?;
    let mut ch = changes(name, fields)?;
    ch.add_tags = add_tag;
    ch.rm_tags = rm_tag;
    if ch.is_empty() {
        let c = contacts::load(store.read(), id)?;
        if out.json {
            return out.json(&json::contact(&c));
        }
        out.done(&format!(
            "nothing to change: no flag was given for #{} {} (see crm contact edit --help).",
            c.id, c.name
        ));
        return Ok(());
    }
    let (c, changed) = contacts::edit_checked(store, now, id, ch)?;
    if out.json {
        return out.json(&json::contact(&c));
    }
    if changed {
        out.done(&format!("Updated contact #{} {}.", c.id, c.name));
    } else {
        out.done(&format!(
            "nothing to change: #{} {} already has those values.",
            c.id, c.name
        ));
    }
    Ok(())
}

/// `contact merge --dry-run`: what would be filled, joined and moved.
fn merge_preview(ctx: &Ctx, p: &contacts::MergePreview) -> Result<()> {
    let out = &ctx.out;
    let ch = &p.changes;
    if out.json {
        let filled: serde_json::Map<String, serde_json::Value> = ch
            .filled
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone().into()))
            .collect();
        let fields: serde_json::Map<String, serde_json::Value> = ch
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), v.clone().into()))
            .collect();
        return out.json(&serde_json::json!({
            "dry_run": true,
            "keep": {"id": p.keep.id, "name": p.keep.name},
            "other": {"id": p.other.id, "name": p.other.name},
            "filled": filled,
            "emails": ch.emails,
            "phones": ch.phones,
            "tags": ch.tags,
            "fields": fields,
            "moves": {"interactions": p.interactions, "deals": p.deals, "tasks": p.tasks},
            "result": json::contact(&p.merged),
        }));
    }
    let plural = |n: usize, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let mut lines = vec![format!(
        "Merging #{} {} into #{} {} would:",
        p.other.id, p.other.name, p.keep.id, p.keep.name
    )];
    for (field, value) in &ch.filled {
        let verb = if *field == "lifecycle" { "move" } else { "set" };
        lines.push(format!(
            "  {verb} {field} to {}",
            value.replace('\n', " / ")
        ));
    }
    for (what, list) in [
        ("e-mails", &ch.emails),
        ("phones", &ch.phones),
        ("tags", &ch.tags),
    ] {
        if !list.is_empty() {
            lines.push(format!("  add {what}: {}", list.join(", ")));
        }
    }
    for (k, v) in &ch.fields {
        lines.push(format!("  add field {k}: {v}"));
    }
    if ch.is_empty() {
        lines.push(format!(
            "  add nothing to #{} (it has all of it)",
            p.keep.id
        ));
    }
    lines.push(format!(
        "  move {}, {} and {}",
        plural(p.interactions, "interaction"),
        plural(p.deals, "deal"),
        plural(p.tasks, "task")
    ));
    lines.push(format!("  remove #{} {}", p.other.id, p.other.name));
    lines.push("Nothing was written; run it again without --dry-run to merge.".into());
    for l in lines {
        out.line(&crate::domain::text::sanitize(&l));
    }
    Ok(())
}

fn show(ctx: &Ctx, d: &contacts::ContactDetail) {
    let (out, now, c) = (&ctx.out, &ctx.now, &d.contact);
    out.line(&out.bold(&format!(
        "#{} {}",
        c.id,
        crate::domain::text::sanitize(&c.name)
    )));
    let mut t = Table::new(&["", ""]);
    let mut field = |k: &str, v: String| {
        if !v.is_empty() {
            t.row(vec![k.to_string(), v]);
        }
    };
    field("Company", opt(&c.company));
    field("Title", opt(&c.title));
    field("E-mail", c.emails.join(", "));
    field("Phone", c.phones.join(", "));
    field("Lifecycle", c.lifecycle.to_string());
    field(
        "Score",
        d.score
            .map(|s| format!("{s}/100 (crm contact score {} --explain)", c.id))
            .unwrap_or_default(),
    );
    field("Source", opt(&c.source));
    field("Tags", c.tags.join(", "));
    let since = now.to_local(crate::domain::cadence::since(c));
    field(
        "Stay in touch",
        ctx.config.cadence.describe(c, since).unwrap_or_default(),
    );
    field(
        "Birthday",
        c.birthday.map(|b| b.to_string()).unwrap_or_default(),
    );
    for (k, v) in &c.fields {
        field(k, v.clone());
    }
    field("Last contact", ago(now, c.last_contact_at));
    field("Added", local_time(now, c.created_at));
    field("Notes", opt(&c.notes));
    // The empty header row is dropped: these are label/value pairs.
    let rendered = {
        let mut s = String::new();
        for line in t.render_within(out, narrower(out)).lines().skip(1) {
            s.push_str("  ");
            s.push_str(line);
            s.push('\n');
        }
        s
    };
    out.print(&rendered);

    out.heading(&format!("Deals ({})", d.deals.len()));
    if d.deals.is_empty() {
        out.line(
            &out.dim("  none — open one with: crm deal add TITLE --contact REF --value AMOUNT"),
        );
    } else {
        out.print(&indent(
            &deal::table(ctx, &d.deals).render_within(out, narrower(out)),
        ));
    }
    let open: Vec<Task> = d
        .tasks
        .iter()
        .filter(|t| t.done_at.is_none())
        .cloned()
        .collect();
    out.heading(&format!("Tasks ({} open)", open.len()));
    if open.is_empty() {
        out.line(
            &out.dim("  none — add one with: crm task add TITLE --contact REF --due tomorrow"),
        );
    } else {
        out.print(&indent(
            &task::table(ctx, &open).render_within(out, narrower(out)),
        ));
    }
    if !d.cases.is_empty() {
        out.heading(&format!("Cases ({})", d.cases.len()));
        out.print(&indent(
            &super::case::table(ctx, &d.cases).render_within(out, narrower(out)),
        ));
    }
    out.heading(&format!("Timeline ({} latest)", d.interactions.len()));
    if d.interactions.is_empty() {
        out.line(&out.dim("  nothing logged yet — crm log-call REF \"what was said\""));
    } else {
        let mut t = Table::new(&[">ID", "WHEN", "KIND", "", ">LEN", "SUMMARY"]);
        for i in &d.interactions {
            t.row(interaction_cells(ctx, i));
        }
        out.print(&indent(&t.render_within(out, narrower(out))));
    }
}

/// One timeline row; the id first, so `crm interaction edit ID` is one look away.
pub fn interaction_cells(ctx: &Ctx, i: &Interaction) -> Vec<String> {
    let mut summary = i.summary.clone();
    if let Some(s) = i.score {
        summary = format!("[{s}/10] {summary}");
    }
    vec![
        i.id.to_string(),
        local_time(&ctx.now, i.occurred_at),
        i.kind.to_string(),
        i.direction.map(|d| d.to_string()).unwrap_or_default(),
        i.duration_min.map(|m| format!("{m}m")).unwrap_or_default(),
        summary,
    ]
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}
