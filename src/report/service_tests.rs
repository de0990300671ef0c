use chrono::{DateTime, Utc};

use super::*;
use crate::domain::ContactId;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn case(
    id: i64,
    priority: Priority,
    status: Status,
    opened: &str,
    replied: Option<&str>,
    solved: Option<&str>,
) -> Case {
    Case {
        owner: None,
        id,
        contact_id: ContactId(1),
        contact: "Ada".into(),
        deal_id: None,
        title: format!("case {id}"),
        priority,
        status,
        opened_at: at(opened),
        first_response_at: replied.map(at),
        solved_at: solved.map(at),
        resolution: None,
        version: 1,
    }
}

#[test]
fn the_median_takes_the_middle_or_the_mean_of_the_middle_two() {
    assert_eq!(median(vec![]), None);
    assert_eq!(median(vec![5.0]), Some(5.0));
    assert_eq!(median(vec![9.0, 1.0, 4.0]), Some(4.0));
    assert_eq!(median(vec![4.0, 1.0, 10.0, 2.0]), Some(3.0));
}

#[test]
fn a_breach_is_exactly_past_the_deadline_and_a_solved_case_stops_its_clock() {
    let t = Targets::default();
    // Urgent: first response within an hour, solved within a day.
    let open = case(
        1,
        Priority::Urgent,
        Status::Open,
        "2026-11-22T10:00:00Z",
        None,
        None,
    );
    assert!(!t.breached(&open, at("2026-11-22T11:00:00Z")));
    assert!(t.breached(&open, at("2026-11-22T11:00:01Z")));
    let replied = case(
        2,
        Priority::Urgent,
        Status::Open,
        "2026-11-22T10:00:00Z",
        Some("2026-11-22T11:00:00Z"),
        None,
    );
    assert!(!t.breached(&replied, at("2026-11-23T10:00:00Z")));
    assert!(t.breached(&replied, at("2026-11-23T10:00:01Z")));
    // Solved within half an hour without a reply: nothing was late, and never will be.
    let quick = case(
        3,
        Priority::Urgent,
        Status::Solved,
        "2026-11-22T10:00:00Z",
        None,
        Some("2026-11-22T10:30:00Z"),
    );
    assert!(!t.breached(&quick, at("2026-12-30T00:00:00Z")));
    // Solved two days on: the resolution target was missed.
    let slow = case(
        4,
        Priority::Urgent,
        Status::Closed,
        "2026-11-22T10:00:00Z",
        Some("2026-11-22T10:10:00Z"),
        Some("2026-11-24T10:00:00Z"),
    );
    assert!(t.breached(&slow, at("2026-11-24T10:00:00Z")));
}

#[test]
fn the_report_counts_the_period_and_works_out_medians_and_csat() {
    let t = Targets::default();
    let now = at("2026-11-22T10:00:00Z");
    let period = Period {
        since: Some(at("2026-11-01T00:00:00Z")),
        until: Some(at("2026-12-01T00:00:00Z")),
    };
    let cases = vec![
        // Opened before the period, solved in it after 30 days: normal's 7 days missed.
        case(
            1,
            Priority::Normal,
            Status::Solved,
            "2026-10-20T10:00:00Z",
            Some("2026-10-20T12:00:00Z"),
            Some("2026-11-19T10:00:00Z"),
        ),
        // In the period: replied after 2 h, solved after 10 h; in time.
        case(
            2,
            Priority::High,
            Status::Closed,
            "2026-11-10T08:00:00Z",
            Some("2026-11-10T10:00:00Z"),
            Some("2026-11-10T18:00:00Z"),
        ),
        // In the period, replied after 30 min, open, in time.
        case(
            3,
            Priority::Urgent,
            Status::Pending,
            "2026-11-22T09:00:00Z",
            Some("2026-11-22T09:30:00Z"),
            None,
        ),
        // In the period, never answered, low: three days not yet over.
        case(
            4,
            Priority::Low,
            Status::Open,
            "2026-11-21T10:00:00Z",
            None,
            None,
        ),
        // In the period, high, unanswered for 6 h: past its 4 h.
        case(
            5,
            Priority::High,
            Status::Open,
            "2026-11-22T04:00:00Z",
            None,
            None,
        ),
    ];
    let s = summarise(&cases, &[9, 7, 10], period, &t, now);
    assert_eq!((s.opened, s.solved), (4, 2));
    assert_eq!(
        s.open_by_priority,
        vec![
            (Priority::Urgent, 1),
            (Priority::High, 1),
            (Priority::Normal, 0),
            (Priority::Low, 1)
        ]
    );
    assert_eq!((s.breached_open, s.breached_solved, s.breached), (1, 1, 2));
    // First responses of cases opened in the period: 2 h and 0.5 h → 1.25 h.
    assert_eq!(s.median_first_response_hours, Some(1.25));
    // Resolutions in the period: 720 h and 10 h → 365 h.
    assert_eq!(s.median_resolution_hours, Some(365.0));
    assert!((s.csat.unwrap() - 26.0 / 3.0).abs() < 1e-12);
    assert_eq!(s.csat_count, 3);
    let none = summarise(&[], &[], period, &t, now);
    assert_eq!(
        (
            none.median_first_response_hours,
            none.median_resolution_hours,
            none.csat
        ),
        (None, None, None)
    );
    assert_eq!(none.open_by_priority.len(), 4);
}
