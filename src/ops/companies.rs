//! Companies.

use crate::domain::validate;
use crate::domain::*;
use crate::store::{Store, Tx};

use super::{record, resolve, Now, NONE};

#[derive(Debug, Default, Clone)]
pub struct CompanyChanges {
    pub name: Option<String>,
    pub domain: Option<String>,
    pub industry: Option<String>,
    /// A bucket name or a head count.
    pub size: Option<String>,
    pub notes: Option<String>,
}

fn apply(c: &mut Company, ch: &CompanyChanges) -> Result<()> {
    if let Some(n) = &ch.name {
        c.name = validate::required("company name", n)?;
    }
    if let Some(d) = &ch.domain {
        c.domain = validate::optional(Some(d)).map(|d| d.to_lowercase());
    }
    if let Some(i) = &ch.industry {
        c.industry = validate::optional(Some(i));
    }
    if let Some(s) = &ch.size {
        c.size = match validate::optional(Some(s)) {
            None => None,
            Some(s) => Some(CompanySize::parse_any(&s)?),
        };
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
    }
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
    record(tx, now, "company", c.id.0, None, "create", NONE, Some(&c))?;
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
        record(tx, now, "company", c.id.0, None, "create", NONE, Some(&c))?;
        Ok(c)
    })
}

pub fn edit(store: &Store, now: &Now, reference: &str, ch: CompanyChanges) -> Result<Company> {
    store.write(|tx| {
        let before = resolve::company(tx.read(), reference)?;
        let mut c = before.clone();
        apply(&mut c, &ch)?;
        if c == before {
            return Ok(c);
        }
        c.updated_at = now.utc;
        tx.update_company(&c)?;
        if c.name != before.name {
            tx.refresh_search_keys_for_company(c.id)?;
        }
        record(
            tx,
            now,
            "company",
            c.id.0,
            None,
            "update",
            Some(&before),
            Some(&c),
        )?;
        Ok(c)
    })
}

/// Removes a company; its contacts and deals stay, without a company.
pub fn remove(store: &Store, now: &Now, reference: &str) -> Result<Company> {
    store.write(|tx| {
        let c = resolve::company(tx.read(), reference)?;
        tx.delete_company(c.id)?;
        record(tx, now, "company", c.id.0, None, "delete", Some(&c), NONE)?;
        Ok(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::{now, store};

    #[test]
    fn names_are_unique_ignoring_case_and_sizes_bucket() {
        let s = store();
        let c = add(
            &s,
            &now(),
            CompanyChanges {
                name: Some("Acme".into()),
                size: Some("120".into()),
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
        assert!(matches!(dup, Err(Error::Conflict(_))));
        let bad = add(
            &s,
            &now(),
            CompanyChanges {
                name: Some("Other".into()),
                size: Some("huge".into()),
                ..Default::default()
            },
        );
        assert!(bad.is_err());
        let e = edit(
            &s,
            &now(),
            "acme",
            CompanyChanges {
                industry: Some("Anvils".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(e.industry.as_deref(), Some("Anvils"));
    }
}
