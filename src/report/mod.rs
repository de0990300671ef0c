//! Reports (DESIGN §7): each is a struct computed from the store. Printing lives with the
//! CLI; the TUI dashboard draws the same structs.

mod activity;
mod funnel;
mod pipeline;
mod simple;

pub use activity::{activity, Activity, WeekKind};
pub use funnel::{funnel, Funnel, FunnelStage};
pub use pipeline::{forecast, pipeline, Forecast, ForecastRow, Pipeline, PipelineRow};
pub use simple::{lifecycle, satisfaction, stale, Satisfaction, StaleContact};

use std::collections::BTreeMap;

use crate::domain::currency::Currency;
use crate::domain::money::Money;

pub use crate::store::Period;

/// `Σ value × probability` (in percent units) back to minor units, rounded half up.
pub(crate) fn from_x100(x: i64) -> i64 {
    (x + 50).div_euclid(100)
}

/// Sums per currency, in currency order.
pub type PerCurrency = BTreeMap<Currency, Money>;

/// `a ÷ b`, or `None` when there is no denominator (never NaN or infinity).
pub fn ratio(a: f64, b: f64) -> Option<f64> {
    if b == 0.0 || !a.is_finite() || !b.is_finite() {
        None
    } else {
        Some(a / b)
    }
}

/// Rounds to `places` decimals, for stable output.
pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}
