//! `[score]` in the config file: the lead score's weights (DESIGN §12). Every key is
//! optional; a table of keywords replaces the default one, a number replaces one weight.

use std::collections::BTreeMap;

use crate::domain::score::Weights;
use crate::domain::CompanySize;

const NUMBERS: &[&str] = &[
    "fit_max",
    "interaction",
    "inbound",
    "meeting",
    "half_life_days",
    "window_days",
    "engagement_max",
    "open_deal",
    "value_per_tenfold",
    "per_probability",
    "intent_max",
];
const TABLES: &[&str] = &["title", "size", "source", "tag"];

/// Reads `[score]` over the default weights.
pub fn parse_score(v: Option<toml::Value>) -> Result<Weights, String> {
    let mut w = Weights::default();
    let Some(v) = v else {
        return Ok(w);
    };
    let toml::Value::Table(t) = v else {
        return Err("[score] must be a table.".into());
    };
    for (key, value) in &t {
        if TABLES.contains(&key.as_str()) {
            let points = points_table(key, value)?;
            match key.as_str() {
                "title" => w.titles = points,
                "source" => w.sources = points,
                "tag" => w.tags = points,
                _ => {
                    w.sizes = BTreeMap::new();
                    for (k, p) in points {
                        let size =
                            CompanySize::parse(&k).map_err(|e| format!("[score] size: {e}"))?;
                        w.sizes.insert(size, p);
                    }
                }
            }
            continue;
        }
        if !NUMBERS.contains(&key.as_str()) {
            return Err(format!(
                "[score] has {key:?}; it takes {} (tables of points) and {}.",
                TABLES.join(", "),
                NUMBERS.join(", ")
            ));
        }
        let n = number(value).ok_or_else(|| {
            format!("[score] {key} must be a number, e.g. {key} = 4; it is {value}.")
        })?;
        if n < 0.0 || (key == "window_days" && n > 3650.0) {
            return Err(format!(
                "[score] {key} must be 0 or more (window_days at most 3650)."
            ));
        }
        match key.as_str() {
            "fit_max" => w.fit_max = n,
            "interaction" => w.interaction = n,
            "inbound" => w.inbound = n,
            "meeting" => w.meeting = n,
            "half_life_days" => w.half_life_days = n,
            "window_days" => w.window_days = n as i64,
            "engagement_max" => w.engagement_max = n,
            "open_deal" => w.open_deal = n,
            "value_per_tenfold" => w.value_per_tenfold = n,
            "per_probability" => w.per_probability = n,
            _ => w.intent_max = n,
        }
    }
    if w.fit_max + w.engagement_max + w.intent_max > 100.0 {
        return Err(format!(
            "[score] fit_max + engagement_max + intent_max is {}; the score goes to 100, so keep their sum at 100 or less.",
            w.fit_max + w.engagement_max + w.intent_max
        ));
    }
    Ok(w)
}

fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

fn points_table(key: &str, v: &toml::Value) -> Result<BTreeMap<String, f64>, String> {
    let toml::Value::Table(t) = v else {
        return Err(format!(
            "[score] {key} is a table of points, e.g. {key} = {{ example = 10 }}."
        ));
    };
    t.iter()
        .map(|(k, v)| {
            number(v)
                .filter(|n| (-100.0..=100.0).contains(n))
                .map(|n| (k.trim().to_lowercase(), n))
                .ok_or_else(|| {
                    format!("[score] {key}.{k} must be a number from -100 to 100; it is {v}.")
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Weights, String> {
        let t: toml::Table = toml::from_str(text).unwrap();
        parse_score(t.get("score").cloned())
    }

    #[test]
    fn weights_default_and_override() {
        assert_eq!(read("").unwrap(), Weights::default());
        let w = read(
            "[score]\ninteraction = 6\ntag = { vip = 12, partner = 5 }\nsize = { large = 9 }\n",
        )
        .unwrap();
        assert_eq!(w.interaction, 6.0);
        assert_eq!(w.tags.len(), 2);
        assert_eq!(w.sizes.get(&CompanySize::Large), Some(&9.0));
        assert_eq!(w.sizes.len(), 1, "a table replaces the default one");
    }

    #[test]
    fn a_weight_that_is_not_a_number_is_named() {
        let e = read("[score]\ninteraction = \"lots\"\n").unwrap_err();
        assert!(e.contains("[score] interaction must be a number"), "{e}");
        let e = read("[score]\ntag = { vip = \"high\" }\n").unwrap_err();
        assert!(e.contains("[score] tag.vip"), "{e}");
        let e = read("[score]\nsize = { huge = 3 }\n").unwrap_err();
        assert!(e.contains("huge"), "{e}");
        let e = read("[score]\nbonus = 3\n").unwrap_err();
        assert!(e.contains("\"bonus\""), "{e}");
        let e = read("[score]\nfit_max = 80\n").unwrap_err();
        assert!(e.contains("100"), "{e}");
    }
}
