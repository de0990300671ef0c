//! 20 processes as 4 roles writing at once (issue 16's concurrency test).

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::Value;

use super::common::{pg, Env};
use super::{as_, ok_as, scalar, skip, SHARED};

/// The people who write at once.
const ROLES: &[&str] = &["tester", "robin", "ada", "bob"];

/// One write of a worker in the concurrency test.
#[derive(Clone, Debug)]
enum Op {
    AddContact {
        name: String,
        tag: String,
    },
    LogCall {
        summary: String,
    },
    AddTask {
        title: String,
    },
    /// Ticks off the task the worker added last.
    DoneTask,
    EditShared {
        title: String,
        mark: String,
    },
    MoveDeal {
        deal: i64,
        stage: &'static str,
    },
}

const STAGES: &[&str] = &["qualified", "proposal", "negotiation", "lead"];

/// Worker `w`'s writes, in order: contacts with a tag of their own, calls and tasks on the
/// shared contact, every tenth write an edit of the shared contact's title and a custom
/// field, every other tenth a move of the worker's own deal to the next open stage.
fn plan(w: usize, writes: usize, deal: i64) -> Vec<Op> {
    let mut moves = 0;
    (0..writes)
        .map(|k| match k % 5 {
            0 => Op::AddContact {
                name: format!("Worker {w} person {k}"),
                tag: format!("w{w}k{k}"),
            },
            1 => Op::LogCall {
                summary: format!("call {w}-{k}"),
            },
            2 => Op::AddTask {
                title: format!("task {w}-{k}"),
            },
            3 => Op::DoneTask,
            _ if (k / 5) % 2 == 0 => Op::EditShared {
                title: format!("title {w}-{k}"),
                mark: format!("{w}-{k}"),
            },
            _ => {
                moves += 1;
                Op::MoveDeal {
                    deal,
                    stage: STAGES[(moves - 1) % STAGES.len()],
                }
            }
        })
        .collect()
}

/// Runs worker `w`'s plan as `who`; the failures, as text.
fn work(env: &Env, who: &str, ops: &[Op]) -> Vec<String> {
    let mut failures = Vec::new();
    let mut last_task = None;
    for op in ops {
        if matches!(op, Op::DoneTask) && last_task.is_none() {
            failures.push(format!(
                "as {who}: no task to tick off (its task add failed)"
            ));
            continue;
        }
        let owned: Vec<String> = match op {
            Op::AddContact { name, tag } => vec![
                "contact".into(),
                "add".into(),
                name.clone(),
                "--tag".into(),
                tag.clone(),
            ],
            Op::LogCall { summary } => vec!["log-call".into(), SHARED.into(), summary.clone()],
            Op::AddTask { title } => vec![
                "task".into(),
                "add".into(),
                title.clone(),
                "--contact".into(),
                SHARED.into(),
                "--json".into(),
            ],
            Op::DoneTask => vec![
                "task".into(),
                "done".into(),
                last_task
                    .take()
                    .map_or(String::new(), |t: i64| t.to_string()),
            ],
            Op::EditShared { title, mark } => vec![
                "contact".into(),
                "edit".into(),
                SHARED.into(),
                "--title".into(),
                title.clone(),
                "--field".into(),
                format!("mark={mark}"),
            ],
            Op::MoveDeal { deal, stage } => vec![
                "deal".into(),
                "move".into(),
                deal.to_string(),
                (*stage).into(),
            ],
        };
        let mut args: Vec<&str> = owned.iter().map(String::as_str).collect();
        if !matches!(op, Op::AddTask { .. }) {
            args.push("-q");
        }
        let out = as_(env, who, &args);
        // A call queued while another held the write turn is written by the next command,
        // which says so (without -q): not a failure.
        let err: String = String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| !(l.starts_with("crm: wrote ") && l.contains("queued while another crm")))
            .collect();
        if !out.status.success() || !err.trim().is_empty() {
            failures.push(format!(
                "crm {args:?} as {who}: exit {:?}: {err}",
                out.status.code()
            ));
            continue;
        }
        if let Op::AddTask { .. } = op {
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            last_task = v["id"].as_i64();
        }
    }
    failures
}

