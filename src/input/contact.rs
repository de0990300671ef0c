//! A contact's fields as typed: the lifecycle word and `KEY=VALUE` custom fields. The
//! other fields (names, e-mails, phones, tags) are text by nature and are validated by
//! the use case with the domain's rules.

use crate::domain::validate;
use crate::domain::*;

/// A lifecycle stage by name (`lead` and `customer` are accepted too).
pub fn lifecycle(text: &str) -> Result<Lifecycle> {
    Lifecycle::parse(text).map_err(|e| e.at(Field::Lifecycle))
}

/// `KEY=VALUE` specs; an empty value removes the field.
pub fn fields(specs: &[String]) -> Result<Vec<(String, String)>> {
    specs
        .iter()
        .map(|f| validate::field(f).map_err(|e| e.at(Field::Fields)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycles_and_fields_are_read_or_refused() {
        assert_eq!(lifecycle("lead").unwrap(), Lifecycle::Awareness);
        assert_eq!(
            lifecycle("vip").unwrap_err().field(),
            Some(Field::Lifecycle)
        );
        assert_eq!(
            fields(&["tier=gold".into(), "old=".into()]).unwrap(),
            vec![
                ("tier".into(), "gold".into()),
                ("old".into(), String::new())
            ]
        );
        assert_eq!(
            fields(&["nokey".into()]).unwrap_err().field(),
            Some(Field::Fields)
        );
    }
}
