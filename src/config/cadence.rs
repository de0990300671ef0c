//! The `[cadence]` table: `tag = "interval"`, the stay-in-touch default for contacts with
//! that tag (DESIGN §11).

use std::path::Path;

use crate::domain::cadence::TagCadences;
use crate::domain::{Error, Result};

/// Reads the table; a value that is not an interval is an error naming its tag.
pub(super) fn parse(table: Option<toml::Table>, path: &Path) -> Result<TagCadences> {
    let table = table.unwrap_or_default();
    let mut pairs = Vec::new();
    for (tag, value) in &table {
        match value.as_str() {
            Some(text) => pairs.push((tag.as_str(), text)),
            None => {
                return Err(Error::invalid(format!(
                    "in the config file {}: [cadence] {tag:?} must be an interval as text, e.g. \"2w\" or \"month\".",
                    path.display()
                )))
            }
        }
    }
    TagCadences::parse(pairs)
        .map_err(|e| Error::invalid(format!("in the config file {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::domain::recurrence::Every;
    use std::path::Path;

    #[test]
    fn tags_get_intervals_and_bad_ones_name_the_tag() {
        let p = Path::new("config.toml");
        let c = Config::parse("[cadence]\nvip = \"2w\"\nClients = \"month\"\n", p).unwrap();
        let tags = vec!["clients".to_string()];
        assert_eq!(
            c.cadence.for_tags(&tags),
            Some(Every::parse("month").unwrap())
        );
        assert!(Config::parse("", p).unwrap().cadence.is_empty());
        let e = Config::parse("[cadence]\nvip = \"soon\"\n", p).unwrap_err();
        assert!(
            e.to_string().contains("\"vip\"") && e.to_string().contains("config.toml"),
            "{e}"
        );
        let e = Config::parse("[cadence]\nvip = 14\n", p).unwrap_err();
        assert!(e.to_string().contains("\"vip\""), "{e}");
    }
}
