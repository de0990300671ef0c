//! crm: a terminal CRM over one local SQLite file.
//!
//! Layers (DESIGN §9): `domain` ← `store` ← `ops` ← `cli` (and later import, export,
//! report, tui). Only `store` knows SQL.

pub mod assets;
pub mod cli;
pub mod config;
pub mod domain;
pub mod export;
pub mod format;
pub mod import;
pub mod input;
pub mod ops;
pub mod private_file;
pub mod report;
pub mod store;
pub mod tui;
