//! `crm query`: the e-mail addresses of the contacts a query finds, best first, for a mail
//! client's address completion. Contacts are ranked as `crm search` ranks them (name,
//! every e-mail, company and tags, accents folded), or found by a phone number; only those
//! with an e-mail are ranked, and only their names, companies and e-mails are read.

use super::{by_phone, ranked_contacts, Plan};
use crate::domain::text::fold;
use crate::domain::{ContactId, Lifecycle, Result};
use crate::store::{AddressRow, Reader};

/// One address line: an e-mail of a contact.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Address {
    pub email: String,
    pub name: String,
    pub company: Option<String>,
    pub lifecycle: Lifecycle,
    pub contact_id: ContactId,
}

/// The addresses found, and whether more were left out by the limit.
#[derive(Debug, Clone, PartialEq)]
pub struct Addresses {
    pub list: Vec<Address>,
    pub more: bool,
}

/// At most `limit` addresses for `query`, one per e-mail of each contact found, best
/// contact first; within a contact the e-mails that hold every term of the query come
/// first, the rest in their stored order.
pub fn addresses(r: Reader<'_>, query: &str, limit: usize) -> Result<Addresses> {
    let mut ids = by_phone(r, query, limit + 1)?;
    if ids.is_empty() {
        // A key holds an `@` only when the contact has an e-mail.
        ids = ranked_contacts(r, query, limit + 1, Plan::Quick, |key| key.contains('@'))?;
    }
    let terms: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
    let mut list = Vec::new();
    for c in r.address_rows(&ids)? {
        list.extend(lines(c, &terms));
        if list.len() > limit {
            break;
        }
    }
    let more = list.len() > limit;
    list.truncate(limit);
    Ok(Addresses { list, more })
}

/// A contact's addresses, those holding every term first.
fn lines(c: AddressRow, terms: &[String]) -> Vec<Address> {
    let mut emails = c.emails;
    emails.sort_by_key(|e| {
        let e = fold(e);
        !terms.iter().all(|t| e.contains(t.as_str()))
    });
    emails
        .into_iter()
        .map(|email| Address {
            email,
            name: c.name.clone(),
            company: c.company.clone(),
            lifecycle: c.lifecycle,
            contact_id: c.id,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(emails: &[&str]) -> AddressRow {
        AddressRow {
            id: ContactId(7),
            name: "Zoë Ask".into(),
            company: None,
            lifecycle: Lifecycle::Retention,
            emails: emails.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn the_emails_holding_the_query_come_first_in_their_order() {
        let terms = ["work".to_string()];
        let got: Vec<String> = lines(row(&["zoe@home.dk", "Z@Work.dk", "z2@work.dk"]), &terms)
            .into_iter()
            .map(|a| a.email)
            .collect();
        assert_eq!(got, ["Z@Work.dk", "z2@work.dk", "zoe@home.dk"]);
        let got: Vec<String> = lines(row(&["b@x.dk", "a@x.dk"]), &["zoe".to_string()])
            .into_iter()
            .map(|a| a.email)
            .collect();
        assert_eq!(got, ["b@x.dk", "a@x.dk"], "none holds it: stored order");
    }
}
