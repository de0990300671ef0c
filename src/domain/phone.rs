//! Phone numbers: kept as typed, and in E.164 beside that when they parse, so one number
//! typed two ways (`+44 20 7946 0958`, `020 7946 0958` in the UK) is one number.

use std::str::FromStr;

use phonenumber::country::Id;
use phonenumber::Mode;

/// The country a number without its `+` prefix is read in (config `default_region`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region(Id);

impl Region {
    /// A two-letter region code as in ISO 3166 (`GB`, `de`, `US`).
    pub fn parse(code: &str) -> Result<Region, String> {
        let up = code.trim().to_ascii_uppercase();
        let known = up.len() == 2 && up.bytes().all(|b| b.is_ascii_uppercase());
        match Id::from_str(&up) {
            Ok(id) if known => Ok(Region(id)),
            _ => Err(format!(
                "{code:?} is not a region code; use two letters such as \"GB\", \"US\" or \"DE\"."
            )),
        }
    }

    pub fn code(&self) -> &str {
        self.0.as_ref()
    }
}

/// The E.164 form (`+442079460958`) of a typed number, or `None` when it does not parse:
/// too short, or national without a region to read it in.
pub fn e164(typed: &str, region: Option<Region>) -> Option<String> {
    // The parser is slow on junk; a number has at least five digits.
    if typed.bytes().filter(u8::is_ascii_digit).count() < 5 {
        return None;
    }
    let n = phonenumber::parse(region.map(|r| r.0), typed).ok()?;
    let out = n.format().mode(Mode::E164).to_string();
    (out.len() > 4).then_some(out)
}

/// The phones with each number once: a later one with the E.164 (or, when it does not
/// parse, the text) of an earlier one is dropped. Each kept phone comes with its E.164.
pub fn distinct(phones: &[String], region: Option<Region>) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::with_capacity(phones.len());
    for p in phones {
        let e = e164(p, region);
        let seen = out.iter().any(|(q, f)| match (&e, f) {
            (Some(a), Some(b)) => a == b,
            _ => q == p,
        });
        if !seen {
            out.push((p.clone(), e));
        }
    }
    out
}

/// [`distinct`] without the E.164 forms.
pub fn dedupe(phones: &[String], region: Option<Region>) -> Vec<String> {
    distinct(phones, region)
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gb() -> Option<Region> {
        Some(Region::parse("gb").unwrap())
    }

    #[test]
    fn one_number_typed_two_ways_is_one_number() {
        assert_eq!(
            e164("+44 20 7946 0958", None).as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            e164("020 7946 0958", gb()).as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            e164("(020) 7946-0958", gb()).as_deref(),
            Some("+442079460958")
        );
        let us = Some(Region::parse("US").unwrap());
        assert_eq!(e164("(415) 555-2671", us).as_deref(), Some("+14155552671"));
        let typed = ["+44 20 7946 0958".to_string(), "020 7946 0958".to_string()];
        assert_eq!(dedupe(&typed, gb()), ["+44 20 7946 0958"]);
    }

    #[test]
    fn national_numbers_need_a_region_and_junk_has_no_e164() {
        assert_eq!(e164("020 7946 0958", None), None);
        assert_eq!(e164("123", gb()), None);
        assert_eq!(e164("x", gb()), None);
        // Without E.164 the typed text is compared.
        let typed = [
            "12 34".to_string(),
            "12 34".to_string(),
            "56 78".to_string(),
        ];
        assert_eq!(dedupe(&typed, None), ["12 34", "56 78"]);
    }

    #[test]
    fn region_codes_are_two_known_letters() {
        assert_eq!(Region::parse(" de ").unwrap().code(), "DE");
        for bad in ["", "G", "GBR", "ZZ", "1A", "United Kingdom"] {
            assert!(Region::parse(bad).is_err(), "{bad}");
        }
    }
}
