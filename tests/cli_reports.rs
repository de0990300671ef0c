//! Reports on a small database built at known moments, with hand-worked numbers,
//! checked in every output format.

mod common;
use common::Env;
use serde_json::{json, Value};

const NOW: &str = "2026-11-22T10:00:00Z";

/// Runs `crm ARGS` as if it were `at`.
fn at(env: &Env, at: &str, args: &[&str]) {
    let out = env.cmd(args).env("CRM_NOW", at).output().unwrap();
    assert!(
        out.status.success(),
        "crm {args:?} at {at}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn report(env: &Env, args: &[&str]) -> String {
    let out = env.cmd(args).env("CRM_NOW", NOW).output().unwrap();
    assert!(
        out.status.success(),
        "crm {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn report_json(env: &Env, kind: &str, extra: &[&str]) -> Value {
    let mut args = vec!["report", kind, "--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&report(env, &args)).unwrap()
}

/// Six deals with known paths (stage defaults: lead 10, qualified 25, proposal 50, negotiation 75):
/// 1 Alpha   USD 1000   lead → qualified → proposal → won after 10 days (Ada)
/// 2 Beta    EUR 2000   lead → proposal (skips qualified) → lost
/// 3 Gamma   USD 3000   created in qualified, probability 40, open, no close date
/// 4 Delta   USD  500   lead → won → reopened into negotiation, open, no close date
/// 5 Epsilon EUR 1000   lead, open, closes 2026-12-15
/// 6 Zeta    JPY 150000 proposal, open, closed expected 2026-11-10 (overdue)
fn build() -> Env {
    let env = Env::new();
    let t0 = "2026-10-01T10:00:00Z";
    for (name, extra) in [
        ("Ada Lovelace", None),
        ("Grace Hopper", None),
        ("Carol Shaw", None),
        ("Dan Bricklin", None),
        ("Eve Churn", Some("churned")),
    ] {
        let mut args = vec!["contact", "add", name];
        if let Some(l) = extra {
            args.extend(["--lifecycle", l]);
        }
        at(&env, t0, &args);
    }
    at(
        &env,
        t0,
        &[
            "deal",
            "add",
            "Alpha",
            "--contact",
            "ada",
            "--value",
            "1000",
        ],
    );
    at(
        &env,
        t0,
        &[
            "deal",
            "add",
            "Beta",
            "--value",
            "2000",
            "--currency",
            "EUR",
        ],
    );
    at(
        &env,
        t0,
        &[
            "deal",
            "add",
            "Gamma",
            "--value",
            "3000",
            "--stage",
            "qualified",
            "--probability",
            "40",
        ],
    );
    at(&env, t0, &["deal", "add", "Delta", "--value", "500"]);
    at(
        &env,
        t0,
        &[
            "deal",
            "add",
            "Epsilon",
            "--value",
            "1000",
            "--currency",
            "EUR",
            "--close",
            "2026-12-15",
        ],
    );
    at(
        &env,
        t0,
        &[
            "deal",
            "add",
            "Zeta",
            "--value",
            "150000",
            "--currency",
            "JPY",
            "--stage",
            "proposal",
            "--close",
            "2026-11-10",
        ],
    );
    at(
        &env,
        "2026-10-02T10:00:00Z",
        &["deal", "move", "1", "qualified"],
    );
    at(
        &env,
        "2026-10-02T10:00:00Z",
        &["deal", "move", "2", "proposal"],
    );
    at(
        &env,
        "2026-10-03T10:00:00Z",
        &["deal", "move", "1", "proposal"],
    );
    at(
        &env,
        "2026-10-06T10:00:00Z",
        &["deal", "lost", "2", "--reason", "price"],
    );
    at(&env, "2026-10-11T10:00:00Z", &["deal", "won", "1"]);
    at(&env, "2026-10-21T10:00:00Z", &["deal", "won", "4"]);
    at(
        &env,
        "2026-10-22T10:00:00Z",
        &["deal", "move", "4", "negotiation"],
    );
    // Activity: two calls in ISO week 45, an e-mail in week 46, six feedback scores in week 47.
    at(
        &env,
        NOW,
        &["log-call", "ada", "kick-off", "--at", "2026-11-02 09:00"],
    );
    at(
        &env,
        NOW,
        &["log-call", "ada", "follow-up", "--at", "2026-11-02 15:00"],
    );
    at(
        &env,
        NOW,
        &[
            "log-email",
            "grace",
            "sent deck",
            "--at",
            "2026-11-09 12:00",
        ],
    );
    at(
        &env,
        NOW,
        &["log-call", "dan", "old call", "--at", "2026-09-01 12:00"],
    );
    for (who, score) in [
        ("ada", "6"),
        ("ada", "7"),
        ("ada", "8"),
        ("grace", "9"),
        ("grace", "10"),
        ("grace", "9"),
    ] {
        at(
            &env,
            NOW,
            &[
                "log",
                "feedback",
                who,
                "rated us",
                "--score",
                score,
                "--at",
                "2026-11-20 10:00",
            ],
        );
    }
    env
}

#[test]
fn pipeline_and_forecast() {
    let env = build();
    let p = report_json(&env, "pipeline", &[]);
    assert_eq!(
        p,
        json!([
            {"stage": "lead", "currency": "EUR", "count": 1, "value": 1000.0, "weighted": 100.0},
            {"stage": "qualified", "currency": "USD", "count": 1, "value": 3000.0, "weighted": 1200.0},
            {"stage": "proposal", "currency": "JPY", "count": 1, "value": 150000.0, "weighted": 75000.0},
            {"stage": "negotiation", "currency": "USD", "count": 1, "value": 500.0, "weighted": 375.0},
        ])
    );
    let table = report(&env, &["report", "pipeline"]);
    assert!(
        table.contains("qualified") && table.contains("1,200.00") && table.contains("150,000"),
        "{table}"
    );
    let total_usd = table
        .lines()
        .find(|l| l.starts_with("total") && l.contains("USD"))
        .unwrap();
    assert!(
        total_usd.contains("3,500.00") && total_usd.contains("1,575.00"),
        "{total_usd}"
    );
    let csv = report(&env, &["report", "pipeline", "--format", "csv"]);
    assert!(
        csv.starts_with("stage,currency,count,value,weighted\n"),
        "{csv}"
    );
    assert!(
        csv.contains("qualified,USD,1,3000.00,1200.00\n")
            && csv.contains("proposal,JPY,1,150000,75000\n"),
        "{csv}"
    );
    let md = report(&env, &["report", "pipeline", "--format", "md"]);
    assert!(
        md.contains("| STAGE | CURRENCY | COUNT | VALUE | WEIGHTED |")
            && md.contains("| negotiation | USD | 1 | 500.00 | 375.00 |"),
        "{md}"
    );

    let f = report_json(&env, "forecast", &[]);
    assert_eq!(
        f["months"],
        json!([{"month": "2026-12", "currency": "EUR", "count": 1, "value": 1000.0, "weighted": 100.0}])
    );
    assert_eq!(f["overdue"].as_array().unwrap().len(), 1);
    assert_eq!(f["overdue"][0]["title"], "Zeta");
    assert_eq!(
        f["undated"],
        json!([{"month": null, "currency": "USD", "count": 2, "value": 3500.0, "weighted": 1575.0}])
    );
    let table = report(&env, &["report", "forecast"]);
    assert!(
        table.contains("2026-12") && table.contains("Overdue") && table.contains("Zeta"),
        "{table}"
    );
    assert!(report(&env, &["report", "forecast", "--format", "csv"])
        .contains("2026-12,EUR,1,1000.00,100.00"));
    assert!(report(&env, &["report", "forecast", "--format", "md"])
        .contains("| 2026-12 | EUR | 1 | 1,000.00 | 100.00 |"));
}

#[test]
fn funnel_counts_what_each_deal_reached() {
    let env = build();
    let f = report_json(&env, "funnel", &[]);
    // How far each deal got (`at_least` counts it in every stage up to there):
    //   Alpha   won: past every stage           lead qualified proposal negotiation won
    //   Beta    lead → proposal (skipped qualified), lost there: lead qualified proposal
    //   Gamma   open in qualified:               lead qualified
    //   Delta   won, then reopened into negotiation: lead qualified proposal negotiation
    //   Epsilon open in lead:                    lead
    //   Zeta    created in proposal:             lead qualified proposal
    // at_least: lead 6, qualified 5, proposal 4, negotiation 2, won 1 (Delta is no longer won).
    // `reached` keeps what each deal was really in: Beta and Zeta never were in qualified.
    assert_eq!(
        f["stages"],
        json!([
            {"stage": "lead", "reached": 4, "at_least": 6, "conversion": 5.0 / 6.0},
            {"stage": "qualified", "reached": 2, "at_least": 5, "conversion": 0.8},
            {"stage": "proposal", "reached": 3, "at_least": 4, "conversion": 0.5},
            {"stage": "negotiation", "reached": 1, "at_least": 2, "conversion": 0.5},
            {"stage": "won", "reached": 1, "at_least": 1, "conversion": null},
        ])
    );
    assert_eq!(f["won"], 1);
    assert_eq!(f["lost"], 1);
    assert_eq!(f["win_rate"], 0.5);
    assert_eq!(f["avg_won_value"], json!({"USD": 1000.0}));
    assert_eq!(f["avg_cycle_days"], 10.0);
    // 2 open USD deals × 0.5 × 1000 ÷ 10 days
    assert_eq!(f["velocity_per_day"], json!({"USD": 100.0}));
    let table = report(&env, &["report", "funnel"]);
    assert!(
        table.contains("AT LEAST")
            && table.contains("83.3%")
            && table.contains("80.0%")
            && table.contains("win rate")
            && table.contains("50.0%")
            && !table.contains("150.0%"),
        "{table}"
    );
    let csv = report(&env, &["report", "funnel", "--format", "csv"]);
    assert!(
        csv.starts_with("stage,reached,at least,conversion\n")
            && csv.contains("lead,4,6,0.8333\n")
            && csv.contains("qualified,2,5,0.8\n")
            && csv.contains("won,1,1,\n")
            && csv.contains("win rate,0.5\n"),
        "{csv}"
    );
    let md = report(&env, &["report", "funnel", "--format", "md"]);
    assert!(
        md.contains("| STAGE | REACHED | AT LEAST | CONVERSION |")
            && md.contains("| lead | 4 | 6 | 83.3% |")
            && md.contains("| qualified | 2 | 5 | 80.0% |")
            && md.contains("| velocity per day (USD) | 100.00 |"),
        "{md}"
    );
    // A period before any deal: zeros and nulls, never NaN.
    let empty = report_json(&env, "funnel", &["--until", "2026-09-01"]);
    assert_eq!(empty["win_rate"], Value::Null);
    assert_eq!(empty["avg_cycle_days"], Value::Null);
    assert_eq!(
        empty["stages"][0],
        json!({"stage": "lead", "reached": 0, "at_least": 0, "conversion": null})
    );
    assert!(report(&env, &["report", "funnel", "--until", "2026-09-01"])
        .contains("No deals were created"));
}

#[test]
fn activity_weeks_and_top_contacts() {
    let env = build();
    let a = report_json(&env, "activity", &[]);
    assert_eq!(
        a["weeks"],
        json!([
            {"week": "2026-W36", "kind": "call", "count": 1},
            {"week": "2026-W45", "kind": "call", "count": 2},
            {"week": "2026-W46", "kind": "email", "count": 1},
            {"week": "2026-W47", "kind": "feedback", "count": 6},
        ])
    );
    assert_eq!(
        a["top_contacts"][0],
        json!({"contact_id": 1, "contact": "Ada Lovelace", "count": 5})
    );
    assert_eq!(
        a["top_contacts"][1],
        json!({"contact_id": 2, "contact": "Grace Hopper", "count": 4})
    );
    let recent = report_json(&env, "activity", &["--since", "2026-10-01"]);
    assert!(
        !recent["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["week"] == "2026-W36"),
        "Dan's September call is outside the period"
    );
    assert_eq!(recent["total"], 9);
    assert!(report(&env, &["report", "activity"]).contains("2026-W46"));
    assert!(report(&env, &["report", "activity", "--format", "csv"]).contains("2026-W45,call,2\n"));
    assert!(report(&env, &["report", "activity", "--format", "md"])
        .contains("| 2026-W47 | feedback | 6 |"));
}

#[test]
fn iso_weeks_cross_the_year_boundary() {
    let env = Env::new();
    at(&env, NOW, &["contact", "add", "Ada"]);
    at(
        &env,
        NOW,
        &[
            "log-call",
            "ada",
            "new year's eve",
            "--at",
            "2026-12-31 12:00",
            "--future",
        ],
    );
    at(
        &env,
        NOW,
        &[
            "log-call",
            "ada",
            "new year",
            "--at",
            "2027-01-01 12:00",
            "--future",
        ],
    );
    at(
        &env,
        NOW,
        &[
            "log-call",
            "ada",
            "first monday",
            "--at",
            "2027-01-04 12:00",
            "--future",
        ],
    );
    let a = report_json(
        &env,
        "activity",
        &["--since", "2026-12-01", "--until", "2027-01-31"],
    );
    assert_eq!(
        a["weeks"],
        json!([{"week": "2026-W53", "kind": "call", "count": 2}, {"week": "2027-W01", "kind": "call", "count": 1}])
    );
}

#[test]
fn stale_lifecycle_and_satisfaction() {
    let env = build();
    let s = report_json(&env, "stale", &[]);
    assert_eq!(
        s,
        json!([
            {"contact_id": 3, "contact": "Carol Shaw", "last_contact_at": null, "days": null},
            {"contact_id": 4, "contact": "Dan Bricklin", "last_contact_at": "2026-09-01T12:00:00Z", "days": 81},
        ])
    );
    assert_eq!(
        report_json(&env, "stale", &["--days", "100"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(report(&env, &["report", "stale"]).contains("never"));
    assert!(report(&env, &["report", "stale", "--format", "csv"]).contains("3,Carol Shaw,never,\n"));
    assert!(report(&env, &["report", "stale", "--format", "md"]).contains("| 4 | Dan Bricklin |"));

    // Grace's feedback came in from her (feedback is inbound), which moved her to consideration.
    let l = report_json(&env, "lifecycle", &[]);
    assert_eq!(
        l,
        json!([
            {"lifecycle": "awareness", "count": 2},
            {"lifecycle": "consideration", "count": 1},
            {"lifecycle": "decision", "count": 0},
            {"lifecycle": "retention", "count": 1},
            {"lifecycle": "expansion", "count": 0},
            {"lifecycle": "churned", "count": 1},
        ])
    );
    assert!(report(&env, &["report", "lifecycle", "--format", "csv"]).contains("retention,1\n"));
    assert!(report(&env, &["report", "lifecycle", "--format", "md"]).contains("| churned | 1 |"));
    assert!(report(&env, &["report", "lifecycle"]).contains("awareness"));

    // Scores 6, 7, 8, 9, 10, 9: one detractor (6), two passives, three promoters.
    let sat = report_json(&env, "satisfaction", &[]);
    assert_eq!(sat["count"], 6);
    // Exact in JSON (49 ÷ 6; 3 promoters − 1 detractor of 6); tables round.
    assert_eq!(sat["mean"], json!(49.0 / 6.0));
    assert_eq!(sat["nps"], json!(100.0 * 2.0 / 6.0));
    assert_eq!(
        (
            sat["promoters"].as_i64(),
            sat["passives"].as_i64(),
            sat["detractors"].as_i64()
        ),
        (Some(3), Some(2), Some(1))
    );
    assert!(report(&env, &["report", "satisfaction", "--format", "csv"]).contains("NPS,33.3\n"));
    assert!(report(&env, &["report", "satisfaction", "--format", "md"]).contains("| NPS | 33.3 |"));
    assert!(report(&env, &["report", "satisfaction"]).contains("33.3"));
    assert!(
        report(&env, &["report", "satisfaction", "--format", "csv"]).contains("mean score,8.17\n")
    );
    let none = report_json(&env, "satisfaction", &["--since", "2026-11-21"]);
    assert_eq!(
        none,
        json!({"count": 0, "mean": null, "nps": null, "promoters": 0, "passives": 0, "detractors": 0})
    );
}

#[test]
fn empty_database_reports_are_empty_not_broken() {
    let env = Env::new();
    for kind in [
        "pipeline",
        "forecast",
        "funnel",
        "won",
        "activity",
        "stale",
        "lifecycle",
        "satisfaction",
        "service",
    ] {
        for format in ["table", "json", "csv", "md"] {
            let out = report(&env, &["report", kind, "--format", format]);
            assert!(
                !out.contains("NaN") && !out.contains("inf"),
                "{kind} {format}: {out}"
            );
            if format == "json" {
                serde_json::from_str::<Value>(&out).unwrap();
            }
        }
    }
    assert!(report(&env, &["report", "pipeline"]).contains("No open deals"));
    assert!(report(&env, &["report", "won"]).contains("No deals were won"));
    assert_eq!(
        report_json(&env, "won", &[]),
        json!({"months": [], "total": []})
    );
    let err = env.fails(&["report", "pipeline", "--format", "xml"], 1);
    assert!(err.contains("table, json, csv or md"));
    let err = env.fails(
        &[
            "report",
            "funnel",
            "--since",
            "2026-12-01",
            "--until",
            "2026-11-01",
        ],
        1,
    );
    assert!(err.contains("not before"));
}

#[test]
fn csv_guards_formulas_in_text_cells() {
    let env = Env::new();
    at(&env, NOW, &["contact", "add", "=HYPERLINK(\"x\")"]);
    let csv = report(&env, &["report", "stale", "--format", "csv"]);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
}

/// Deals closed at known moments, for `report won` (ids in order):
/// 1 A USD 1000    won 2026-09-15
/// 2 B EUR 2000.50 won 2026-10-03
/// 3 C USD 500     won 2026-10-20
/// 4 D USD 700     won 2026-10-25, then reopened: not won
/// 5 E USD 300     lost 2026-10-05
/// 6 F JPY 5000    won 2026-11-02
/// 7 G USD 50      won 2026-10-31 23:30 UTC (1 November in Berlin)
fn build_won() -> Env {
    let env = Env::new();
    let t0 = "2026-09-01T10:00:00Z";
    for (title, value, currency) in [
        ("A", "1000", "USD"),
        ("B", "2000.50", "EUR"),
        ("C", "500", "USD"),
        ("D", "700", "USD"),
        ("E", "300", "USD"),
        ("F", "5000", "JPY"),
        ("G", "50", "USD"),
    ] {
        at(
            &env,
            t0,
            &[
                "deal",
                "add",
                title,
                "--value",
                value,
                "--currency",
                currency,
            ],
        );
    }
    at(&env, "2026-09-15T10:00:00Z", &["deal", "won", "1"]);
    at(&env, "2026-10-03T10:00:00Z", &["deal", "won", "2"]);
    at(&env, "2026-10-20T10:00:00Z", &["deal", "won", "3"]);
    at(&env, "2026-10-25T10:00:00Z", &["deal", "won", "4"]);
    at(
        &env,
        "2026-10-26T10:00:00Z",
        &["deal", "move", "4", "proposal"],
    );
    at(&env, "2026-10-05T10:00:00Z", &["deal", "lost", "5"]);
    at(&env, "2026-11-02T10:00:00Z", &["deal", "won", "6"]);
    at(&env, "2026-10-31T23:30:00Z", &["deal", "won", "7"]);
    env
}

#[test]
fn won_deals_by_close_month_and_currency() {
    let env = build_won();
    let w = report_json(&env, "won", &[]);
    assert_eq!(
        w,
        json!({
            "months": [
                {"month": "2026-09", "currency": "USD", "count": 1, "value": 1000.0},
                {"month": "2026-10", "currency": "EUR", "count": 1, "value": 2000.5},
                {"month": "2026-10", "currency": "USD", "count": 2, "value": 550.0},
                {"month": "2026-11", "currency": "JPY", "count": 1, "value": 5000.0},
            ],
            "total": [
                {"currency": "EUR", "count": 1, "value": 2000.5},
                {"currency": "JPY", "count": 1, "value": 5000.0},
                {"currency": "USD", "count": 3, "value": 1550.0},
            ],
        })
    );
    let table = report(&env, &["report", "won"]);
    assert!(
        table.contains("2026-10") && table.contains("2,000.50") && table.contains("1,550.00"),
        "{table}"
    );
    let csv = report(&env, &["report", "won", "--format", "csv"]);
    assert!(
        csv.starts_with("month,currency,count,value\n2026-09,USD,1,1000.00\n")
            && csv.contains("2026-10,EUR,1,2000.50\n")
            && csv.contains("row,currency,count,value\n")
            && csv.contains("total,USD,3,1550.00\n"),
        "{csv}"
    );
    let md = report(&env, &["report", "won", "--format", "md"]);
    assert!(
        md.contains("| MONTH | CURRENCY | COUNT | VALUE |")
            && md.contains("| 2026-11 | JPY | 1 | 5,000 |")
            && md.contains("| total | EUR | 1 | 2,000.50 |"),
        "{md}"
    );

    // The month is the one where the user is: G closed on 1 November in Berlin.
    let out = env
        .cmd(&["report", "won", "--format", "json"])
        .env("CRM_NOW", NOW)
        .env("TZ", "Europe/Berlin")
        .output()
        .unwrap();
    let berlin: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        berlin["months"][2],
        json!({"month": "2026-10", "currency": "USD", "count": 1, "value": 500.0})
    );
    assert_eq!(
        berlin["months"][4],
        json!({"month": "2026-11", "currency": "USD", "count": 1, "value": 50.0})
    );
}

#[test]
fn period_words_take_the_whole_period() {
    let env = build_won();
    let months = |extra: &[&str]| -> Vec<(String, String)> {
        report_json(&env, "won", extra)["months"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["month"].as_str().unwrap().to_string(),
                    r["currency"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let m = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    // NOW is 22 November 2026: last month is October, this quarter is Q4.
    let october = m(&[("2026-10", "EUR"), ("2026-10", "USD")]);
    assert_eq!(
        months(&["--since", "last month", "--until", "last month"]),
        october
    );
    assert_eq!(
        months(&["--since", "2026-10", "--until", "2026-10"]),
        october
    );
    assert_eq!(
        months(&["--since", "2026-10-01", "--until", "2026-10-31"]),
        october
    );
    let q4 = m(&[("2026-10", "EUR"), ("2026-10", "USD"), ("2026-11", "JPY")]);
    assert_eq!(months(&["--since", "this quarter"]), q4);
    assert_eq!(months(&["--since", "q4", "--until", "q4"]), q4);
    assert_eq!(months(&["--since", "2026-Q4", "--until", "2026-q4"]), q4);
    assert_eq!(months(&["--since", "this month"]), m(&[("2026-11", "JPY")]));
    assert_eq!(
        months(&["--until", "last quarter"]),
        m(&[("2026-09", "USD")])
    );
    assert_eq!(months(&["--since", "2026", "--until", "2026"]).len(), 4);
    assert_eq!(
        months(&["--since", "last year", "--until", "last year"]),
        m(&[])
    );
    // The period bounds the funnel's creation dates the same way: all were created in September.
    let f = report_json(&env, "funnel", &["--since", "q3", "--until", "q3"]);
    assert_eq!(f["deals"], 7);
    let f = report_json(&env, "funnel", &["--since", "q4"]);
    assert_eq!(f["deals"], 0);

    let before = env.dump();
    for bad in ["next decade", "q5", "2026-13", "2026-q0", "soonish"] {
        for flag in ["--since", "--until"] {
            let err = env.fails(&["report", "won", flag, bad], 1);
            assert!(
                err.contains(&format!("cannot read the period {bad:?}"))
                    && err.contains("last week|month|quarter|year")
                    && err.contains("2026-q4")
                    && err.contains("2026-11")
                    && err.contains("next monday"),
                "{flag} {bad}: {err}"
            );
        }
    }
    let err = env.fails(
        &[
            "report",
            "won",
            "--since",
            "this month",
            "--until",
            "last month",
        ],
        1,
    );
    assert!(err.contains("not before"), "{err}");
    assert_eq!(env.dump(), before, "reports change nothing");
}

#[test]
fn json_ratios_and_means_are_not_rounded() {
    let env = Env::new();
    let t0 = "2026-10-01T00:00:00Z";
    // A JPY 1 and B JPY 2 won after 1 day and after 1 day 8 hours; C lost in lead; D open.
    for (title, value) in [("A", "1"), ("B", "2"), ("C", "3"), ("D", "4")] {
        at(
            &env,
            t0,
            &["deal", "add", title, "--value", value, "--currency", "JPY"],
        );
    }
    at(&env, "2026-10-02T00:00:00Z", &["deal", "won", "1"]);
    at(&env, "2026-10-02T08:00:00Z", &["deal", "won", "2"]);
    at(&env, "2026-10-03T00:00:00Z", &["deal", "lost", "3"]);
    let f = report_json(&env, "funnel", &[]);
    let cycle = (86_400.0 + 115_200.0) / 86_400.0 / 2.0;
    let rate = 2.0 / 3.0;
    assert_eq!(f["win_rate"], json!(rate));
    assert_eq!(f["avg_cycle_days"], json!(cycle));
    assert_eq!(f["avg_won_value"], json!({"JPY": 1.5}));
    // 1 open deal × 2/3 × 1.5 JPY ÷ 1.1666… days
    assert_eq!(
        f["velocity_per_day"],
        json!({"JPY": 1.0 * rate * 1.5 / cycle})
    );
    // at_least: lead 4 (every deal), qualified..negotiation 2 (the won ones), won 2.
    assert_eq!(f["stages"][0]["conversion"], json!(0.5));
    let table = report(&env, &["report", "funnel"]);
    assert!(table.contains("66.7%") && table.contains("1.17"), "{table}");
    let csv = report(&env, &["report", "funnel", "--format", "csv"]);
    assert!(
        csv.contains("win rate,0.6667\n")
            && csv.contains("average cycle (days),1.17\n")
            // 1.5 JPY and 0.857… JPY a day, to the yen.
            && csv.contains("average won value (JPY),2\n")
            && csv.contains("velocity per day (JPY),1\n"),
        "{csv}"
    );
}