/// 20 processes as 4 roles write at once; nothing is lost and history names everyone.
/// `CRM_TEST_PG_WRITES` sets the writes per process (the 50; 25 by default, which
/// keeps the test near 30 s on two busy cores).
#[test]
fn twenty_writers_as_four_roles_lose_nothing() {
    if skip("twenty_writers_as_four_roles_lose_nothing") {
        return;
    }
    let writes: usize = std::env::var("CRM_TEST_PG_WRITES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let workers = 20;
    let env = Env::new();
    ok_as(
        &env,
        "tester",
        &["contact", "add", "Shared Person", "--email", SHARED, "-q"],
    );
    // Whatever a first call or task does to the contact (automation) happens before.
    ok_as(&env, "tester", &["log-call", SHARED, "setup call", "-q"]);
    ok_as(
        &env,
        "tester",
        &["task", "add", "setup task", "--contact", SHARED, "-q"],
    );
    let mut deals = Vec::new();
    for w in 0..workers {
        let who = format!("Deal owner {w}");
        ok_as(&env, "tester", &["contact", "add", &who, "-q"]);
        let v: Value = serde_json::from_str(&ok_as(
            &env,
            "tester",
            &[
                "deal",
                "add",
                &format!("Deal {w}"),
                "--contact",
                &who,
                "--json",
            ],
        ))
        .unwrap();
        deals.push(v["id"].as_i64().unwrap());
    }
    let shared_id = scalar(
        &env,
        "SELECT contact_id FROM contact_emails WHERE email = 'shared@example.com'",
    );
    let version0 = scalar(
        &env,
        &format!("SELECT version FROM contacts WHERE id = {shared_id}"),
    );
    let plans: Vec<Vec<Op>> = (0..workers).map(|w| plan(w, writes, deals[w])).collect();

    let start = Instant::now();
    let barrier = std::sync::Barrier::new(workers);
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = plans
            .iter()
            .enumerate()
            .map(|(w, ops)| {
                let (env, barrier) = (&env, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    work(env, ROLES[w % ROLES.len()], ops)
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    eprintln!(
        "{workers} writers × {writes} writes as {} roles: {:.1} s",
        ROLES.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} commands failed:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // Every contact, with its tag.
    let contacts: Value = serde_json::from_str(&ok_as(
        &env,
        "tester",
        &["export", "contacts", "--format", "json"],
    ))
    .unwrap();
    let contacts = contacts.as_array().unwrap();
    let added: Vec<(String, String)> = plans
        .iter()
        .flatten()
        .filter_map(|op| match op {
            Op::AddContact { name, tag } => Some((name.clone(), tag.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(contacts.len(), 1 + workers + added.len(), "contacts");
    for (name, tag) in &added {
        let found = contacts
            .iter()
            .filter(|c| c["name"] == name.as_str())
            .collect::<Vec<_>>();
        assert_eq!(found.len(), 1, "{name}");
        assert_eq!(found[0]["tags"], serde_json::json!([tag]), "{name}'s tags");
    }
    // Every call and task, every task done.
    let count = |what: &Op| {
        plans
            .iter()
            .flatten()
            .filter(|op| std::mem::discriminant(*op) == std::mem::discriminant(what))
            .count()
    };
    let calls = count(&Op::LogCall {
        summary: String::new(),
    });
    let tasks = count(&Op::AddTask {
        title: String::new(),
    });
    let edits = count(&Op::EditShared {
        title: String::new(),
        mark: String::new(),
    });
    let interactions: Value = serde_json::from_str(&ok_as(
        &env,
        "tester",
        &["export", "interactions", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(interactions.as_array().unwrap().len(), 1 + calls, "calls");
    let all_tasks: Value = serde_json::from_str(&ok_as(
        &env,
        "tester",
        &["export", "tasks", "--format", "json"],
    ))
    .unwrap();
    let all_tasks = all_tasks.as_array().unwrap();
    assert_eq!(all_tasks.len(), 1 + tasks, "tasks");
    let done = all_tasks.iter().filter(|t| t["done"] == true).count();
    assert_eq!(done, tasks, "tasks ticked off");

    // The shared contact: one of the written states whole (title and field from the same
    // edit: the newest), its version counting every edit.
    let shown: Value = serde_json::from_str(&ok_as(
        &env,
        "tester",
        &["contact", "show", SHARED, "--json"],
    ))
    .unwrap();
    let title = shown["title"].as_str().unwrap().to_string();
    let mark = title
        .strip_prefix("title ")
        .unwrap_or_else(|| panic!("title {title:?} was never written"));
    assert_eq!(
        shown["fields"]["mark"], mark,
        "title and field of one edit: {shown}"
    );
    let version = scalar(
        &env,
        &format!("SELECT version FROM contacts WHERE id = {shared_id}"),
    );
    assert_eq!(
        version,
        version0 + edits as i64,
        "the shared contact's version counts every edit"
    );
    let newest: String = {
        let name = env.pg_db.as_deref().unwrap();
        pg::client(Some(name))
            .query_one(
                "SELECT after FROM history WHERE entity = 'contact' AND entity_id = $1 \
                 AND action = 'update' ORDER BY id DESC LIMIT 1",
                &[&shared_id],
            )
            .unwrap()
            .get(0)
    };
    let newest: Value = serde_json::from_str(&newest).unwrap();
    assert_eq!(
        newest["title"],
        title.as_str(),
        "the newest edit in history is what is stored"
    );

    // Every deal where its last move put it, each move counted.
    let all_deals: Value = serde_json::from_str(&ok_as(
        &env,
        "tester",
        &["export", "deals", "--format", "json"],
    ))
    .unwrap();
    for (w, ops) in plans.iter().enumerate() {
        let moves: Vec<&str> = ops
            .iter()
            .filter_map(|op| match op {
                Op::MoveDeal { stage, .. } => Some(*stage),
                _ => None,
            })
            .collect();
        let d = all_deals
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == deals[w])
            .unwrap();
        assert_eq!(
            d["stage"],
            *moves.last().unwrap_or(&"lead"),
            "deal {}",
            deals[w]
        );
        let v = scalar(
            &env,
            &format!("SELECT version FROM deals WHERE id = {}", deals[w]),
        );
        assert_eq!(v, 1 + moves.len() as i64, "deal {}'s version", deals[w]);
    }

    // `crm history --by ROLE` shows each role's own changes, all of them.
    let limit = (workers * writes * 2).to_string();
    for (r, role) in ROLES.iter().enumerate() {
        let rows: Value = serde_json::from_str(&ok_as(
            &env,
            "grace",
            &["history", "--by", role, "--limit", &limit, "--json"],
        ))
        .unwrap();
        let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
        for row in rows.as_array().unwrap() {
            assert_eq!(row["by"], *role, "history --by {role}: {row}");
            let key = (
                row["entity"].as_str().unwrap().to_string(),
                row["action"].as_str().unwrap().to_string(),
            );
            *seen.entry(key).or_default() += 1;
        }
        let mine: Vec<&Op> = plans
            .iter()
            .enumerate()
            .filter(|(w, _)| w % ROLES.len() == r)
            .flat_map(|(_, p)| p)
            .collect();
        let n = |f: fn(&Op) -> bool| mine.iter().filter(|op| f(op)).count();
        let want = [
            (
                ("contact", "create"),
                n(|o| matches!(o, Op::AddContact { .. }))
                    + if *role == "tester" { 1 + workers } else { 0 },
            ),
            (
                ("interaction", "create"),
                n(|o| matches!(o, Op::LogCall { .. })) + usize::from(*role == "tester"),
            ),
            (
                ("task", "create"),
                n(|o| matches!(o, Op::AddTask { .. })) + usize::from(*role == "tester"),
            ),
            (("task", "done"), n(|o| matches!(o, Op::DoneTask))),
            (
                ("contact", "update"),
                n(|o| matches!(o, Op::EditShared { .. })),
            ),
            (("deal", "move"), n(|o| matches!(o, Op::MoveDeal { .. }))),
        ];
        for ((entity, action), count) in want {
            let got = seen
                .get(&(entity.to_string(), action.to_string()))
                .copied()
                .unwrap_or(0);
            assert_eq!(
                got, count,
                "history --by {role}: {entity} {action} ({seen:?})"
            );
        }
    }
}
