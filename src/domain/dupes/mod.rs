//! The duplicate finder's pure part (DESIGN §12): blocking keys that put likely
//! duplicates in the same bucket (so only pairs within a bucket are compared, never all
//! pairs), and a 0-100 score with the reasons that made it.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::domain::text::{fold, words};
use crate::domain::{CompanyId, ContactId};

#[cfg(test)]
mod tests;

/// What the finder knows of a live contact.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: ContactId,
    pub name: String,
    /// Every e-mail, the primary first.
    pub emails: Vec<String>,
    /// The E.164 forms of its phones (those that parse).
    pub phones: Vec<String>,
    pub company_id: Option<CompanyId>,
    pub company: Option<String>,
}

/// A likely duplicate pair, `a` the lower id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub a: ContactId,
    pub b: ContactId,
    pub score: u8,
    pub reasons: Vec<String>,
}

/// Buckets bigger than this are too common to mean anything (a switchboard number, a
/// very common name) and would make the pairs grow with the square of their size.
pub const MAX_BUCKET: usize = 50;

/// The words of a folded name with German umlaut spellings made plain (`mueller` →
/// `muller`, as `Müller` already folds), so both spellings meet.
fn plain_words(name: &str) -> Vec<String> {
    words(&fold(name))
        .map(|w| w.replace("ue", "u").replace("oe", "o").replace("ae", "a"))
        .collect()
}

/// The name's words in order (folded, umlaut spellings made plain).
pub fn name_key(name: &str) -> String {
    plain_words(name).join(" ")
}

/// The name's words sorted, so `Lovelace Ada` meets `Ada Lovelace`.
pub fn sorted_name_key(name: &str) -> String {
    let mut w = plain_words(name);
    w.sort_unstable();
    w.join(" ")
}

/// Providers that ignore dots in the local part.
const DOTLESS: &[&str] = &["gmail.com", "googlemail.com"];

/// An e-mail reduced to the mailbox it reaches: folded, `+tag` dropped, and for
/// providers that ignore them the dots too (`Ada.L+crm@gmail.com` → `adal@gmail.com`).
pub fn mailbox_key(email: &str) -> Option<String> {
    let e = fold(email.trim());
    let (local, domain) = e.rsplit_once('@')?;
    let local = local.split('+').next().unwrap_or(local);
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let local = if DOTLESS.contains(&domain) {
        local.replace('.', "")
    } else {
        local.to_string()
    };
    (!local.is_empty() && !domain.is_empty()).then(|| format!("{local}@{domain}"))
}

/// The buckets a person falls in: its sorted name key, each E.164 phone, each mailbox,
/// and its surname at its company.
pub fn blocking_keys(p: &Person) -> Vec<String> {
    let mut keys = Vec::new();
    let sorted = sorted_name_key(&p.name);
    if !sorted.is_empty() {
        keys.push(format!("n:{sorted}"));
    }
    keys.extend(p.phones.iter().map(|ph| format!("p:{ph}")));
    keys.extend(
        p.emails
            .iter()
            .filter_map(|e| mailbox_key(e))
            .map(|m| format!("e:{m}")),
    );
    if let (Some(c), Some(last)) = (p.company_id, plain_words(&p.name).last()) {
        keys.push(format!("c:{}:{last}", c.0));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Each bucket key with the indexes of the people in it.
fn buckets(people: &[Person]) -> HashMap<String, Vec<usize>> {
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in people.iter().enumerate() {
        for k in blocking_keys(p) {
            buckets.entry(k).or_default().push(i);
        }
    }
    buckets
}

fn pairs_in(buckets: &HashMap<String, Vec<usize>>) -> Vec<(usize, usize)> {
    let mut pairs = HashSet::new();
    for members in buckets.values() {
        if members.len() < 2 || members.len() > MAX_BUCKET {
            continue;
        }
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                pairs.insert((i.min(j), i.max(j)));
            }
        }
    }
    let mut out: Vec<_> = pairs.into_iter().collect();
    out.sort_unstable();
    out
}

/// Index pairs `(i, j)`, `i < j`, of people sharing a bucket no larger than
/// [`MAX_BUCKET`].
pub fn candidate_pairs(people: &[Person]) -> Vec<(usize, usize)> {
    pairs_in(&buckets(people))
}

