//! Parser tests: every operator and field, precedence, quoting, aliases, values, and the
//! canonical rendering parsing back to an equal tree (a property test).

use chrono::NaiveDate;
use proptest::prelude::*;

use super::fields::{self, ContactField, DealField, FieldRef, Kind};
use super::tree::*;
use super::{parse, Target};
use crate::domain::currency::Currency;
use crate::domain::period::Unit;
use crate::domain::{CompanySize, DealStatus, Lifecycle};

fn contact(text: &str) -> Expr {
    match parse(text, Target::Contact) {
        Ok(f) => f.expr().clone(),
        Err(e) => panic!("{text:?}: {e}"),
    }
}

fn deal(text: &str) -> Expr {
    match parse(text, Target::Deal) {
        Ok(f) => f.expr().clone(),
        Err(e) => panic!("{text:?}: {e}"),
    }
}

fn cond(field: ContactField, test: Test) -> Expr {
    Expr::Cond(Cond {
        field: FieldRef::Contact(field),
        test,
    })
}

fn text(s: &str) -> Value {
    Value::Text(Text::new(s))
}

fn name(s: &str) -> Expr {
    Expr::Name(Text::new(s))
}

/// Parses, renders, and checks the rendering and that it parses back the same.
fn canonical(text: &str, target: Target) -> String {
    let f = parse(text, target).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    let shown = f.to_string();
    let again = parse(&shown, target).unwrap_or_else(|e| panic!("{shown:?}: {e}"));
    assert_eq!(again, f, "{text:?} rendered as {shown:?}");
    shown
}

#[test]
fn every_operator() {
    use Cmp::*;
    for (op, cmp) in [
        ("=", Eq),
        ("==", Eq),
        ("!=", Ne),
        ("<>", Ne),
        ("<", Lt),
        ("<=", Le),
        (">", Gt),
        (">=", Ge),
    ] {
        assert_eq!(
            contact(&format!("score {op} 40")),
            cond(ContactField::Score, Test::Cmp(cmp, Value::Number(40))),
            "{op}"
        );
        // Spaces around operators are optional.
        assert_eq!(
            contact(&format!("score{op}40")),
            contact(&format!("score {op} 40"))
        );
    }
    assert_eq!(
        contact("title ~ Eng"),
        cond(ContactField::Title, Test::Contains(Text::new("Eng")))
    );
    assert_eq!(
        contact("source in (linkedin, 'trade fair')"),
        cond(
            ContactField::Source,
            Test::In(vec![text("linkedin"), text("trade fair")])
        )
    );
    assert_eq!(
        contact("tag:vip"),
        cond(ContactField::Tag, Test::Cmp(Cmp::Eq, text("vip")))
    );
    assert_eq!(
        contact("TAG:\"big fish\""),
        cond(ContactField::Tag, Test::Cmp(Cmp::Eq, text("big fish")))
    );
}

#[test]
fn every_field_takes_a_value_of_its_kind() {
    for target in [Target::Contact, Target::Deal] {
        for field in fields::all(target) {
            let value = match field.kind() {
                Kind::Text | Kind::Texts => "x",
                Kind::Lifecycle => "lead",
                Kind::Status => "won",
                Kind::Size => "small",
                Kind::Currency => "EUR",
                Kind::Number => "3",
                Kind::Money => "12.50",
                Kind::Moment | Kind::Day | Kind::Birthday => "this month",
                Kind::Idle | Kind::Interval => "2w",
            };
            let text = format!("{field} = {value}");
            let parsed = parse(&text, target).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            match parsed.expr() {
                Expr::Cond(c) => assert_eq!(c.field, field, "{text}"),
                other => panic!("{text:?} gave {other:?}"),
            }
            canonical(&text, target);
        }
    }
}

