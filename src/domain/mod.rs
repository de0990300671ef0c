//! Types, validation, lifecycle rules, name matching, money and dates. No I/O here:
//! everything takes its inputs (including "now") as arguments.

pub mod automation;
pub mod birthday;
pub mod cadence;
pub mod case;
pub mod currency;
pub mod dates;
pub mod dupes;
pub mod error;
pub mod filter;
pub mod history;
pub mod lifecycle;
pub mod merge;
pub mod model;
pub mod money;
pub mod owner;
pub mod period;
pub mod phone;
pub mod recurrence;
pub mod score;
pub mod section;
pub mod segment;
pub mod text;
pub mod validate;

pub use error::{Error, Field, Result};
pub use model::*;
pub use section::Section;
