//! Pipeline (open deals per stage) and forecast (open deals per expected-close month).

use chrono::NaiveDate;

use super::from_x100;
use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::{Deal, Result};
use crate::store::Reader;

#[derive(Debug, Clone, PartialEq)]
pub struct PipelineRow {
    pub stage: String,
    pub currency: Currency,
    pub count: i64,
    pub value: Money,
    /// Σ value × probability (the deal's override, else its stage's default).
    pub weighted: Money,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pipeline {
    /// Stages in pipeline order; within a stage, currencies in code order.
    pub rows: Vec<PipelineRow>,
}

impl Pipeline {
    /// Totals per currency over all stages.
    pub fn totals(&self) -> Vec<PipelineRow> {
        let mut out: Vec<PipelineRow> = Vec::new();
        for r in &self.rows {
            match out.iter_mut().find(|t| t.currency == r.currency) {
                Some(t) => {
                    t.count += r.count;
                    t.value.minor += r.value.minor;
                    t.weighted.minor += r.weighted.minor;
                }
                None => out.push(PipelineRow {
                    stage: "total".into(),
                    ..r.clone()
                }),
            }
        }
        out.sort_by_key(|r| r.currency);
        out
    }
}

pub fn pipeline(r: Reader<'_>) -> Result<Pipeline> {
    let stages = r.stages()?;
    let rows = r
        .pipeline_totals()?
        .into_iter()
        .map(|t| PipelineRow {
            stage: stages
                .iter()
                .find(|s| s.id == t.stage_id)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            currency: t.currency,
            count: t.count,
            value: Money::new(t.value, t.currency),
            weighted: Money::new(from_x100(t.weighted_x100), t.currency),
        })
        .collect();
    Ok(Pipeline { rows })
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    /// `YYYY-MM`
    pub month: String,
    pub currency: Currency,
    pub count: i64,
    pub value: Money,
    pub weighted: Money,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Forecast {
    /// Open deals expected to close from today on, by month.
    pub months: Vec<ForecastRow>,
    /// Open deals whose expected close has passed, soonest first.
    pub overdue: Vec<Deal>,
    /// Open deals with no expected close date, per currency (month is empty).
    pub undated: Vec<ForecastRow>,
}

/// `since`/`until` bound the expected-close dates of the months (until exclusive).
pub fn forecast(
    r: Reader<'_>,
    today: NaiveDate,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<Forecast> {
    let from = since
        .map_or(today, |s| s.max(today))
        .format("%Y-%m-%d")
        .to_string();
    let until = until.map(|u| u.format("%Y-%m-%d").to_string());
    let mut f = Forecast::default();
    for t in r.forecast_totals(Some(&from), until.as_deref())? {
        let row = ForecastRow {
            month: t.month.clone().unwrap_or_default(),
            currency: t.currency,
            count: t.count,
            value: Money::new(t.value, t.currency),
            weighted: Money::new(from_x100(t.weighted_x100), t.currency),
        };
        if t.month.is_some() {
            f.months.push(row);
        } else {
            f.undated.push(row);
        }
    }
    f.overdue = r.deals_closing_by(today.pred_opt().unwrap_or(today), None)?;
    Ok(f)
}