#[test]
fn precedence_is_not_then_and_then_or() {
    assert_eq!(
        contact("a or b and not c"),
        Expr::Or(vec![
            name("a"),
            Expr::And(vec![name("b"), Expr::Not(Box::new(name("c")))])
        ])
    );
    assert_eq!(
        contact("(a or b) and c"),
        Expr::And(vec![Expr::Or(vec![name("a"), name("b")]), name("c")])
    );
    assert_eq!(
        contact("a and b and c or d"),
        Expr::Or(vec![
            Expr::And(vec![name("a"), name("b"), name("c")]),
            name("d")
        ])
    );
    assert_eq!(
        contact("not not a"),
        Expr::Not(Box::new(Expr::Not(Box::new(name("a")))))
    );
    assert_eq!(
        contact("NOT (a OR b)"),
        Expr::Not(Box::new(Expr::Or(vec![name("a"), name("b")])))
    );
    assert_eq!(contact("((a))"), name("a"));
}

#[test]
fn quoting_and_bare_words() {
    assert_eq!(contact("'Zoë Ångström'"), name("Zoë Ångström"));
    assert_eq!(contact("\"say \\\"hi\\\"\""), name("say \"hi\""));
    assert_eq!(
        contact("\"and\""),
        name("and"),
        "a quoted keyword is a name"
    );
    assert_eq!(
        contact("title = 'or'"),
        cond(ContactField::Title, Test::Cmp(Cmp::Eq, text("or")))
    );
    assert_eq!(
        contact("email = ada@example.com"),
        cond(
            ContactField::Email,
            Test::Cmp(Cmp::Eq, text("ada@example.com"))
        )
    );
    assert_eq!(
        contact("zoe and ada"),
        Expr::And(vec![name("zoe"), name("ada")])
    );
}

#[test]
fn aliases_and_enums() {
    assert_eq!(
        contact("lifecycle in (retention, expansion)"),
        cond(
            ContactField::Lifecycle,
            Test::In(vec![
                Value::Lifecycle(Lifecycle::Retention),
                Value::Lifecycle(Lifecycle::Expansion)
            ])
        )
    );
    assert_eq!(
        contact("lifecycle = lead or lifecycle = Customer"),
        Expr::Or(vec![
            cond(
                ContactField::Lifecycle,
                Test::Cmp(Cmp::Eq, Value::Lifecycle(Lifecycle::Awareness))
            ),
            cond(
                ContactField::Lifecycle,
                Test::Cmp(Cmp::Eq, Value::Lifecycle(Lifecycle::Retention))
            ),
        ])
    );
    assert_eq!(
        contact("company.size = 120"),
        cond(
            ContactField::CompanySize,
            Test::Cmp(Cmp::Eq, Value::Size(CompanySize::Small))
        )
    );
    let d = deal("status = won and currency = eur");
    assert_eq!(
        d,
        Expr::And(vec![
            Expr::Cond(Cond {
                field: FieldRef::Deal(DealField::Status),
                test: Test::Cmp(Cmp::Eq, Value::Status(DealStatus::Won)),
            }),
            Expr::Cond(Cond {
                field: FieldRef::Deal(DealField::Currency),
                test: Test::Cmp(Cmp::Eq, Value::Currency(Currency::parse("EUR").unwrap())),
            }),
        ])
    );
    assert_eq!(
        canonical("lifecycle=customer", Target::Contact),
        "lifecycle = retention"
    );
}

