//! Migration 15: what automation remembers.

/// Automation (DESIGN §11): each (rule, record, occurrence) that fired, so `crm remind`
/// acts once however often it runs. Reminders use the rule names `notify:…`. Not in the
/// undo log: taking back what a rule did does not make it fire again.
pub(super) const FIRED: &str = r#"
CREATE TABLE fired (
    rule        TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    occurrence  TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (rule, entity, entity_id, occurrence)
) WITHOUT ROWID;
"#;
