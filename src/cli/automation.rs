//! After a command's change is committed: say what rules did (on stderr, so standard
//! output stays the command's own), and run the hooks they queued.

use std::io::Write;

use crate::domain::automation::Outbox;
use crate::domain::text::sanitize;
use crate::ops::automation::record_hook_failure;

use super::Ctx;

/// Reports and runs what the rules of this command's changes left in the outbox.
pub fn after(ctx: &Ctx) {
    let out = ctx.store.take_outbox();
    if out.is_empty() {
        return;
    }
    report(ctx, &out);
    run_hooks(ctx, &out);
}

pub(super) fn report(ctx: &Ctx, out: &Outbox) {
    let mut err = std::io::stderr().lock();
    if !ctx.out.quiet {
        for f in &out.fired {
            let _ = writeln!(
                err,
                "rule {:?} ({}): {}",
                sanitize(&f.rule),
                f.event,
                sanitize(&f.did.join("; "))
            );
        }
    }
    for s in &out.skipped {
        let _ = writeln!(err, "warning: {}", sanitize(s));
    }
}

/// Runs each hook; a failure is reported and recorded in history, and the change stands.
pub(super) fn run_hooks(ctx: &Ctx, out: &Outbox) {
    for call in &out.hooks {
        if let Err(e) = crate::hooks::run(call) {
            eprintln!(
                "warning: the hook of rule {:?} failed: {} The change stands; the failure is in crm history.",
                sanitize(&call.rule),
                sanitize(&e)
            );
            if let Err(e) = record_hook_failure(&ctx.store, &ctx.now, call, &e) {
                eprintln!(
                    "warning: could not record the failure: {}",
                    sanitize(&e.to_string())
                );
            }
        }
    }
}
