//! What people type, made typed: REFs resolved to ids, stage names to stages, amounts,
//! dates, probabilities and lifecycles parsed. Both faces (the CLI and the TUI) go through
//! here before they call a use case, so `ops` only ever sees ids and typed values
//! (DESIGN §9), and the two faces read text the same way.
//!
//! REFs are looked up by [`crate::resolve`], below both this module and `ops`: a file's
//! rows name their contact the way a person would, so the import use case uses it too.

pub mod case;
pub mod company;
pub mod contact;
pub mod contact_toml;
pub mod deal;
pub mod dupes;
pub mod filter;
pub mod log;
pub mod task;

/// An edit's optional field as typed: `None` leaves it, `none` or blank clears it, anything
/// else is parsed.
pub(crate) fn clearable<T>(
    text: &Option<String>,
    parse: impl FnOnce(&str) -> crate::domain::Result<T>,
) -> crate::domain::Result<Option<Option<T>>> {
    match text.as_deref().map(str::trim) {
        None => Ok(None),
        Some(t) if t.is_empty() || t.eq_ignore_ascii_case("none") => Ok(Some(None)),
        Some(t) => parse(t).map(|v| Some(Some(v))),
    }
}
