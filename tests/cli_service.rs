//! `crm report service` on a hand-built book of support cases, with the medians and CSAT
//! worked out by hand, checked in every format.

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

const NOVEMBER: [&str; 4] = ["--since", "2026-11-01", "--until", "2026-11-30"];

fn service(env: &Env, format: &str, period: &[&str]) -> String {
    let mut args = vec!["report", "service", "--format", format];
    args.extend_from_slice(period);
    report(env, &args)
}

/// Six cases, the report run at 2026-11-22 10:00 for November (default targets):
/// 1 Ada  normal  opened 10-20 10:00, replied 12:00 (2 h), solved 11-19 10:00 (720 h: past 7 days)
/// 2 Bob  high    opened 11-10 08:00, replied 10:00 (2 h), solved 18:00 (10 h), closed: in time
/// 3 Ada  urgent  opened 11-22 09:00, replied 09:30 (0.5 h), pending: in time
/// 4 Cy   low     opened 11-21 10:00, no reply yet (3 days allowed): in time
/// 5 Bob  high    opened 11-22 04:00, no reply after 6 h (4 h allowed): breached
/// 6 Cy   normal  opened 10-01 10:00, replied 11:00 (1 h), still open after 7 days: breached
/// Feedback on cases: #2 9 (11-11), #1 10 (11-20), #3 6 (11-22), #1 2 (10-25, before
/// November); Cy's 0 on no case is not CSAT.
fn build() -> Env {
    let env = Env::new();
    for name in ["Ada Lovelace", "Bob Hope", "Cy Young"] {
        at(&env, "2026-09-01T10:00:00Z", &["contact", "add", name]);
    }
    let case = |when: &str, who: &str, title: &str, p: &str| {
        at(&env, when, &["case", "open", who, title, "--priority", p])
    };
    case("2026-10-20T10:00:00Z", "ada", "Invoice wrong", "normal");
    at(
        &env,
        "2026-10-20T12:00:00Z",
        &["case", "reply", "1", "Looking"],
    );
    case("2026-11-10T08:00:00Z", "bob", "Login broken", "high");
    at(
        &env,
        "2026-11-10T10:00:00Z",
        &["case", "reply", "2", "Reset it"],
    );
    at(&env, "2026-11-10T18:00:00Z", &["case", "solve", "2"]);
    at(&env, "2026-11-11T08:00:00Z", &["case", "close", "2"]);
    case("2026-11-22T09:00:00Z", "ada", "Crash on start", "urgent");
    at(
        &env,
        "2026-11-22T09:30:00Z",
        &["case", "reply", "3", "Which version?"],
    );
    at(&env, "2026-11-22T09:40:00Z", &["case", "pending", "3"]);
    case("2026-11-21T10:00:00Z", "cy", "Feature question", "low");
    case("2026-11-22T04:00:00Z", "bob", "Slow export", "high");
    case("2026-10-01T10:00:00Z", "cy", "Old thing", "normal");
    at(
        &env,
        "2026-10-01T11:00:00Z",
        &["case", "reply", "6", "On it"],
    );
    at(&env, "2026-11-19T10:00:00Z", &["case", "solve", "1"]);
    let feedback = |when: &str, who: &str, score: &str, case: Option<&str>| {
        let mut args = vec!["log", "feedback", who, "rated", "--score", score];
        if let Some(c) = case {
            args.extend(["--case", c]);
        }
        at(&env, when, &args);
    };
    feedback("2026-10-25T10:00:00Z", "ada", "2", Some("1"));
    feedback("2026-11-11T09:00:00Z", "bob", "9", Some("2"));
    feedback("2026-11-20T10:00:00Z", "ada", "10", Some("1"));
    feedback("2026-11-22T09:50:00Z", "ada", "6", Some("3"));
    feedback("2026-11-15T10:00:00Z", "cy", "0", None);
    env
}

