//! Support cases (DESIGN §13): a contact's question or problem, with its priority, status
//! and the moments its targets are measured by.
pub(super) const CASES: &str = r#"
CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    contact_id         INTEGER NOT NULL REFERENCES contacts(id),
    deal_id            INTEGER REFERENCES deals(id) ON DELETE SET NULL,
    title              TEXT NOT NULL,
    priority           TEXT NOT NULL CHECK (priority IN ('low','normal','high','urgent')),
    status             TEXT NOT NULL CHECK (status IN ('open','pending','solved','closed')),
    opened_at          INTEGER NOT NULL,
    first_response_at  INTEGER,
    solved_at          INTEGER,
    resolution         TEXT,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_contact ON cases(contact_id);
CREATE INDEX cases_active ON cases(status, priority) WHERE status IN ('open', 'pending');
"#;

/// Interactions filed under a case: its replies, notes and the customer's messages.
pub(super) const CASE_LINKS: &str = r#"
ALTER TABLE interactions ADD COLUMN case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL;
CREATE INDEX interactions_case ON interactions(case_id) WHERE case_id IS NOT NULL;
"#;