#[test]
fn money_dates_periods_and_durations() {
    let eur = Currency::parse("EUR").unwrap();
    let amount = |text: &str| match deal(&format!("value > {text}")) {
        Expr::Cond(Cond {
            test: Test::Cmp(_, Value::Amount(a)),
            ..
        }) => a,
        other => panic!("{other:?}"),
    };
    let a = |mantissa, scale, currency| Amount {
        mantissa,
        scale,
        currency,
    };
    assert_eq!(amount("5000"), a(5000, 0, None));
    assert_eq!(amount("12.50"), a(125, 1, None));
    assert_eq!(amount("1_000.05"), a(100_005, 2, None));
    assert_eq!(amount("5000 EUR"), a(5000, 0, Some(eur)));
    assert_eq!(amount("eur 12.5"), a(125, 1, Some(eur)));
    assert_eq!(
        canonical("value >= eur 12.50", Target::Deal),
        "value >= 12.5 EUR"
    );
    assert_eq!(canonical("value < 0.05", Target::Deal), "value < 0.05");

    let value = |text: &str| match contact(&format!("created = {text}")) {
        Expr::Cond(Cond {
            test: Test::Cmp(_, v),
            ..
        }) => v,
        other => panic!("{other:?}"),
    };
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    assert_eq!(value("2026-01-01"), Value::Day(DayValue::Date(day)));
    assert_eq!(value("Today"), Value::Day(DayValue::FromToday(0)));
    assert_eq!(value("yesterday"), Value::Day(DayValue::FromToday(-1)));
    assert_eq!(value("tomorrow"), Value::Day(DayValue::FromToday(1)));
    let rel = |shift, unit| Value::Period(PeriodSpec::Relative { shift, unit });
    assert_eq!(value("this quarter"), rel(0, Unit::Quarter));
    assert_eq!(value("last month"), rel(-1, Unit::Month));
    assert_eq!(value("next week"), rel(1, Unit::Week));
    assert_eq!(value("'this year'"), rel(0, Unit::Year));
    assert_eq!(
        value("q4"),
        Value::Period(PeriodSpec::Quarter {
            year: None,
            quarter: 4
        })
    );
    assert_eq!(
        value("2026-Q4"),
        Value::Period(PeriodSpec::Quarter {
            year: Some(2026),
            quarter: 4
        })
    );
    assert_eq!(
        value("2026-11"),
        Value::Period(PeriodSpec::Month {
            year: 2026,
            month: 11
        })
    );
    assert_eq!(value("2026"), Value::Period(PeriodSpec::Year(2026)));
    let dur = |count, unit| Value::Duration(Duration { count, unit });
    assert_eq!(value("30d"), dur(30, DurationUnit::Day));
    assert_eq!(value("2w"), dur(2, DurationUnit::Week));
    assert_eq!(value("3m"), dur(3, DurationUnit::Month));
    assert_eq!(value("1y"), dur(1, DurationUnit::Year));
    assert_eq!(value("10days"), dur(10, DurationUnit::Day));
    assert_eq!(
        contact("idle > 30d"),
        cond(
            ContactField::Idle,
            Test::Cmp(Cmp::Gt, dur(30, DurationUnit::Day))
        )
    );
    assert_eq!(
        deal("probability >= 50%"),
        deal("probability >= 50"),
        "a percent sign is allowed"
    );
}

#[test]
fn deal_fields_reach_the_contact() {
    assert_eq!(
        deal("contact.lifecycle = lead"),
        Expr::Cond(Cond {
            field: FieldRef::Deal(DealField::Contact(ContactField::Lifecycle)),
            test: Test::Cmp(Cmp::Eq, Value::Lifecycle(Lifecycle::Awareness)),
        })
    );
    assert_eq!(
        deal("tag:vip"),
        Expr::Cond(Cond {
            field: FieldRef::Deal(DealField::Contact(ContactField::Tag)),
            test: Test::Cmp(Cmp::Eq, text("vip")),
        }),
        "a deal's tags are its contact's"
    );
    assert_eq!(
        deal("contact.field.Region = north"),
        Expr::Cond(Cond {
            field: FieldRef::Deal(DealField::Contact(ContactField::Custom("Region".into()))),
            test: Test::Cmp(Cmp::Eq, text("north")),
        })
    );
}

#[test]
fn canonical_forms() {
    let c = |t| canonical(t, Target::Contact);
    assert_eq!(c("tag:VIP"), "tag = VIP");
    assert_eq!(c("a or (b or c)"), "a or (b or c)");
    assert_eq!(c("(a and b) or c"), "a and b or c");
    assert_eq!(c("not (a and b)"), "not (a and b)");
    assert_eq!(
        c("'Zoë Ångström' and idle>=2w"),
        "\"Zoë Ångström\" and idle >= 2w"
    );
    assert_eq!(c("'tag:x'"), "\"tag:x\"");
    assert_eq!(c("title = 'a \"b\"'"), "title = \"a \\\"b\\\"\"");
    assert_eq!(
        c("last_contact > this quarter and created < 2026-01-01"),
        "last_contact > this quarter and created < 2026-01-01"
    );
    assert_eq!(
        c("lifecycle in (lead,customer)"),
        "lifecycle in (awareness, retention)"
    );
}

