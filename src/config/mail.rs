//! `me = ["you@example.com", …]`: the user's own addresses. `crm log-email --eml` calls a
//! message from one of them outbound, and never takes them for the other party.

use crate::domain::text::email_key;
use crate::domain::validate;

/// The addresses of `me` (a list, or one address as text), checked and kept in their
/// compared form (lower case).
pub fn parse_me(raw: Option<toml::Value>) -> Result<Vec<String>, String> {
    let list = match raw {
        None => return Ok(Vec::new()),
        Some(toml::Value::String(s)) => vec![toml::Value::String(s)],
        Some(toml::Value::Array(a)) => a,
        Some(_) => {
            return Err(
                "me must be a list of your e-mail addresses, e.g. me = [\"you@example.com\"]."
                    .into(),
            )
        }
    };
    let mut out: Vec<String> = Vec::new();
    for v in list {
        let s = v
            .as_str()
            .ok_or("me must list e-mail addresses as text, e.g. me = [\"you@example.com\"].")?;
        let e = validate::email(s).map_err(|e| format!("me: {e}"))?;
        let key = email_key(&e);
        if !out.contains(&key) {
            out.push(key);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_and_folded() {
        assert_eq!(parse_me(None), Ok(vec![]));
        let v: toml::Table =
            toml::from_str("me = [\"Me@Here.org\", \"me@here.org\", \"w@x.io\"]").unwrap();
        assert_eq!(
            parse_me(v.get("me").cloned()).unwrap(),
            ["me@here.org", "w@x.io"]
        );
        let v: toml::Table = toml::from_str("me = \"a@b.io\"").unwrap();
        assert_eq!(parse_me(v.get("me").cloned()).unwrap(), ["a@b.io"]);
        let v: toml::Table = toml::from_str("me = [\"nobody\"]").unwrap();
        assert!(parse_me(v.get("me").cloned())
            .unwrap_err()
            .starts_with("me: "));
        let v: toml::Table = toml::from_str("me = 3").unwrap();
        assert!(parse_me(v.get("me").cloned()).is_err());
    }
}
