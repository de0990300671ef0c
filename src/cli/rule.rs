//! `crm rule list` and `crm rule test EVENT` (DESIGN §11): the rules as crm read them from
//! the config file, and a dry run of what an event would make them do.

use serde_json::json;

use crate::domain::automation::{Event, EventKind, Outbox, Rule};
use crate::domain::{Direction, Error, InteractionKind, Result};
use crate::ops::automation::trial::{trial, Verdict};
use crate::resolve;

use super::output::Table;
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Every rule of the config file, read back as crm understood it
    List,
    /// Which rules EVENT would fire and what they would do; nothing is written or run
    Test(TestArgs),
}

#[derive(Debug, clap::Args)]
struct TestArgs {
    /// The event: contact.created, deal.stage, deal.won, interaction.logged, contact.idle, …
    event: String,
    /// The contact it is about
    #[arg(long, value_name = "REF")]
    contact: Option<String>,
    /// The deal it is about (its contact too, unless --contact says otherwise)
    #[arg(long, value_name = "ID")]
    deal: Option<String>,
    /// The task it is about (task.done, task.due)
    #[arg(long, value_name = "ID")]
    task: Option<String>,
    /// The support case it is about (case.opened, case.solved; its contact too)
    #[arg(long = "case", value_name = "ID")]
    case: Option<String>,
    /// The stage or lifecycle stage moved to [default: the deal's stage, the contact's lifecycle]
    #[arg(long, value_name = "STAGE")]
    to: Option<String>,
    /// The interaction kind (interaction.logged) [default: call]
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// The interaction direction (interaction.logged) [default: out, none for a note]
    #[arg(long, value_name = "in|out")]
    direction: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    match args.command {
        Sub::List => list(ctx),
        Sub::Test(a) => test(ctx, a),
    }
}

fn rule_json(r: &Rule) -> serde_json::Value {
    json!({
        "name": r.name,
        "on": r.on.as_str(),
        "to": r.to.as_ref().map(|t| t.text()),
        "kind": r.kind,
        "direction": r.direction,
        "days": r.days,
        "within_days": r.within,
        "where": r.condition.as_ref().map(|c| c.text.clone()),
        "segment": r.segment,
        "actions": r.actions.iter().map(|a| a.describe()).collect::<Vec<_>>(),
    })
}

fn list(ctx: &Ctx) -> Result<()> {
    let rules = ctx.config.rules.clone();
    if ctx.out.json {
        return ctx
            .out
            .json(&rules.rules.iter().map(rule_json).collect::<Vec<_>>());
    }
    if rules.is_empty() {
        let at = match &ctx.config.path {
            Some(p) => format!("in {}", p.display()),
            None => "because there is no config file (crm config says where it goes)".into(),
        };
        ctx.out.done(&format!(
            "No rules {at}. Add [[rule]] tables; crm config --default shows commented examples."
        ));
        return Ok(());
    }
    let stages = ctx.store.read().stages()?;
    let mut t = Table::new(&["NAME", "ON", "WHERE", "DOES"]);
    for r in &rules.rules {
        let mut on = r.trigger();
        if r.on == EventKind::DealStage {
            if let Some(to) = &r.to {
                if crate::domain::Stage::named(&stages, &to.text()).is_none() {
                    on.push_str(" (no such stage yet)");
                }
            }
        }
        let mut narrowed: Vec<String> = Vec::new();
        if let Some(s) = &r.segment {
            let missing = crate::ops::segments::find(ctx.store.read(), s).is_err();
            narrowed.push(format!(
                "segment {s}{}",
                if missing { " (no such segment)" } else { "" }
            ));
        }
        if let Some(c) = &r.condition {
            narrowed.push(c.text.clone());
        }
        t.row(vec![
            r.name.clone(),
            on,
            narrowed.join(" and "),
            r.actions
                .iter()
                .map(|a| a.describe())
                .collect::<Vec<_>>()
                .join("; "),
        ]);
    }
    ctx.out.table(&t);
    Ok(())
}