// Random trees render and parse back equal.

fn value_for(kind: Kind, cmp: Cmp) -> BoxedStrategy<Value> {
    let texts = prop_oneof![
        "[a-zA-Z0-9ëø@._-]{1,8}",
        "[a-z \"'\\\\(),=!<>~:]{0,6}",
        Just("and".to_string()),
        Just("In".to_string()),
    ];
    match kind {
        Kind::Text | Kind::Texts => texts.prop_map(|s| Value::Text(Text::new(&s))).boxed(),
        Kind::Lifecycle => prop::sample::select(Lifecycle::ALL.to_vec())
            .prop_map(Value::Lifecycle)
            .boxed(),
        Kind::Status => prop::sample::select(DealStatus::ALL.to_vec())
            .prop_map(Value::Status)
            .boxed(),
        Kind::Size => prop::sample::select(CompanySize::ALL.to_vec())
            .prop_map(Value::Size)
            .boxed(),
        Kind::Currency => prop::sample::select(vec!["EUR", "JPY", "KWD", "USD"])
            .prop_map(|c| Value::Currency(Currency::parse(c).unwrap()))
            .boxed(),
        Kind::Number => any::<i64>().prop_map(Value::Number).boxed(),
        Kind::Money => (
            0i64..(1 << 52),
            0u8..=6,
            prop::sample::select(vec![None, Some("EUR"), Some("JPY"), Some("KWD")]),
        )
            .prop_map(|(mut mantissa, scale, cur)| {
                let currency = cur.map(|c| Currency::parse(c).unwrap());
                let mut scale = scale.min(currency.map_or(6, |c| c.exponent()));
                while scale > 0 && mantissa % 10 == 0 {
                    mantissa /= 10;
                    scale -= 1;
                }
                Value::Amount(Amount {
                    mantissa,
                    scale,
                    currency,
                })
            })
            .boxed(),
        Kind::Idle | Kind::Interval => duration().prop_map(Value::Duration).boxed(),
        Kind::Birthday if !cmp.is_equality() => duration().prop_map(Value::Duration).boxed(),
        Kind::Moment | Kind::Day | Kind::Birthday => prop_oneof![
            duration().prop_map(Value::Duration),
            (1900i32..=9999, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| Value::Day(
                DayValue::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
            )),
            (-1i8..=1).prop_map(|n| Value::Day(DayValue::FromToday(n))),
            period().prop_map(Value::Period),
        ]
        .boxed(),
    }
}

fn duration() -> impl Strategy<Value = Duration> {
    (
        0u32..=99_999,
        prop::sample::select(vec![
            DurationUnit::Day,
            DurationUnit::Week,
            DurationUnit::Month,
            DurationUnit::Year,
        ]),
    )
        .prop_map(|(count, unit)| Duration { count, unit })
}

fn period() -> impl Strategy<Value = PeriodSpec> {
    let unit = prop::sample::select(vec![Unit::Week, Unit::Month, Unit::Quarter, Unit::Year]);
    prop_oneof![
        (-1i8..=1, unit).prop_map(|(shift, unit)| PeriodSpec::Relative { shift, unit }),
        (prop::option::of(1900i32..=9999), 1u8..=4)
            .prop_map(|(year, quarter)| PeriodSpec::Quarter { year, quarter }),
        (1900i32..=9999, 1u8..=12).prop_map(|(year, month)| PeriodSpec::Month { year, month }),
        (1900i32..=9999).prop_map(PeriodSpec::Year),
    ]
}

