//! Stay-in-touch cadences (DESIGN §11): how often to be in touch with a contact, its own
//! or its tags' from the config's `[cadence]` table, and when that makes them due.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::recurrence::{Every, Unit};
use super::{Contact, Error, Result};

/// The config's `[cadence]` table: tag → interval, tags compared regardless of ASCII case.
/// The faces read it and pass it to the use cases, which never read the config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagCadences {
    by_tag: BTreeMap<String, Every>,
}

impl TagCadences {
    /// Reads `tag = "2w"` pairs; a bad interval is an error naming its tag.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<TagCadences> {
        let mut by_tag = BTreeMap::new();
        for (tag, text) in pairs {
            let every = Every::parse(text)
                .map_err(|e| Error::invalid(format!("[cadence] {tag:?}: {e}")))?;
            by_tag.insert(tag_key(tag), every);
        }
        Ok(TagCadences { by_tag })
    }

    pub fn is_empty(&self) -> bool {
        self.by_tag.is_empty()
    }

    /// The tags that carry a cadence, as the store matches tags (lower-cased).
    pub fn tag_keys(&self) -> Vec<String> {
        self.by_tag.keys().cloned().collect()
    }

    /// The tag → interval pairs, in tag order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Every)> {
        self.by_tag.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The shortest cadence among `tags`, if any of them has one.
    pub fn for_tags(&self, tags: &[String]) -> Option<Every> {
        tags.iter()
            .filter_map(|t| self.by_tag.get(&tag_key(t)).copied())
            .min_by_key(|e| approx_hundredths_of_days(*e))
    }

    /// The cadence that counts for `c`: its own, else the shortest of its tags'.
    pub fn effective(&self, c: &Contact) -> Option<Every> {
        self.effective_of(c.cadence, &c.tags)
    }

    /// The cadence that counts for a contact with cadence `own` and these tags.
    pub fn effective_of(&self, own: Option<Every>, tags: &[String]) -> Option<Every> {
        own.or_else(|| self.for_tags(tags))
    }

    /// "every 2w, due 2026-12-06" ("by tag" when a tag gives it), for a contact's page;
    /// `since_local` is [`since`] in local time.
    pub fn describe(&self, c: &Contact, since_local: NaiveDateTime) -> Option<String> {
        let every = self.effective(c)?;
        let by_tag = if c.cadence.is_none() { " by tag" } else { "" };
        let due = due_at(every, since_local)
            .map(|at| format!(", due {}", at.date()))
            .unwrap_or_default();
        Some(format!("every {every}{by_tag}{due}"))
    }
}

fn tag_key(tag: &str) -> String {
    tag.trim().to_ascii_lowercase()
}

/// The length of an interval in hundredths of a day, months and years by their average
/// length: only to say which of two tag cadences is shorter.
fn approx_hundredths_of_days(e: Every) -> u64 {
    let unit = match e.unit {
        Unit::Day => 100,
        Unit::Week => 700,
        Unit::Month => 3044,
        Unit::Year => 36525,
    };
    u64::from(e.count) * unit
}

/// When a contact with cadence `every` is next due: one interval after the last contact
/// (or after it was added, if never contacted), in local wall-clock time.
pub fn due_at(every: Every, last_contact_local: NaiveDateTime) -> Option<NaiveDateTime> {
    every.after_local(last_contact_local)
}

/// The moment the cadence counts from: the last contact, or when the contact was added.
pub fn since(c: &Contact) -> DateTime<Utc> {
    c.last_contact_at.unwrap_or(c.created_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn every(s: &str) -> Every {
        Every::parse(s).unwrap()
    }

    #[test]
    fn due_exactly_at_the_boundary_and_not_a_second_before() {
        let since = at(2026, 11, 1, 10);
        let due = due_at(every("2w"), since).unwrap();
        assert_eq!(due, at(2026, 11, 15, 10), "exactly two weeks on: due");
        assert!(due > at(2026, 11, 15, 10) - chrono::Duration::seconds(1));
        // Months clamp like the calendar: Jan 31 + 1 month is Feb 28; Feb 28 + 1 month Mar 28.
        assert_eq!(
            due_at(every("month"), at(2027, 1, 31, 8)),
            Some(at(2027, 2, 28, 8))
        );
        assert_eq!(
            due_at(every("month"), at(2027, 2, 28, 8)),
            Some(at(2027, 3, 28, 8))
        );
        assert_eq!(
            due_at(every("year"), at(2028, 2, 29, 8)),
            Some(at(2029, 2, 28, 8))
        );
        assert_eq!(
            due_at(every("1d"), NaiveDate::MAX.and_hms_opt(0, 0, 0).unwrap()),
            None
        );
    }

    #[test]
    fn tags_give_the_shortest_cadence_and_a_contacts_own_wins() {
        let tags =
            TagCadences::parse([("VIP", "2w"), ("client", "month"), ("friend", "10d")]).unwrap();
        let list = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(tags.for_tags(&list(&["vip", "client"])), Some(every("2w")));
        assert_eq!(tags.for_tags(&list(&["Friend", "vip"])), Some(every("10d")));
        assert_eq!(tags.for_tags(&list(&["other"])), None);
        assert_eq!(tags.tag_keys(), vec!["client", "friend", "vip"]);
        let mut c: Contact = serde_json::from_value(serde_json::json!({
            "id": 1, "name": "Ada", "emails": [], "phones": [], "company_id": null,
            "company": null, "title": null, "lifecycle": "awareness", "source": null,
            "notes": null, "tags": ["vip"], "fields": {},
            "created_at": "2026-11-01T10:00:00Z", "updated_at": "2026-11-01T10:00:00Z",
            "last_contact_at": null
        }))
        .unwrap();
        assert_eq!(tags.effective(&c), Some(every("2w")));
        let since = at(2026, 11, 1, 10);
        assert_eq!(
            tags.describe(&c, since).as_deref(),
            Some("every 2w by tag, due 2026-11-15")
        );
        c.cadence = Some(every("3m"));
        assert_eq!(tags.effective(&c), Some(every("3m")));
        assert_eq!(
            tags.describe(&c, since).as_deref(),
            Some("every 3m, due 2027-02-01")
        );
        assert!(TagCadences::default().describe(&c, since).is_some());
        c.cadence = None;
        assert_eq!(TagCadences::default().describe(&c, since), None);
    }

    #[test]
    fn a_bad_interval_names_its_tag() {
        let e = TagCadences::parse([("vip", "2w"), ("clients", "fortnightly")]).unwrap_err();
        assert!(e.to_string().contains("\"clients\""), "{e}");
    }
}
