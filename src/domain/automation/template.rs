//! The text of a rule's task, note or hook argument: `{contact}`, `{deal}` and the like,
//! filled in from the event's records when the rule fires.

use std::collections::BTreeMap;

/// The placeholders a rule's text may use.
pub const PLACEHOLDERS: &[&str] = &[
    "contact", "email", "company", "deal", "stage", "value", "to", "task", "rule", "event", "date",
    "days",
];

/// Checks a template: every `{name}` is a known placeholder and braces are balanced
/// (`{{` and `}}` are literal braces). The error says what is wrong in one phrase.
pub fn check(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        let (c, after) = (rest.as_bytes()[i], &rest[i + 1..]);
        if after.starts_with(c as char) {
            rest = &after[1..];
            continue;
        }
        if c == b'}' {
            return Err("has a } without its {; write }} for a brace".into());
        }
        let Some(end) = after.find('}') else {
            return Err("has a { without its }; write {{ for a brace".into());
        };
        let name = &after[..end];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "uses {{{name}}}, which is not a placeholder; use one of: {}",
                PLACEHOLDERS
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

/// Fills a checked template; a placeholder without a value becomes empty text.
pub fn fill(text: &str, values: &BTreeMap<&'static str, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let (c, after) = (rest.as_bytes()[i] as char, &rest[i + 1..]);
        if after.starts_with(c) {
            out.push(c);
            rest = &after[1..];
            continue;
        }
        match (c, after.find('}')) {
            ('{', Some(end)) => {
                if let Some(v) = values.get(&after[..end]) {
                    out.push_str(v);
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push(c);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_placeholders_and_braces() {
        assert!(check("Follow up with {contact} on {deal}").is_ok());
        assert!(check("literal {{braces}}").is_ok());
        assert!(check("Hi {contatc}").unwrap_err().contains("{contatc}"));
        assert!(check("Hi {contact").unwrap_err().contains("without its }"));
        assert!(check("Hi contact}").unwrap_err().contains("without its {"));
    }

    #[test]
    fn fills_known_values_and_leaves_missing_ones_empty() {
        let mut v = BTreeMap::new();
        v.insert("contact", "Ada Lovelace".to_string());
        assert_eq!(
            fill("Kick-off with {contact} ({deal}) {{ok}}", &v),
            "Kick-off with Ada Lovelace () {ok}"
        );
        assert_eq!(fill("no placeholders", &v), "no placeholders");
        assert_eq!(fill("émoji ✓ {contact}", &v), "émoji ✓ Ada Lovelace");
    }
}
