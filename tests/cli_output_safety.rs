//! Nothing raw reaches a terminal (issue 17): record text printed as CSV, vCard,
//! iCalendar or Markdown is sanitised when stdout is a terminal (`CRM_FORCE_TTY=1` says
//! it is) and byte-exact into a file or a pipe; JSON always escapes DEL, C1 and bidi
//! controls, and reads back the same; usage errors never echo controls.

mod common;
use common::Env;
use serde_json::Value;

/// OSC 0 (retitle), OSC 52 (clipboard), CSI as C1, a bidi override, DEL.
const HOSTILE: &str = "Eve\u{1b}]0;pwned\u{7}\u{1b}]52;c;Zm9v\u{7}\u{9b}31m\u{202e}gnp.exe\u{7f}";

fn book() -> Env {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&["contact", "add", HOSTILE, "--email", "eve@example.com"]);
    env.ok(&["stage", "rename", "lead", "Won\u{1b}]0;title\u{7}"]);
    env.ok(&["deal", "add", HOSTILE, "--contact", "eve", "--value", "10"]);
    env.ok(&[
        "task",
        "add",
        HOSTILE,
        "--contact",
        "eve",
        "--due",
        "2026-11-30",
    ]);
    env
}

/// stdout of `crm ARGS` with `CRM_FORCE_TTY` set to `tty`.
fn run(env: &Env, tty: &str, args: &[&str]) -> Vec<u8> {
    let out = env.cmd(args).env("CRM_FORCE_TTY", tty).output().unwrap();
    assert!(
        out.status.success(),
        "crm {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn assert_safe(bytes: &[u8], what: &str) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    for c in text.chars() {
        let bad = matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
            || crm::export::json_out::escapes(c);
        assert!(!bad, "{what}: raw {c:?} in {text:?}");
    }
}

#[test]
fn record_text_is_sanitised_on_a_terminal_and_exact_in_a_pipe() {
    let env = book();
    let cases: &[&[&str]] = &[
        &["export", "contacts", "-o", "-"],
        &["export", "contacts", "--format", "vcard"],
        &["export", "deals"],
        &["export", "tasks", "--format", "ics"],
        &["export", "interactions"],
        &["report", "pipeline", "--format", "csv"],
        &["report", "pipeline", "--format", "md"],
    ];
    for args in cases {
        let tty = run(&env, "1", args);
        assert_safe(&tty, &format!("{args:?} on a terminal"));
        let piped = run(&env, "0", args);
        let piped_text = String::from_utf8(piped.clone()).unwrap();
        let tty_text = String::from_utf8(tty).unwrap();
        if piped_text.contains('\u{1b}') {
            // The same record text, made visible rather than obeyed.
            assert!(tty_text.contains("\\x1b]"), "{args:?}: {tty_text}");
            assert_ne!(tty_text, piped_text);
        } else {
            assert_eq!(tty_text, piped_text, "{args:?}");
        }
        // CRLF line ends of CSV, vCard and iCalendar survive sanitising.
        assert_eq!(
            tty_text.matches("\r\n").count(),
            piped_text.matches("\r\n").count(),
            "{args:?}"
        );
    }
    // Into a pipe the export is byte-exact: the hostile name as it was stored.
    let piped = String::from_utf8(run(&env, "0", &["export", "contacts"])).unwrap();
    assert!(piped.contains(HOSTILE), "{piped:?}");
    let stages =
        String::from_utf8(run(&env, "0", &["report", "pipeline", "--format", "csv"])).unwrap();
    assert!(stages.contains("Won\u{1b}]0;title\u{7}"), "{stages:?}");
}

#[test]
fn json_escapes_del_c1_and_bidi_everywhere_and_reads_back() {
    let env = book();
    let faces: &[&[&str]] = &[
        &["--json", "contact", "list"],
        &["--json", "contact", "show", "eve"],
        &["--json", "deal", "list"],
        &["export", "contacts", "--format", "json"],
        &["export", "all"],
        &["report", "pipeline", "--format", "json"],
    ];
    for args in faces {
        let out = run(&env, "0", args);
        assert_safe(&out, &format!("{args:?}"));
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("\\u009b31m\\u202egnp.exe\\u007f") || args.contains(&"report"),
            "{args:?}: {text}"
        );
        let _: Value = serde_json::from_str(&text).unwrap();
    }
    let v: Value =
        serde_json::from_slice(&run(&env, "0", &["--json", "contact", "show", "eve"])).unwrap();
    assert_eq!(v["name"], HOSTILE);
    // NDJSON too, one object per line.
    let nd = run(&env, "1", &["export", "all", "--format", "ndjson"]);
    assert_safe(&nd, "ndjson");
    let names: Vec<Value> = String::from_utf8(nd)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "contact")
        .map(|v| v["name"].clone())
        .collect();
    assert_eq!(names, [Value::from(HOSTILE)]);
}

/// `export all` writes the text as stored (escaped), and `import all`, like every import
/// path, drops the control characters and keeps the rest.
#[test]
fn an_export_reimports_hostile_text_without_its_controls() {
    let env = book();
    let file = env.dir.path().join("all.json");
    env.ok(&["export", "all", "-o", file.to_str().unwrap()]);
    let other = Env::at("2026-11-22T10:00:00Z");
    other.ok(&["import", "all", file.to_str().unwrap()]);
    let v: Value = other.json(&["contact", "show", "eve"]);
    assert_eq!(v["name"], "Eve]0;pwned]52;c;Zm9v31mgnp.exe");
    let kept: String = HOSTILE
        .chars()
        .filter(|c| !c.is_control() && !('\u{202a}'..='\u{202e}').contains(c))
        .collect();
    assert_eq!(v["name"], kept.as_str());
}

#[test]
fn usage_errors_never_echo_controls() {
    let env = Env::new();
    for args in [
        &["export", "contacts", "--format", "\u{1b}]0;x\u{7}"][..],
        &["--\u{1b}]52;c;Zm9v\u{7}"][..],
        &["contact", "show", "\u{9b}31m\u{202e}x"][..],
    ] {
        let out = env.cmd(args).env("CRM_FORCE_TTY", "1").output().unwrap();
        assert!(!out.status.success());
        assert_safe(&out.stderr, &format!("stderr of {args:?}"));
    }
}
