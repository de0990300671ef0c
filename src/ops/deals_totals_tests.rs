//! The pipeline's totals are kept by triggers (migration 13); whatever happens to deals and
//! stages, they equal the sums over the open deals.

use std::collections::BTreeMap;

use super::*;
use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::ops::testing::{now, store};
use crate::store::DealFilter;

/// (stage, currency) → (count, value, weighted × 100), as kept and as summed afresh.
type Totals = BTreeMap<(i64, String), (i64, i64, i64)>;

fn kept(s: &Store) -> Totals {
    s.read()
        .pipeline_totals()
        .unwrap()
        .into_iter()
        .map(|t| {
            (
                (t.stage_id.0, t.currency.to_string()),
                (t.count, t.value, t.weighted_x100),
            )
        })
        .collect()
}

fn summed(s: &Store) -> Totals {
    let open = s
        .read()
        .deals(&DealFilter {
            status: Some(DealStatus::Open),
            ..Default::default()
        })
        .unwrap();
    let mut out = Totals::new();
    for d in open {
        let p = i64::from(d.probability.unwrap_or(d.stage_probability));
        let e = out
            .entry((d.stage_id.0, d.value.currency.to_string()))
            .or_default();
        e.0 += 1;
        e.1 += d.value.minor;
        e.2 += d.value.minor * p;
    }
    out
}

#[test]
fn kept_totals_equal_the_sums_through_every_kind_of_change() {
    let s = store();
    let eur = Currency::parse("EUR").unwrap();
    let stages = s.read().stages().unwrap();
    let mut ids = Vec::new();
    for (i, (minor, cur, prob)) in [
        (10000, Currency::usd(), None),
        (25000, eur, Some(40)),
        (7500, Currency::usd(), Some(90)),
        (1000, eur, None),
    ]
    .into_iter()
    .enumerate()
    {
        let d = add(
            &s,
            &now(),
            Currency::usd(),
            DealChanges {
                title: Some(format!("Deal {i}")),
                value: Some(Money::new(minor, cur)),
                probability: Some(prob),
                stage: Some(stages[i % 2].id),
                ..Default::default()
            },
        )
        .unwrap();
        ids.push(d.id);
    }
    assert_eq!(kept(&s), summed(&s));
    assert_eq!(kept(&s).values().map(|t| t.0).sum::<i64>(), 4);

    // Moves, edits of value, probability and currency, closing, reopening by undo, removal.
    shift(&s, &now(), ids[0], 1).unwrap();
    assert_eq!(kept(&s), summed(&s));
    edit(
        &s,
        &now(),
        ids[1],
        DealChanges {
            value: Some(Money::new(30000, Currency::usd())),
            probability: Some(None),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(kept(&s), summed(&s));
    close(&s, &now(), ids[2], DealStatus::Won, None).unwrap();
    assert_eq!(kept(&s), summed(&s));
    let won = s.read().latest_change().unwrap().unwrap().id;
    crate::ops::undo::undo(&s, &now(), Some(won), false).unwrap();
    assert_eq!(kept(&s), summed(&s));
    remove(&s, &now(), ids[3]).unwrap();
    assert_eq!(kept(&s), summed(&s));

    // A stage's own probability weighs the deals that have none when read.
    stages::edit(&s, &now(), stages[1].id, None, Some(55)).unwrap();
    assert_eq!(kept(&s), summed(&s));
    // Removing a stage moves its deals.
    stages::remove(&s, &now(), stages[1].id, Some(stages[0].id)).unwrap();
    assert_eq!(kept(&s), summed(&s));
}
