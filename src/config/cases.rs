//! `[case_targets]` in the config file: response-time targets per priority (DESIGN §13).
//!
//! ```toml
//! [case_targets]
//! first_response = { urgent = "1h", high = "4h", normal = "1d", low = "3d" }
//! resolution = { urgent = "1d", high = "3d", normal = "7d", low = "30d" }
//! ```

use chrono::Duration;

use crate::domain::case::{Priority, Targets};

/// Reads `[case_targets]` over the defaults; a priority left out keeps its default.
pub fn parse_targets(v: Option<toml::Value>) -> Result<Targets, String> {
    let mut targets = Targets::default();
    let Some(v) = v else {
        return Ok(targets);
    };
    let toml::Value::Table(t) = v else {
        return Err("[case_targets] must be a table.".into());
    };
    for (key, value) in &t {
        let slots = match key.as_str() {
            "first_response" => &mut targets.first_response,
            "resolution" => &mut targets.resolution,
            _ => {
                return Err(format!(
                    "[case_targets] has {key:?}; it takes first_response and resolution."
                ))
            }
        };
        let toml::Value::Table(by) = value else {
            return Err(format!(
                "[case_targets] {key} is a table by priority, e.g. {key} = {{ urgent = \"1h\" }}."
            ));
        };
        for (p, d) in by {
            let priority = Priority::parse(p).map_err(|e| format!("[case_targets] {key}: {e}"))?;
            let dur = d.as_str().and_then(duration).ok_or_else(|| {
                format!(
                    "[case_targets] {key}.{p} must be a duration such as \"30m\", \"4h\", \"1d\" or \"2w\"; it is {d}."
                )
            })?;
            slots[Priority::ALL
                .iter()
                .position(|x| *x == priority)
                .unwrap_or(0)] = dur;
        }
    }
    Ok(targets)
}

/// `30m`, `4h`, `1d`, `2w`: a positive duration of at most a year.
fn duration(s: &str) -> Option<Duration> {
    let s = s.trim().to_lowercase();
    let unit = s.chars().last()?;
    let n: i64 = s[..s.len() - unit.len_utf8()].trim().parse().ok()?;
    let d = match unit {
        'm' => Duration::minutes(n),
        'h' => Duration::hours(n),
        'd' => Duration::days(n),
        'w' => Duration::weeks(n),
        _ => return None,
    };
    (n > 0 && d <= Duration::days(366)).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Targets, String> {
        let t: toml::Table = toml::from_str(text).unwrap();
        parse_targets(t.get("case_targets").cloned())
    }

    #[test]
    fn targets_default_and_override_by_priority() {
        assert_eq!(read("").unwrap(), Targets::default());
        let t = read("[case_targets]\nfirst_response = { urgent = \"30m\" }\nresolution = { low = \"2w\" }\n").unwrap();
        assert_eq!(t.first_response[3], Duration::minutes(30));
        assert_eq!(
            t.first_response[2],
            Duration::hours(4),
            "the others keep their defaults"
        );
        assert_eq!(t.resolution[0], Duration::weeks(2));
    }

    #[test]
    fn a_target_that_is_not_a_duration_is_named() {
        let e = read("[case_targets]\nfirst_response = { urgent = \"soon\" }\n").unwrap_err();
        assert!(
            e.contains("first_response.urgent") && e.contains("\"soon\""),
            "{e}"
        );
        let e = read("[case_targets]\nfirst_response = { urgent = 3 }\n").unwrap_err();
        assert!(e.contains("first_response.urgent"), "{e}");
        let e = read("[case_targets]\nfirst_response = { critical = \"1h\" }\n").unwrap_err();
        assert!(e.contains("critical"), "{e}");
        let e = read("[case_targets]\nreply = { urgent = \"1h\" }\n").unwrap_err();
        assert!(e.contains("\"reply\""), "{e}");
        assert!(read("[case_targets]\nresolution = { low = \"0d\" }\n").is_err());
    }
}
