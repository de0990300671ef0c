//! `crm log-email --eml` through the real binary: messages built here, as a mail client
//! would pipe them.

mod common;

use common::Env;

/// A database whose user is me@here.org (config `me`), with Ada and Grace.
fn env() -> Env {
    let env = Env::at("2026-11-22T10:00:00Z");
    let dir = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "me = [\"Me@Here.org\", \"me@work.example\"]\n",
    )
    .unwrap();
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
    ]);
    env.ok(&[
        "contact",
        "add",
        "Grace Hopper",
        "--email",
        "grace@example.com",
    ]);
    env
}

/// Writes a message into the test's directory and returns its path.
fn message(env: &Env, name: &str, text: &str) -> String {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text.replace('\n', "\r\n")).unwrap();
    p.to_string_lossy().into_owned()
}

fn piped(env: &Env, args: &[&str], stdin: &str) -> std::process::Output {
    env.cmd(args)
        .write_stdin(stdin.to_string())
        .output()
        .unwrap()
}

#[test]
fn an_html_only_message_from_a_contact_is_logged_inbound_with_its_text() {
    let env = env();
    let m = message(
        &env,
        "html.eml",
        "From: Ada Lovelace <ADA@example.com>\nTo: me@here.org\nSubject: =?UTF-8?B?Q2Fmw6kgw6AgMTBo?=\nDate: Fri, 20 Nov 2026 09:15:00 -0500\nMessage-ID: <html-1@example.com>\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/html; charset=utf-8\n\n<html><body><p>Shall we meet <b>Tuesday</b>?</p></body></html>\n--b1--\n",
    );
    let i = env.json(&["log-email", "--eml", &m]);
    assert_eq!(i["kind"], "email");
    assert_eq!(i["direction"], "in");
    assert_eq!(i["contact"], "Ada Lovelace");
    assert_eq!(i["summary"], "Café à 10h", "the encoded word is decoded");
    assert_eq!(i["occurred_at"], "2026-11-20T14:15:00Z");
    assert_eq!(i["already_logged"], false);
    let shown = env.json(&["interaction", "show", "1"]);
    let body = shown["body"].as_str().unwrap();
    assert!(body.contains("Shall we meet Tuesday?"), "{body}");
    assert!(!body.contains("<p>"), "{body}");
}

#[test]
fn a_message_from_me_is_outbound_to_its_recipient_and_logging_it_again_changes_nothing() {
    let env = env();
    let text = "From: Me <me@work.example>\nTo: Ada <ada@example.com>, me@here.org\nCc: someone@else.org\nSubject: The offer\nDate: Sat, 21 Nov 2026 08:00:00 +0000\nMessage-ID: <offer-1@work.example>\n\nHere it is.\n";
    let out = piped(&env, &["log-email", "--eml", "-"], text);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        said,
        "Logged email out with #1 Ada Lovelace: The offer (interaction #1).\n"
    );
    let before = env.dump();
    let out = piped(&env, &["log-email", "--eml", "-"], text);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Already logged as interaction #1 with #1 Ada Lovelace; nothing changed.\n"
    );
    assert_eq!(env.dump(), before);
    let again = env
        .cmd(&["log-email", "--eml", "-", "--json"])
        .write_stdin(text)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(v["already_logged"], true);
    assert_eq!(v["id"], 1);
    let list = env.json(&["interaction", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["direction"], "out");
}

#[test]
fn to_decides_before_cc_and_several_contacts_are_listed_not_guessed() {
    let env = env();
    let m = message(
        &env,
        "cc.eml",
        "From: me@here.org\nTo: grace@example.com\nCc: ada@example.com, x@y.org\nSubject: Minutes\nMessage-ID: <m-1@here.org>\n\nnotes\n",
    );
    let i = env.json(&["log-email", "--eml", &m]);
    assert_eq!(i["contact"], "Grace Hopper");
    let m = message(
        &env,
        "both.eml",
        "From: me@here.org\nTo: grace@example.com, Ada <ada@example.com>\nSubject: Both\nMessage-ID: <m-2@here.org>\n\nhi\n",
    );
    let err = env.refused(&["log-email", "--eml", &m]);
    assert!(
        err.contains("several contacts: #2 Grace Hopper <grace@example.com>, #1 Ada Lovelace <ada@example.com>; pick one with --contact REF"),
        "{err}"
    );
    let i = env.json(&["log-email", "--eml", &m, "--contact", "ada"]);
    assert_eq!(i["contact"], "Ada Lovelace");
}

