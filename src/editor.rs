//! Editing a contact in the user's own editor (`crm contact edit REF --editor`, `E` in
//! the app): the contact as commented TOML in a private temporary file, `$VISUAL` or
//! `$EDITOR` (else `vi`) on it, and the saved text applied through the same op as
//! `contact edit`, checked against the version that was opened.
//!
//! A saved text that cannot be applied (unknown key, bad e-mail, 31 February) reopens
//! with the error at its top and the user's text kept; saving it again unchanged gives
//! up. A file left as it was changes nothing. An editor that exits non-zero aborts and
//! nothing is written. A contact changed by someone else meanwhile is not overwritten;
//! the user's text is kept in a private file the error names. Used by the CLI and the TUI (which suspends the terminal around it).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::domain::{Contact, ContactId, Error, Result};
use crate::input::contact_toml;
use crate::ops::{contacts, Now};
use crate::store::Store;

/// What an editing session did.
#[derive(Debug)]
pub enum Edited {
    /// Saved and applied.
    Changed(Contact),
    /// The file was left as it was, or held the same values: nothing was written.
    Unchanged(Contact),
    /// Saved, but another crm is writing (an import): the changes, to write when it ends.
    Waiting(contacts::ContactChanges),
}

/// The editor to run: `$VISUAL`, else `$EDITOR`, else `vi`; words split on spaces so
/// `code --wait` works.
pub fn editor_command() -> Vec<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".into())
        .split_whitespace()
        .map(String::from)
        .collect()
}

fn run_editor(path: &Path) -> Result<()> {
    let cmd = editor_command();
    let shown = cmd.join(" ");
    let status = Command::new(&cmd[0])
        .args(&cmd[1..])
        .arg(path)
        .status()
        .map_err(|e| {
            Error::invalid(format!(
                "cannot start the editor {shown}: {e}; set VISUAL or EDITOR to one that is installed."
            ))
        })?;
    if !status.success() {
        let code = status
            .code()
            .map(|c| format!("status {c}"))
            .unwrap_or_else(|| "a signal".into());
        return Err(Error::invalid(format!(
            "the editor {shown} exited with {code}; nothing was changed."
        )));
    }
    Ok(())
}

/// A private directory (0700) for the file, removed with what is in it when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("crm-edit-{}-{stamp}", std::process::id()));
        crate::private_file::create_dir_all(&dir)
            .map_err(|e| Error::Io(format!("cannot make a temporary directory: {e}")))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    crate::private_file::replace(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| Error::Io(format!("cannot write {}: {e}", path.display())))
}

/// An error the user can fix in the file: a value or a key, not a stale copy.
fn fixable(e: &Error) -> bool {
    match e {
        Error::Invalid { .. } => true,
        Error::Conflict { field, .. } => field.is_some(),
        _ => false,
    }
}

/// Opens the editor on contact `id` until its text applies, is left as it was, or the
/// editor fails.
pub fn edit_contact(store: &Store, now: &Now, id: ContactId) -> Result<Edited> {
    edit_contact_with(store, id, |ch| {
        contacts::edit_checked(store, now, id, ch).map(Some)
    })
}

/// [`edit_contact`], writing the saved changes with `apply`, which gives `None` when it
/// could not write now (another crm holds the write lock): the changes come back as
/// [`Edited::Waiting`] then, for the caller to write later.
pub fn edit_contact_with(
    store: &Store,
    id: ContactId,
    mut apply: impl FnMut(contacts::ContactChanges) -> Result<Option<(Contact, bool)>>,
) -> Result<Edited> {
    let before = contacts::load(store.read(), id)?;
    let scratch = Scratch::new()?;
    let path = scratch.0.join(format!("contact-{}.toml", id.0));
    let mut shown = contact_toml::render(&before);
    let mut failed: Option<String> = None;
    loop {
        write(&path, &shown)?;
        run_editor(&path)?;
        let saved = std::fs::read_to_string(&path).map_err(|e| {
            Error::invalid(format!(
                "cannot read the edited file back ({e}); nothing was changed."
            ))
        })?;
        if saved == shown {
            return match failed {
                None => Ok(Edited::Unchanged(before)),
                Some(e) => Err(Error::invalid(format!(
                    "{}. The file was saved as it was, so nothing was changed.",
                    e.trim_end_matches('.')
                ))),
            };
        }
        let text = contact_toml::user_text(&saved);
        // Parsed as saved (crm's own lines are comments), so line numbers are the file's.
        let result =
            contact_toml::parse(&saved, &before).and_then(|ch| Ok((apply(ch.clone())?, ch)));
        match result {
            Ok((Some((c, true)), _)) => return Ok(Edited::Changed(c)),
            Ok((Some((c, false)), _)) => return Ok(Edited::Unchanged(c)),
            Ok((None, ch)) => return Ok(Edited::Waiting(ch)),
            Err(e) if fixable(&e) => {
                let message = e.to_string();
                shown = contact_toml::with_error(&text, &message);
                failed = Some(message);
            }
            Err(e) => return Err(kept(e, &text, id)),
        }
    }
}

/// An error the file cannot fix (the contact changed meanwhile): the user's text is kept
/// in a private file beside the temporary ones, so the edit is not lost.
fn kept(e: Error, text: &str, id: ContactId) -> Error {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let path = std::env::temp_dir().join(format!("crm-contact-{}-{stamp}.toml", id.0));
    let saved = crate::private_file::create(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    let where_ = match saved {
        Ok(()) => format!(" Your text is kept in {}.", path.display()),
        Err(_) => String::new(),
    };
    match e {
        Error::Conflict { field, message } => Error::Conflict {
            field,
            message: format!("{message}{where_}"),
        },
        other => other,
    }
}
