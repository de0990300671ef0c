//! The one error type of the library. Every variant carries a message meant for a person:
//! one or two plain sentences that say what went wrong and what to do.

use std::fmt;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user gave a value we cannot accept (bad amount, date, name, ...).
    #[error("{0}")]
    Invalid(String),
    /// A REF, id or name that matches nothing.
    #[error("{0}")]
    NotFound(String),
    /// A REF that matches several records; a write never guesses.
    #[error("{0}")]
    Ambiguous(String),
    /// The write would break a rule of the data (duplicate e-mail, stage still in use, ...).
    #[error("{0}")]
    Conflict(String),
    /// The database file cannot be used (not SQLite, newer schema, permissions, locked, ...).
    #[error("{0}")]
    Storage(String),
    #[error("{0}")]
    Io(String),
}

impl Error {
    pub fn invalid(msg: impl fmt::Display) -> Self {
        Error::Invalid(msg.to_string())
    }
    pub fn not_found(msg: impl fmt::Display) -> Self {
        Error::NotFound(msg.to_string())
    }
    pub fn conflict(msg: impl fmt::Display) -> Self {
        Error::Conflict(msg.to_string())
    }
    pub fn storage(msg: impl fmt::Display) -> Self {
        Error::Storage(msg.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Io(format!("could not encode JSON: {e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