/// Points for the same name (up to 60), fewer the more contacts share it: two people
/// called Camille Bernard among nine are likely two people.
fn same_name_points(namesakes: usize) -> u32 {
    match namesakes {
        0..=2 => 60,
        n => 60u32.saturating_sub(10 * (n as u32 - 2)).max(20),
    }
}

/// Points for how alike the names are (up to 60): nothing below a Jaro-Winkler of 0.7;
/// the same words (in any order, umlauts spelled either way) by [`same_name_points`].
fn name_points(a: &str, b: &str, namesakes: usize) -> (u32, Option<String>) {
    let (fa, fb) = (fold(a), fold(b));
    let (ka, kb) = (name_key(a), name_key(b));
    let (sa, sb) = (sorted_name_key(a), sorted_name_key(b));
    let how = if words(&fa).eq(words(&fb)) {
        Some("same name")
    } else if ka == kb {
        Some("same name, spelled differently")
    } else if sa == sb {
        Some("same name, first and last swapped")
    } else {
        None
    };
    if let Some(how) = how {
        let reason = if namesakes > 2 {
            format!("{how} (shared by {namesakes} contacts)")
        } else {
            how.to_string()
        };
        return (same_name_points(namesakes), Some(reason));
    }
    let sim = strsim::jaro_winkler(&ka, &kb).max(strsim::jaro_winkler(&sa, &sb));
    let points = (((sim - 0.7) / 0.3).clamp(0.0, 1.0) * 55.0).round() as u32;
    let reason = (points > 0).then(|| format!("similar names ({:.0}%)", sim * 100.0));
    (points, reason)
}

/// The score of a pair (0-100) and its reasons, strongest first, when nobody else has
/// their name.
pub fn score(a: &Person, b: &Person) -> (u8, Vec<String>) {
    score_among(a, b, 2)
}

/// [`score`] when `namesakes` contacts have the same (sorted, folded) name as `a`.
pub fn score_among(a: &Person, b: &Person, namesakes: usize) -> (u8, Vec<String>) {
    let (mut points, name) = name_points(&a.name, &b.name, namesakes);
    let mut reasons: Vec<String> = name.into_iter().collect();
    if let Some(ph) = a.phones.iter().find(|p| b.phones.contains(p)) {
        points += 30;
        reasons.push(format!("same phone {ph}"));
    }
    let boxes_b: Vec<String> = b.emails.iter().filter_map(|e| mailbox_key(e)).collect();
    if let Some(m) = a
        .emails
        .iter()
        .filter_map(|e| mailbox_key(e))
        .find(|m| boxes_b.contains(m))
    {
        points += 35;
        reasons.push(format!("same mailbox {m}"));
    }
    if let (Some(x), Some(y)) = (a.company_id, b.company_id) {
        if x == y {
            points += 15;
            reasons.push(format!(
                "same company {}",
                a.company.as_deref().unwrap_or("")
            ));
        }
    }
    (points.min(100) as u8, reasons)
}

/// Scored candidate pairs at or above `min_score`, best first (then by ids), leaving out
/// the pairs `skip` holds (lower id first).
pub fn find(people: &[Person], min_score: u8, skip: &HashSet<(ContactId, ContactId)>) -> Vec<Pair> {
    let buckets = buckets(people);
    let namesakes = |p: &Person| {
        buckets
            .get(&format!("n:{}", sorted_name_key(&p.name)))
            .map_or(1, Vec::len)
    };
    let mut out = Vec::new();
    for (i, j) in pairs_in(&buckets) {
        let (a, b) = if people[i].id < people[j].id {
            (&people[i], &people[j])
        } else {
            (&people[j], &people[i])
        };
        if a.id == b.id || skip.contains(&(a.id, b.id)) {
            continue;
        }
        let (score, reasons) = score_among(a, b, namesakes(a));
        if score >= min_score {
            out.push(Pair {
                a: a.id,
                b: b.id,
                score,
                reasons,
            });
        }
    }
    out.sort_by(|x, y| {
        y.score
            .cmp(&x.score)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    out
}