#[test]
fn the_service_report_in_every_format() {
    let env = build();
    let v: Value = serde_json::from_str(&service(&env, "json", &NOVEMBER)).unwrap();
    // Feedback rates a case; it does not reopen the solved #1.
    assert_eq!(v["opened"], 4, "{v}");
    assert_eq!(v["solved"], 2);
    assert_eq!(
        v["open_by_priority"],
        json!({"urgent": 1, "high": 1, "normal": 1, "low": 1})
    );
    assert_eq!(v["breached"], 3);
    assert_eq!(v["breached_open"], 2);
    assert_eq!(v["breached_solved"], 1);
    // Opened in November with a reply: 2 h and 0.5 h.
    assert_eq!(v["median_first_response_hours"], 1.25);
    // Solved in November: 720 h and 10 h.
    assert_eq!(v["median_resolution_hours"], 365.0);
    // (9 + 10 + 6) / 3, not rounded in JSON.
    assert_eq!(v["csat"], 25.0 / 3.0);
    assert_eq!(v["csat_count"], 3);
    assert_eq!(
        v,
        serde_json::from_str::<Value>(&report(
            &env,
            &[
                "report",
                "service",
                "--json",
                "--since",
                "2026-11-01",
                "--until",
                "2026-11-30"
            ]
        ))
        .unwrap(),
        "--json is --format json"
    );

    let csv = service(&env, "csv", &NOVEMBER);
    assert_eq!(
        csv,
        "measure,value\n\
         opened,4\n\
         solved,2\n\
         breached,3\n\
         \"breached, open or pending now\",2\n\
         \"breached, solved in the period\",1\n\
         median first response (hours),1.25\n\
         median resolution (hours),365\n\
         CSAT (mean feedback score),8.33\n\
         feedback on cases,3\n\
         \n\
         priority,count\n\
         urgent,1\n\
         high,1\n\
         normal,1\n\
         low,1\n"
    );

    let md = service(&env, "md", &NOVEMBER);
    for line in [
        "| MEASURE | VALUE |",
        "| opened | 4 |",
        "| breached | 3 |",
        "| median first response (hours) | 1.25 |",
        "| median resolution (hours) | 365 |",
        "| CSAT (mean feedback score) | 8.33 |",
        "### Open by priority",
        "| urgent | 1 |",
    ] {
        assert!(md.contains(line), "{line} in:\n{md}");
    }

    let table = service(&env, "table", &NOVEMBER);
    assert_eq!(
        table,
        "MEASURE                         VALUE
opened                              4
solved                              2
breached                            3
breached, open or pending now       2
breached, solved in the period      1
median first response (hours)    1.25
median resolution (hours)         365
CSAT (mean feedback score)       8.33
feedback on cases                   3

Open by priority
PRIORITY  COUNT
urgent        1
high          1
normal        1
low           1
"
    );
}

#[test]
fn all_time_and_an_empty_period() {
    let env = build();
    let v: Value = serde_json::from_str(&service(&env, "json", &[])).unwrap();
    assert_eq!(
        (v["opened"].as_i64(), v["solved"].as_i64()),
        (Some(6), Some(2))
    );
    // Replies after 0.5, 1, 2 and 2 hours.
    assert_eq!(v["median_first_response_hours"], 1.5);
    // 9, 10, 6 and the October 2.
    assert_eq!(v["csat"], 6.75);
    let v: Value =
        serde_json::from_str(&service(&env, "json", &["--since", "2026-12-01"])).unwrap();
    assert_eq!(v["opened"], 0);
    assert_eq!(v["median_first_response_hours"], Value::Null);
    assert_eq!(v["median_resolution_hours"], Value::Null);
    assert_eq!(v["csat"], Value::Null);
    assert_eq!(v["breached"], 2, "open cases past a target are counted now");
    let csv = service(&env, "csv", &["--since", "2026-12-01"]);
    assert!(csv.contains("median resolution (hours),\n"), "{csv}");
    assert!(service(&env, "table", &["--since", "2026-12-01"])
        .contains("CSAT (mean feedback score)          –"));
}

#[test]
fn an_empty_book_and_bad_input() {
    let env = Env::at(NOW);
    let text = env.ok(&["report", "service"]);
    assert!(text.contains("No cases in this period"), "{text}");
    let err = env.refused(&["report", "service", "--format", "xml"]);
    assert!(err.contains("unknown format"), "{err}");
    let err = env.refused(&["report", "service", "--since", "someday"]);
    assert!(!err.is_empty());
    let dir = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[case_targets]\nfirst_response = { urgent = \"soon\" }\n",
    )
    .unwrap();
    let err = env.refused(&["report", "service"]);
    assert!(err.contains("first_response.urgent"), "{err}");
    assert!(env.ok(&["report", "--help"]).contains("service"));
}

#[test]
fn targets_from_the_config_decide_the_breaches() {
    let env = build();
    let dir = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&dir).unwrap();
    // High gets 8 hours to answer: #5 (6 h unanswered) is in time.
    std::fs::write(
        dir.join("config.toml"),
        "[case_targets]\nfirst_response = { high = \"8h\" }\n",
    )
    .unwrap();
    let v: Value = serde_json::from_str(&service(&env, "json", &NOVEMBER)).unwrap();
    assert_eq!(v["breached_open"], 1);
    assert_eq!(v["breached"], 2);
}
