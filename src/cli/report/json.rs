//! The `--format json` shapes of DESIGN §7. A ratio without a denominator is `null`.

use serde_json::{json, Map, Value};

use crate::domain::currency::Currency;
use crate::export::json::{money, time};
use crate::report::*;

/// Means and rates per currency, exact (not rounded), in major units.
fn per_currency_exact(m: &std::collections::BTreeMap<Currency, Amount>) -> Value {
    Value::Object(
        m.iter()
            .map(|(c, a)| {
                let v = serde_json::Number::from_f64(a.major()).map_or(Value::Null, Value::Number);
                (c.code().to_string(), v)
            })
            .collect::<Map<_, _>>(),
    )
}

pub fn pipeline(p: &Pipeline) -> Value {
    p.rows
        .iter()
        .map(|r| json!({"stage": r.stage, "currency": r.currency, "count": r.count, "value": money(r.value), "weighted": money(r.weighted)}))
        .collect()
}

fn forecast_row(r: &ForecastRow) -> Value {
    json!({"month": if r.month.is_empty() { Value::Null } else { r.month.clone().into() }, "currency": r.currency, "count": r.count, "value": money(r.value), "weighted": money(r.weighted)})
}

/// Serialised from typed rows: the overdue list can be long.
pub fn forecast(f: &Forecast) -> crate::domain::Result<String> {
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        months: Vec<Value>,
        overdue: Vec<crate::export::json::DealJson<'a>>,
        undated: Vec<Value>,
    }
    let doc = Doc {
        months: f.months.iter().map(forecast_row).collect(),
        overdue: f
            .overdue
            .iter()
            .map(crate::export::json::deal_json)
            .collect(),
        undated: f.undated.iter().map(forecast_row).collect(),
    };
    let mut out = crate::export::json_out::to_string_pretty(&doc)?;
    out.push('\n');
    Ok(out)
}

pub fn funnel(f: &Funnel) -> Value {
    json!({
        "deals": f.deals,
        "stages": f.stages.iter().map(|s| json!({"stage": s.stage, "reached": s.reached, "at_least": s.at_least, "conversion": s.conversion})).collect::<Vec<_>>(),
        "won": f.won,
        "lost": f.lost,
        "open": f.open,
        "win_rate": f.win_rate,
        "avg_won_value": per_currency_exact(&f.avg_won_value),
        "avg_cycle_days": f.avg_cycle_days,
        "velocity_per_day": per_currency_exact(&f.velocity_per_day),
    })
}

pub fn won(w: &Won) -> Value {
    let row =
        |r: &WonRow| json!({"currency": r.currency, "count": r.count, "value": money(r.value)});
    json!({
        "months": w.months.iter().map(|r| {
            let mut v = row(r);
            v["month"] = r.month.clone().into();
            v
        }).collect::<Vec<_>>(),
        "total": w.total.iter().map(row).collect::<Vec<_>>(),
    })
}

pub fn activity(a: &Activity) -> Value {
    json!({
        "weeks": a.weeks.iter().map(|w| json!({"week": w.week, "kind": w.kind, "count": w.count})).collect::<Vec<_>>(),
        "top_contacts": a.top_contacts.iter().map(|(id, name, n)| json!({"contact_id": id, "contact": name, "count": n})).collect::<Vec<_>>(),
        "total": a.total,
    })
}

/// Serialised straight from typed rows: the stale list can hold most of the contacts.
pub fn stale(s: &[StaleContact]) -> crate::domain::Result<String> {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        contact_id: i64,
        contact: &'a str,
        last_contact_at: Option<String>,
        days: Option<i64>,
    }
    let rows: Vec<Row> = s
        .iter()
        .map(|c| Row {
            contact_id: c.contact_id.0,
            contact: &c.contact,
            last_contact_at: c.last_contact_at.map(time),
            days: c.days,
        })
        .collect();
    let mut out = crate::export::json_out::to_string_pretty(&rows)?;
    out.push('\n');
    Ok(out)
}

pub fn lifecycle(l: &[(crate::domain::Lifecycle, i64)]) -> Value {
    l.iter()
        .map(|(lc, n)| json!({"lifecycle": lc, "count": n}))
        .collect()
}

pub fn satisfaction(s: &Satisfaction) -> Value {
    json!({"count": s.count, "mean": s.mean, "nps": s.nps, "promoters": s.promoters, "passives": s.passives, "detractors": s.detractors})
}

pub fn service(s: &Service) -> Value {
    let by: Map<String, Value> = s
        .open_by_priority
        .iter()
        .map(|(p, n)| (p.as_str().to_string(), json!(n)))
        .collect();
    json!({
        "opened": s.opened,
        "solved": s.solved,
        "open_by_priority": by,
        "breached": s.breached,
        "breached_open": s.breached_open,
        "breached_solved": s.breached_solved,
        "median_first_response_hours": s.median_first_response_hours,
        "median_resolution_hours": s.median_resolution_hours,
        "csat": s.csat,
        "csat_count": s.csat_count,
    })
}
