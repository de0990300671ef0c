//! The automatic lifecycle moves of DESIGN §2. They only ever move a contact forward.

use super::{Direction, InteractionKind, Lifecycle};

/// An inbound interaction moves a contact in awareness to consideration.
pub fn after_interaction(
    current: Lifecycle,
    kind: InteractionKind,
    direction: Option<Direction>,
) -> Option<Lifecycle> {
    let inbound = direction == Some(Direction::In) && kind != InteractionKind::Note;
    (inbound && current == Lifecycle::Awareness).then_some(Lifecycle::Consideration)
}

/// Opening a deal moves a contact in awareness or consideration to decision.
pub fn after_deal_opened(current: Lifecycle) -> Option<Lifecycle> {
    matches!(current, Lifecycle::Awareness | Lifecycle::Consideration)
        .then_some(Lifecycle::Decision)
}

/// Winning a deal makes the contact a customer (retention), or an expanding customer when
/// they already were one. `churned` is set and left by hand only.
pub fn after_deal_won(current: Lifecycle) -> Option<Lifecycle> {
    match current {
        Lifecycle::Retention => Some(Lifecycle::Expansion),
        Lifecycle::Expansion | Lifecycle::Churned => None,
        _ => Some(Lifecycle::Retention),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Lifecycle::*;

    #[test]
    fn inbound_contact_moves_awareness_forward_only() {
        assert_eq!(
            after_interaction(Awareness, InteractionKind::Call, Some(Direction::In)),
            Some(Consideration)
        );
        assert_eq!(
            after_interaction(Awareness, InteractionKind::Call, Some(Direction::Out)),
            None
        );
        assert_eq!(
            after_interaction(Awareness, InteractionKind::Note, Some(Direction::In)),
            None
        );
        assert_eq!(
            after_interaction(Decision, InteractionKind::Email, Some(Direction::In)),
            None
        );
        assert_eq!(
            after_interaction(Churned, InteractionKind::Email, Some(Direction::In)),
            None
        );
    }

    #[test]
    fn opening_a_deal_moves_early_contacts_to_decision() {
        assert_eq!(after_deal_opened(Awareness), Some(Decision));
        assert_eq!(after_deal_opened(Consideration), Some(Decision));
        assert_eq!(after_deal_opened(Decision), None);
        assert_eq!(after_deal_opened(Retention), None);
        assert_eq!(after_deal_opened(Churned), None);
    }

    #[test]
    fn winning_makes_customers_and_expands_existing_ones() {
        assert_eq!(after_deal_won(Decision), Some(Retention));
        assert_eq!(after_deal_won(Awareness), Some(Retention));
        assert_eq!(after_deal_won(Retention), Some(Expansion));
        assert_eq!(after_deal_won(Expansion), None);
        assert_eq!(
            after_deal_won(Churned),
            None,
            "churned is left by hand only"
        );
    }

    #[test]
    fn automatic_moves_never_go_backwards() {
        for &from in Lifecycle::ALL {
            let moves = [
                after_interaction(from, InteractionKind::Call, Some(Direction::In)),
                after_deal_opened(from),
                after_deal_won(from),
            ];
            for to in moves.into_iter().flatten() {
                assert_ne!(
                    from,
                    Lifecycle::Churned,
                    "nothing moves a churned contact automatically"
                );
                let (a, b) = (from.rank().unwrap(), to.rank().unwrap());
                assert!(b > a, "{from} -> {to}");
            }
        }
    }
}
