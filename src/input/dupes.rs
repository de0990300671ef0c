//! `--min-score` as typed.

use crate::domain::{Error, Field, Result};

/// A whole number from 0 to 100.
pub fn min_score(text: &str) -> Result<u8> {
    match text.trim().parse::<u8>() {
        Ok(n) if n <= 100 => Ok(n),
        _ => Err(Error::invalid_at(
            Field::Score,
            format!("--min-score {text:?} is not a score; give a whole number from 0 to 100."),
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn scores_run_from_0_to_100() {
        assert_eq!(super::min_score(" 70 ").unwrap(), 70);
        assert_eq!(super::min_score("0").unwrap(), 0);
        for bad in ["101", "-1", "high", "", "7.5"] {
            assert!(super::min_score(bad).is_err(), "{bad}");
        }
    }
}
