use super::*;

fn touch(kind: InteractionKind, direction: Option<Direction>, age_days: f64) -> Touch {
    Touch {
        kind,
        direction,
        age_days,
    }
}

#[test]
fn nothing_known_scores_zero() {
    let s = score(&Inputs::default(), &Weights::default());
    assert_eq!(s.total, 0);
    assert!(s.parts.is_empty());
}

#[test]
fn fit_takes_the_best_title_keyword_and_every_listed_tag() {
    let i = Inputs {
        title: Some("Founder & CEO".into()),
        company_size: Some(CompanySize::Medium),
        source: Some("Referral".into()),
        tags: vec!["VIP".into(), "newsletter".into()],
        ..Default::default()
    };
    let s = score(&i, &Weights::default());
    // 15 (ceo or founder, not both) + 8 (medium) + 10 (referral) + 10 (vip) = 43, capped at 40.
    assert_eq!(s.fit, 40.0);
    assert_eq!(s.total, 40);
    let rules: Vec<_> = s
        .parts
        .iter()
        .map(|p| (p.rule.as_str(), p.points))
        .collect();
    assert_eq!(rules.len(), 4);
    assert!(rules.contains(&("company size medium", 8.0)));
    assert!(rules.contains(&("source referral", 10.0)));
    assert!(rules.contains(&("tag vip", 10.0)));
    assert!(rules
        .iter()
        .any(|(r, p)| r.starts_with("title") && *p == 15.0));
}

#[test]
fn a_keyword_is_a_whole_word_of_the_title() {
    let i = Inputs {
        title: Some("Leadership coach".into()),
        ..Default::default()
    };
    assert_eq!(
        score(&i, &Weights::default()).total,
        0,
        "lead is not leadership"
    );
}

#[test]
fn engagement_halves_every_thirty_days_and_weighs_inbound_and_meetings_more() {
    let w = Weights::default();
    let today = Inputs {
        touches: vec![touch(InteractionKind::Call, Some(Direction::Out), 0.0)],
        ..Default::default()
    };
    assert_eq!(score(&today, &w).engagement, 4.0);
    let month = Inputs {
        touches: vec![touch(InteractionKind::Call, Some(Direction::Out), 30.0)],
        ..Default::default()
    };
    assert_eq!(score(&month, &w).engagement, 2.0);
    let meeting_in = Inputs {
        touches: vec![touch(InteractionKind::Meeting, Some(Direction::In), 60.0)],
        ..Default::default()
    };
    // (4 + 2 inbound + 3 meeting) / 4 after two half-lives.
    assert_eq!(score(&meeting_in, &w).engagement, 2.25);
    let old = Inputs {
        touches: vec![touch(InteractionKind::Call, None, 91.0)],
        ..Default::default()
    };
    assert_eq!(score(&old, &w).engagement, 0.0, "outside the 90-day window");
}

#[test]
fn engagement_is_explained_by_kind_and_direction_and_capped() {
    let w = Weights::default();
    let i = Inputs {
        touches: (0..20)
            .map(|d| touch(InteractionKind::Email, Some(Direction::In), d as f64))
            .chain([touch(InteractionKind::Note, None, 45.0)])
            .collect(),
        ..Default::default()
    };
    let s = score(&i, &w);
    assert_eq!(s.engagement, 35.0, "capped");
    let rules: Vec<_> = s.parts.iter().map(|p| p.rule.clone()).collect();
    assert_eq!(
        rules,
        [
            "20 inbound emails in the last 90 days (20 in the last 30)",
            "1 note in the last 90 days (0 in the last 30)"
        ]
    );
}

#[test]
fn intent_counts_each_open_deal_its_value_and_its_stage() {
    let w = Weights::default();
    let i = Inputs {
        open_deals: vec![OpenDeal {
            title: "Website".into(),
            major: 1000.0,
            probability: 50,
        }],
        ..Default::default()
    };
    // 4 per deal + 2 × log10(1000) + 0.08 × 50 = 4 + 6 + 4 = 14.
    let s = score(&i, &w);
    assert_eq!(s.intent, 14.0);
    assert_eq!(s.parts[0].rule, "open deal \"Website\" (1000 at 50%)");
    let many = Inputs {
        open_deals: vec![i.open_deals[0].clone(); 3],
        ..Default::default()
    };
    assert_eq!(score(&many, &w).intent, 25.0, "capped");
}

#[test]
fn the_total_adds_the_capped_parts_and_rounds() {
    let w = Weights::default();
    let i = Inputs {
        title: Some("Sales manager".into()),
        touches: vec![touch(InteractionKind::Call, Some(Direction::In), 15.0)],
        open_deals: vec![OpenDeal {
            title: "x".into(),
            major: 0.5,
            probability: 10,
        }],
        ..Default::default()
    };
    // 6 + 6 × 2^-0.5 (4.2426) + 4 + 0.8 = 15.04 → 15.
    let s = score(&i, &w);
    assert_eq!(s.total, 15);
}