fn test(ctx: &Ctx, a: TestArgs) -> Result<()> {
    let kind = EventKind::parse(&a.event).ok_or_else(|| {
        Error::invalid(format!(
            "unknown event {:?}; use one of: {}.",
            a.event,
            EventKind::names()
        ))
    })?;
    let event = event(ctx, kind, &a)?;
    let t = trial(&ctx.store, &ctx.now, event)?;
    if ctx.out.json {
        return ctx.out.json(&json!({
            "event": kind.as_str(),
            "rules": t.verdicts.iter().map(|(name, v)| json!({
                "name": name,
                "fires": *v == Verdict::Fires,
                "why_not": match v {
                    Verdict::Fires => None,
                    Verdict::OtherDetails => Some("details"),
                    Verdict::WhereFails => Some("where"),
                },
            })).collect::<Vec<_>>(),
            "would": outbox_json(&t.outbox),
        }));
    }
    if t.verdicts.is_empty() {
        ctx.out.done(&format!(
            "No rule listens for {kind}; nothing would happen."
        ));
        return Ok(());
    }
    for (name, v) in &t.verdicts {
        let why = match v {
            Verdict::Fires => "fires".to_string(),
            Verdict::OtherDetails => "does not fire: it asks for another to/kind/direction".into(),
            Verdict::WhereFails => "does not fire: its where does not hold".into(),
        };
        ctx.out.done(&format!("rule {name:?}: {why}"));
    }
    for f in &t.outbox.fired {
        ctx.out.done(&format!(
            "  would ({} {}): {}",
            f.rule,
            f.event,
            f.did.join("; ")
        ));
    }
    for s in &t.outbox.skipped {
        ctx.out.done(&format!("  {s}"));
    }
    ctx.out
        .done("Nothing was written and no hook was run (this was a test).");
    Ok(())
}

/// What rules did or would do, as JSON (`rule test`, `remind`).
pub(super) fn outbox_json(o: &Outbox) -> serde_json::Value {
    json!({
        "fired": o.fired.iter().map(|f| json!({"rule": f.rule, "event": f.event, "did": f.did})).collect::<Vec<_>>(),
        "hooks": o.hooks.iter().map(|h| json!({"rule": h.rule, "command": match &h.command {
            crate::domain::automation::HookCommand::Argv(a) => json!(a),
            crate::domain::automation::HookCommand::Shell(s) => json!({"shell": s}),
        }})).collect::<Vec<_>>(),
        "skipped": o.skipped,
    })
}

/// The event `rule test` tries, from what was given (the records must exist).
fn event(ctx: &Ctx, kind: EventKind, a: &TestArgs) -> Result<Event> {
    let r = ctx.store.read();
    let deal = a.deal.as_deref().map(|d| resolve::deal(r, d)).transpose()?;
    let contact = match &a.contact {
        Some(c) => Some(resolve::contact(r, c)?),
        None => deal.as_ref().and_then(|d| d.contact_id),
    };
    let task = match &a.task {
        Some(t) => Some(crate::ops::tasks::load(r, crate::input::task::task_id(t)?)?),
        None => None,
    };
    let case = match &a.case {
        Some(k) => Some(crate::ops::cases::load(r, crate::input::case::case_id(k)?)?),
        None => None,
    };
    let needs =
        |what: &str| Error::invalid(format!("{kind} is about a {what}; name one with --{what}."));
    let mut e = Event::new(kind).contact(
        contact
            .or(task.as_ref().and_then(|t| t.contact_id))
            .or(case.as_ref().map(|k| k.contact_id)),
    );
    if let Some(k) = &case {
        e.case_id = Some(k.id);
    }
    if let Some(t) = &task {
        e = e.task(t.id);
    }
    if let Some(d) = &deal {
        e = e.deal(d.id);
    }
    match kind {
        k if k.is_about_deal() && deal.is_none() => return Err(needs("deal")),
        EventKind::TaskDone | EventKind::TaskDue if task.is_none() => return Err(needs("task")),
        EventKind::CaseOpened | EventKind::CaseSolved if case.is_none() => {
            return Err(needs("case"))
        }
        k if !k.is_about_deal()
            && !matches!(k, EventKind::TaskDone | EventKind::TaskDue)
            && e.contact_id.is_none() =>
        {
            return Err(needs("contact"))
        }
        _ => {}
    }
    match kind {
        EventKind::DealStage => {
            e.to = Some(match &a.to {
                Some(t) => t.clone(),
                None => deal.as_ref().map(|d| d.stage.clone()).unwrap_or_default(),
            });
        }
        EventKind::ContactLifecycle => {
            let to = match &a.to {
                Some(t) => crate::domain::Lifecycle::parse(t)?,
                None => match e.contact_id {
                    Some(id) => crate::ops::contacts::load(r, id)?.lifecycle,
                    None => return Err(needs("contact")),
                },
            };
            e.to = Some(to.to_string());
        }
        EventKind::InteractionLogged => {
            let k = match &a.kind {
                Some(k) => InteractionKind::parse(k)?,
                None => InteractionKind::Call,
            };
            e.kind = Some(k);
            e.direction = match &a.direction {
                Some(d) => Some(Direction::parse(d)?),
                None if k == InteractionKind::Note => None,
                None => Some(Direction::Out),
            };
        }
        k if k.is_timed() => {
            e.occurrence = Some("test".into());
            e.days = Some(0);
        }
        _ => {}
    }
    if a.to.is_some() && !matches!(kind, EventKind::DealStage | EventKind::ContactLifecycle) {
        return Err(Error::invalid(format!(
            "{kind} has no --to; it is for deal.stage and contact.lifecycle."
        )));
    }
    Ok(e)
}
