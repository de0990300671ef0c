//! `crm export contact REF [-o FILE]`: everything crm holds about one person, as one JSON
//! document (the file is private, 0600).

use std::path::Path;

use crate::domain::*;
use crate::ops::privacy;
use crate::resolve;

use super::choices::ExportWhat as What;
use super::Ctx;

pub fn run(ctx: &Ctx, what: What, reference: Option<&str>, output: Option<&Path>) -> Result<()> {
    let reference = match (what, reference) {
        (What::Contact, Some(r)) => r,
        (What::Contact, None) => return Err(Error::invalid(
            "crm export contact needs the person: crm export contact REF (an id, e-mail or name).",
        )),
        (w, Some(_)) => {
            return Err(Error::invalid(format!(
                "crm export {} takes no REF; crm export contact REF exports one person.",
                w.as_str()
            )))
        }
        (w, None) => {
            return Err(Error::invalid(format!(
                "crm export {} is not about one person.",
                w.as_str()
            )))
        }
    };
    let id = resolve::contact(ctx.store.read(), reference)?;
    let doc = privacy::person(&ctx.store, &ctx.now, id)?;
    let mut text = crate::export::json_out::to_string_pretty(&doc)?;
    text.push('\n');
    match output.filter(|p| *p != Path::new("-")) {
        Some(path) => {
            super::export::write_private(path, text.as_bytes())?;
            ctx.out.done(&format!(
                "Exported everything about contact #{id} to {}.",
                path.display()
            ));
        }
        None => ctx.out.print(&text),
    }
    Ok(())
}
