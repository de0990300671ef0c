//! Owners (DESIGN §14, issue 16): deals, tasks and cases belong to a user, by name (the OS
//! user in solo mode, the database role in team mode). Existing rows take the `by` of the
//! history row that created them, which is the name the history already shows; a row
//! without one (made before history kept `by`, or from the sqlite3 shell) has no owner.
pub(super) const OWNERS: &str = r#"
ALTER TABLE deals ADD COLUMN owner TEXT;
ALTER TABLE tasks ADD COLUMN owner TEXT;
ALTER TABLE cases ADD COLUMN owner TEXT;
UPDATE deals SET owner = (SELECT h.by FROM history h WHERE h.entity = 'deal' AND h.entity_id = deals.id
                          AND h.action = 'create' ORDER BY h.id LIMIT 1);
UPDATE tasks SET owner = (SELECT h.by FROM history h WHERE h.entity = 'task' AND h.entity_id = tasks.id
                          AND h.action = 'create' ORDER BY h.id LIMIT 1);
UPDATE cases SET owner = (SELECT h.by FROM history h WHERE h.entity = 'case' AND h.entity_id = cases.id
                          AND h.action = 'create' ORDER BY h.id LIMIT 1);
CREATE INDEX deals_owner ON deals(owner) WHERE owner IS NOT NULL;
CREATE INDEX tasks_owner ON tasks(owner) WHERE owner IS NOT NULL;
CREATE INDEX cases_owner ON cases(owner) WHERE owner IS NOT NULL;
"#;

#[cfg(test)]
#[path = "migrations_owner_tests.rs"]
mod tests;
