//! `crm log KIND REF SUMMARY` and the one-liners `log-call`, `log-email`, `log-meeting`, `log-note`.

use crate::export::json;
use std::io::Read;

use crate::domain::{Error, InteractionKind, Result};
use crate::input::log::LogText;
use crate::ops::queue::{self, Logged, QueuedCall};

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// call, email, meeting, note, message or feedback
    kind: String,
    #[command(flatten)]
    rest: OneLiner,
}

#[derive(Debug, clap::Args)]
pub struct OneLiner {
    /// Contact id, e-mail or name
    pub(super) reference: String,
    /// One line: what happened
    pub(super) summary: String,
    /// When it happened [default: now]: yesterday, "2026-11-20 14:00", last fri, ...
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub(super) at: Option<String>,
    /// Accept an --at more than a day ahead (a meeting logged before it happens)
    #[arg(long, requires = "at")]
    pub(super) future: bool,
    /// How long: 30, 30m, 1h, 1h30m
    #[arg(long, allow_hyphen_values = true)]
    pub(super) duration: Option<String>,
    /// The deal it was about
    #[arg(long, value_name = "ID")]
    pub(super) deal: Option<String>,
    /// in or out [default: out; notes have none]
    #[arg(long)]
    pub(super) direction: Option<String>,
    /// Feedback score 0-10
    #[arg(long, allow_negative_numbers = true)]
    pub(super) score: Option<i64>,
    /// Longer text, or - to read it from standard input (at most 1 MiB; control
    /// characters but line breaks and tabs are dropped)
    #[arg(long, value_name = "TEXT|-")]
    pub(super) body: Option<String>,
    /// The support case it belongs to (the contact's own): an outbound one is its first
    /// response, an inbound one reopens a pending case
    #[arg(long = "case", value_name = "ID")]
    pub(super) case_id: Option<String>,
}

pub fn run(ctx: &Ctx, args: LogArgs) -> Result<()> {
    let kind = InteractionKind::parse(&args.kind)?;
    one_liner(ctx, kind, args.rest)
}

/// `--body TEXT`, or `--body -` read from standard input: at most
/// [`crate::import::MAX_TEXT`], cleaned like imported text.
pub(super) fn body(text: Option<String>) -> Result<Option<String>> {
    let text = match text.as_deref() {
        Some("-") => {
            let mut bytes = Vec::new();
            let limit = crate::import::MAX_TEXT as u64 + 1;
            let cannot = |e: &dyn std::fmt::Display| {
                Error::invalid(format!("cannot read the body from standard input: {e}."))
            };
            std::io::stdin()
                .lock()
                .take(limit)
                .read_to_end(&mut bytes)
                .map_err(|e| cannot(&e))?;
            if bytes.len() > crate::import::MAX_TEXT {
                return Err(too_long());
            }
            Some(String::from_utf8(bytes).map_err(|e| cannot(&e))?)
        }
        _ => text,
    };
    match text {
        Some(t) if t.len() > crate::import::MAX_TEXT => Err(too_long()),
        Some(t) => Ok(Some(crate::import::clean_text(&t).into_owned())),
        None => Ok(None),
    }
}

fn too_long() -> Error {
    Error::invalid(
        "the body is over the limit of 1 MiB (1,048,576 bytes); nothing was written. Keep the text in a file and log a summary of it.",
    )
}

pub fn one_liner(ctx: &Ctx, kind: InteractionKind, a: OneLiner) -> Result<()> {
    let body = body(a.body)?;
    let text = LogText {
        kind,
        contact: a.reference,
        summary: a.summary,
        at: a.at,
        duration: a.duration,
        deal: a.deal,
        direction: a.direction,
        score: a.score,
        body,
        case: a.case_id,
        future: a.future,
    };
    let input = text.typed(ctx.store.read(), &ctx.now)?;
    let i = match queue::log_or_queue(&ctx.store, &ctx.now, input)? {
        Logged::Written(i) => i,
        Logged::Queued(q) => return say_queued(ctx, &q),
    };
    if ctx.out.json {
        return ctx.out.json(&json::interaction(&i));
    }
    ctx.out.done(&format!(
        "Logged {} with #{} {} (interaction #{}).",
        i.kind, i.contact_id, i.contact, i.id
    ));
    // Filed under a case: say where the case stands now (the customer writing opens a
    // pending one again; the first reply stops its first-response clock).
    if let Some(k) = i.case_id {
        let k = crate::ops::cases::load(ctx.store.read(), k)?;
        ctx.out.done(&format!(
            "Case #{} {} is {}{}.",
            k.id,
            k.title,
            k.status,
            if k.first_response_at == Some(i.occurred_at) {
                ", and this is its first response"
            } else {
                ""
            }
        ));
    }
    Ok(())
}

/// Another crm held the write lock (an import): the interaction was checked and queued.
fn say_queued(ctx: &Ctx, q: &QueuedCall) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json(q);
    }
    ctx.out.done(&format!(
        "Logged {} with {} (#{}). Another crm is writing (an import?); this {} is queued and written the moment it ends.",
        q.kind, q.contact, q.contact_id, q.kind
    ));
    Ok(())
}
