//! `crm contact edit REF --editor` with fake editors: shell scripts that edit the file
//! the way a person would (sed), fail, or leave it alone.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::Env;

fn seeded() -> Env {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
        "--company",
        "Engines",
        "--field",
        "linkedin=ada-l",
    ]);
    env
}

/// A script in the test's directory; `$1` is the file to edit, `$D` its own directory.
fn editor(env: &Env, body: &str) -> String {
    let path = env.dir.path().join("fake-editor.sh");
    let d = env.dir.path().display();
    std::fs::write(&path, format!("#!/bin/sh\nD='{d}'\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();
    path.to_string_lossy().into_owned()
}

fn edit(env: &Env, script: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["contact", "edit", "ada", "--editor"];
    args.extend_from_slice(extra);
    env.cmd(&args)
        .env_remove("VISUAL")
        .env("EDITOR", script)
        .output()
        .unwrap()
}

#[test]
fn a_title_fixed_in_the_editor_is_saved_from_a_private_file() {
    let env = seeded();
    let script = editor(
        &env,
        r#"stat -c %a "$1" > "$D/mode"; stat -c %a "$(dirname "$1")" > "$D/dirmode"
dirname "$1" > "$D/dir"; cp "$1" "$D/seen.toml"
sed -i 's/^title = .*/title = "Countess"/; s/^tags = .*/tags = ["vip", "math"]/' "$1""#,
    );
    let out = edit(&env, &script, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Updated contact #1 Ada Lovelace.\n"
    );
    let d = env.dir.path();
    assert_eq!(
        std::fs::read_to_string(d.join("mode")).unwrap().trim(),
        "600"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("dirmode")).unwrap().trim(),
        "700"
    );
    let tmp = std::fs::read_to_string(d.join("dir")).unwrap();
    assert!(
        !std::path::Path::new(tmp.trim()).exists(),
        "the temporary directory is removed"
    );
    let seen = std::fs::read_to_string(d.join("seen.toml")).unwrap();
    for line in [
        "# Full name (required)\nname = \"Ada Lovelace\"",
        "emails = [\"ada@example.com\"]",
        "company = \"Engines\"",
        "# Job title\ntitle = \"\"",
        "lifecycle = \"awareness\"",
        "birthday = \"\"",
        "[fields]\nlinkedin = \"ada-l\"",
    ] {
        assert!(seen.contains(line), "{line:?} not in:\n{seen}");
    }
    let c = env.json(&["contact", "show", "1"]);
    assert_eq!(c["title"], "Countess");
    assert_eq!(c["tags"], serde_json::json!(["math", "vip"]));
    assert_eq!(c["company"], "Engines");
    assert_eq!(c["fields"]["linkedin"], "ada-l");
    assert!(env.ok(&["history"]).contains("contact"));
}

#[test]
fn an_invalid_email_reopens_the_file_with_the_error_and_the_fix_is_saved() {
    let env = seeded();
    let script = editor(
        &env,
        r#"if [ -f "$D/second" ]; then
  cp "$1" "$D/reopened.toml"
  sed -i 's/^emails = .*/emails = ["ada@new.example"]/' "$1"
else
  touch "$D/second"
  sed -i 's/^emails = .*/emails = ["not-an-address"]/; s/^title = .*/title = "Countess"/' "$1"
fi"#,
    );
    let out = edit(&env, &script, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reopened = std::fs::read_to_string(env.dir.path().join("reopened.toml")).unwrap();
    assert!(
        reopened.starts_with("#! ERROR: \"not-an-address\" is not an e-mail address"),
        "{reopened}"
    );
    assert!(
        reopened.contains("title = \"Countess\""),
        "the user's text is kept:\n{reopened}"
    );
    let c = env.json(&["contact", "show", "1"]);
    assert_eq!(c["emails"], serde_json::json!(["ada@new.example"]));
    assert_eq!(c["title"], "Countess");
}

#[test]
fn an_unknown_field_saved_twice_gives_up_and_changes_nothing() {
    let env = seeded();
    let script = editor(
        &env,
        r#"if [ ! -f "$D/second" ]; then touch "$D/second"; sed -i 's/^name = /colour = "red"\nname = /' "$1"; grep -n '^colour' "$1" | cut -d: -f1 > "$D/line"; fi"#,
    );
    let before = env.dump();
    let out = edit(&env, &script, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown field `colour`"), "{err}");
    // The line named is the file's own, header lines counted.
    let line = std::fs::read_to_string(env.dir.path().join("line")).unwrap();
    assert!(err.contains(&format!("(line {})", line.trim())), "{err}");
    assert!(
        err.contains("saved as it was, so nothing was changed"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn an_editor_that_fails_or_changes_nothing_writes_nothing() {
    let env = seeded();
    let before = env.dump();
    let failing = editor(&env, r#"sed -i 's/^title = .*/title = "X"/' "$1"; exit 1"#);
    let out = edit(&env, &failing, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("exited with status 1; nothing was changed"),
        "{err}"
    );
    assert_eq!(env.dump(), before);

    let idle = editor(&env, "exit 0");
    let out = edit(&env, &idle, &[]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "nothing to change: #1 Ada Lovelace was left as it was.\n"
    );
    assert_eq!(env.dump(), before);

    let out = env
        .cmd(&["contact", "edit", "ada", "--editor"])
        .env("VISUAL", "/nonexistent/editor")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("cannot start the editor /nonexistent/editor"));
    let err = env.refused(&["contact", "edit", "ada", "--editor", "--title", "X"]);
    assert!(err.contains("without other change flags"), "{err}");
    let err = env.refused(&["contact", "edit", "--where", "tag:vip", "--editor"]);
    assert!(err.contains("--editor edits one contact"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_contact_changed_while_the_editor_was_open_is_not_overwritten() {
    let env = seeded();
    let bin = assert_cmd::cargo::cargo_bin("crm");
    let script = editor(
        &env,
        &format!(
            r#"{} --db '{}' contact edit ada --title Meanwhile -q
sed -i 's/^title = .*/title = "Countess"/' "$1""#,
            bin.display(),
            env.target
        ),
    );
    let out = edit(&env, &script, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("contact #1 was changed by tester (") && err.contains("since you opened it"),
        "{err}"
    );
    let kept = err
        .split("Your text is kept in ")
        .nth(1)
        .map(|s| s.trim().trim_end_matches('.'))
        .unwrap_or_else(|| panic!("{err}"));
    let text = std::fs::read_to_string(kept).unwrap();
    assert!(text.contains("title = \"Countess\""), "{text}");
    let mode = std::fs::metadata(kept).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    std::fs::remove_file(kept).unwrap();
    assert_eq!(env.json(&["contact", "show", "1"])["title"], "Meanwhile");
}
