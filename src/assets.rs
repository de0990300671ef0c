//! Data that is not code, from the top-level `assets/` folder. Each file is embedded in the
//! binary at build time, so `crm` stays one self-contained file; whoever uses one parses it.

/// The default config file, with every setting and key binding and comments
/// (`crm config --default` prints it with the example rules commented in, see
/// [`default_config`]).
pub const DEFAULT_CONFIG: &str = include_str!("../assets/config.toml");

/// Example rules, ready to use (`crm config --rules`).
pub const EXAMPLE_RULES: &str = include_str!("../assets/rules.toml");

/// Where the default config takes the example rules, commented out.
const RULES_MARK: &str = "# @example-rules\n";

/// The default config file with the example rules in it as comments: one source for both.
pub fn default_config() -> String {
    let commented: String = EXAMPLE_RULES
        .lines()
        .map(|l| match l {
            "" => "\n".to_string(),
            l if l.starts_with('#') => format!("{l}\n"),
            l => format!("# {l}\n"),
        })
        .collect();
    DEFAULT_CONFIG.replacen(RULES_MARK, &commented, 1)
}

/// `crm demo`'s cultures and names.
pub const DEMO_PEOPLE: &str = include_str!("../assets/demo/people.toml");

/// `crm demo`'s invented company names, industries and notes.
pub const DEMO_COMPANIES: &str = include_str!("../assets/demo/companies.toml");

/// `crm demo`'s titles, tags, deal topics and interaction phrases.
pub const DEMO_PHRASES: &str = include_str!("../assets/demo/phrases.toml");
