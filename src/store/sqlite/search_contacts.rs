//! What finding people the way mail users look them up reads: contacts by a phone number
//! in any format (through the E.164 index), and a few contacts' e-mails for `crm query`
//! and `crm search --json`, without loading whole contacts.

use crate::store::db::params;
use crate::store::db::DbResult;

use super::rows::split_list;
use super::Reader;
use crate::domain::phone::PhoneSearch;
use crate::domain::{ContactId, Result};
use crate::store::AddressRow;

impl Reader<'_> {
    /// Live contacts with a phone that is `number` (see [`PhoneSearch::matches`]), at most
    /// `limit`, in id order. The E.164 form is looked up in its index; only when that finds
    /// nobody (a number typed without `+`), each E.164 form it may have is (some 1,000
    /// lookups in that index, about a millisecond), and the numbers kept without an E.164
    /// form are compared by their digits.
    pub fn contacts_by_phone(&self, number: &PhoneSearch, limit: usize) -> Result<Vec<ContactId>> {
        let mut ids: Vec<ContactId> = Vec::new();
        if let Some(e) = &number.e164 {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT p.contact_id FROM contact_phones p JOIN contacts c ON c.id = p.contact_id \
                 WHERE p.e164 = ?1 AND c.deleted_at IS NULL ORDER BY p.contact_id LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![e, limit as i64], |r| r.get(0))?;
            ids = rows.collect::<DbResult<_>>()?;
        }
        if !ids.is_empty() {
            return Ok(ids);
        }
        // The E.164 forms it may have (the digits after each country code), each looked up
        // in the E.164 index.
        let forms = serde_json::to_string(&number.e164_forms()).unwrap_or_default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT p.contact_id FROM json_each(?1) f JOIN contact_phones p ON p.e164 = f.value \
             JOIN contacts c ON c.id = p.contact_id WHERE c.deleted_at IS NULL ORDER BY p.contact_id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![forms, limit as i64], |r| r.get(0))?;
        ids = rows.collect::<DbResult<_>>()?;
        // Numbers kept without an E.164 form (national ones stored without a region), read
        // from their own small index.
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.contact_id, p.phone FROM contact_phones p INDEXED BY contact_phones_unparsed \
             JOIN contacts c ON c.id = p.contact_id WHERE p.e164 IS NULL AND c.deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: ContactId = r.get(0)?;
            if ids.len() < limit
                && !ids.contains(&id)
                && number.matches(r.get_ref(1)?.as_str().unwrap_or(""), None)
            {
                ids.push(id);
            }
        }
        ids.sort_by_key(|id| id.0);
        Ok(ids)
    }

    /// The name, company, lifecycle and e-mails (in order) of each live contact of `ids`,
    /// in the order given; contacts gone are left out.
    pub fn address_rows(&self, ids: &[ContactId]) -> Result<Vec<AddressRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.name, co.name, c.lifecycle, \
             (SELECT group_concat(email, char(31)) FROM (SELECT email FROM contact_emails e WHERE e.contact_id = c.id ORDER BY position) x) \
             FROM contacts c LEFT JOIN companies co ON co.id = c.company_id WHERE c.id = ?1 AND c.deleted_at IS NULL",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = stmt.query([id])?;
            if let Some(r) = rows.next()? {
                out.push(AddressRow {
                    id: *id,
                    name: r.get(0)?,
                    company: r.get(1)?,
                    lifecycle: r.get(2)?,
                    emails: split_list(r.get(3)?),
                });
            }
        }
        Ok(out)
    }
}
