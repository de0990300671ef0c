//! Money as integer minor units of a currency. Never a float in storage or arithmetic.

use super::currency::Currency;
use super::{Error, Result};
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Money {
    /// Minor units: cents for EUR, yen for JPY.
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    /// Parses a non-negative amount such as `4500`, `4500.5`, `4,500.50` or `4 500` in the
    /// currency's minor units. Thousands separators must group by three; a comma is never a
    /// decimal point, so `12,3.4` and `12,34,5` are refused rather than guessed.
    pub fn parse(input: &str, currency: Currency) -> Result<Self> {
        let bad = |why: &str| {
            Error::invalid(format!(
                "invalid amount {input:?}: {why}. Write it like {} (in {currency}).",
                if currency.exponent() == 0 {
                    "4500 or 4,500"
                } else {
                    "4500, 4500.50 or 4,500.50"
                }
            ))
        };
        let s = input.trim();
        let s = s.strip_prefix(currency.code()).unwrap_or(s).trim();
        let s = s.strip_suffix(currency.code()).unwrap_or(s).trim();
        if s.is_empty() {
            return Err(bad("it is empty"));
        }
        if s.starts_with('-') {
            return Err(bad("amounts cannot be negative"));
        }
        let s = s.strip_prefix('+').unwrap_or(s);
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let int_digits = ungroup(int_part).ok_or_else(|| bad("it is not a number"))?;
        if int_digits.is_empty() {
            return Err(bad("it has no digits before the decimal point"));
        }
        let frac = frac_part.unwrap_or("");
        if frac_part.is_some() && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
            return Err(bad("it is not a number"));
        }
        let exp = currency.exponent() as usize;
        let frac = frac.trim_end_matches('0');
        if frac.len() > exp {
            return Err(bad(&format!("{currency} has {exp} decimal places")));
        }
        let scale = 10i64.pow(exp as u32);
        let whole: i64 = int_digits.parse().map_err(|_| bad("it is too large"))?;
        let mut frac_minor: i64 = 0;
        if !frac.is_empty() {
            frac_minor = frac.parse::<i64>().map_err(|_| bad("it is not a number"))?
                * 10i64.pow((exp - frac.len()) as u32);
        }
        let minor = whole
            .checked_mul(scale)
            .and_then(|m| m.checked_add(frac_minor))
            .filter(|m| *m <= MAX_MINOR)
            .ok_or_else(|| bad("it is too large"))?;
        Ok(Money { minor, currency })
    }

    /// The amount in major units as a JSON number. Only for output: never do arithmetic on it.
    pub fn major_f64(self) -> f64 {
        self.minor as f64 / 10f64.powi(self.currency.exponent() as i32)
    }

    /// `4,500.50` (no currency code).
    pub fn amount_text(self) -> String {
        format_minor(self.minor, self.currency.exponent())
    }
}

/// Largest amount accepted: well inside what JSON numbers carry exactly (2^53).
const MAX_MINOR: i64 = 1 << 52;

/// Accepts `4500`, `4,500`, `4 500`, `4_500`; a separator must be followed by exactly
/// three digits and the first group may not be longer than three when groups are used.
fn ungroup(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some(String::new());
    }
    let sep = s
        .chars()
        .find(|c| matches!(c, ',' | ' ' | '_' | '\u{a0}' | '\u{202f}'));
    let Some(sep) = sep else {
        return s.bytes().all(|b| b.is_ascii_digit()).then(|| s.to_string());
    };
    let groups: Vec<&str> = s.split(sep).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_ok = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    (first_ok && rest_ok && digits_ok).then(|| groups.concat())
}

/// Formats minor units with thousands separators: `450050`, 2 → `4,500.50`.
pub fn format_minor(minor: i64, exponent: u8) -> String {
    let neg = minor < 0;
    let abs = minor.unsigned_abs();
    let scale = 10u64.pow(exponent as u32);
    let whole = abs / scale;
    let frac = abs % scale;
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if neg { "-" } else { "" };
    if exponent == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac:0width$}", width = exponent as usize)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount_text(), self.currency)
    }
}

/// `value × probability%` in minor units, rounded half away from zero, in integers.
pub fn weighted(minor: i64, probability: u8) -> i64 {
    let num = minor as i128 * probability as i128;
    ((num + 50) / 100) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    #[test]
    fn parses_plain_grouped_and_decimal_amounts() {
        assert_eq!(Money::parse("4500", eur()).unwrap().minor, 450_000);
        assert_eq!(Money::parse("4500.5", eur()).unwrap().minor, 450_050);
        assert_eq!(Money::parse("4,500.50", eur()).unwrap().minor, 450_050);
        assert_eq!(Money::parse("1 234 567", eur()).unwrap().minor, 123_456_700);
        assert_eq!(Money::parse("0.07", eur()).unwrap().minor, 7);
        assert_eq!(Money::parse("EUR 10", eur()).unwrap().minor, 1000);
        assert!(Money::parse("1.50", Currency::parse("JPY").unwrap())
            .unwrap_err()
            .to_string()
            .contains("0 decimal places"));
        assert_eq!(
            Money::parse("1500", Currency::parse("JPY").unwrap())
                .unwrap()
                .minor,
            1500
        );
        assert_eq!(
            Money::parse("1.005", Currency::parse("KWD").unwrap())
                .unwrap()
                .minor,
            1005
        );
    }

    #[test]
    fn refuses_malformed_negative_and_ambiguous_amounts() {
        for bad in [
            "12,3.4", "12,34,5", "abc", "-5", "", "1.2.3", "1,", ".5", "5.", "1.234", "1e5", "１２",
        ] {
            assert!(
                Money::parse(bad, eur()).is_err(),
                "{bad:?} should be refused"
            );
        }
        assert!(Money::parse("99999999999999999999", eur()).is_err());
    }

    #[test]
    fn formats_with_groups_and_exponent() {
        assert_eq!(format_minor(450_050, 2), "4,500.50");
        assert_eq!(format_minor(5, 2), "0.05");
        assert_eq!(format_minor(1_000_000, 0), "1,000,000");
        assert_eq!(format_minor(-1234, 2), "-12.34");
        assert_eq!(Money::new(450_050, eur()).major_f64(), 4500.5);
    }

    #[test]
    fn weighting_stays_in_integers() {
        assert_eq!(weighted(10_000, 25), 2_500);
        assert_eq!(weighted(333, 50), 167);
        assert_eq!(weighted(1 << 52, 100), 1 << 52);
    }
}
