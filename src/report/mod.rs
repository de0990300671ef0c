//! Reports (DESIGN §7): each is a struct computed from the store. Printing lives with the
//! CLI; the TUI dashboard draws the same structs.

mod activity;
mod funnel;
mod pipeline;
mod service;
mod simple;
mod won;

pub use activity::{activity, Activity, WeekKind};
pub use funnel::{funnel, Funnel, FunnelStage};
pub use pipeline::{forecast, pipeline, Forecast, ForecastRow, Pipeline, PipelineRow};
pub use service::{median, service, Service};
pub use simple::{lifecycle, satisfaction, stale, Satisfaction, StaleContact};
pub use won::{won, Won, WonRow};

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

/// Rounds to `places` decimals, for tables (JSON keeps the exact figure).
pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// A mean or rate of money (an average won value, a velocity): exact, in minor units, for
/// JSON; tables round it to the currency's minor unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub minor: f64,
    pub currency: Currency,
}

impl Amount {
    pub fn new(minor: f64, currency: Currency) -> Amount {
        Amount { minor, currency }
    }

    /// In major units (`4500.5`), unrounded.
    pub fn major(self) -> f64 {
        self.minor / 10f64.powi(self.currency.exponent() as i32)
    }

    /// Rounded half away from zero to the currency's minor unit.
    pub fn rounded(self) -> Money {
        Money::new(self.minor.round() as i64, self.currency)
    }
}
