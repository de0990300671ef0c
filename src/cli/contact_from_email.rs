//! `crm contact add --from-email < MESSAGE`: adds the sender of a message, as
//! `khard add-email` does, so a mail client's pipe can file a new correspondent.
//!
//! It prints who it adds (name and address) and adds them without asking: the message
//! takes standard input, so there is no keyboard to answer a question (`--dry-run` shows
//! and writes nothing). An address a contact already has changes nothing, except that a
//! contact whose name is only that address (one added from a message without a display
//! name) takes the message's display name.

use crate::domain::text::email_key;
use crate::domain::{Error, Result};
use crate::export::json;
use crate::import::eml;
use crate::ops::contacts::{self, ContactChanges};
use crate::ops::email::name_of;

use super::contact::{changes, Fields};
use super::Ctx;

pub fn run(ctx: &Ctx, fields: Fields, dry_run: bool) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let message = eml::parse(&super::log_email::read_message("-")?)?;
    let from = message.from;
    if ctx.config.me.contains(&email_key(&from.address)) {
        return Err(Error::invalid(format!(
            "the message is from your own address {} (config me); --from-email adds the sender of a message you received.",
            from.address
        )));
    }
    let name = name_of(&from);
    if let Some(id) = store.read().contact_id_by_email(&from.address)? {
        let c = contacts::load(store.read(), id)?;
        let nameless = email_key(&c.name) == email_key(&from.address);
        let rename = nameless && from.name.is_some() && !dry_run;
        let c = if rename {
            let ch = ContactChanges {
                name: Some(name.clone()),
                version: Some(c.version),
                ..Default::default()
            };
            contacts::edit_checked(store, now, id, ch)?.0
        } else {
            c
        };
        if out.json {
            let mut v = serde_json::to_value(json::contact(&c))?;
            v["added"] = false.into();
            v["renamed"] = rename.into();
            return out.json(&v);
        }
        if rename {
            out.done(&format!(
                "{} is contact #{}, which had no name; named it {}.",
                from.address, c.id, c.name
            ));
        } else {
            out.done(&format!(
                "{} is already contact #{} {}; nothing changed (crm contact edit #{} changes it).",
                from.address, c.id, c.name, c.id
            ));
        }
        return Ok(());
    }
    let mut ch = changes(Some(name.clone()), fields)?;
    let mut emails = vec![from.address.clone()];
    emails.extend(ch.emails.take().unwrap_or_default());
    ch.emails = Some(emails);
    if dry_run {
        if out.json {
            return out.json(&serde_json::json!({
                "dry_run": true, "name": name, "email": from.address,
            }));
        }
        out.done(&format!(
            "Would add {name} <{}>; nothing was written.",
            from.address
        ));
        return Ok(());
    }
    if !out.json {
        out.done(&format!("Adding {name} <{}>.", from.address));
    }
    let c = contacts::add(store, now, ch)?;
    if out.json {
        let mut v = serde_json::to_value(json::contact(&c))?;
        v["added"] = true.into();
        return out.json(&v);
    }
    out.done(&format!("Added contact #{} {}.", c.id, c.name));
    Ok(())
}
