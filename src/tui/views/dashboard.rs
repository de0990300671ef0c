//! The dashboard: the same report structs as `crm report`, read whole when shown.

use crate::domain::Lifecycle;
use crate::report;

use super::{Effect, ONLY_DELETE, ONLY_EDIT};
use crate::tui::app::App;
use crate::tui::keys::Action;

/// Everything the dashboard draws.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub pipeline: report::Pipeline,
    pub funnel: report::Funnel,
    pub activity: report::Activity,
    pub lifecycle: Vec<(Lifecycle, i64)>,
    pub overdue_tasks: i64,
    /// Support cases: open by priority and breached now, response times and CSAT over
    /// the twelve weeks.
    pub service: report::Service,
}

/// The Dashboard view's arm of `update`: nothing to select, so little to do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Edit => app.say(ONLY_EDIT),
        Action::Delete => app.say(ONLY_DELETE),
        _ => {}
    }
    Vec::new()
}

/// How many weeks the activity chart shows, at every width.
pub const WEEKS: usize = 12;

/// The Monday of the first of the `WEEKS` ISO weeks that end with the one holding `today`.
pub fn first_week(today: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    let monday = today - chrono::Days::new(today.weekday().num_days_from_monday() as u64);
    monday - chrono::Days::new(7 * (WEEKS as u64 - 1))
}

/// The `WEEKS` weeks as the activity report names them (`2026-W47`), oldest first.
pub fn week_names(today: chrono::NaiveDate) -> Vec<String> {
    use chrono::Datelike;
    let first = first_week(today);
    (0..WEEKS as u64)
        .map(|k| {
            let w = (first + chrono::Days::new(7 * k)).iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_whole_weeks_end_with_this_one() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        let weeks = week_names(today);
        assert_eq!(weeks.len(), 12);
        assert_eq!(weeks.last().unwrap(), "2026-W01");
        assert_eq!(weeks[0], "2025-W42");
        assert_eq!(
            first_week(today),
            chrono::NaiveDate::from_ymd_opt(2025, 10, 13).unwrap()
        );
    }
}
