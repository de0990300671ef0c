use super::*;

fn rules(text: &str) -> Result<RuleSet, String> {
    let v: toml::Table = toml::from_str(text).unwrap();
    parse_rules(v.get("rule").cloned())
}

const EXAMPLE: &str = r#"
[[rule]]
name = "proposal follow-up"
on = "deal.stage"
to = "proposal"
task = { title = "Follow up on the proposal to {contact}", due = "+3d" }

[[rule]]
name = "onboarding"
on = "deal.won"
task = { title = "Kick-off with {contact}", due = "+2d" }
tag = "customer"
run = ["notify-send", "Won: {deal}"]

[[rule]]
name = "quiet customers"
on = "contact.idle"
days = 45
where = "lifecycle in (retention, expansion)"
task = { title = "Check in with {contact}", due = "today" }
"#;

#[test]
fn reads_the_design_example() {
    let set = rules(EXAMPLE).unwrap();
    assert_eq!(set.rules.len(), 3);
    let r = &set.rules[0];
    assert_eq!(r.on, EventKind::DealStage);
    assert_eq!(r.to, Some(StageOrLifecycle::Stage("proposal".into())));
    assert_eq!(r.by, "rule proposal follow-up");
    assert_eq!(
        r.actions,
        vec![Action::Task {
            title: "Follow up on the proposal to {contact}".into(),
            due: Some("+3d".into())
        }]
    );
    let won = &set.rules[1];
    assert_eq!(won.actions.len(), 3);
    assert!(
        matches!(&won.actions[2], Action::Run(h) if h.timeout == HOOK_TIMEOUT
        && h.command == HookCommand::Argv(vec!["notify-send".into(), "Won: {deal}".into()]))
    );
    let idle = &set.rules[2];
    assert_eq!(idle.days, Some(45));
    assert_eq!(
        idle.condition.as_ref().map(|c| c.text.as_str()),
        Some("lifecycle in (retention, expansion)")
    );
    assert_eq!(set.timed().count(), 1);
}

#[test]
fn no_rules_is_an_empty_set() {
    assert!(rules("").unwrap().is_empty());
}

fn error(text: &str) -> String {
    rules(text).unwrap_err()
}

#[test]
fn every_bad_rule_names_the_rule_and_the_key() {
    let e = error("[[rule]]\nname = \"x\"\non = \"deal.wonn\"\ntag = \"a\"\n");
    assert!(
        e.contains("rule \"x\"") && e.contains("\"on\"") && e.contains("deal.won"),
        "{e}"
    );
    let e = error("[[rule]]\nname = \"x\"\non = \"deal.won\"\ntagg = \"a\"\n");
    assert!(e.contains("\"tagg\"") && e.contains("not known"), "{e}");
    let e = error("[[rule]]\nname = \"x\"\non = \"deal.won\"\nto = \"proposal\"\ntag = \"a\"\n");
    assert!(e.contains("\"to\""), "{e}");
    let e = error(
        "[[rule]]\nname = \"x\"\non = \"deal.won\"\ntask = { title = \"t\", due = \"+3x\" }\n",
    );
    assert!(
        e.contains("\"task\"") && e.contains("+3x") && e.contains("not a date"),
        "{e}"
    );
    let e = error("[[rule]]\nname = \"x\"\non = \"deal.won\"\n");
    assert!(e.contains("does nothing"), "{e}");
    let e = error("[[rule]]\non = \"deal.won\"\ntag = \"a\"\n");
    assert!(e.contains("no name"), "{e}");
    let e = error("[[rule]]\nname = \"x\"\non = \"contact.idle\"\ntag = \"a\"\n");
    assert!(e.contains("\"days\""), "{e}");
    let e = error(
        "[[rule]]\nname = \"x\"\non = \"contact.lifecycle\"\nto = \"cutsomer\"\ntag = \"a\"\n",
    );
    assert!(e.contains("\"to\"") && e.contains("cutsomer"), "{e}");
    let e = error("[[rule]]\nname = \"x\"\non = \"deal.won\"\nrun = \"notify-send won\"\n");
    assert!(e.contains("\"run\"") && e.contains("shell"), "{e}");
    let e = error("[[rule]]\nname = \"x\"\non = \"deal.won\"\nrun = []\n");
    assert!(e.contains("needs a command"), "{e}");
    let e = error("[[rule]]\nname = \"x\"\non = \"deal.won\"\nnote = \"Hi {contatc}\"\n");
    assert!(e.contains("\"note\"") && e.contains("{contatc}"), "{e}");
    let e = error("[[rule]]\nname = \"x\"\non = \"deal.won\"\ntag = \"a\"\ntimeout = \"5s\"\n");
    assert!(e.contains("\"timeout\""), "{e}");
    let e =
        error("[[rule]]\nname = \"x\"\non = \"deal.won\"\nrun = [\"true\"]\ntimeout = \"2h\"\n");
    assert!(e.contains("\"timeout\""), "{e}");
    let e =
        error("[[rule]]\nname = \"x\"\non = \"interaction.logged\"\nkind = \"fax\"\ntag = \"a\"\n");
    assert!(e.contains("\"kind\"") && e.contains("fax"), "{e}");
    let e = error("[[rule]]\nname = \"x\"\non = \"task.due\"\nwithin = \"soon\"\ntag = \"a\"\n");
    assert!(e.contains("\"within\""), "{e}");
    let e = error("[[rule]]\nname = \"x\"\non = \"deal.won\"\ntag = \"a\"\n[[rule]]\nname = \"x\"\non = \"deal.lost\"\ntag = \"b\"\n");
    assert!(e.contains("two rules are named \"x\""), "{e}");
}

