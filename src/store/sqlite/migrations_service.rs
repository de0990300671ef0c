//! Tasks filed under a support case (`crm task add --case ID`, DESIGN §4, §13).
pub(super) const TASK_CASES: &str = r#"
ALTER TABLE tasks ADD COLUMN case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL;
CREATE INDEX tasks_case ON tasks(case_id) WHERE case_id IS NOT NULL;
"#;
