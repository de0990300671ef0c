//! Logging an e-mail message (`crm log-email --eml`): who the other party is, which way
//! it went, whether it was logged before, and which support case a reply belongs to.
//!
//! Choices:
//! - The other party of a message from one of the user's addresses (config `me`) is its
//!   recipients, To before Cc; of any other message, its sender. The first of those
//!   groups with a known contact decides; two different contacts in it are an error
//!   that lists them (the caller picks one with `--contact`), never a guess.
//! - A reply is filed under a case only through the thread: In-Reply-To or References
//!   names a message logged on a case of the same contact that is not closed. A contact
//!   with one open case is not enough: an unrelated message (an invoice, a hello) would
//!   count as the case's first response or reopen it. `--case ID` files it explicitly.

use chrono::{DateTime, Utc};

use crate::domain::case::Status;
use crate::domain::dates::When;
use crate::domain::text::email_key;
use crate::domain::*;
use crate::import::eml::{Email, Mailbox};
use crate::store::{Reader, Store, Tx};

use super::contacts::{self, ContactChanges};
use super::interactions::{self, LogInput};
use super::Now;

/// A parsed message and what the user said about it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct EmailToLog {
    pub email: Email,
    /// The user's own addresses, lower case.
    pub me: Vec<String>,
    /// Add the other party as a contact when no contact has their address.
    pub add: bool,
    /// The contact chosen by the user (`--contact`), instead of matching addresses.
    pub contact: Option<ContactId>,
    /// The case chosen by the user (`--case`), instead of following the thread.
    pub case: Option<i64>,
    pub deal: Option<DealId>,
}

#[derive(Debug, Clone)]
pub enum Logged {
    New {
        interaction: Interaction,
        /// The contact `--add` created.
        added: Option<Box<Contact>>,
        /// The case the interaction was filed under.
        case: Option<i64>,
        /// The message had no readable Date: it was logged at the current time.
        dated_now: bool,
    },
    /// The message (same Message-ID) was logged before; nothing changed.
    Already(InteractionId),
}

/// Which way a message went: out when it is from one of `me`.
pub fn direction(email: &Email, me: &[String]) -> Direction {
    if me.contains(&email_key(&email.from.address)) {
        Direction::Out
    } else {
        Direction::In
    }
}

/// The addresses that may be the other party, in groups tried in order (see the module).
pub fn other_party(email: &Email, me: &[String]) -> Vec<Vec<Mailbox>> {
    let mut seen: Vec<String> = me.to_vec();
    let mut group = |list: &[Mailbox]| {
        let mut out = Vec::new();
        for m in list {
            let key = email_key(&m.address);
            if !seen.contains(&key) {
                seen.push(key);
                out.push(m.clone());
            }
        }
        out
    };
    match direction(email, me) {
        Direction::Out => vec![group(&email.to), group(&email.cc), group(&email.bcc)],
        // Several authors who are all contacts are several people: listed, not guessed.
        Direction::In => vec![group(&email.from_all)],
    }
}

/// Who the message is with: an existing contact, or (with `add`) the mailbox to add.
enum Party {
    Known(ContactId),
    New(Mailbox),
}

fn find_party(r: Reader<'_>, e: &EmailToLog) -> Result<Party> {
    if let Some(c) = e.contact {
        return Ok(Party::Known(c));
    }
    let groups = other_party(&e.email, &e.me);
    for group in &groups {
        let mut found: Vec<(ContactId, &Mailbox)> = Vec::new();
        for m in group {
            if let Some(id) = r.contact_id_by_email(&m.address)? {
                if !found.iter().any(|(c, _)| *c == id) {
                    found.push((id, m));
                }
            }
        }
        match found.as_slice() {
            [] => continue,
            [(id, _)] => return Ok(Party::Known(*id)),
            several => {
                let mut names = Vec::new();
                for (id, m) in several.iter().take(5) {
                    let name = r.contact(*id)?.map(|c| c.name).unwrap_or_default();
                    names.push(format!("#{id} {name} <{}>", m.address));
                }
                return Err(Error::invalid_at(
                    Field::Contact,
                    format!(
                        "the message is with several contacts: {}; pick one with --contact REF.",
                        names.join(", ")
                    ),
                ));
            }
        }
    }
    let Some(first) = groups.iter().flatten().next() else {
        return Err(Error::invalid_at(
            Field::Contact,
            "every address in the message is yours (config me): there is nobody to log it with.",
        ));
    };
    if e.add {
        return Ok(Party::New(first.clone()));
    }
    let all: Vec<String> = groups.iter().flatten().map(|m| m.address.clone()).collect();
    Err(Error::not_found(format!(
        "no contact has the address {}; --add would add {}, or pick a contact with --contact REF.",
        all.join(", "),
        first
    )))
}

