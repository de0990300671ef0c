//! The funnel of deals created in a period, from their stage history.

use std::collections::BTreeMap;

use super::{ratio, Amount, Period};
use crate::domain::currency::Currency;
use crate::domain::{DealStatus, Result};
use crate::store::Reader;

#[derive(Debug, Clone, PartialEq)]
pub struct FunnelStage {
    pub stage: String,
    /// Deals that were ever in this stage (`won`: deals won).
    pub reached: i64,
    /// Deals whose furthest point is this stage or a later one: a won deal is past every
    /// stage; an open or lost one got as far as the furthest stage it was ever in.
    pub at_least: i64,
    /// at_least(next row) ÷ at_least(this row), never above 1; `None` for the last row or
    /// an empty one.
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
    pub avg_won_value: BTreeMap<Currency, Amount>,
    /// Mean days from created to won.
    pub avg_cycle_days: Option<f64>,
    /// open deals × win rate × average won value ÷ average cycle, per currency, per day.
    pub velocity_per_day: BTreeMap<Currency, Amount>,
}

/// Nothing is rounded here: JSON shows the exact ratios and means, tables round them.
pub fn funnel(r: Reader<'_>, period: Period) -> Result<Funnel> {
    let stages = r.stages()?;
    let deals = r.funnel_deals(period)?;
    let mut f = Funnel {
        deals: deals.len() as i64,
        ..Default::default()
    };
    let mut reached: Vec<i64> = vec![0; stages.len()];
    // How many deals got exactly as far as each stage (index), won deals apart.
    let mut furthest: Vec<i64> = vec![0; stages.len()];
    let mut won_sum: BTreeMap<Currency, (i64, i64)> = BTreeMap::new();
    let mut open_count: BTreeMap<Currency, i64> = BTreeMap::new();
    let mut cycle_secs: i64 = 0;
    for d in &deals {
        let mut far: Option<usize> = None;
        for (i, s) in stages.iter().enumerate() {
            if d.stages.contains(&s.id) {
                reached[i] += 1;
                far = Some(i);
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
            status => {
                if let Some(i) = far {
                    furthest[i] += 1;
                }
                if status == DealStatus::Lost {
                    f.lost += 1;
                } else {
                    f.open += 1;
                    *open_count.entry(d.currency).or_default() += 1;
                }
            }
        }
    }
    // at_least of a stage: the deals that got exactly that far or further, won ones included.
    let mut at_least = vec![0; stages.len()];
    let mut further = f.won;
    for i in (0..stages.len()).rev() {
        further += furthest[i];
        at_least[i] = further;
    }
    let mut rows: Vec<(String, i64, i64)> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), reached[i], at_least[i]))
        .collect();
    rows.push(("won".into(), f.won, f.won));
    f.stages = rows
        .iter()
        .enumerate()
        .map(|(i, (stage, reached, at_least))| FunnelStage {
            stage: stage.clone(),
            reached: *reached,
            at_least: *at_least,
            conversion: rows
                .get(i + 1)
                .and_then(|(_, _, next)| ratio(*next as f64, *at_least as f64)),
        })
        .collect();
    f.win_rate = ratio(f.won as f64, (f.won + f.lost) as f64);
    for (cur, (sum, n)) in &won_sum {
        if let Some(mean) = ratio(*sum as f64, *n as f64) {
            f.avg_won_value.insert(*cur, Amount::new(mean, *cur));
        }
    }
    f.avg_cycle_days = ratio(cycle_secs as f64 / 86_400.0, f.won as f64);
    if let (Some(rate), Some(cycle)) = (f.win_rate, f.avg_cycle_days) {
        for (cur, avg) in &f.avg_won_value {
            let open = open_count.get(cur).copied().unwrap_or(0) as f64;
            if let Some(v) = ratio(open * rate * avg.minor, cycle) {
                f.velocity_per_day.insert(*cur, Amount::new(v, *cur));
            }
        }
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::currency::Currency;
    use crate::ops::deals::{add, move_to, DealChanges, Target};
    use crate::ops::testing::{now, store};

    /// Deals lost in a stage they jumped to would make `reached` grow down the funnel; the
    /// conversion, taken from `at_least`, stays at or below 1.
    #[test]
    fn lost_deals_that_skipped_a_stage_keep_conversion_at_most_one() {
        let s = store();
        let stages = s.read().stages().unwrap();
        let stage = |name: &str| stages.iter().find(|x| x.name == name).unwrap().id;
        let deal = |title: &str| {
            add(
                &s,
                &now(),
                Currency::usd(),
                DealChanges {
                    title: Some(title.into()),
                    ..Default::default()
                },
            )
            .unwrap()
            .id
        };
        for title in ["A", "B"] {
            let id = deal(title);
            move_to(&s, &now(), id, Target::Stage(stage("proposal"))).unwrap();
            move_to(&s, &now(), id, Target::Lost).unwrap();
        }
        let c = deal("C");
        move_to(&s, &now(), c, Target::Stage(stage("qualified"))).unwrap();

        let f = funnel(s.read(), Period::default()).unwrap();
        let rows: Vec<(&str, i64, i64, Option<f64>)> = f
            .stages
            .iter()
            .map(|x| (x.stage.as_str(), x.reached, x.at_least, x.conversion))
            .collect();
        assert_eq!(
            rows,
            [
                ("lead", 3, 3, Some(1.0)),
                ("qualified", 1, 3, Some(2.0 / 3.0)),
                ("proposal", 2, 2, Some(0.0)),
                ("negotiation", 0, 0, None),
                ("won", 0, 0, None),
            ]
        );
        assert_eq!((f.lost, f.open, f.win_rate), (2, 1, Some(0.0)));
    }
}