#[test]
fn a_stranger_is_added_with_add_only() {
    let env = env();
    let text = "From: =?UTF-8?Q?Zo=C3=AB_Martin?= <zoe@martin.fr>\nTo: me@here.org\nSubject: Hello\nMessage-ID: <z-1@martin.fr>\n\nBonjour\n";
    let m = message(&env, "stranger.eml", text);
    let err = env.refused(&["log-email", "--eml", &m]);
    assert!(
        err.contains(
            "no contact has the address zoe@martin.fr; --add would add Zoë Martin <zoe@martin.fr>"
        ),
        "{err}"
    );
    let out = env
        .cmd(&["log-email", "--eml", &m, "--add"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.starts_with("Added contact #3 Zoë Martin <zoe@martin.fr>.\n"),
        "{said}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no readable Date header"), "{err}");
    let c = env.json(&["contact", "show", "zoe@martin.fr"]);
    assert_eq!(c["name"], "Zoë Martin");
    assert_eq!(c["interactions"][0]["occurred_at"], "2026-11-22T10:00:00Z");
}

#[test]
fn a_reply_in_a_cases_thread_reopens_it() {
    let env = env();
    env.ok(&["case", "open", "ada", "Login broken"]);
    let sent = message(
        &env,
        "sent.eml",
        "From: me@here.org\nTo: ada@example.com\nSubject: Re: Login broken\nDate: Sun, 22 Nov 2026 10:30:00 +0000\nMessage-ID: <r-1@here.org>\n\nTry now.\n",
    );
    let i = env.json(&["log-email", "--eml", &sent, "--case", "1"]);
    assert_eq!(i["case_id"], 1);
    let k = env.json(&["case", "show", "1"]);
    assert_eq!(k["first_response_at"], "2026-11-22T10:30:00Z");
    env.ok(&["case", "pending", "1"]);
    let reply = message(
        &env,
        "reply.eml",
        "From: ada@example.com\nTo: me@here.org\nSubject: Re: Re: Login broken\nDate: Sun, 22 Nov 2026 11:00:00 +0000\nMessage-ID: <r-2@example.com>\nIn-Reply-To: <r-1@here.org>\nReferences: <r-1@here.org>\n\nStill broken.\n",
    );
    let i = env.json(&["log-email", "--eml", &reply]);
    assert_eq!(i["case_id"], 1);
    assert_eq!(env.json(&["case", "show", "1"])["status"], "open");
    let other = message(
        &env,
        "other.eml",
        "From: ada@example.com\nSubject: Invoice\nMessage-ID: <r-3@example.com>\n\nAttached.\n",
    );
    assert_eq!(
        env.json(&["log-email", "--eml", &other])["case_id"],
        serde_json::Value::Null
    );
}

#[test]
fn what_is_not_a_message_is_refused_and_changes_nothing() {
    let env = env();
    let words = message(&env, "words.txt", "just some words\nno headers here\n");
    let err = env.refused(&["log-email", "--eml", &words]);
    assert!(err.contains("not an e-mail message (RFC 5322)"), "{err}");
    let no_from = message(
        &env,
        "nofrom.eml",
        "Subject: hi\nTo: ada@example.com\n\nbody\n",
    );
    let err = env.refused(&["log-email", "--eml", &no_from]);
    assert!(err.contains("no From address"), "{err}");
    let mine = message(
        &env,
        "mine.eml",
        "From: me@here.org\nTo: ME@here.org\nSubject: note to self\n\nx\n",
    );
    let err = env.refused(&["log-email", "--eml", &mine]);
    assert!(
        err.contains("every address in the message is yours"),
        "{err}"
    );
    let err = env.refused(&["log-email", "--eml", "/nonexistent/x.eml"]);
    assert!(err.contains("cannot open the message"), "{err}");
    let out = env
        .cmd(&["log-email", "--eml", "-"])
        .write_stdin(vec![b'a'; 25 * 1024 * 1024 + 10])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than 25 MiB"));
    // Usage: --eml does not take a summary; the one-liner still works without it.
    env.fails(&["log-email", "ada", "hi", "--eml", &words], 2);
    env.fails(&["log-email", "--add"], 2);
    let err = env.refused(&["log-email", "ada", "hi", "--add"]);
    assert!(err.contains("--add and --contact go with --eml"), "{err}");
    let i = env.json(&["log-email", "ada", "sent the deck"]);
    assert_eq!(i["summary"], "sent the deck");
}

