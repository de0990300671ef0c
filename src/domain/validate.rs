//! Validation of what people type: names, e-mails, phones, scores, probabilities, fields.

use super::{Error, Field, InteractionKind, Result};

/// A required name or title: trimmed, not empty.
pub fn required(what: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(format!("the {what} cannot be empty.")));
    }
    if v.chars().count() > 500 {
        return Err(Error::invalid(format!(
            "the {what} is longer than 500 characters."
        )));
    }
    Ok(v.to_string())
}

/// An optional text: trimmed; empty means none.
pub fn optional(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// An e-mail address by RFC 5322's shape (with RFC 6531's UTF-8): a local part that is a
/// dot-atom or a quoted string, `@`, and a domain of dot-separated labels (one label is
/// enough: `user@localhost`) or an address literal (`[192.0.2.1]`). Reserved names such
/// as `.invalid` are addresses too: Thunderbird writes them.
pub fn email(value: &str) -> Result<String> {
    let v = value.trim();
    let bad = || {
        Error::invalid(format!(
            "{value:?} is not an e-mail address (expected name@example.com)."
        ))
    };
    let (local, domain) = v.rsplit_once('@').ok_or_else(bad)?;
    // RFC 5321's limits: 64 octets of local part, 254 in all.
    let ok = v.len() <= 254
        && local.len() <= 64
        && (dot_atom(local) || quoted_local(local))
        && (domain_name(domain) || address_literal(domain));
    if ok {
        Ok(v.to_string())
    } else {
        Err(bad())
    }
}

/// `atext` of RFC 5322 §3.2.3, plus any non-ASCII character (RFC 6531).
fn atext(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "!#$%&'*+-/=?^_`{|}~".contains(c)
        || (!c.is_ascii() && !c.is_control() && !c.is_whitespace())
}

/// Atoms joined by single dots, none empty.
fn dot_atom(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atext))
}

/// `"any text"`, with `\` quoting a character; no line breaks or other controls.
fn quoted_local(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) else {
        return false;
    };
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        let ok = match c {
            '\\' => chars.next().is_some_and(|n| !n.is_control() || n == '\t'),
            '"' => false,
            c => !c.is_control() || c == '\t',
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Labels of letters, digits, `-` and `_` (or any non-ASCII letter, for IDNs), joined by
/// single dots; a label neither starts nor ends with `-`.
fn domain_name(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
}

/// `[192.0.2.1]` or `[IPv6:2001:db8::1]`.
fn address_literal(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return false;
    };
    match inner.get(..5) {
        Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => inner
            .get(5..)
            .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok()),
        _ => inner.parse::<std::net::Ipv4Addr>().is_ok(),
    }
}

/// A phone number: digits with the usual punctuation (`+`, spaces, `-`, `.`, `()`, `/`, `x`).
pub fn phone(value: &str) -> Result<String> {
    let v = value.trim();
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    let allowed = v
        .chars()
        .all(|c| c.is_ascii_digit() || " +-.()/xX#*".contains(c) || c.is_whitespace());
    if digits >= 3 && allowed {
        Ok(v.to_string())
    } else {
        Err(Error::invalid(format!(
            "{value:?} is not a phone number (digits with + ( ) - . or spaces)."
        )))
    }
}

/// A win probability in percent.
pub fn probability(value: i64) -> Result<u8> {
    u8::try_from(value)
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| {
            Error::invalid(format!(
                "probability {value} is outside 0-100; give a percentage like 40."
            ))
        })
}

/// A feedback score.
pub fn score(value: i64) -> Result<u8> {
    u8::try_from(value)
        .ok()
        .filter(|s| *s <= 10)
        .ok_or_else(|| {
            Error::invalid(format!(
                "score {value} is outside 0-10; NPS-style scores run from 0 to 10."
            ))
        })
}

/// A custom field written as `KEY=VALUE`; an empty value removes the field.
pub fn field(spec: &str) -> Result<(String, String)> {
    let (k, v) = spec.split_once('=').ok_or_else(|| {
        Error::invalid(format!(
            "field {spec:?} must be written KEY=VALUE, e.g. --field birthday=1990-04-01."
        ))
    })?;
    let k = k.trim();
    if k.is_empty() {
        return Err(Error::invalid(format!("field {spec:?} has an empty name.")));
    }
    Ok((k.to_string(), v.trim().to_string()))
}

