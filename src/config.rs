//! The optional TOML config file: `$XDG_CONFIG_HOME/crm/config.toml`, or `CRM_CONFIG`.
//! Everything works without one.

mod cadence;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::automation::RuleSet;
use crate::domain::currency::Currency;
use crate::domain::{Error, Result};

pub mod cases;
pub mod mail;
pub mod phones;
pub mod rules;
pub mod score;
pub use rules::Notify;

#[derive(Debug, Clone)]
pub struct Config {
    pub default_currency: Currency,
    /// TUI key overrides from `[keys]`: key → action name (`"none"` unbinds).
    pub keys: Vec<(String, String)>,
    /// Where the file was read from, if there was one.
    pub path: Option<PathBuf>,
    /// `[[rule]]` (DESIGN §11), checked.
    pub rules: std::sync::Arc<RuleSet>,
    /// `[notify]`: how `crm remind` reaches you.
    pub notify: Notify,
    /// `[score]`: the lead score's weights (DESIGN §12).
    pub score: std::sync::Arc<crate::domain::score::Weights>,
    /// `[case_targets]`: response-time targets per priority (DESIGN §13).
    pub case_targets: crate::domain::case::Targets,
    /// `[cadence]`: stay-in-touch intervals by tag.
    pub cadence: crate::domain::cadence::TagCadences,
    /// `default_region`: where phones typed without `+` are (DESIGN §2).
    pub default_region: Option<crate::domain::phone::Region>,
    /// `me`: the user's own e-mail addresses, lower case (`crm log-email --eml`).
    pub me: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            default_currency: Currency::usd(),
            keys: Vec::new(),
            path: None,
            rules: Default::default(),
            notify: Notify::default(),
            score: Default::default(),
            case_targets: Default::default(),
            cadence: Default::default(),
            default_region: None,
            me: Vec::new(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    default_currency: Option<String>,
    /// Key bindings for the TUI, read by it; accepted here so the file validates.
    #[serde(default)]
    keys: Option<toml::Table>,
    /// `[[rule]]` tables, read by `rules::parse_rules` so errors name the rule and key.
    rule: Option<toml::Value>,
    notify: Option<toml::Value>,
    score: Option<toml::Value>,
    case_targets: Option<toml::Value>,
    /// `[cadence]`: tag = interval.
    #[serde(default)]
    cadence: Option<toml::Table>,
    default_region: Option<String>,
    me: Option<toml::Value>,
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "crm")
}

/// `crm.db` in the user's data directory (`$XDG_DATA_HOME/crm` on Linux).
pub fn default_db_path() -> Result<PathBuf> {
    project_dirs()
        .map(|d| d.data_dir().join("crm.db"))
        .ok_or_else(|| {
            Error::storage(
                "cannot find a home directory for the database; pass --db PATH or set CRM_DB.",
            )
        })
}

/// `config.toml` in the user's config directory (`$XDG_CONFIG_HOME/crm` on Linux).
pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

impl Config {
    /// Reads `CRM_CONFIG` if set (it must exist), else the default file if it exists.
    pub fn load(explicit: Option<&Path>) -> Result<Config> {
        let path = match explicit {
            Some(p) => {
                if !p.exists() {
                    return Err(Error::invalid(format!(
                        "the config file {} (from CRM_CONFIG) does not exist.",
                        p.display()
                    )));
                }
                p.to_path_buf()
            }
            None => match default_config_path() {
                Some(p) if p.exists() => p,
                _ => return Ok(Config::default()),
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::invalid(format!(
                "cannot read the config file {}: {e}.",
                path.display()
            ))
        })?;
        Self::parse(&text, &path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            Error::invalid(format!(
                "the config file {} is not valid: {}",
                path.display(),
                e.message()
            ))
        })?;
        let mut keys = Vec::new();
        for (k, v) in raw.keys.unwrap_or_default() {
            match v.as_str() {
                Some(action) => keys.push((k, action.to_string())),
                None => return Err(Error::invalid(format!("in the config file {}: [keys] {k:?} must name an action as text, e.g. \"down\".", path.display()))),
            }
        }
        let default_currency = match raw.default_currency {
            Some(c) => Currency::parse(&c).map_err(|e| {
                Error::invalid(format!("in the config file {}: {e}", path.display()))
            })?,
            None => Currency::usd(),
        };
        let in_file =
            |m: String| Error::invalid(format!("in the config file {}: {m}", path.display()));
        let rules = rules::parse_rules(raw.rule).map_err(in_file)?;
        let notify = rules::parse_notify(raw.notify).map_err(in_file)?;
        let score = score::parse_score(raw.score).map_err(in_file)?;
        let case_targets = cases::parse_targets(raw.case_targets).map_err(in_file)?;
        let default_region = phones::parse_region(raw.default_region).map_err(in_file)?;
        let me = mail::parse_me(raw.me).map_err(in_file)?;
        Ok(Config {
            default_currency,
            keys,
            path: Some(path.to_path_buf()),
            rules: std::sync::Arc::new(rules),
            notify,
            score: std::sync::Arc::new(score),
            case_targets,
            cadence: cadence::parse(raw.cadence, path)?,
            default_region,
            me,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_currency_and_rejects_bad_values() {
        let p = Path::new("config.toml");
        assert_eq!(
            Config::parse("default_currency = \"eur\"", p)
                .unwrap()
                .default_currency
                .code(),
            "EUR"
        );
        assert_eq!(Config::parse("", p).unwrap().default_currency.code(), "USD");
        assert!(Config::parse("default_currency = \"EUT\"", p).is_err());
        assert!(Config::parse("colour = true", p)
            .unwrap_err()
            .to_string()
            .contains("config.toml"));
        assert!(Config::parse("default_currency = ", p).is_err());
        let c = Config::parse("[keys]\n\"ctrl-n\" = \"down\"\n", p).unwrap();
        assert_eq!(c.keys, vec![("ctrl-n".to_string(), "down".to_string())]);
        assert!(Config::parse("[keys]\nj = 3\n", p).is_err());
    }
}
