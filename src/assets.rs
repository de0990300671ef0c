//! Data that is not code, from the top-level `assets/` folder. Each file is embedded in the
//! binary at build time, so `crm` stays one self-contained file; whoever uses one parses it.

/// The default config file, with every setting and key binding and comments
/// (`crm config --default`).
pub const DEFAULT_CONFIG: &str = include_str!("../assets/config.toml");

/// `crm demo`'s cultures and names.
pub const DEMO_PEOPLE: &str = include_str!("../assets/demo/people.toml");

/// `crm demo`'s invented company names, industries and notes.
pub const DEMO_COMPANIES: &str = include_str!("../assets/demo/companies.toml");

/// `crm demo`'s titles, tags, deal topics and interaction phrases.
pub const DEMO_PHRASES: &str = include_str!("../assets/demo/phrases.toml");
