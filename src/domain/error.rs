//! The one error type of the library. Every variant carries a message meant for a person:
//! one or two plain sentences that say what went wrong and what to do.

use std::fmt;

/// The input field a validation error concerns, so a form can show the error at its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Title,
    Emails,
    Phones,
    Company,
    Contact,
    Deal,
    Lifecycle,
    Tags,
    Fields,
    Value,
    Currency,
    Stage,
    Probability,
    Close,
    Due,
    Summary,
    At,
    Duration,
    Direction,
    Score,
    Size,
    Every,
    Kind,
    Birthday,
    /// A support case's priority.
    Priority,
    Case,
    /// Who a deal, task or case belongs to (`--owner`).
    Owner,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user gave a value we cannot accept (bad amount, date, name, ...); `field` says
    /// which input it came from, when one did.
    #[error("{message}")]
    Invalid {
        field: Option<Field>,
        message: String,
    },
    /// A REF, id or name that matches nothing.
    #[error("{message}")]
    NotFound {
        field: Option<Field>,
        message: String,
    },
    /// A REF that matches several records; a write never guesses.
    #[error("{message}")]
    Ambiguous {
        field: Option<Field>,
        message: String,
    },
    /// The write would break a rule of the data (duplicate e-mail, stage still in use, ...).
    #[error("{message}")]
    Conflict {
        field: Option<Field>,
        message: String,
    },
    /// The database file cannot be used (not SQLite, newer schema, permissions, locked, ...).
    #[error("{0}")]
    Storage(String),
    #[error("{0}")]
    Io(String),
}

impl Error {
    pub fn invalid(msg: impl fmt::Display) -> Self {
        Error::Invalid {
            field: None,
            message: msg.to_string(),
        }
    }
    /// An invalid value of a known field.
    pub fn invalid_at(field: Field, msg: impl fmt::Display) -> Self {
        Error::Invalid {
            field: Some(field),
            message: msg.to_string(),
        }
    }
    /// Names the input field an error came from (a bad value, a REF that matches nothing
    /// or several, a clash); storage and I/O errors pass unchanged, as does a field already
    /// named.
    pub fn at(self, f: Field) -> Self {
        match self {
            Error::Invalid {
                field: None,
                message,
            } => Error::Invalid {
                field: Some(f),
                message,
            },
            Error::NotFound {
                field: None,
                message,
            } => Error::NotFound {
                field: Some(f),
                message,
            },
            Error::Ambiguous {
                field: None,
                message,
            } => Error::Ambiguous {
                field: Some(f),
                message,
            },
            Error::Conflict {
                field: None,
                message,
            } => Error::Conflict {
                field: Some(f),
                message,
            },
            other => other,
        }
    }
    /// The input field the error concerns, if known.
    pub fn field(&self) -> Option<Field> {
        match self {
            Error::Invalid { field, .. }
            | Error::NotFound { field, .. }
            | Error::Ambiguous { field, .. }
            | Error::Conflict { field, .. } => *field,
            _ => None,
        }
    }
    pub fn not_found(msg: impl fmt::Display) -> Self {
        Error::NotFound {
            field: None,
            message: msg.to_string(),
        }
    }
    pub fn ambiguous(msg: impl fmt::Display) -> Self {
        Error::Ambiguous {
            field: None,
            message: msg.to_string(),
        }
    }
    pub fn conflict(msg: impl fmt::Display) -> Self {
        Error::Conflict {
            field: None,
            message: msg.to_string(),
        }
    }
    /// A conflict caused by the value of a known field (an e-mail someone else has).
    pub fn conflict_at(field: Field, msg: impl fmt::Display) -> Self {
        Error::Conflict {
            field: Some(field),
            message: msg.to_string(),
        }
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
