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

/// A search typed as a phone number (`+1 202-555-0169`, `2025550169`, `(202) 555-0169`):
/// its E.164 form when it parses, and its significant digits (leading zeros dropped) for
/// matching numbers stored in another form, as `khard phone` matches digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneSearch {
    pub e164: Option<String>,
    /// Every digit, as typed (`0612345678`: Italy keeps its 0 after the country code).
    pub typed: String,
    /// The digits without leading zeros (`020 7946 0958` is `2079460958` after `+44`).
    pub digits: String,
}

/// The fewest digits a search needs to be read as a phone number: shorter runs of digits
/// (a year, a deal number) stay words.
pub const PHONE_DIGITS: usize = 7;

/// Reads `query` as a phone number when it holds only what numbers are typed with
/// (digits, `+`, spaces, `-`, `.`, `/`, parentheses) and at least [`PHONE_DIGITS`] digits.
/// Only a number typed with its `+` country code gets an E.164 form: a national one is
/// matched by its digits, which needs no region and spares a lookup the phone parser's
/// metadata (tens of milliseconds to load).
pub fn phone_search(query: &str) -> Option<PhoneSearch> {
    let q = query.trim();
    let typed = q
        .bytes()
        .all(|b| b.is_ascii_digit() || b" +-./()".contains(&b));
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    if !typed || digits.len() < PHONE_DIGITS {
        return None;
    }
    let significant = digits.trim_start_matches('0').to_string();
    (significant.len() >= PHONE_DIGITS).then(|| PhoneSearch {
        e164: q.starts_with('+').then(|| e164(q, None)).flatten(),
        typed: digits,
        digits: significant,
    })
}

impl PhoneSearch {
    /// The E.164 forms a number typed without its `+` may have: its digits after any
    /// country code (1 to 999) or none (typed with the code but no `+`), as typed and
    /// without leading zeros, each once.
    pub fn e164_forms(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(2 * 1000);
        for digits in [&self.typed, &self.digits] {
            out.push(format!("+{digits}"));
            out.extend((1..1000).map(|cc| format!("+{cc}{digits}")));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether a stored number (as typed, and its E.164 form if any) is this one: the same
    /// E.164, or one's significant digits end the other's (`2025550169` and
    /// `+12025550169`; `020 7946 0958` kept without a region and `+44 20 7946 0958`).
    pub fn matches(&self, typed: &str, e164: Option<&str>) -> bool {
        if let (Some(a), Some(b)) = (&self.e164, e164) {
            if a == b {
                return true;
            }
        }
        let stored: String = e164
            .unwrap_or(typed)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let stored = stored.trim_start_matches('0');
        stored.len() >= PHONE_DIGITS
            && (stored.ends_with(self.digits.as_str()) || self.digits.ends_with(stored))
    }
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

    #[test]
    fn a_number_in_any_format_is_a_phone_search() {
        for typed in ["+1 202-555-0169", "+1 (202) 555 0169"] {
            let s = phone_search(typed).unwrap();
            assert_eq!(s.e164.as_deref(), Some("+12025550169"), "{typed}");
            assert!(
                s.matches("+1 (202) 555-0169", Some("+12025550169")),
                "{typed}"
            );
        }
        // A national number has no E.164 here, and its digits match.
        for typed in [
            "2025550169",
            "(202) 555-0169",
            "202.555.0169",
            "1-202-555-0169",
        ] {
            let s = phone_search(typed).unwrap();
            assert_eq!(s.e164, None, "{typed}");
            assert!(
                s.matches("+1 202 555 0169", Some("+12025550169")),
                "{typed}"
            );
            assert!(
                !s.matches("+1 202 555 0168", Some("+12025550168")),
                "{typed}"
            );
        }
        // Its E.164 forms hold the number after every country code, and alone.
        let forms = phone_search("(202) 555-0169").unwrap().e164_forms();
        for f in ["+12025550169", "+2025550169", "+442025550169"] {
            assert!(forms.binary_search(&f.to_string()).is_ok(), "{f}");
        }
        assert_eq!(forms.len(), 1000);
        let forms = phone_search("06 1234 5678").unwrap().e164_forms();
        assert!(forms.binary_search(&"+390612345678".to_string()).is_ok());
        assert!(forms.binary_search(&"+39612345678".to_string()).is_ok());
        assert!(forms.len() < 2000, "each form once");
        // The trunk 0 aside: `020 7946 0958` is `+44 20 7946 0958`, either way round.
        let s = phone_search("020 7946 0958").unwrap();
        assert_eq!(s.digits, "2079460958");
        assert_eq!(s.typed, "02079460958");
        assert!(s.matches("+44 20 7946 0958", Some("+442079460958")));
        let s = phone_search("+44 20 7946 0958").unwrap();
        assert!(s.matches("020 7946 0958", None));
        // Words, short numbers and letters are not phone searches.
        for not in ["ada", "2026", "555-01", "+1 202 FLOWERS", "", "0000000123"] {
            assert_eq!(phone_search(not), None, "{not}");
        }
    }
}
