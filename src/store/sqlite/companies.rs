//! Companies.

use crate::store::db::{params, Row};
use crate::store::db::{DbError, DbResult};

use super::error::conflict_or;
use super::rows::*;
use super::search::company_key;
use super::{Reader, Tx};
use crate::domain::text::name_key;
use crate::domain::*;
use crate::store::CompanyRow;

pub(super) const COLUMNS: &str =
    "id, name, domain, industry, size, notes, created_at, updated_at, version";

pub(super) fn company_from_row(r: &Row<'_>) -> DbResult<Company> {
    Ok(Company {
        id: r.get(0)?,
        name: r.get(1)?,
        domain: r.get(2)?,
        industry: r.get(3)?,
        size: r.get(4)?,
        notes: r.get(5)?,
        created_at: from_ts(r.get(6)?),
        updated_at: from_ts(r.get(7)?),
        version: r.get(8)?,
    })
}

impl Reader<'_> {
    pub fn company(&self, id: CompanyId) -> Result<Option<Company>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM companies WHERE id = ?1"))?;
        let found = stmt.query_map([id], company_from_row)?.next().transpose()?;
        Ok(found)
    }

    /// The company with this name, compared case- and accent-insensitively.
    pub fn company_by_name(&self, name: &str) -> Result<Option<Company>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM companies WHERE name_key = ?1"
        ))?;
        let found = stmt
            .query_map([name_key(name)], company_from_row)?
            .next()
            .transpose()?;
        Ok(found)
    }

    /// Companies whose folded name starts with, or contains a word starting with, `prefix`.
    pub fn companies_matching(&self, key: &str) -> Result<Vec<Company>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM companies WHERE name_key LIKE ?1 OR name_key LIKE ?2 ORDER BY name_key LIMIT 50"
        ))?;
        let rows = stmt.query_map([format!("{key}%"), format!("% {key}%")], company_from_row)?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    pub fn companies(&self) -> Result<Vec<CompanyRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT co.id, co.name, co.domain, co.industry, co.size, co.notes, co.created_at, co.updated_at, co.version, \
               (SELECT count(*) FROM contacts c WHERE c.company_id = co.id AND c.deleted_at IS NULL), \
               (SELECT count(*) FROM deals d WHERE d.company_id = co.id AND d.status = 'open') \
             FROM companies co ORDER BY co.name_key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CompanyRow {
                company: company_from_row(r)?,
                contacts: r.get(9)?,
                open_deals: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}

impl Tx<'_> {
    pub fn insert_company(&self, c: &Company) -> Result<CompanyId> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO companies (name, name_key, domain, industry, size, notes, created_at, updated_at, search_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let row = params![
            c.name,
            name_key(&c.name),
            c.domain,
            c.industry,
            c.size,
            c.notes,
            ts(c.created_at),
            ts(c.updated_at),
            company_key(&c.name, c.domain.as_deref(), c.industry.as_deref())
        ];
        stmt.execute(row).map_err(|e| unique_name(e, &c.name))?;
        Ok(CompanyId(self.new_id()))
    }

    pub fn update_company(&self, c: &Company) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "UPDATE companies SET name = ?2, name_key = ?3, domain = ?4, industry = ?5, size = ?6, notes = ?7, updated_at = ?8, \
             search_key = ?9, version = version + 1 WHERE id = ?1",
        )?;
        stmt.execute(params![
            c.id,
            c.name,
            name_key(&c.name),
            c.domain,
            c.industry,
            c.size,
            c.notes,
            ts(c.updated_at),
            company_key(&c.name, c.domain.as_deref(), c.industry.as_deref())
        ])
        .map_err(|e| unique_name(e, &c.name))?;
        Ok(())
    }

    /// Removes the company; its contacts and deals keep existing without it.
    pub fn delete_company(&self, id: CompanyId) -> Result<()> {
        self.conn
            .execute("DELETE FROM companies WHERE id = ?1", [id])?;
        Ok(())
    }
}

fn unique_name(e: DbError, name: &str) -> Error {
    conflict_or(e, || format!("a company named {name:?} already exists."))
}
