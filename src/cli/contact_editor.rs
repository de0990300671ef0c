//! `crm contact edit REF --editor`: the contact as commented TOML in the user's editor
//! (the session itself is `crate::editor`, shared with the app's `E`).

use crate::domain::{Error, Result};
use crate::editor::{edit_contact, Edited};
use crate::export::json;
use crate::resolve;

use super::Ctx;

/// `alone`: no other change flag was given (they cannot be mixed with --editor).
pub fn run(ctx: &Ctx, reference: &str, alone: bool) -> Result<()> {
    if !alone {
        return Err(Error::invalid(
            "--editor edits every field in the file; give it without other change flags.",
        ));
    }
    let id = resolve::contact(ctx.store.read(), reference)?;
    let out = &ctx.out;
    match edit_contact(&ctx.store, &ctx.now, id)? {
        Edited::Changed(c) => {
            if out.json {
                return out.json(&json::contact(&c));
            }
            out.done(&format!("Updated contact #{} {}.", c.id, c.name));
        }
        Edited::Unchanged(c) => {
            if out.json {
                return out.json(&json::contact(&c));
            }
            out.done(&format!(
                "nothing to change: #{} {} was left as it was.",
                c.id, c.name
            ));
        }
        // The command line's edit waits for the lock itself; it never hands one back.
        Edited::Waiting(_) => {
            return Err(crate::domain::Error::storage(
                "another crm is writing; nothing was changed, try again when it is done.",
            ))
        }
    }
    Ok(())
}
