//! `crm import contacts` of a CSV into a database without contacts: the set-based path.
//! Records are normalised one by one as before, staged, and written by a few statements
//! (`Tx::fill_from_contact_stage`). A file whose records may duplicate one another goes
//! through the row-by-row writer instead, from the staged copy, so every decision stays
//! the one `contact` makes (a new contact never duplicates anything in an empty table).

use crate::domain::*;
use crate::import::{ContactRecord, Parsed};

use super::contacts::{normalise, Incoming, Normalised};
use super::{OnDuplicate, Writer, SAMPLES};

impl Writer<'_, '_> {
    /// Writes the contacts of a CSV file; set-based when the contacts table is empty.
    pub(super) fn csv_contacts(
        &mut self,
        items: impl Iterator<Item = Parsed<ContactRecord>>,
    ) -> Result<()> {
        if !self.tx.read().contacts_table_empty()? {
            for item in items {
                self.contact(item)?;
            }
            return Ok(());
        }
        let tx = self.tx;
        let first_reject = self.out.rejected.len();
        tx.begin_contact_stage()?;
        // Only `--on-duplicate error` reports a staged record's cells (for `--rejects`).
        let keep_raw = self.req.on_duplicate == OnDuplicate::Error;
        let mut samples = Vec::new();
        for item in items {
            let Some(mut rec) = self.take(item)? else {
                continue;
            };
            let line = rec.line;
            self.warn(line, &rec.warnings);
            let raw = std::mem::take(&mut rec.raw);
            match normalise(rec, &self.req.tags, self.now.utc) {
                Normalised::Ready(i) => {
                    self.warn(line, &i.warnings);
                    let raw = keep_raw.then_some(raw.as_slice());
                    tx.stage_contact(line, &i.contact, i.company.as_deref(), raw)?;
                    if samples.len() < SAMPLES {
                        samples.push(format!("line {line}: create {}", i.contact.name));
                    }
                }
                Normalised::Empty => self.out.skipped += 1,
                Normalised::Refused { column, reason } => {
                    self.reject(line, Some(column), reason, raw)?
                }
            }
        }
        if tx.stage_has_duplicates()? {
            let now = self.now.utc;
            tx.replay_contact_stage(
                |s| {
                    let incoming = Incoming {
                        contact: s.contact,
                        company: s.company,
                        warnings: Vec::new(),
                    };
                    self.place(s.line, incoming, s.raw, None, None).map(|_| ())
                },
                now,
            )?;
            // In file order, as the row-by-row writer reports them (those kept; `--rejects`
            // has them in the order found).
            let kept = first_reject.min(self.out.rejected.first.len());
            self.out.rejected.first[kept..].sort_by_key(|e| e.line);
        } else {
            // Companies one by one (few, and each noted for undo like any created one).
            for name in tx.staged_new_companies()? {
                self.company(&name)?;
            }
            let by = self.now.by;
            self.out.created +=
                tx.fill_from_contact_stage(self.id, &self.req.file_name, self.now.utc, by)?;
            for s in samples {
                self.sample(s);
            }
        }
        tx.end_contact_stage()
    }
}

#[cfg(test)]
#[path = "tests_bulk.rs"]
mod tests;