fn cond_for(target: Target) -> impl Strategy<Value = Expr> {
    let fields: Vec<FieldRef> = fields::all(target);
    let cmps = vec![Cmp::Eq, Cmp::Ne, Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge];
    (
        prop::sample::select(fields),
        prop::sample::select(cmps),
        0u8..4,
    )
        .prop_flat_map(|(field, cmp, shape)| {
            let kind = field.kind();
            let ordered = !matches!(
                kind,
                Kind::Text
                    | Kind::Texts
                    | Kind::Lifecycle
                    | Kind::Status
                    | Kind::Size
                    | Kind::Currency
            );
            let cmp = if ordered {
                cmp
            } else {
                [Cmp::Eq, Cmp::Ne][cmp as usize % 2]
            };
            let test: BoxedStrategy<Test> = match shape {
                0 if matches!(kind, Kind::Text | Kind::Texts) => "[a-zA-Zë ,()'\"]{0,4}[a-z]"
                    .prop_map(|s| Test::Contains(Text::new(&s)))
                    .boxed(),
                1 => prop::collection::vec(value_for(kind, Cmp::Eq), 1..4)
                    .prop_map(Test::In)
                    .boxed(),
                _ => value_for(kind, cmp)
                    .prop_map(move |v| Test::Cmp(cmp, v))
                    .boxed(),
            };
            test.prop_map(move |test| {
                Expr::Cond(Cond {
                    field: field.clone(),
                    test,
                })
            })
        })
}

pub(crate) fn expr_for(target: Target) -> impl Strategy<Value = Expr> {
    let name = prop_oneof![
        "[a-zA-Zëø0-9]{1,6}",
        "[a-z]{1,3}[ '\"():,]{1,2}[A-Zå]{1,3}",
        Just("tag:x".to_string()),
        Just("OR".to_string()),
    ]
    .prop_map(|s| Expr::Name(Text::new(&s)));
    let leaf = prop_oneof![cond_for(target), name];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::And),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::Or),
            inner.prop_map(|e| Expr::Not(Box::new(e))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn rendering_parses_back_to_the_same_contact_tree(expr in expr_for(Target::Contact)) {
        let shown = expr.to_string();
        let back = parse(&shown, Target::Contact)
            .unwrap_or_else(|e| panic!("{shown:?}: {e}"));
        prop_assert_eq!(back.expr(), &expr, "{}", shown);
    }

    #[test]
    fn rendering_parses_back_to_the_same_deal_tree(expr in expr_for(Target::Deal)) {
        let shown = expr.to_string();
        let back = parse(&shown, Target::Deal)
            .unwrap_or_else(|e| panic!("{shown:?}: {e}"));
        prop_assert_eq!(back.expr(), &expr, "{}", shown);
    }

    #[test]
    fn any_unicode_parses_or_fails_without_a_panic(text in "\\PC{0,40}") {
        for target in [Target::Contact, Target::Deal] {
            match parse(&text, target) {
                Ok(f) => {
                    let back = parse(&f.to_string(), target);
                    prop_assert_eq!(back, Ok(f));
                }
                Err(e) => prop_assert!(e.column >= 1 && e.column <= text.chars().count() + 1),
            }
        }
    }

    #[test]
    fn any_text_parses_or_fails_with_a_column_inside_it(text in "[a-z_.:<>=!~(),'\" 0-9-]{0,30}") {
        if let Err(e) = parse(&text, Target::Contact) {
            prop_assert!(e.column >= 1 && e.column <= text.chars().count() + 1, "{}: {}", text, e);
        }
    }
}

#[test]
fn the_readme_examples_parse() {
    for text in [
        "tag:vip and idle > 30d and deals.open_value > 1000",
        "lifecycle in (lead, customer) and not source = linkedin",
        "(title ~ founder or title ~ ceo) and company.size in (micro, small)",
        "created > this quarter or last_contact < 2026-01-01",
        "\"Zoë Å\" or email ~ example.org",
        "lifecycle in (retention, expansion)",
        "birthday < 14d or cadence <= 2w",
    ] {
        canonical(text, Target::Contact);
    }
    for text in [
        "close < 7d and close >= 0d",
        "value > 5000 EUR",
        "value > 5000 and currency = EUR",
        "contact.tag = vip and tag:vip and company.name = acme",
    ] {
        canonical(text, Target::Deal);
    }
}
