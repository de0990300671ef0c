//! Owners of deals, tasks and cases (DESIGN §14): a user name, as history's `by` has it
//! (the OS user in solo mode, the database role in team mode).

use super::error::{Error, Field, Result};

/// The word that means "nobody" in `--owner none`.
pub const NOBODY: &str = "none";

/// A user name as typed: trimmed; refused when empty, longer than 100 characters or
/// holding a control character (it is printed in tables and terminals).
pub fn name(typed: &str) -> Result<String> {
    let v = typed.trim();
    if v.is_empty() {
        return Err(Error::invalid(
            "the owner cannot be empty; give a user name, or none for nobody.",
        )
        .at(Field::Owner));
    }
    if v.chars().any(char::is_control) {
        return Err(
            Error::invalid(format!("the owner {v:?} holds a control character.")).at(Field::Owner),
        );
    }
    if v.chars().count() > 100 {
        return Err(Error::invalid("the owner is longer than 100 characters.").at(Field::Owner));
    }
    Ok(v.to_string())
}

/// `--owner WHO`: a user name, or `none` (any case) for nobody.
pub fn pick(typed: &str) -> Result<Option<String>> {
    if typed.trim().eq_ignore_ascii_case(NOBODY) {
        return Ok(None);
    }
    name(typed).map(Some)
}

/// An owner as ops take it (`None`: nobody), checked as [`name`] checks it.
pub fn checked(owner: Option<&str>) -> Result<Option<String>> {
    owner.map(name).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_none_is_nobody() {
        assert_eq!(pick("  ada ").unwrap(), Some("ada".into()));
        assert_eq!(pick("None").unwrap(), None);
        assert!(pick("")
            .unwrap_err()
            .to_string()
            .contains("cannot be empty"));
        assert!(pick("a\u{1b}[31m")
            .unwrap_err()
            .to_string()
            .contains("control"));
        assert!(name(&"x".repeat(101)).is_err());
    }
}
