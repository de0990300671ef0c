//! `crm contact add --from-email < MESSAGE` through the real binary.

mod common;

use common::Env;

fn piped(env: &Env, args: &[&str], stdin: &str) -> (bool, String, String) {
    let out = env
        .cmd(args)
        .write_stdin(stdin.to_string())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const FROM_ZOE: &str = "From: =?UTF-8?Q?Zo=C3=AB_Martin?= <zoe@martin.fr>\r\nTo: me@here.org\r\nSubject: Bonjour\r\n\r\nSalut\r\n";

#[test]
fn the_sender_is_shown_and_added_once() {
    let env = Env::new();
    let (ok, said, _) = piped(
        &env,
        &["contact", "add", "--from-email", "--dry-run"],
        FROM_ZOE,
    );
    assert!(ok);
    assert_eq!(
        said,
        "Would add Zoë Martin <zoe@martin.fr>; nothing was written.\n"
    );
    assert!(env
        .json(&["contact", "list"])
        .as_array()
        .unwrap()
        .is_empty());
    let (ok, said, err) = piped(
        &env,
        &["contact", "add", "--from-email", "--tag", "mutt"],
        FROM_ZOE,
    );
    assert!(ok, "{err}");
    assert_eq!(
        said,
        "Adding Zoë Martin <zoe@martin.fr>.\nAdded contact #1 Zoë Martin.\n"
    );
    let c = env.json(&["contact", "show", "1"]);
    assert_eq!(c["emails"], serde_json::json!(["zoe@martin.fr"]));
    assert_eq!(c["tags"], serde_json::json!(["mutt"]));
    let before = env.dump();
    let (ok, said, _) = piped(
        &env,
        &["contact", "add", "--from-email"],
        &FROM_ZOE.replace("zoe@", "ZOE@"),
    );
    assert!(ok);
    assert_eq!(
        said,
        "ZOE@martin.fr is already contact #1 Zoë Martin; nothing changed (crm contact edit #1 changes it).\n"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn a_contact_named_by_its_address_takes_the_display_name() {
    let env = Env::new();
    let bare = "From: zoe@martin.fr\r\nSubject: x\r\n\r\ny\r\n";
    let (ok, _, _) = piped(&env, &["contact", "add", "--from-email"], bare);
    assert!(ok);
    assert_eq!(env.json(&["contact", "show", "1"])["name"], "zoe@martin.fr");
    let out = env
        .cmd(&["contact", "add", "--from-email", "--json"])
        .write_stdin(FROM_ZOE)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["added"].clone(), v["renamed"].clone()),
        (false.into(), true.into())
    );
    assert_eq!(env.json(&["contact", "show", "1"])["name"], "Zoë Martin");
}

#[test]
fn bad_messages_are_refused_and_change_nothing() {
    let env = Env::new();
    let dir = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "me = [\"me@here.org\"]\n").unwrap();
    env.ok(&["contact", "list"]);
    let before = env.dump();
    for (msg, want) in [
        ("no headers at all\n", "not an e-mail message"),
        ("Subject: hi\r\n\r\nx\r\n", "no From address"),
        (
            "From: Me <me@here.org>\r\n\r\nx\r\n",
            "your own address me@here.org",
        ),
        ("", "not an e-mail message"),
    ] {
        let (ok, _, err) = piped(&env, &["contact", "add", "--from-email"], msg);
        assert!(!ok);
        assert!(err.contains(want), "{msg:?}: {err}");
    }
    assert_eq!(env.dump(), before);
    env.fails(&["contact", "add", "Ada", "--from-email"], 2);
    let err = env.refused(&["contact", "add", "--dry-run", "Ada"]);
    assert!(err.contains("--dry-run goes with --from-email"), "{err}");
    // Without a terminal and without input it does not wait: an empty stdin is refused.
    let out = env
        .cmd(&["contact", "add", "--from-email"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
