//! `default_region`: the country phone numbers typed without `+` are read in.

use crate::domain::phone::Region;

/// The region of `default_region = "GB"`; none when unset (then only numbers typed with
/// their `+` country code get an E.164 form).
pub fn parse_region(raw: Option<String>) -> Result<Option<Region>, String> {
    raw.map(|r| Region::parse(&r).map_err(|e| format!("default_region: {e}")))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_checked() {
        assert_eq!(parse_region(None), Ok(None));
        assert_eq!(
            parse_region(Some("gb".into())).unwrap().unwrap().code(),
            "GB"
        );
        let e = parse_region(Some("Britain".into())).unwrap_err();
        assert!(
            e.starts_with("default_region: \"Britain\" is not a region code"),
            "{e}"
        );
    }
}
