//! `crm config`: which config file crm reads, and `--default` prints one with every setting
//! and key binding at its default, with comments (`assets/config.toml`).

use std::path::PathBuf;

use crate::domain::Result;

use super::output::Out;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the default config file: every setting and key binding, with comments
    #[arg(long)]
    default: bool,
    /// Print example rules, ready to add to the config file
    #[arg(long, conflicts_with = "default")]
    rules: bool,
}

/// Needs no database and no valid config, so a broken file can be replaced with the default.
pub fn run(out: &Out, a: &Args) -> Result<()> {
    if a.default {
        out.print(&crate::assets::default_config());
        return Ok(());
    }
    if a.rules {
        out.print(crate::assets::EXAMPLE_RULES);
        return Ok(());
    }
    let explicit = std::env::var_os("CRM_CONFIG").map(PathBuf::from);
    let from_env = explicit.is_some();
    let path = explicit.or_else(crate::config::default_config_path);
    let exists = path.as_deref().is_some_and(|p| p.exists());
    if out.json {
        return out.json(&serde_json::json!({ "path": path, "exists": exists }));
    }
    match path {
        Some(p) => {
            out.line(&p.display().to_string());
            if !exists && !out.quiet {
                if from_env {
                    // Every other command refuses a CRM_CONFIG that names no file.
                    eprintln!("crm: that file (from CRM_CONFIG) does not exist, so other commands will refuse to run; create it with `crm config --default > FILE` or unset CRM_CONFIG.");
                } else {
                    eprintln!("crm: no config file there yet, so crm uses the defaults; `crm config --default` prints them.");
                }
            }
        }
        None => eprintln!("crm: no home directory for a config file; set CRM_CONFIG to use one."),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use crate::assets::{default_config, EXAMPLE_RULES};
    use crate::config::Config;
    use crate::tui::keys::{Key, Keymap};

    fn default_file() -> Config {
        Config::parse(&default_config(), Path::new("config.toml")).unwrap()
    }

    #[test]
    fn the_example_rules_read_and_are_in_the_default_file_as_comments() {
        let c = Config::parse(EXAMPLE_RULES, Path::new("rules.toml")).unwrap();
        let names: Vec<_> = c.rules.rules.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "proposal follow-up",
                "onboarding",
                "quiet customers",
                "prepare the close",
                "lost deal review"
            ]
        );
        let default = default_config();
        assert!(default.contains("# name = \"proposal follow-up\""));
        assert!(!default.contains("@example-rules"));
        assert!(default_file().rules.is_empty(), "commented out by default");
        // Uncommenting the rules section gives the same rules.
        let start = default.find("# [[rule]]").unwrap();
        let end = default.find("# Keys of the full-screen app").unwrap();
        let mut on = default[..start].to_string();
        for line in default[start..end].lines() {
            let l = line.strip_prefix("# ").unwrap_or(line);
            if l.starts_with('[') || l.contains(" = ") && !l.starts_with("run") {
                on.push_str(l);
            } else {
                on.push_str(line);
            }
            on.push('\n');
        }
        on.push_str(&default[end..]);
        let uncommented = Config::parse(&on, Path::new("config.toml")).unwrap();
        assert_eq!(uncommented.rules.rules.len(), 5);
    }

    #[test]
    fn the_default_file_gives_the_settings_of_no_file() {
        let c = default_file();
        let none = Config::default();
        assert_eq!(c.default_currency, none.default_currency);
        let from_file = Keymap::with_overrides(&c.keys).unwrap();
        let built_in = Keymap::with_overrides(&none.keys).unwrap();
        assert_eq!(from_file.bindings(), built_in.bindings());
    }

    #[test]
    fn the_default_file_lists_every_built_in_binding_once() {
        let c = default_file();
        let keys: HashSet<Key> = c.keys.iter().map(|(k, _)| Key::parse(k).unwrap()).collect();
        assert_eq!(keys.len(), c.keys.len(), "a key is listed twice");
        // Listing only built-in bindings leaves the keymap as it is (previous test); listing
        // as many as there are means none is missing.
        let built_in: usize = Keymap::default()
            .bindings()
            .iter()
            .map(|(_, keys)| keys.len())
            .sum();
        assert_eq!(c.keys.len(), built_in);
    }
}
