//! Every kind of bad input gives a `FilterError` at the right column with a clear message.

use super::{parse, FilterError, Target};

fn err(text: &str, target: Target) -> FilterError {
    match parse(text, target) {
        Ok(f) => panic!("{text:?} parsed as {f}"),
        Err(e) => e,
    }
}

/// Asserts the column and that the message contains each of `parts`.
fn check(text: &str, target: Target, column: usize, parts: &[&str]) {
    let e = err(text, target);
    assert_eq!(e.column, column, "{text:?}: {e}");
    for part in parts {
        assert!(e.message.contains(part), "{text:?}: {e} lacks {part:?}");
    }
}

fn contact(text: &str, column: usize, parts: &[&str]) {
    check(text, Target::Contact, column, parts);
}

#[test]
fn unknown_fields_list_the_fields_and_suggest_the_nearest() {
    let e = err("tag:vip and nmae = ada", Target::Contact);
    assert_eq!(e.column, 13);
    let shown = e.to_string();
    assert!(
        shown.starts_with(
            "at column 13: unknown contact field \"nmae\"; did you mean \"name\"? (fields: name, email, company,"
        ),
        "{shown}"
    );
    assert!(shown.contains("field.KEY"), "{shown}");
    contact(
        "xyzzy > 3",
        1,
        &["unknown contact field \"xyzzy\" (fields:"],
    );
    contact("stage = lead", 1, &["unknown contact field \"stage\""]);
    check(
        "stgae = lead",
        Target::Deal,
        1,
        &[
            "unknown deal field",
            "did you mean \"stage\"?",
            "contact.FIELD",
        ],
    );
    check(
        "contact.lifecyle = lead",
        Target::Deal,
        1,
        &["did you mean \"contact.lifecycle\"?"],
    );
    contact("field. = x", 1, &["unknown contact field"]);
}

#[test]
fn operators_must_suit_the_field() {
    contact(
        "name > 3",
        6,
        &["name holds text: it cannot be compared with >; use =, !=, ~ or in."],
    );
    contact(
        "lifecycle <= lead",
        11,
        &["lifecycle stage", "use =, != or in"],
    );
    contact(
        "score ~ 3",
        7,
        &["~ (contains) works on text; score holds a number"],
    );
    check(
        "currency > EUR",
        Target::Deal,
        10,
        &["cannot be compared with >"],
    );
    contact(
        "birthday > 2026-01-01",
        12,
        &["birthday is compared with a date or period by = or != only"],
    );
}

#[test]
fn values_must_be_of_the_fields_type() {
    contact(
        "created > soon",
        11,
        &[
            "cannot read \"soon\" as a date for created",
            "this quarter",
            "30d",
        ],
    );
    contact("idle > 30x", 8, &["idle takes a duration such as 30d"]);
    contact("idle > 2026-01-01", 8, &["idle takes a duration"]);
    contact("cadence = weekly", 11, &["cadence takes a duration"]);
    contact(
        "score > high",
        9,
        &["score takes a whole number, not \"high\""],
    );
    contact(
        "lifecycle = vip",
        13,
        &[
            "unknown lifecycle stage \"vip\"",
            "awareness, consideration",
        ],
    );
    contact("company.size = huge", 16, &["unknown company size"]);
    contact("created = this decade", 11, &["cannot read \"this\""]);
    contact("created = 2026-13", 11, &["cannot read"]);
    contact("created = 2026-02-30", 11, &["cannot read"]);
    check(
        "status = pending",
        Target::Deal,
        10,
        &["unknown deal status"],
    );
    check(
        "value > lots",
        Target::Deal,
        9,
        &["takes an amount such as 5000"],
    );
    check(
        "value > 10.555 EUR",
        Target::Deal,
        9,
        &["10.555 has more decimals than EUR, which has 2"],
    );
    check(
        "value > 5 XYZ",
        Target::Deal,
        11,
        &["unknown currency \"XYZ\""],
    );
    check(
        "value > 100 JPY and value < 1.5 JPY",
        Target::Deal,
        29,
        &["more decimals than JPY"],
    );
    check("currency = EURO", Target::Deal, 12, &["unknown currency"]);
}

#[test]
fn missing_values_and_keywords() {
    contact("title =", 8, &["expected a value for title (text)"]);
    contact("title = and x", 9, &["found the keyword \"and\" (quote it"]);
    contact("title ~ ''", 9, &["~ needs the text to look for"]);
    contact("tag: and x", 5, &["tag: needs a tag name"]);
    contact("tag:", 5, &["tag: needs a tag name right after it"]);
    contact("\"!!\"", 1, &["needs a letter or digit"]);
}

#[test]
fn structure_errors() {
    contact("", 1, &["the expression is empty"]);
    contact("   ", 1, &["the expression is empty"]);
    contact("tag:vip and", 12, &["ends too early"]);
    contact("tag:vip and or x", 13, &["expected a test before \"or\""]);
    contact(
        "(tag:vip or idle > 30d",
        1,
        &["unbalanced parentheses: this ( is never closed."],
    );
    contact("((a) or (b)", 1, &["never closed"]);
    contact(
        "tag:vip)",
        8,
        &["unbalanced parentheses: this ) closes nothing."],
    );
    contact(
        "tag:vip ada",
        9,
        &["unexpected \"ada\"; join tests with and or or"],
    );
    contact("ada (b)", 5, &["unexpected ("]);
    contact("= ada", 1, &["expected a field name before this operator"]);
    contact("a, b", 2, &["a comma only separates the values of in"]);
    contact(
        "lifecycle in retention",
        13,
        &["in takes a list in parentheses"],
    );
    contact(
        "lifecycle in (lead",
        19,
        &["the list after in is never closed"],
    );
    contact(
        "lifecycle in (lead retention)",
        20,
        &["expected , or ) in the list"],
    );
    contact("tag in ()", 9, &["expected a value for tag"]);
    contact("name = \"ada", 8, &["this \" is never closed"]);
    contact("name ! ada", 6, &["\"!\" on its own is not an operator"]);
}

#[test]
fn errors_read_with_their_column_and_point_at_it() {
    let text = "Zoë and idle > soon";
    let e = err(text, Target::Contact);
    assert_eq!(e.column, 16, "columns count characters, not bytes");
    assert_eq!(
        e.to_string(),
        "at column 16: idle takes a duration such as 30d, 2w, 3m or 1y, not \"soon\"."
    );
    assert_eq!(e.pointer(text), "Zoë and idle > soon\n               ^");
    let converted: crate::domain::Error = e.into();
    assert!(
        converted.to_string().contains("at column 16"),
        "{converted}"
    );
}
