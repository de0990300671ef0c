//! Formatting both faces share (the CLI's tables and the TUI's views): relative and local
//! times. Pure: no I/O, no terminal.

use chrono::{DateTime, Utc};

use crate::ops::Now;

/// `2026-11-22 10:00` in local time.
pub fn local_time(now: &Now, at: DateTime<Utc>) -> String {
    now.to_local(at).format("%Y-%m-%d %H:%M").to_string()
}

/// `today`, `yesterday`, `5d ago`, `3mo ago`, or `never`.
pub fn ago(now: &Now, at: Option<DateTime<Utc>>) -> String {
    let Some(at) = at else { return "never".into() };
    let days = (now.today() - now.to_local(at).date()).num_days();
    match days {
        i64::MIN..=-1 => now.to_local(at).format("%Y-%m-%d").to_string(),
        0 => "today".into(),
        1 => "yesterday".into(),
        2..=59 => format!("{days}d ago"),
        60..=729 => format!("{}mo ago", days / 30),
        _ => format!("{}y ago", days / 365),
    }
}
