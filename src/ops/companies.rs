//! Companies.

use crate::domain::history::{Action, Entity};
use crate::domain::validate;
use crate::domain::*;
use crate::store::{Reader, Store, Tx};

use super::{record, Now, NONE};

#[derive(Debug, Default, Clone)]
pub struct CompanyChanges {
    pub name: Option<String>,
    pub domain: Option<String>,
    pub industry: Option<String>,
    /// `Some(None)` clears it.
    pub size: Option<Option<CompanySize>>,
    pub notes: Option<String>,
    /// For `edit`: the version the caller read; a different stored one is refused.
    pub version: Option<i64>,
}

fn apply(c: &mut Company, ch: &CompanyChanges) -> Result<()> {
    if let Some(n) = &ch.name {
        c.name = validate::required("company name", n).map_err(|e| e.at(Field::Name))?;
    }
    if let Some(d) = &ch.domain {
        c.domain = validate::optional(Some(d)).map(|d| d.to_lowercase());
    }
    if let Some(i) = &ch.industry {
        c.industry = validate::optional(Some(i));
    }
    if let Some(s) = ch.size {
        c.size = s;
    }
    if let Some(n) = &ch.notes {
        c.notes = validate::optional(Some(n));
    }
    Ok(())
}

fn blank(now: &Now) -> Company {
    Company {
        id: CompanyId(0),
        name: String::new(),
        domain: None,
        industry: None,
        size: None,
        notes: None,
        created_at: now.utc,
        updated_at: now.utc,
        version: 1,
    }
}

/// The company with this id.
pub fn load(r: Reader<'_>, id: CompanyId) -> Result<Company> {
    r.company(id)?.ok_or_else(|| {
        Error::not_found(format!("there is no company #{id}; see crm company list."))
    })
}

/// The company with this name (case- and accent-insensitive), created if missing.
pub fn find_or_create(tx: &Tx<'_>, now: &Now, name: &str) -> Result<Company> {
    let name = validate::required("company name", name)?;
    if let Some(c) = tx.read().company_by_name(&name)? {
        return Ok(c);
    }
    let mut c = blank(now);
    c.name = name;
    c.id = tx.insert_company(&c)?;
    record(
        tx,
        now,
        Entity::Company,
        c.id.0,
        None,
        Action::Create,
        NONE,
        Some(&c),
    )?;
    Ok(c)
}

pub fn add(store: &Store, now: &Now, ch: CompanyChanges) -> Result<Company> {
    let mut c = blank(now);
    if ch.name.is_none() {
        return Err(Error::invalid("the company name cannot be empty."));
    }
    apply(&mut c, &ch)?;
    store.write(|tx| {
        if let Some(existing) = tx.read().company_by_name(&c.name)? {
            return Err(Error::conflict(format!(
                "a company named {:?} already exists (#{}).",
                existing.name, existing.id
            )));
        }
        c.id = tx.insert_company(&c)?;
        record(
            tx,
            now,
            Entity::Company,
            c.id.0,
            None,
            Action::Create,
            NONE,
            Some(&c),
        )?;
        Ok(c.clone())
    })
}

pub fn edit(store: &Store, now: &Now, id: CompanyId, ch: CompanyChanges) -> Result<Company> {
    store.write(|tx| {
        let before = load(tx.read(), id)?;
        super::check_version(&format!("company #{id}"), before.version, ch.version)?;
        let mut c = before.clone();
        apply(&mut c, &ch)?;
        if c == before {
            return Ok(c);
        }
        c.updated_at = now.utc;
        c.version = before.version + 1;
        tx.update_company(&c)?;
        if c.name != before.name {
            tx.refresh_search_keys_for_company(c.id)?;
        }
        record(
            tx,
            now,
            Entity::Company,
            c.id.0,
            None,
            Action::Update,
            Some(&before),
            Some(&c),
        )?;
        Ok(c)
    })
}

/// Removes a company; its contacts and deals stay, without a company.
pub fn remove(store: &Store, now: &Now, id: CompanyId) -> Result<Company> {
    store.write(|tx| {
        let c = load(tx.read(), id)?;
        tx.delete_company(c.id)?;
        record(
            tx,
            now,
            Entity::Company,
            c.id.0,
            None,
            Action::Delete,
            Some(&c),
            NONE,
        )?;
        Ok(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::company::size;
    use crate::ops::testing::{now, store};

    #[test]
    fn names_are_unique_ignoring_case_and_sizes_bucket() {
        let s = store();
        let c = add(
            &s,
            &now(),
            CompanyChanges {
                name: Some("Acme".into()),
                size: Some(size("120").unwrap()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(c.size, Some(CompanySize::Small));
        let dup = add(
            &s,
            &now(),
            CompanyChanges {
                name: Some("ACME".into()),
                ..Default::default()
            },
        );
        assert!(matches!(dup, Err(Error::Conflict { .. })));
        // A size that is neither a bucket nor a head count never reaches the use case.
        assert!(size("huge").is_err());
        let acme = crate::resolve::company(s.read(), "acme").unwrap().id;
        let e = edit(
            &s,
            &now(),
            acme,
            CompanyChanges {
                industry: Some("Anvils".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(e.industry.as_deref(), Some("Anvils"));
    }
}