/// A tag: trimmed, not empty, without `,` or `;` (they separate tags in files and forms).
pub fn tag(value: &str) -> Result<String> {
    let t = value.trim().trim_start_matches('#').trim();
    if t.is_empty() {
        return Err(Error::invalid("a tag cannot be empty."));
    }
    if t.contains([',', ';']) {
        return Err(Error::invalid(format!(
            "the tag {t:?} contains , or ; which separate tags; give each tag on its own."
        )));
    }
    Ok(t.to_string())
}

/// What a logged interaction must be, whatever else it says: a summary; no direction on a
/// note; a 0-10 score on feedback and on nothing else. Returns the trimmed summary and the
/// score. Checked in this order, before dates and people are looked up.
pub fn interaction(
    kind: InteractionKind,
    summary: &str,
    has_direction: bool,
    score: Option<i64>,
) -> Result<(String, Option<u8>)> {
    let summary = required("summary", summary).map_err(|e| e.at(Field::Summary))?;
    if has_direction && kind == InteractionKind::Note {
        return Err(Error::invalid_at(
            Field::Direction,
            "notes have no direction; leave out --direction.",
        ));
    }
    let score =
        match (score, kind) {
            (Some(s), InteractionKind::Feedback) => {
                Some(self::score(s).map_err(|e| e.at(Field::Score))?)
            }
            (Some(_), _) => return Err(Error::invalid_at(
                Field::Score,
                "--score is only for feedback; log it with crm log feedback REF SUMMARY --score N.",
            )),
            (None, InteractionKind::Feedback) => {
                return Err(Error::invalid_at(
                    Field::Score,
                    "feedback needs a score from 0 to 10 (--score N).",
                ))
            }
            (None, _) => None,
        };
    Ok((summary, score))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_required() {
        assert_eq!(required("name", "  Ada ").unwrap(), "Ada");
        assert!(required("name", "   ")
            .unwrap_err()
            .to_string()
            .contains("cannot be empty"));
    }

    #[test]
    fn emails() {
        assert_eq!(email(" ada@example.com ").unwrap(), "ada@example.com");
        for good in [
            "user@localhost",
            "x@host.invalid",
            "zoë@example.com",
            "用户@例子.广告",
            "\"john doe\"@example.com",
            "\"a\\\"b\"@example.org",
            "first.last+tag@sub.example.co.uk",
            "o'brien@example.ie",
            "admin@[192.0.2.1]",
            "admin@[IPv6:2001:db8::1]",
            "a_b@my_host.example",
        ] {
            assert_eq!(email(good).unwrap(), good, "{good}");
        }
        for bad in [
            "",
            "ada",
            "ada@",
            "@x.com",
            "a b@x.com",
            "urn:li:member:123",
            "a@b..com",
            "a@.com",
            "a@com.",
            "a@-x.com",
            ".ada@example.com",
            "ada.@example.com",
            "a..b@example.com",
            "ada@@example",
            "Ada <ada@example.com>",
            "a,b@example.com",
            "a;b@example.com",
            "\"unclosed@example.com",
            "ada@[300.1.1.1]",
            "ada@exa mple.com",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(65));
        assert!(email(&long).is_err());
    }

    #[test]
    fn phones_scores_and_probabilities() {
        assert!(phone("+44 (20) 7946-0958").is_ok());
        assert!(phone("call me").is_err());
        assert!(phone("12").is_err());
        assert_eq!(score(10).unwrap(), 10);
        assert!(score(11).is_err());
        assert!(score(-1).is_err());
        assert_eq!(probability(0).unwrap(), 0);
        assert!(probability(101).is_err());
        assert!(probability(-5).is_err());
    }

    #[test]
    fn fields_and_tags() {
        assert_eq!(
            field("tier = gold").unwrap(),
            ("tier".into(), "gold".into())
        );
        assert_eq!(field("tier=").unwrap(), ("tier".into(), "".into()));
        assert!(field("tier").is_err());
        assert!(field("=x").is_err());
        assert_eq!(tag(" #vip ").unwrap(), "vip");
        assert!(tag(" ").is_err());
        assert!(tag("a, b").is_err());
    }
}