#[test]
fn a_loop_is_refused_with_its_chain() {
    let e = error("[[rule]]\nname = \"echo\"\non = \"interaction.logged\"\nnote = \"again\"\n");
    assert!(
        e.contains("\"echo\" → \"echo\"") && e.contains("loop"),
        "{e}"
    );
}

#[test]
fn shell_hooks_and_timeouts_and_tag_lists() {
    let set = rules(
        "[[rule]]\nname = \"x\"\non = \"deal.lost\"\ntag = [\"a\", \"b\"]\nuntag = \"c\"\nrun = { shell = \"echo lost >> log\" }\ntimeout = \"2m\"\n",
    )
    .unwrap();
    let a = &set.rules[0].actions;
    assert_eq!(a[0], Action::Tag("a".into()));
    assert_eq!(a[1], Action::Tag("b".into()));
    assert_eq!(a[2], Action::Untag("c".into()));
    assert_eq!(
        a[3],
        Action::Run(Hook {
            command: HookCommand::Shell("echo lost >> log".into()),
            timeout: Duration::from_secs(120)
        })
    );
}

#[test]
fn days_read_numbers_and_durations() {
    assert_eq!(parse_days("30"), Some(30));
    assert_eq!(parse_days("30d"), Some(30));
    assert_eq!(parse_days("2w"), Some(14));
    assert_eq!(parse_days("0d"), Some(0));
    assert_eq!(parse_days("soon"), None);
    assert_eq!(parse_days("99999999w"), None);
}

#[test]
fn notify_takes_a_command_list() {
    let v: toml::Table =
        toml::from_str("[notify]\ncommand = [\"notify-send\", \"crm\", \"{text}\"]\n").unwrap();
    let n = parse_notify(v.get("notify").cloned()).unwrap();
    assert_eq!(n.command.unwrap()[0], "notify-send");
    let v: toml::Table = toml::from_str("[notify]\ncommand = \"notify-send\"\n").unwrap();
    assert!(parse_notify(v.get("notify").cloned()).is_err());
    let v: toml::Table = toml::from_str("[notify]\ncmd = [\"x\"]\n").unwrap();
    assert!(parse_notify(v.get("notify").cloned())
        .unwrap_err()
        .contains("\"cmd\""));
    assert_eq!(parse_notify(None).unwrap(), Notify::default());
}

#[test]
fn a_where_that_does_not_read_names_the_rule_key_and_column() {
    let e = error("[[rule]]\nname = \"q\"\non = \"contact.idle\"\ndays = 3\nwhere = \"lifecycle in (retention, expansoin)\"\ntag = \"a\"\n");
    assert!(
        e.contains("rule \"q\": key \"where\"") && e.contains("column"),
        "{e}"
    );
    let e = error("[[rule]]\nname = \"q\"\non = \"deal.won\"\nwhere = \"lifecycle = retention\"\ntag = \"a\"\n");
    assert!(
        e.contains("key \"where\""),
        "a deal rule's where is on the deal: {e}"
    );
    assert!(rules("[[rule]]\nname = \"q\"\non = \"deal.won\"\nwhere = \"contact.lifecycle = retention\"\ntag = \"a\"\n").is_ok());
}
