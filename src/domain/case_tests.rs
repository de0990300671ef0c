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
