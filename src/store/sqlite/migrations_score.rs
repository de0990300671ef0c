//! The lead score's table (DESIGN §12), beside the contacts rather than in them: scores
//! change whenever a contact's interactions or deals do, and a column of `contacts` would
//! make those changes touch the contact's row, which `crm undo` reads as "a later change
//! builds on it". Not in the undo log: scores are recomputed after an undo instead.
//! `settings` keeps small facts about the database, such as the day scores were last
//! brought up to date.
pub(super) const SCORES: &str = r#"
CREATE TABLE contact_scores (
    contact_id  INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100)
);
CREATE INDEX contact_scores_rank ON contact_scores(score DESC, contact_id);
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT
) WITHOUT ROWID;
"#;
