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
    if let Some(e) = plain_e164(typed) {
        return Some(e);
    }
    let n = phonenumber::parse(region.map(|r| r.0), typed).ok()?;
    let out = n.format().mode(Mode::E164).to_string();
    (out.len() > 4).then_some(out)
}

/// Country codes whose numbers typed in full (`+`, no trunk `0`) are just their digits:
/// none of them strips a carrier or national prefix that does not start with `0` (the
/// test holds this against the parser). The parser costs some 10 µs a number, most of an
/// import's extra time, and most numbers in files are typed this way.
const PLAIN: &[&str] = &[
    "1", "30", "31", "32", "33", "34", "41", "43", "44", "45", "46", "47", "48", "49", "81", "82",
    "90", "91", "351", "353", "358", "420",
];

/// The E.164 form of `+CC digits` for a country of [`PLAIN`], without the parser.
fn plain_e164(typed: &str) -> Option<String> {
    let rest = typed.trim().strip_prefix('+')?;
    if !rest
        .bytes()
        .all(|b| b.is_ascii_digit() || b" -.".contains(&b))
    {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    // Country codes are prefix-free, so at most one of them starts the digits.
    let cc = PLAIN.iter().find(|c| digits.starts_with(**c))?;
    let national = &digits[cc.len()..];
    let nanp_ok = *cc != "1" || (national.len() == 10 && !national.starts_with(['0', '1']));
    let plain = !national.starts_with('0') && (7..=12).contains(&national.len()) && nanp_ok;
    plain.then(|| format!("+{digits}"))
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
    fn the_shortcut_agrees_with_the_parser() {
        // Numbers of every length in every shortcut country, digits spread by a simple
        // generator, typed with spaces and dashes.
        let mut x: u64 = 7;
        let mut checked = 0;
        for cc in PLAIN {
            for len in 6..=13 {
                for _ in 0..40 {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let national: String = (0..len)
                        .map(|i| char::from(b'0' + ((x >> (i * 4 % 60)) % 10) as u8))
                        .collect();
                    let typed = format!("+{cc} {}-{}", &national[..2], &national[2..]);
                    if let Some(fast) = plain_e164(&typed) {
                        let parsed = phonenumber::parse(None, &typed)
                            .map(|n| n.format().mode(Mode::E164).to_string())
                            .ok();
                        assert_eq!(Some(fast), parsed, "{typed}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
        assert_eq!(
            plain_e164("+44 (0)20 7946 0958"),
            None,
            "left to the parser"
        );
        assert_eq!(plain_e164("+44 020 7946 0958"), None);
        assert_eq!(
            e164("+44 020 7946 0958", None).as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            plain_e164("+39 06 1234 5678"),
            None,
            "Italy keeps its 0: the parser's"
        );
    }

    #[test]
    fn region_codes_are_two_known_letters() {
        assert_eq!(Region::parse(" de ").unwrap().code(), "DE");
        for bad in ["", "G", "GBR", "ZZ", "1A", "United Kingdom"] {
            assert!(Region::parse(bad).is_err(), "{bad}");
        }
    }
}
