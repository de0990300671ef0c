//! `kill -9` of `crm import` at random moments (DESIGN §8: an import is all-or-nothing,
//! across crashes too). The import's duration is measured first and the kills spread over
//! it; after each, the database passes its integrity check and holds either none of the
//! file's contacts or all of them, and `crm import list` says the same.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Instant, SystemTime};

use common::{Env, USER};
use serde_json::Value;

/// Rows per file: a few thousand, so a kill lands inside the import's work.
const ROWS: usize = 2000;
/// On PostgreSQL a debug build imports 2,000 rows in ~7 s; a smaller file keeps the test
/// under half a minute there and still gives the kills a transaction to land in.
const PG_ROWS: usize = 250;
const KILLS: usize = 20;

/// A small xorshift generator: the seed is printed, so a failure can be re-run with
/// `CRASH_SEED=<seed>`.
struct Rng(u64);

impl Rng {
    fn new() -> (Rng, u64) {
        let seed = std::env::var("CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        (Rng(seed), seed)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A contacts CSV whose every row is a new person (the addresses carry `tag`).
fn file(env: &Env, tag: usize, rows: usize) -> String {
    let mut text = String::from("Name,Email,Phone,Company,Tags,Notes\n");
    for i in 0..rows {
        text.push_str(&format!(
            "Person {tag} {i},p{tag}.{i}@example.com,+1 555 01{:02},Company {},t{},\"note {i}\"\n",
            i % 100,
            i % 37,
            i % 5
        ));
    }
    let path = env.dir.path().join(format!("people-{tag}.csv"));
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// `crm import contacts FILE` started as Env::cmd would run it, not waited for.
fn spawn_import(env: &Env, file: &str) -> Child {
    let mut c = Command::new(env!("CARGO_BIN_EXE_crm"));
    c.args(["--db", &env.target, "import", "contacts", file])
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("HOME", env.dir.path())
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env("XDG_DATA_HOME", env.dir.path().join("share"))
        .env("USER", USER)
        .env_remove("CRM_DB")
        .env_remove("CRM_CONFIG")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if env.on_pg() {
        c.env_remove("PGUSER");
        if let Some(pw) = common::pg::password() {
            c.env("PGPASSWORD", pw);
        }
    }
    c.spawn().unwrap()
}

fn contact_count(env: &Env) -> usize {
    env.json(&["contact", "list"]).as_array().unwrap().len()
}

/// Imports recorded and not undone, and the contacts they say they created.
fn imports(env: &Env) -> (usize, u64) {
    let list = env.json(&["import", "list"]);
    let live: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["undone_at"].is_null())
        .collect();
    let created = live.iter().map(|i| i["created"].as_u64().unwrap()).sum();
    (live.len(), created)
}

/// `PRAGMA integrity_check` on the file as the kill left it, then `crm doctor`.
fn assert_intact(env: &Env, what: &str) {
    if !env.on_pg() {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "{what}");
    }
    let doctor = env.json(&["doctor"]);
    assert_eq!(doctor["ok"], true, "{what}: {doctor}");
}

#[test]
fn kill_9_during_an_import_leaves_all_or_nothing() {
    let (mut rng, seed) = Rng::new();
    let env = Env::seeded();
    let rows = if env.on_pg() {
        eprintln!("on PostgreSQL: files of {PG_ROWS} rows instead of {ROWS}");
        PG_ROWS
    } else {
        ROWS
    };
    let before = contact_count(&env);
    // How long a whole import takes here, into a database like the one the kills hit
    // (an import into an empty one takes a faster path).
    let f = file(&env, 0, rows);
    let started = Instant::now();
    let status = spawn_import(&env, &f).wait().unwrap();
    let duration = started.elapsed();
    assert!(status.success(), "the import itself fails");
    let mut contacts = contact_count(&env);
    assert_eq!(contacts, before + rows);
    let (mut live, mut created) = imports(&env);
    assert_eq!((live, created), (1, rows as u64));
    let mut outcomes = (0, 0);
    for k in 0..KILLS {
        let f = file(&env, k + 1, rows);
        // Spread over the whole run and a little past it: the k-th kill lands in the k-th
        // twentieth of 1.1 × its duration (later imports are slower: the database grows).
        let delay = duration.mul_f64(1.1 * (k as f64 + rng.unit()) / KILLS as f64);
        let what = format!("kill {k} after {delay:?} of {duration:?} (CRASH_SEED={seed})");
        let mut child = spawn_import(&env, &f);
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL; an error means it had already finished
        child.wait().unwrap();

        assert_intact(&env, &what);
        let now = contact_count(&env);
        let (now_live, now_created) = imports(&env);
        if now == contacts {
            assert_eq!(
                (now_live, now_created),
                (live, created),
                "{what}: no contacts but an import listed"
            );
            outcomes.0 += 1;
        } else {
            assert_eq!(now, contacts + rows, "{what}: part of the file imported");
            assert_eq!(
                (now_live, now_created),
                (live + 1, created + rows as u64),
                "{what}: the contacts are in but `import list` disagrees"
            );
            outcomes.1 += 1;
        }
        contacts = now;
        (live, created) = (now_live, now_created);
    }
    eprintln!(
        "{KILLS} kills over a {duration:?} import of {rows} rows: {} left nothing, {} the whole file (CRASH_SEED={seed})",
        outcomes.0, outcomes.1
    );
    // The first kills land before the import can have committed.
    assert!(outcomes.0 > 0, "no kill interrupted the import");
}
