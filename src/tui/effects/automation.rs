//! What rules did in the app's changes: said on the status line, and their hooks run on a
//! thread of their own, so a slow hook never holds up the keys. A hook's failure is picked
//! up on a later tick, recorded in history and shown.

use std::sync::{Arc, Mutex};

use crate::domain::automation::{HookCall, Outbox};
use crate::ops::automation::record_hook_failure;
use crate::store::Store;

use super::super::app::App;

/// Runs hooks in the background and keeps the failures until a tick takes them.
#[derive(Debug, Default, Clone)]
pub struct HookRunner {
    failed: Arc<Mutex<Vec<(HookCall, String)>>>,
}

impl HookRunner {
    pub fn spawn(&self, calls: Vec<HookCall>) {
        if calls.is_empty() {
            return;
        }
        let failed = self.failed.clone();
        std::thread::spawn(move || {
            for call in calls {
                if let Err(e) = crate::hooks::run(&call) {
                    if let Ok(mut f) = failed.lock() {
                        f.push((call, e));
                    }
                }
            }
        });
    }

    fn take_failures(&self) -> Vec<(HookCall, String)> {
        self.failed
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default()
    }
}

/// One line for the status bar: what each rule did.
pub fn summary(out: &Outbox) -> Option<String> {
    let mut parts: Vec<String> = out
        .fired
        .iter()
        .map(|f| format!("rule {}: {}", f.rule, f.did.join(", ")))
        .collect();
    parts.extend(out.skipped.iter().cloned());
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Takes what rules left after a write: starts its hooks and returns the summary.
pub fn after_write(store: &Store, app: &App) -> Option<String> {
    let out = store.take_outbox();
    app.hooks.spawn(out.hooks.clone());
    summary(&out)
}

/// Re-scores one batch of contacts when scores are being brought up to date.
pub fn rescore_step(store: &Store, app: &mut App) -> crate::domain::Result<()> {
    if let Some(after) = app.rescoring {
        app.rescoring = crate::ops::scores::refresh_batch(store, &app.now, after)?;
    }
    Ok(())
}

/// Records the hooks that failed since the last tick; true when there were any.
pub fn record_failures(store: &Store, app: &mut App) -> bool {
    let failures = app.hooks.take_failures();
    for (call, error) in &failures {
        let _ = record_hook_failure(store, &app.now, call, error);
        app.fail(crate::domain::Error::invalid(format!(
            "the hook of rule {:?} failed: {error} The change stands.",
            call.rule
        )));
    }
    !failures.is_empty()
}

/// The time-based rules, once at start, so a user without cron still gets what they make
/// (reminders are left to `crm remind`).
pub fn at_start(store: &Store, app: &mut App) -> crate::domain::Result<()> {
    let done = crate::ops::automation::remind::remind(store, &app.now, &app.cadence, false, false)?;
    // Scores age a day at a time; a batch per tick brings them up to date in the background.
    if crate::ops::scores::stale_today(store.read(), &app.now)? {
        app.rescoring = Some(0);
    }
    app.hooks.spawn(done.outbox.hooks.clone());
    if let Some(s) = summary(&done.outbox) {
        app.say(format!("At start, {s}"));
    }
    Ok(())
}
