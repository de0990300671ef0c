//! The funnel of deals created in a period, from their stage history.

use std::collections::BTreeMap;

use super::{ratio, round, Period};
use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::{DealStatus, Result};
use crate::store::Reader;

#[derive(Debug, Clone, PartialEq)]
pub struct FunnelStage {
    pub stage: String,
    /// Deals that were ever in this stage (`won`: deals won).
    pub reached: i64,
    /// reached(next row) ÷ reached(this row); `None` for the last row or an empty one.
    pub conversion: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Funnel {
    pub deals: i64,
    pub stages: Vec<FunnelStage>,
    pub won: i64,
    pub lost: i64,
    pub open: i64,
    /// won ÷ (won + lost)
    pub win_rate: Option<f64>,
    pub avg_won_value: BTreeMap<Currency, Money>,
    /// Mean days from created to won.
    pub avg_cycle_days: Option<f64>,
    /// open deals × win rate × average won value ÷ average cycle, per currency, per day.
    pub velocity_per_day: BTreeMap<Currency, Money>,
}

pub fn funnel(r: Reader<'_>, period: Period) -> Result<Funnel> {
    let stages = r.stages()?;
    let deals = r.funnel_deals(period)?;
    let mut f = Funnel {
        deals: deals.len() as i64,
        ..Default::default()
    };
    let mut reached: Vec<i64> = vec![0; stages.len()];
    let mut won_sum: BTreeMap<Currency, (i64, i64)> = BTreeMap::new();
    let mut open_count: BTreeMap<Currency, i64> = BTreeMap::new();
    let mut cycle_secs: i64 = 0;
    for d in &deals {
        for (i, s) in stages.iter().enumerate() {
            if d.stages.contains(&s.id) {
                reached[i] += 1;
            }
        }
        match d.status {
            DealStatus::Won => {
                f.won += 1;
                let e = won_sum.entry(d.currency).or_default();
                e.0 += d.value;
                e.1 += 1;
                if let Some(closed) = d.closed_at {
                    cycle_secs += (closed - d.created_at).num_seconds().max(0);
                }
            }
            DealStatus::Lost => f.lost += 1,
            DealStatus::Open => {
                f.open += 1;
                *open_count.entry(d.currency).or_default() += 1;
            }
        }
    }
    let mut rows: Vec<(String, i64)> = stages.iter().map(|s| s.name.clone()).zip(reached).collect();
    rows.push(("won".into(), f.won));
    f.stages = rows
        .iter()
        .enumerate()
        .map(|(i, (stage, n))| FunnelStage {
            stage: stage.clone(),
            reached: *n,
            conversion: rows
                .get(i + 1)
                .and_then(|(_, next)| ratio(*next as f64, *n as f64))
                .map(|x| round(x, 4)),
        })
        .collect();
    f.win_rate = ratio(f.won as f64, (f.won + f.lost) as f64).map(|x| round(x, 4));
    for (cur, (sum, n)) in &won_sum {
        f.avg_won_value
            .insert(*cur, Money::new((sum + n / 2) / n, *cur));
    }
    f.avg_cycle_days = ratio(cycle_secs as f64 / 86_400.0, f.won as f64).map(|x| round(x, 2));
    if let (Some(rate), Some(cycle)) = (
        ratio(f.won as f64, (f.won + f.lost) as f64),
        f.avg_cycle_days,
    ) {
        for (cur, avg) in &f.avg_won_value {
            let open = open_count.get(cur).copied().unwrap_or(0) as f64;
            if let Some(v) = ratio(open * rate * avg.minor as f64, cycle) {
                f.velocity_per_day
                    .insert(*cur, Money::new(v.round() as i64, *cur));
            }
        }
    }
    Ok(f)
}