/// The name a contact added from a mailbox gets: its display name, else the address.
pub fn name_of(m: &Mailbox) -> String {
    m.name.clone().unwrap_or_else(|| m.address.clone())
}

/// The case a reply belongs to: the first message of its thread that was logged on a
/// case of this contact that is not closed.
fn thread_case(r: Reader<'_>, email: &Email, contact: ContactId) -> Result<Option<i64>> {
    for id in &email.replies_to {
        let Some(m) = r.logged_message(id)? else {
            continue;
        };
        let Some(case) = m.case.filter(|_| m.contact == contact) else {
            continue;
        };
        // A message dated before the case was opened stays out of it (its clocks start
        // at the opening), rather than failing the whole log.
        let sent = email.date.unwrap_or(DateTime::<Utc>::MAX_UTC);
        if r.case(case)?
            .is_some_and(|k| k.status != Status::Closed && k.opened_at <= sent)
        {
            return Ok(Some(case));
        }
    }
    Ok(None)
}

/// The Subject as a summary: `(no subject)` without one, and cut to the 500 characters a
/// summary holds (the whole message is rarely worth refusing for a long subject).
fn summary(subject: Option<&str>) -> String {
    match subject {
        None => "(no subject)".into(),
        Some(s) if s.chars().count() > 500 => {
            let mut cut: String = s.chars().take(499).collect();
            cut.push('…');
            cut
        }
        Some(s) => s.to_string(),
    }
}

/// Logs the message as an `email` interaction in one change: the contact `--add` creates,
/// the interaction, its Message-ID and its case. A message logged before changes nothing.
pub fn log(store: &Store, now: &Now, e: EmailToLog) -> Result<Logged> {
    super::automation::write(store, now, |tx| log_in(tx, now, &e))
}

/// What makes a message itself: its Message-ID, or for one without, a key made of its
/// sender, date, subject and body (`no-message-id:` and 16 hex digits, which no real
/// Message-ID looks like), so piping it in twice still logs it once. Without a Date either,
/// there is nothing to tell two such messages apart, and none is made.
fn message_key(email: &Email) -> Option<String> {
    if let Some(mid) = &email.message_id {
        return Some(mid.clone());
    }
    let date = email.date?;
    // FNV-1a: small, and the same on every build (the std hasher is not).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes.iter().chain([0u8].iter()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(email_key(&email.from.address).as_bytes());
    feed(date.timestamp().to_string().as_bytes());
    feed(email.subject.as_deref().unwrap_or("").as_bytes());
    feed(email.body.as_deref().unwrap_or("").as_bytes());
    Some(format!("no-message-id:{h:016x}"))
}

/// Checks a message with reads only (the write-behind queue does before queueing it):
/// the interaction it was logged as before, if it was; an error if it names no contact
/// that [`log`] could find or add.
pub(crate) fn checked(r: Reader<'_>, e: &EmailToLog) -> Result<Option<InteractionId>> {
    if let Some(mid) = message_key(&e.email) {
        if let Some(m) = r.logged_message(&mid)? {
            return Ok(Some(m.interaction));
        }
    }
    find_party(r, e)?;
    Ok(None)
}

pub(crate) fn log_in(tx: &Tx<'_>, now: &Now, e: &EmailToLog) -> Result<Logged> {
    let r = tx.read();
    let key = message_key(&e.email);
    if let Some(mid) = &key {
        if let Some(m) = r.logged_message(mid)? {
            return Ok(Logged::Already(m.interaction));
        }
    }
    let (contact, added) = match find_party(r, e)? {
        Party::Known(id) => (id, None),
        Party::New(m) => {
            let c = contacts::add_in(
                tx,
                now,
                &ContactChanges {
                    name: Some(name_of(&m)),
                    emails: Some(vec![m.address.clone()]),
                    ..Default::default()
                },
            )?;
            (c.id, Some(Box::new(c)))
        }
    };
    let case = match e.case {
        Some(k) => Some(k),
        None => thread_case(r, &e.email, contact)?,
    };
    let i = interactions::log_in(
        tx,
        now,
        LogInput {
            kind: InteractionKind::Email,
            contact,
            summary: summary(e.email.subject.as_deref()),
            at: e.email.date.map(When::Instant),
            duration_min: None,
            deal: e.deal,
            direction: Some(direction(&e.email, &e.me)),
            score: None,
            body: e.email.body.clone(),
            case,
        },
    )?;
    if let Some(mid) = &key {
        tx.set_message_id(i.id, mid)?;
    }
    Ok(Logged::New {
        interaction: i,
        added,
        case,
        dated_now: e.email.date.is_none(),
    })
}

#[cfg(test)]
#[path = "email_tests.rs"]
mod tests;
