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

/// Migration 26 on a file: nothing. The queue is a file of its own there (`crm.db-queue`,
/// `queue_file.rs`), so appending never waits for the database's write lock.
pub(super) const QUEUE_ON_SERVER: &str = "-- the queue is the file beside the database\n";

/// Migration 26 on PostgreSQL: the write-behind queue, a table of the team's database
/// (the same columns as the queue file's). No undo trigger (`undo.rs`'s `UNLOGGED`), so
/// no write transaction touches it and appending never waits for one.
pub(crate) const QUEUED_PG: &str = r#"
CREATE TABLE queued (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key        TEXT COLLATE "C" NOT NULL UNIQUE,
    queued_at  BIGINT NOT NULL,
    what       TEXT NOT NULL,
    op         TEXT NOT NULL,
    error      TEXT,
    tries      INTEGER NOT NULL DEFAULT 0
);
"#;
