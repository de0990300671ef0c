use chrono::TimeZone;

use super::*;

fn t(h: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap() + Duration::hours(h)
}

#[test]
fn words_read_back_and_unknown_ones_list_the_choices() {
    for p in Priority::ALL {
        assert_eq!(Priority::parse(p.as_str()).unwrap(), *p);
    }
    for s in Status::ALL {
        assert_eq!(Status::parse(s.as_str()).unwrap(), *s);
    }
    let e = Priority::parse("critical").unwrap_err().to_string();
    assert!(e.contains("low, normal, high, urgent"), "{e}");
    assert!(Status::parse("done").is_err());
}

#[test]
fn the_status_machine() {
    use Status::*;
    let now = t(0);
    assert_eq!(next(Open, Move::Pending, None, now).unwrap(), Pending);
    assert_eq!(next(Pending, Move::CustomerWrote, None, now).unwrap(), Open);
    assert_eq!(next(Open, Move::CustomerWrote, None, now).unwrap(), Open);
    assert_eq!(next(Pending, Move::Solve, None, now).unwrap(), Solved);
    assert_eq!(next(Solved, Move::Close, None, now).unwrap(), Closed);
    assert_eq!(next(Solved, Move::Reopen, None, now).unwrap(), Open);
    assert_eq!(
        next(Closed, Move::CustomerWrote, None, now).unwrap(),
        Closed
    );
    for (from, m) in [
        (Closed, Move::Solve),
        (Closed, Move::Reopen),
        (Closed, Move::Pending),
        (Closed, Move::Close),
        (Solved, Move::Solve),
        (Solved, Move::Pending),
        (Pending, Move::Pending),
        (Open, Move::Reopen),
        (Open, Move::Close),
    ] {
        let e = next(from, m, None, now).unwrap_err().to_string();
        assert!(
            e.contains(&format!("the case is {from}")),
            "{from} {m:?}: {e}"
        );
    }
}

#[test]
fn a_solved_case_reopens_when_the_customer_writes_within_seven_days() {
    let solved = t(0);
    let week = solved + Duration::days(REOPEN_WITHIN_DAYS);
    assert_eq!(
        next(Status::Solved, Move::CustomerWrote, Some(solved), week).unwrap(),
        Status::Open,
        "exactly seven days is within"
    );
    assert_eq!(
        next(
            Status::Solved,
            Move::CustomerWrote,
            Some(solved),
            week + Duration::seconds(1)
        )
        .unwrap(),
        Status::Solved
    );
}

#[test]
fn targets_are_met_at_the_boundary_and_breached_just_after() {
    let targets = Targets::default();
    let opened = t(0);
    // Urgent: first response within one hour.
    assert_eq!(
        targets.first_response(Priority::Urgent, opened, Some(t(1)), t(5)),
        Standing::Met
    );
    assert_eq!(
        targets.first_response(
            Priority::Urgent,
            opened,
            Some(t(1) + Duration::seconds(1)),
            t(5)
        ),
        Standing::Breached
    );
    assert_eq!(
        targets.first_response(Priority::Urgent, opened, None, t(1)),
        Standing::Left(Duration::zero())
    );
    assert_eq!(
        targets.first_response(Priority::Urgent, opened, None, t(1) + Duration::seconds(1)),
        Standing::Breached
    );
    // Normal: solved within seven days.
    assert_eq!(
        targets.resolution(Priority::Normal, opened, None, t(24)),
        Standing::Left(Duration::days(6))
    );
    assert_eq!(
        targets.resolution(Priority::Low, opened, Some(t(24 * 30)), t(24 * 40)),
        Standing::Met
    );
    assert_eq!(targets.resolution_by(Priority::High, opened), t(72));
}

fn case(id: i64, priority: Priority, opened: DateTime<Utc>) -> Case {
    Case {
        owner: None,
        id,
        contact_id: crate::domain::ContactId(1),
        contact: "Ada".into(),
        deal_id: None,
        title: format!("case {id}"),
        priority,
        status: Status::Open,
        opened_at: opened,
        first_response_at: None,
        solved_at: None,
        resolution: None,
        version: 1,
    }
}

#[test]
fn a_live_case_is_measured_by_its_nearest_outstanding_target() {
    let targets = Targets::default();
    let now = t(3);
    // Urgent, opened 3h ago, no reply: the reply is 2h past its deadline.
    let mut k = case(1, Priority::Urgent, t(0));
    let next = targets.next_due(&k, now).unwrap();
    assert_eq!(next.target, Target::FirstResponse);
    assert_eq!(clock_text(&next, now), "BREACHED 2h ago");
    assert!(targets.breached(&k, now));
    // Replied in time: the resolution is what is left, 21h away.
    k.first_response_at = Some(t(1));
    let next = targets.next_due(&k, now).unwrap();
    assert_eq!(next.target, Target::Resolution);
    assert_eq!(clock_text(&next, now), "due in 21h");
    assert!(!targets.breached(&k, now));
    // Replied late: breached for good, though the resolution still runs.
    k.first_response_at = Some(t(2));
    assert!(targets.breached(&k, now));
    assert_eq!(clock_text(&targets.clocks(&k, now)[0], now), "late");
    // Solved in time: nothing outstanding.
    k.first_response_at = Some(t(1));
    k.solved_at = Some(t(2));
    k.status = Status::Solved;
    assert_eq!(targets.next_due(&k, now), None);
    assert_eq!(clock_text(&targets.clocks(&k, now)[1], now), "met");
    assert_eq!(span(Duration::minutes(-40)), "40m");
}

#[test]
fn cases_sort_breached_first_then_by_the_least_time_left() {
    let targets = Targets::default();
    let now = t(48);
    let in_time = case(1, Priority::Low, t(47)); // reply due in 71h
    let soon = case(2, Priority::Normal, t(25)); // reply due in 1h
    let long_past = case(3, Priority::Normal, t(0)); // reply 24h late
    let just_past = case(4, Priority::Urgent, t(46)); // reply 1h late
    let mut list = vec![in_time, soon, long_past, just_past];
    targets.sort_by_urgency(&mut list, now);
    let ids: Vec<i64> = list.iter().map(|k| k.id).collect();
    assert_eq!(ids, [3, 4, 2, 1]);
}

#[test]
fn a_solved_case_stops_its_clocks_when_it_was_solved() {
    let targets = Targets::default();
    // Urgent: reply within 1 h, solve within 1 d. Solved after 30 min without a reply.
    let mut k = case(1, Priority::Urgent, t(0));
    k.status = Status::Solved;
    k.solved_at = Some(t(0) + Duration::minutes(30));
    for later in [t(0) + Duration::minutes(31), t(24 * 30)] {
        assert!(!targets.breached(&k, later), "breached at {later}");
        let [first, solve] = targets.clocks(&k, later);
        assert_eq!(
            (first.standing, solve.standing),
            (Standing::Met, Standing::Met)
        );
    }
    // Solved after 2 h without a reply: the reply target was missed while it was open.
    k.solved_at = Some(t(2));
    assert!(targets.breached(&k, t(24 * 30)));
    let [first, _] = targets.clocks(&k, t(24 * 30));
    assert_eq!(first.standing, Standing::Breached);
    // Still open, the same case is measured against now.
    k.status = Status::Open;
    k.solved_at = None;
    assert!(!targets.breached(&k, t(0) + Duration::minutes(59)));
    assert!(targets.breached(&k, t(0) + Duration::minutes(61)));
}
