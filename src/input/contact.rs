//! A contact's fields as typed: the lifecycle word and `KEY=VALUE` custom fields. The
//! other fields (names, e-mails, phones, tags) are text by nature and are validated by
//! the use case with the domain's rules.

use crate::domain::validate;
use crate::domain::*;

/// A lifecycle stage by name (`lead` and `customer` are accepted too).
pub fn lifecycle(text: &str) -> Result<Lifecycle> {
    Lifecycle::parse(text).map_err(|e| e.at(Field::Lifecycle))
}

/// `KEY=VALUE` specs; an empty value removes the field.
pub fn fields(specs: &[String]) -> Result<Vec<(String, String)>> {
    specs
        .iter()
        .map(|f| validate::field(f).map_err(|e| e.at(Field::Fields)))
        .collect()
}

/// `--every INTERVAL|none`: `None` leaves the cadence, `Some(None)` clears it.
pub fn cadence(text: &Option<String>) -> Result<Option<Option<recurrence::Every>>> {
    super::clearable(text, |t| {
        recurrence::Every::parse(t).map_err(|e| {
            Error::invalid_at(
                Field::Every,
                format!("{e} (for the stay-in-touch cadence; none clears it)"),
            )
        })
    })
}

/// `--birthday DATE|none`: `None` leaves the birthday, `Some(None)` clears it.
pub fn birthday(text: &Option<String>) -> Result<Option<Option<birthday::Birthday>>> {
    super::clearable(text, birthday::Birthday::parse)
}

/// `--within 30d` (or `2w`, `3m`, a bare number of days): how many days ahead from `today`.
pub fn within_days(text: &str, today: chrono::NaiveDate) -> Result<u32> {
    let t = text.trim();
    // Today only: a window of no days.
    if matches!(t, "0" | "0d" | "today") {
        return Ok(0);
    }
    let every = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        recurrence::Every::parse(&format!("{t}d"))
    } else {
        recurrence::Every::parse(t)
    };
    let err = || {
        Error::invalid(format!(
            "cannot read the window {text:?}; write how far ahead to look, like 7d, 30d, 2w or 3m."
        ))
    };
    let last = every.map_err(|_| err())?.after(today).ok_or_else(err)?;
    u32::try_from((last - today).num_days()).map_err(|_| err())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_days_ahead() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(within_days("30d", today).unwrap(), 30);
        assert_eq!(within_days("2w", today).unwrap(), 14);
        assert_eq!(within_days("1m", today).unwrap(), 30);
        assert_eq!(within_days("7", today).unwrap(), 7);
        assert_eq!(within_days("0d", today).unwrap(), 0);
        assert_eq!(within_days("today", today).unwrap(), 0);
        for bad in ["", "soon", "-3d", "0w", "2x"] {
            let e = within_days(bad, today).unwrap_err().to_string();
            assert!(e.contains("30d"), "{bad}: {e}");
        }
    }

    #[test]
    fn cadences_and_birthdays_are_read_cleared_or_refused_at_their_field() {
        let text = |s: &str| Some(s.to_string());
        assert_eq!(cadence(&None).unwrap(), None);
        assert_eq!(cadence(&text("none")).unwrap(), Some(None));
        assert_eq!(
            cadence(&text("2w")).unwrap(),
            Some(Some(recurrence::Every::parse("2w").unwrap()))
        );
        let e = cadence(&text("soon")).unwrap_err();
        assert_eq!(e.field(), Some(Field::Every));
        assert!(e.to_string().contains("none clears"), "{e}");
        assert_eq!(birthday(&text(" None ")).unwrap(), Some(None));
        assert_eq!(
            birthday(&text("03-14"))
                .unwrap()
                .flatten()
                .unwrap()
                .to_string(),
            "--03-14"
        );
        assert_eq!(
            birthday(&text("1990-02-30")).unwrap_err().field(),
            Some(Field::Birthday)
        );
    }

    #[test]
    fn lifecycles_and_fields_are_read_or_refused() {
        assert_eq!(lifecycle("lead").unwrap(), Lifecycle::Awareness);
        assert_eq!(
            lifecycle("vip").unwrap_err().field(),
            Some(Field::Lifecycle)
        );
        assert_eq!(
            fields(&["tier=gold".into(), "old=".into()]).unwrap(),
            vec![
                ("tier".into(), "gold".into()),
                ("old".into(), String::new())
            ]
        );
        assert_eq!(
            fields(&["nokey".into()]).unwrap_err().field(),
            Some(Field::Fields)
        );
    }
}
