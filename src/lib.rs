//! crm: a terminal CRM over one local SQLite file.
//!
//! Layers (DESIGN §9), each using only those to its left:
//! `domain` ← `store` ← `resolve` ← `ops` ← `input` ← {`report`, `cli`, `tui`}.
//! `import` (parsers) and `export` (writers) know only the domain; `ops` uses both.
//! Only `store/sqlite` knows SQL; only `tui` knows the terminal.

pub mod assets;
pub mod cli;
pub mod config;
pub mod domain;
pub mod editor;
pub mod export;
pub mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod hooks;
pub mod import;
pub mod input;
pub mod ops;
pub mod private_file;
pub mod report;
pub mod resolve;
pub mod store;
pub mod tui;
