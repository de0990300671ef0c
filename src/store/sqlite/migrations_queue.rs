//! The keys of queued changes already written (see `queue.rs`): applying one inserts its
//! key in the same transaction, so a change is never written twice, even after a crash
//! between the write and taking it off the queue.
pub(super) const QUEUE_APPLIED: &str = r#"
CREATE TABLE queue_applied (
    key         TEXT PRIMARY KEY,
    applied_at  INTEGER NOT NULL
);
"#;

/// The same table on PostgreSQL (its migration after the baseline).
pub(crate) const QUEUE_APPLIED_PG: &str = r#"
CREATE TABLE queue_applied (
    key         TEXT COLLATE "C" PRIMARY KEY,
    applied_at  BIGINT NOT NULL
);
"#;
