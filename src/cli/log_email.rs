//! `crm log-email`: a one-liner (`crm log-email REF SUMMARY`), or a whole message read
//! from a file or standard input (`--eml FILE|-`), as a mail client's pipe gives it.

use std::io::Read;

use crate::domain::text::sanitize;
use crate::domain::{Error, InteractionKind, Result};
use crate::export::json;
use crate::import::eml::{self, MAX_MESSAGE_BYTES};
use crate::ops::email::{EmailToLog, Logged};
use crate::ops::queue::{self, Done};
use crate::resolve;

use super::log::OneLiner;
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Contact id, e-mail or name (not with --eml)
    #[arg(required_unless_present = "eml")]
    reference: Option<String>,
    /// One line: what happened (not with --eml: the Subject is)
    #[arg(required_unless_present = "eml")]
    summary: Option<String>,
    /// Log an RFC 5322 message (a .eml file, or - for standard input): the Subject is the
    /// summary, the text part the body, the Date the time; from one of your addresses
    /// (config me) it is outbound, else inbound
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["reference", "summary", "at", "duration", "direction", "score", "body"])]
    eml: Option<String>,
    /// With --eml: add the other party as a contact when no contact has their address
    #[arg(long, requires = "eml")]
    add: bool,
    /// With --eml: the contact to log it with, instead of matching the addresses
    #[arg(long, value_name = "REF", requires = "eml")]
    contact: Option<String>,
    /// When it happened [default: now]: yesterday, "2026-11-20 14:00", last fri, ...
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    at: Option<String>,
    /// Accept an --at more than a day ahead
    #[arg(long, requires = "at")]
    future: bool,
    /// How long: 30, 30m, 1h, 1h30m
    #[arg(long, allow_hyphen_values = true)]
    duration: Option<String>,
    /// The deal it was about
    #[arg(long, value_name = "ID")]
    deal: Option<String>,
    /// in or out [default: out]
    #[arg(long)]
    direction: Option<String>,
    /// Feedback score 0-10
    #[arg(long, allow_negative_numbers = true)]
    score: Option<i64>,
    /// Longer text, or - to read it from standard input
    #[arg(long, value_name = "TEXT|-")]
    body: Option<String>,
    /// The support case it belongs to (the contact's own). With --eml a reply is filed
    /// under its thread's case by itself
    #[arg(long = "case", value_name = "ID")]
    case_id: Option<String>,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let Some(path) = a.eml else {
        if a.add || a.contact.is_some() {
            return Err(Error::invalid(
                "--add and --contact go with --eml; crm log-email REF SUMMARY names its contact.",
            ));
        }
        let one = OneLiner {
            reference: a.reference.unwrap_or_default(),
            summary: a.summary.unwrap_or_default(),
            at: a.at,
            future: a.future,
            duration: a.duration,
            deal: a.deal,
            direction: a.direction,
            score: a.score,
            body: a.body,
            case_id: a.case_id,
        };
        return super::log::one_liner(ctx, InteractionKind::Email, one);
    };
    let raw = read_message(&path)?;
    let message = eml::parse(&raw)?;
    let r = ctx.store.read();
    let contact = a
        .contact
        .as_deref()
        .map(|c| resolve::contact(r, c))
        .transpose()?;
    let deal = a
        .deal
        .as_deref()
        .map(|d| resolve::deal(r, d).map(|d| d.id))
        .transpose()?;
    let case = a
        .case_id
        .as_deref()
        .map(|c| {
            crate::domain::parse_id(c).ok_or_else(|| {
                Error::invalid(format!("{c:?} is not a case id; crm case list shows them."))
            })
        })
        .transpose()?;
    let input = EmailToLog {
        email: message,
        me: ctx.config.me.clone(),
        add: a.add,
        contact,
        case,
        deal,
    };
    let logged = match queue::email_or_queue(&ctx.store, &ctx.now, input)? {
        Done::Written(l) => l,
        Done::Queued(q) => return super::queue::say_queued(ctx, &q),
    };
    match logged {
        Logged::Already(id) => {
            let i = crate::ops::interactions::load(ctx.store.read(), id)?;
            if ctx.out.json {
                let mut v = serde_json::to_value(json::interaction(&i))?;
                v["already_logged"] = true.into();
                return ctx.out.json(&v);
            }
            ctx.out.done(&format!(
                "Already logged as interaction #{} with #{} {}; nothing changed.",
                i.id, i.contact_id, i.contact
            ));
        }
        Logged::New {
            interaction: i,
            added,
            case,
            dated_now,
        } => {
            if dated_now && !ctx.out.quiet {
                eprintln!("warning: the message has no readable Date header; it is logged at the current time.");
            }
            if ctx.out.json {
                let mut v = serde_json::to_value(json::interaction(&i))?;
                v["already_logged"] = false.into();
                v["added_contact"] = added.as_ref().map(|c| c.id.0).into();
                v["case_id"] = case.into();
                return ctx.out.json(&v);
            }
            if let Some(c) = &added {
                ctx.out.done(&format!(
                    "Added contact #{} {} <{}>.",
                    c.id,
                    c.name,
                    c.emails.first().map(String::as_str).unwrap_or_default()
                ));
            }
            let on_case = case.map(|k| format!(" on case #{k}")).unwrap_or_default();
            ctx.out.done(&format!(
                "Logged email {} with #{} {}: {} (interaction #{}{on_case}).",
                i.direction.map(|d| d.to_string()).unwrap_or_default(),
                i.contact_id,
                i.contact,
                i.summary,
                i.id
            ));
        }
    }
    Ok(())
}

/// The message's bytes from a file or standard input, never more than the limit.
pub(super) fn read_message(path: &str) -> Result<Vec<u8>> {
    let mut raw = Vec::new();
    let limit = MAX_MESSAGE_BYTES as u64 + 1;
    if path == "-" {
        use std::io::IsTerminal;
        // A keyboard is not a message: say how to give one instead of waiting for it.
        if std::io::stdin().is_terminal() {
            return Err(Error::invalid(
                "the message is read from standard input: pipe it in (crm ... < message.eml, or from the mail client's pipe command).",
            ));
        }
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut raw)
            .map_err(|e| {
                Error::invalid(format!("cannot read the message from standard input: {e}."))
            })?;
    } else {
        let f = std::fs::File::open(path).map_err(|e| {
            Error::invalid(sanitize(&format!("cannot open the message {path}: {e}.")))
        })?;
        f.take(limit).read_to_end(&mut raw).map_err(|e| {
            Error::invalid(sanitize(&format!("cannot read the message {path}: {e}.")))
        })?;
    }
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(eml::too_big());
    }
    Ok(raw)
}
