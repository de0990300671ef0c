//! Bulk actions (DESIGN §4, §12): one write applied to every contact a filter picked, in
//! one transaction and one change, so one `crm undo` takes it all back.

use crate::domain::dates::When;
use crate::domain::{ContactId, Lifecycle, Result, Task};
use crate::store::Store;

use super::contacts::{edit_in, ContactChanges};
use super::tasks::{add_in, TaskInput};
use super::Now;

/// What `contact edit --where …` changes on each contact.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ContactEdit {
    pub add_tags: Vec<String>,
    pub rm_tags: Vec<String>,
    pub lifecycle: Option<Lifecycle>,
    /// A stay-in-touch cadence to set (`Some(None)` clears it).
    pub cadence: Option<Option<crate::domain::recurrence::Every>>,
}

/// Applies `edit` to every contact of `ids`; returns how many changed (a contact that
/// already had the values is left alone, with no history row).
pub fn edit_contacts(
    store: &Store,
    now: &Now,
    ids: &[ContactId],
    edit: &ContactEdit,
) -> Result<usize> {
    let ch = ContactChanges {
        add_tags: edit.add_tags.clone(),
        rm_tags: edit.rm_tags.clone(),
        lifecycle: edit.lifecycle,
        cadence: edit.cadence,
        ..Default::default()
    };
    super::automation::write(store, now, |tx| {
        let mut changed = 0;
        for id in ids {
            if edit_in(tx, now, *id, &ch)?.1 {
                changed += 1;
            }
        }
        Ok(changed)
    })
}

/// Adds one task per contact of `ids`, all due the same day.
pub fn add_tasks(
    store: &Store,
    now: &Now,
    ids: &[ContactId],
    title: &str,
    due: Option<When>,
) -> Result<Vec<Task>> {
    super::automation::write(store, now, |tx| {
        ids.iter()
            .map(|id| {
                add_in(
                    tx,
                    now,
                    TaskInput {
                        case: None,
                        owner: None,
                        title: title.to_string(),
                        contact: Some(*id),
                        deal: None,
                        due,
                        every: None,
                    },
                )
            })
            .collect()
    })
}
