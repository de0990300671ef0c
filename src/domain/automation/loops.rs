//! Rules that would fire each other for ever are refused when the config is read: each
//! rule's actions can cause some events, and a rule listening for one of them follows it.

use super::event::Event;
use super::rule::{Rule, RuleSet};

/// The first cycle among the rules, as their names in firing order with the first repeated
/// at the end (`a → b → a`), or `None`.
pub fn find_cycle(set: &RuleSet) -> Option<Vec<String>> {
    let n = set.rules.len();
    let follows: Vec<Vec<usize>> = set
        .rules
        .iter()
        .map(|r| (0..n).filter(|&j| could_fire(r, &set.rules[j])).collect())
        .collect();
    // Depth-first search with colours: 0 unseen, 1 on the current path, 2 finished.
    let mut colour = vec![0u8; n];
    let mut path = Vec::new();
    for start in 0..n {
        if colour[start] == 0 {
            if let Some(c) = visit(start, &follows, &mut colour, &mut path) {
                return Some(c.iter().map(|&i| set.rules[i].name.clone()).collect());
            }
        }
    }
    None
}

fn visit(
    at: usize,
    follows: &[Vec<usize>],
    colour: &mut [u8],
    path: &mut Vec<usize>,
) -> Option<Vec<usize>> {
    colour[at] = 1;
    path.push(at);
    for &next in &follows[at] {
        if colour[next] == 1 {
            let from = path.iter().position(|&p| p == next).unwrap_or(0);
            let mut cycle = path[from..].to_vec();
            cycle.push(next);
            return Some(cycle);
        }
        if colour[next] == 0 {
            if let Some(c) = visit(next, follows, colour, path) {
                return Some(c);
            }
        }
    }
    path.pop();
    colour[at] = 2;
    None
}

/// Whether something `a` does may be an event `b` answers (its `where` aside, which
/// depends on the records).
fn could_fire(a: &Rule, b: &Rule) -> bool {
    a.actions
        .iter()
        .filter_map(|x| x.causes())
        .any(|(kind, to, ik)| {
            let mut e = Event::new(kind);
            e.to = to;
            e.kind = ik;
            // A note has no direction; a rule asking for one is not fired by it.
            b.matches(&e)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::automation::rule::{Action, StageOrLifecycle};
    use crate::domain::automation::EventKind;
    use crate::domain::{InteractionKind, Lifecycle};

    fn rule(name: &str, on: EventKind, actions: Vec<Action>) -> Rule {
        Rule {
            name: name.into(),
            actions,
            ..crate::domain::automation::rule::tests::rule(on)
        }
    }

    #[test]
    fn a_note_rule_on_every_interaction_loops_on_itself() {
        let set = RuleSet {
            rules: vec![rule(
                "echo",
                EventKind::InteractionLogged,
                vec![Action::Note("again".into())],
            )],
        };
        assert_eq!(find_cycle(&set), Some(vec!["echo".into(), "echo".into()]));
    }

    #[test]
    fn a_kind_filter_breaks_the_loop() {
        let mut r = rule(
            "calls",
            EventKind::InteractionLogged,
            vec![Action::Note("after a call".into())],
        );
        r.kind = Some(InteractionKind::Call);
        assert_eq!(find_cycle(&RuleSet { rules: vec![r] }), None);
    }

    #[test]
    fn two_rules_that_move_the_lifecycle_back_and_forth_loop() {
        let mut a = rule(
            "up",
            EventKind::ContactLifecycle,
            vec![Action::Lifecycle(Lifecycle::Retention)],
        );
        a.to = Some(StageOrLifecycle::Lifecycle(Lifecycle::Decision));
        let mut b = rule(
            "down",
            EventKind::ContactLifecycle,
            vec![Action::Lifecycle(Lifecycle::Decision)],
        );
        b.to = Some(StageOrLifecycle::Lifecycle(Lifecycle::Retention));
        let c = rule("tagger", EventKind::DealWon, vec![Action::Tag("x".into())]);
        let set = RuleSet {
            rules: vec![c, a, b],
        };
        assert_eq!(
            find_cycle(&set),
            Some(vec!["up".into(), "down".into(), "up".into()])
        );
    }

    #[test]
    fn a_chain_without_a_cycle_is_fine() {
        let a = rule(
            "won",
            EventKind::DealWon,
            vec![Action::Lifecycle(Lifecycle::Retention)],
        );
        let b = rule(
            "customer",
            EventKind::ContactLifecycle,
            vec![Action::Note("welcome".into())],
        );
        let c = rule(
            "note",
            EventKind::InteractionLogged,
            vec![Action::Tag("noted".into())],
        );
        assert_eq!(
            find_cycle(&RuleSet {
                rules: vec![a, b, c]
            }),
            None
        );
    }
}
