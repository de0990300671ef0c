//! The only module that knows SQL, behind a backend-neutral facade.
//!
//! Ops and faces see [`Store`], [`Reader`] (`store.read()`) and [`Tx`] (handed out by
//! `store.write(|tx| …)`, one transaction per use case), plus the plain types in
//! [`filters`] and [`records`]. Nothing here names a database library.
//!
//! Each backend is a folder that implements the same methods on its own `Store`, `Reader`
//! and `Tx`, with its own connection handling, migrations and SQL:
//! - `sqlite/`: the one used today, re-exported below.
//! - `postgres/` (later): sits beside it with the same method set. When it lands, the
//!   re-export below becomes a choice between the two (an enum `Store` that forwards each
//!   call, or a cargo feature), and nothing outside `src/store` changes.
//!
//! The SQL in `sqlite/` sticks to what PostgreSQL also accepts where that costs nothing
//! (`ON CONFLICT DO NOTHING`, `IS NOT DISTINCT FROM`, lowercase key columns instead of a
//! collation, no `LIMIT -1`, no `rowid`), so a second backend can start from the same
//! statements. What stays SQLite's own: pragmas, index hints (`INDEXED BY`),
//! `group_concat`, `?N` parameters, and new ids from `last_insert_rowid` (`RETURNING id`
//! measured two to three times slower per insert).

pub mod db;
pub mod filters;
pub mod pg_secrets;
pub mod postgres;
pub mod records;
mod sqlite;
pub mod target;

pub use filters::{
    ContactFilter, Cursor, DealFilter, InteractionFilter, Matching, Period, TaskFilter, TaskWindow,
    BODY_SHOWN,
};
pub use records::{
    AddressRow, CadenceCandidate, Change, ChangeRecord, CompanyRow, ContactRow, DealCard,
    FunnelDeal, Health, ImportItem, ImportRecord, MonthTotals, NameCandidate, SearchKind,
    StageTotals, StaleRow,
};
pub(crate) use sqlite::sqlite_error;
pub use sqlite::{Due, Erased, LoggedMessage, Queued, Reader, Sealed, Store, Tx, LATEST_VERSION};
