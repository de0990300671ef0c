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
