use super::*;
use crate::input::deal::DealText;
use crate::ops::contacts::{self, ContactChanges};
use crate::ops::testing::{now, store};
use crate::resolve;

/// `deal add` as the faces do it: the text made typed, then the use case.
fn add_text(s: &Store, text: DealText) -> Result<Deal> {
    let ch = text.typed(s.read(), &now(), Money::new(0, usd()))?;
    add(s, &now(), usd(), ch)
}

fn move_text(s: &Store, id: DealId, stage: &str) -> Result<Moved> {
    let target = match stage {
        "won" => Target::Won,
        "lost" => Target::Lost,
        name => Target::Stage(resolve::stage(s.read(), name)?.id),
    };
    move_to(s, &now(), id, target)
}

fn usd() -> Currency {
    Currency::parse("USD").unwrap()
}

fn deal(title: &str) -> DealText {
    DealText {
        title: Some(title.into()),
        ..Default::default()
    }
}

#[test]
fn money_is_stored_in_minor_units_of_its_currency() {
    let s = store();
    let d = add_text(
        &s,
        DealText {
            value: Some("4,500.50".into()),
            currency: Some("eur".into()),
            ..deal("A")
        },
    )
    .unwrap();
    assert_eq!(d.value.minor, 450_050);
    assert_eq!(d.value.currency.code(), "EUR");
    let d = add_text(
        &s,
        DealText {
            value: Some("1500".into()),
            currency: Some("JPY".into()),
            ..deal("B")
        },
    )
    .unwrap();
    assert_eq!(d.value.minor, 1500);
    for bad in ["12,3.4", "abc", "-5"] {
        assert!(add_text(
            &s,
            DealText {
                value: Some(bad.into()),
                ..deal("C")
            }
        )
        .is_err());
    }
    assert!(add_text(
        &s,
        DealText {
            probability: Some("101".into()),
            ..deal("C")
        }
    )
    .is_err());
    assert!(add_text(
        &s,
        DealText {
            stage: Some("nowhere".into()),
            ..deal("C")
        }
    )
    .is_err());
    assert_eq!(s.read().deals(&Default::default()).unwrap().len(), 2);
}

#[test]
fn stage_history_follows_moves_wins_and_reopening() {
    let s = store();
    let d = add_text(&s, deal("Site")).unwrap();
    let id = d.id;
    assert!(matches!(
        move_text(&s, id, "proposal").unwrap(),
        Moved::To(_)
    ));
    assert!(matches!(
        move_text(&s, id, "Proposal").unwrap(),
        Moved::Unchanged(_)
    ));
    close(&s, &now(), id, DealStatus::Lost, Some("price")).unwrap();
    let reopened = move_text(&s, id, "negotiation").unwrap();
    assert!(
        matches!(reopened, Moved::Reopened(ref d) if d.status == DealStatus::Open && d.lost_reason.is_none())
    );
    close(&s, &now(), id, DealStatus::Won, None).unwrap();
    assert!(close(&s, &now(), id, DealStatus::Won, None).is_err());
    let h = s.read().stage_history(d.id).unwrap();
    let path: Vec<(Option<&str>, DealStatus)> = h
        .iter()
        .map(|c| (c.to_stage.as_deref(), c.status))
        .collect();
    assert_eq!(
        path,
        vec![
            (Some("lead"), DealStatus::Open),
            (Some("proposal"), DealStatus::Open),
            (Some("proposal"), DealStatus::Lost),
            (Some("negotiation"), DealStatus::Open),
            (Some("negotiation"), DealStatus::Won),
        ]
    );
}

#[test]
fn deals_move_their_contact_through_the_lifecycle() {
    let s = store();
    let c = contacts::add(
        &s,
        &now(),
        ContactChanges {
            name: Some("Ada".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let d = add_text(
        &s,
        DealText {
            contact: Some("ada".into()),
            ..deal("One")
        },
    )
    .unwrap();
    assert_eq!(
        contacts::load(s.read(), c.id).unwrap().lifecycle,
        Lifecycle::Decision
    );
    close(&s, &now(), d.id, DealStatus::Won, None).unwrap();
    assert_eq!(
        contacts::load(s.read(), c.id).unwrap().lifecycle,
        Lifecycle::Retention
    );
    let d2 = add_text(
        &s,
        DealText {
            contact: Some("ada".into()),
            ..deal("Two")
        },
    )
    .unwrap();
    assert_eq!(
        contacts::load(s.read(), c.id).unwrap().lifecycle,
        Lifecycle::Retention,
        "never backwards"
    );
    close(&s, &now(), d2.id, DealStatus::Won, None).unwrap();
    assert_eq!(
        contacts::load(s.read(), c.id).unwrap().lifecycle,
        Lifecycle::Expansion
    );
    let moves = s
        .read()
        .history(Some(c.id), 50)
        .unwrap()
        .into_iter()
        .filter(|h| h.action == "lifecycle")
        .count();
    assert_eq!(moves, 3);
}

#[test]
fn shifting_stays_inside_the_pipeline() {
    let s = store();
    let d = add_text(&s, deal("Edge")).unwrap();
    assert!(matches!(
        shift(&s, &now(), d.id, -1).unwrap(),
        Moved::Unchanged(_)
    ));
    assert!(
        matches!(shift(&s, &now(), d.id, 1).unwrap(), Moved::To(ref x) if x.stage == "qualified")
    );
}