#[test]
fn control_characters_in_a_subject_are_shown_escaped() {
    let env = env();
    let m = message(
        &env,
        "ctl.eml",
        "From: ada@example.com\nSubject: =?UTF-8?B?aGkbWzMxbXJlZA==?=\nMessage-ID: <c-1@example.com>\n\nx\n",
    );
    let said = env.ok(&["log-email", "--eml", &m]);
    assert!(!said.contains('\u{1b}'), "{said:?}");
}

#[test]
fn a_bad_me_in_the_config_is_a_clear_error() {
    let env = Env::at("2026-11-22T10:00:00Z");
    let dir = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "me = [\"not-an-address\"]\n").unwrap();
    let err = env.fails(&["log-email", "--eml", "-"], 1);
    assert!(
        err.contains("config.toml")
            && err.contains("me: \"not-an-address\" is not an e-mail address"),
        "{err}"
    );
}

#[test]
fn undo_takes_back_a_logged_message_with_the_contact_it_added() {
    let env = env();
    let m = message(
        &env,
        "new.eml",
        "From: Ma Lin <ma.lin@acme.io>\nTo: me@here.org\nSubject: Quote\nMessage-ID: <q1@acme.io>\n\nHi\n",
    );
    env.ok(&["log-email", "--eml", &m, "--add"]);
    env.ok(&["undo"]);
    assert!(env
        .refused(&["contact", "show", "ma.lin@acme.io"])
        .contains("ma.lin@acme.io"));
    assert!(env
        .json(&["interaction", "list"])
        .as_array()
        .unwrap()
        .is_empty());
    // Undoing the undo brings both back, with the Message-ID: logging again changes nothing.
    env.ok(&["undo"]);
    let said = env.ok(&["log-email", "--eml", &m, "--add"]);
    assert!(
        said.starts_with("Already logged as interaction #1"),
        "{said}"
    );
}

/// Two authors who are both contacts are listed, not guessed; a sent copy whose only
/// contact is in Bcc is logged with them.
#[test]
fn several_authors_are_listed_and_a_blind_copy_counts_in_a_sent_message() {
    let env = env();
    let two = message(
        &env,
        "two.eml",
        "From: Ada <ada@example.com>, Grace <grace@example.com>\nSender: ada@example.com\nTo: me@here.org\nSubject: From us both\nMessage-ID: <two@example.com>\n\nHello.\n",
    );
    let err = env.refused(&["log-email", "--eml", &two]);
    assert!(
        err.contains("several contacts")
            && err.contains("Ada Lovelace")
            && err.contains("Grace Hopper"),
        "{err}"
    );
    let bcc = message(
        &env,
        "bcc.eml",
        "From: me@here.org\nTo: undisclosed-recipients:;\nBcc: grace@example.com\nSubject: Quietly\nDate: Sun, 22 Nov 2026 10:30:00 +0000\nMessage-ID: <bcc@here.org>\n\nFor you.\n",
    );
    let i = env.json(&["log-email", "--eml", &bcc]);
    assert_eq!(
        (i["contact"].as_str(), i["direction"].as_str()),
        (Some("Grace Hopper"), Some("out"))
    );
}

/// A message without a Message-ID is still logged once: its sender, date, subject and body
/// make its key. Another message from the same sender at another time is another message.
#[test]
fn a_message_without_a_message_id_is_logged_once() {
    let env = env();
    let text = "From: ada@example.com\nTo: me@here.org\nSubject: No id\nDate: Sun, 22 Nov 2026 09:00:00 +0000\n\nhello\n";
    let first = message(&env, "a.eml", text);
    let i = env.json(&["log-email", "--eml", &first]);
    let again = env.ok(&["log-email", "--eml", &first]);
    assert!(
        again.contains(&format!("Already logged as interaction #{}", i["id"])),
        "{again}"
    );
    let later = message(&env, "b.eml", &text.replace("09:00:00", "11:00:00"));
    env.ok(&["log-email", "--eml", &later]);
    let all = env.json(&["interaction", "list", "--contact", "ada"]);
    assert_eq!(all.as_array().unwrap().len(), 2, "{all}");
}
