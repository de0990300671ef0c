//! Saved segments (DESIGN §12): add, remove, find. Each write is one change in history,
//! so `crm undo` takes it back.

use crate::domain::filter::Filter;
use crate::domain::history::{Action, Entity};
use crate::domain::segment::{check_name, Segment, SegmentId};
use crate::domain::{Error, Result};
use crate::store::{Reader, Store};

use super::{record, Now};

/// The stored shape of a segment in history.
#[derive(serde::Serialize)]
struct Shown<'a> {
    name: &'a str,
    target: &'static str,
    expr: &'a str,
}

fn shown(s: &Segment) -> Shown<'_> {
    Shown {
        name: &s.name,
        target: crate::domain::segment::target_word(s.target),
        expr: &s.expr,
    }
}

/// Saves `filter` under `name`; a name in use is refused.
pub fn add(store: &Store, now: &Now, name: &str, filter: &Filter) -> Result<Segment> {
    let name = check_name(name)?;
    store.write(|tx| {
        if let Some(existing) = tx.read().segment_by_name(&name)? {
            return Err(Error::conflict(format!(
                "a segment named {:?} already exists; pick another name or remove it first (crm segment rm {:?}).",
                existing.name, existing.name
            )));
        }
        let mut s = Segment {
            id: SegmentId(0),
            name: name.clone(),
            expr: filter.to_string(),
            target: filter.target(),
            created_at: now.utc,
        };
        s.id = tx.insert_segment(&s)?;
        record(tx, now, Entity::Segment, s.id.0, None, Action::Create, None::<&Shown<'_>>, Some(&shown(&s)))?;
        Ok(s)
    })
}

/// Removes a segment.
pub fn remove(store: &Store, now: &Now, id: SegmentId) -> Result<()> {
    store.write(|tx| {
        let Some(s) = tx.read().segments()?.into_iter().find(|s| s.id == id) else {
            return Err(Error::not_found(format!("there is no segment #{id}.")));
        };
        tx.delete_segment(id)?;
        record(
            tx,
            now,
            Entity::Segment,
            id.0,
            None,
            Action::Delete,
            Some(&shown(&s)),
            None::<&Shown<'_>>,
        )
    })
}

/// The segment called `name`, or an error that lists the ones there are.
pub fn find(r: Reader<'_>, name: &str) -> Result<Segment> {
    if let Some(s) = r.segment_by_name(name)? {
        return Ok(s);
    }
    let names: Vec<String> = r.segments()?.into_iter().map(|s| s.name).collect();
    Err(Error::not_found(if names.is_empty() {
        format!("there is no segment {name:?}; save one with crm segment add NAME EXPR.")
    } else {
        format!(
            "there is no segment {name:?}; there are: {}.",
            names.join(", ")
        )
    }))
}
