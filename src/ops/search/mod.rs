//! `crm search`: fuzzy ranking over contacts, companies and deals, on folded text, so
//! `soren` finds `Søren` and `zoe` finds `Zoë`. A contact is also found by its tags: a
//! word a tag contains whole scores as it would against the tag, and on equal scores a
//! match in the name, e-mail, company or title comes first. The app's contact filter ranks
//! the same way ([`contacts`]).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use crate::domain::phone::phone_search;
use crate::domain::text::{fold, words};
use crate::domain::{Contact, ContactId, Error, Result, SearchHit};
use crate::store::{Reader, SearchKind};

mod addresses;
mod candidates;
pub use addresses::{addresses, Address, Addresses};
pub use candidates::{Plan, CANDIDATES, QUICK_CANDIDATES, SCAN_AT_MOST};

/// What a hit gains when every term begins a word of its name (or title): more than the
/// letters' scores differ by between a name and an e-mail or company holding the same words.
pub const NAMED: i64 = 50;
/// And a little more when every term is a whole word of the name.
pub const WHOLE: i64 = 10;
/// The score of a contact found by a phone number typed in any format: they are listed in
/// id order.
pub const PHONE: i64 = 1000;

/// A hit's sort key: score, then direct hits before hits through a tag, then contacts
/// before companies before deals, then label, then id.
type Ranked = (i64, bool, Reverse<u8>, Reverse<String>, Reverse<i64>);
/// A contact's sort key in the app's filter: score, direct first, then name, then id.
type RankedContact = (i64, bool, Reverse<String>, Reverse<i64>);

/// Scores folded text against a query the way `crm search` does: every whitespace-separated
/// term must match the key fuzzily (in the order of its letters) or appear in one of the
/// contact's tags; the score is the sum of the terms'.
pub struct Scorer {
    terms: Vec<String>,
    matcher: SkimMatcherV2,
}

impl Scorer {
    pub fn new(query: &str) -> Result<Scorer> {
        let terms: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
        if terms.is_empty() {
            return Err(Error::invalid(
                "the search is empty; give a few letters of a name, e-mail, company or deal.",
            ));
        }
        Ok(Scorer {
            terms,
            matcher: SkimMatcherV2::default().ignore_case(),
        })
    }

    /// [`Scorer::score`], plus [`NAMED`] when every term begins a word of the name itself
    /// (`ana sil` for Ana Silva, above Ana Almeida of Silver River Works, whom the letters
    /// alone score the same).
    pub fn score_named(&self, name: &str, key: &str, tags: Option<&str>) -> Option<(i64, bool)> {
        let (score, direct) = self.score(key, tags)?;
        let name = fold(name);
        let has = |whole: bool| {
            self.terms.iter().all(|t| {
                words(&name).any(|w| {
                    if whole {
                        w == t
                    } else {
                        w.starts_with(t.as_str())
                    }
                })
            })
        };
        // Whole words of the name above words it merely begins (`maria`: Maria before
        // Mariana), both above the same letters found elsewhere.
        let bonus = match (has(true), has(false)) {
            (true, _) => NAMED + WHOLE,
            (false, true) => NAMED,
            _ => 0,
        };
        Some((score + bonus, direct))
    }

    /// Whether every term matches, and how well: `(score, true)` when all are in the key
    /// itself, `(score, false)` when some count through the contact's (folded) tags. A term
    /// that a tag contains whole scores as it would against the tag; it counts through the
    /// tag when that beats its match in the key (`vip` whole in a tag beats the letters
    /// v, i, p scattered over a name and an e-mail).
    pub fn score(&self, key: &str, tags: Option<&str>) -> Option<(i64, bool)> {
        let in_key = |t: &str| is_subsequence(t.as_bytes(), key.as_bytes());
        if tags.is_none() && !self.terms.iter().all(|t| in_key(t)) {
            return None;
        }
        let mut total = 0;
        let mut direct = true;
        for t in &self.terms {
            let keyed = in_key(t)
                .then(|| self.matcher.fuzzy_match(key, t))
                .flatten();
            let tagged = tags
                .filter(|tags| tags.contains(t.as_str()))
                .and_then(|tags| self.matcher.fuzzy_match(tags, t));
            match (keyed, tagged) {
                (Some(k), Some(g)) if g > k => {
                    direct = false;
                    total += g;
                }
                (Some(k), _) => total += k,
                (None, Some(g)) => {
                    direct = false;
                    total += g;
                }
                (None, None) => return None,
            }
        }
        Some((total, direct))
    }
}

/// The best `limit` hits, best first. Every whitespace-separated term must match. A query
/// typed as a phone number (`+1 202-555-0169`, `2025550169`) finds the contacts with that
/// number instead; when no contact has it, it is searched as text.
pub fn search(r: Reader<'_>, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let by_phone = by_phone(r, query, limit)?;
    if !by_phone.is_empty() {
        let rows = r.address_rows(&by_phone)?;
        return Ok(rows
            .into_iter()
            .map(|c| SearchHit {
                kind: "contact",
                id: c.id.0,
                label: c.name,
                score: PHONE,
                email: c.emails.first().cloned(),
                emails: c.emails,
            })
            .collect());
    }
    search_by(r, query, limit, Plan::Auto)
}

/// The contacts (at most `limit`) with the phone number `query` is, when it is one.
pub fn by_phone(r: Reader<'_>, query: &str, limit: usize) -> Result<Vec<ContactId>> {
    match phone_search(query) {
        Some(number) => r.contacts_by_phone(&number, limit),
        None => Ok(Vec::new()),
    }
}

/// [`search`], finding its rows as `plan` says.
pub fn search_by(r: Reader<'_>, query: &str, limit: usize, plan: Plan) -> Result<Vec<SearchHit>> {
    let scorer = Scorer::new(query)?;
    // A min-heap of the best hits so far: (score, tie-breakers...).
    let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::new();
    let kinds = [SearchKind::Contact, SearchKind::Company, SearchKind::Deal];
    candidates::visit(r, &scorer, plan, &kinds, |kind, id, label, key, tags| {
        let Some((score, direct)) = scorer.score_named(label, key, tags) else {
            return false;
        };
        if beaten(&best, limit, (score, direct)) {
            return true;
        }
        let rank = match kind {
            SearchKind::Contact => 0,
            SearchKind::Company => 1,
            SearchKind::Deal => 2,
        };
        keep_best(
            &mut best,
            limit,
            (
                score,
                direct,
                Reverse(rank),
                Reverse(label.to_string()),
                Reverse(id),
            ),
        );
        true
    })?;
    let mut hits: Vec<_> = best.into_iter().map(|Reverse(x)| x).collect();
    hits.sort_by(|a, b| b.cmp(a));
    // The contacts' e-mails, read for the few hits kept.
    let people: Vec<ContactId> = hits
        .iter()
        .filter(|h| h.2 .0 == 0)
        .map(|h| ContactId(h.4 .0))
        .collect();
    let mut emails: std::collections::HashMap<ContactId, Vec<String>> = r
        .address_rows(&people)?
        .into_iter()
        .map(|c| (c.id, c.emails))
        .collect();
    Ok(hits
        .into_iter()
        .map(|(score, _, Reverse(rank), Reverse(label), Reverse(id))| {
            let emails = match rank {
                0 => emails.remove(&ContactId(id)).unwrap_or_default(),
                _ => Vec::new(),
            };
            SearchHit {
                kind: ["contact", "company", "deal"][rank as usize],
                id,
                label,
                score,
                email: emails.first().cloned(),
                emails,
            }
        })
        .collect())
}

/// The app's contact filter: the best `limit` contacts for a query, best first, scored
/// like `crm search` over name, e-mails, company and tags; a phone number in any format
/// finds the contacts with that number.
pub fn contacts(r: Reader<'_>, query: &str, limit: usize) -> Result<Vec<Contact>> {
    let by_phone = by_phone(r, query, limit)?;
    if !by_phone.is_empty() {
        return load(r, by_phone);
    }
    contacts_by(r, query, limit, Plan::Auto)
}

/// [`contacts`], finding its rows as `plan` says.
pub fn contacts_by(r: Reader<'_>, query: &str, limit: usize, plan: Plan) -> Result<Vec<Contact>> {
    let ids = ranked_contacts(r, query, limit, plan, |_| true)?;
    load(r, ids)
}

fn load(r: Reader<'_>, ids: Vec<ContactId>) -> Result<Vec<Contact>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(c) = r.contact(id)? {
            out.push(c);
        }
    }
    Ok(out)
}

/// The ids of the best `limit` contacts whose folded search key `keep` accepts, best first.
fn ranked_contacts(
    r: Reader<'_>,
    query: &str,
    limit: usize,
    plan: Plan,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<ContactId>> {
    let scorer = Scorer::new(query)?;
    let mut best: BinaryHeap<Reverse<RankedContact>> = BinaryHeap::new();
    candidates::visit(
        r,
        &scorer,
        plan,
        &[SearchKind::Contact],
        |_, id, label, key, tags| {
            if !keep(key) {
                return false;
            }
            let Some((score, direct)) = scorer.score_named(label, key, tags) else {
                return false;
            };
            if !beaten(&best, limit, (score, direct)) {
                keep_best(
                    &mut best,
                    limit,
                    (score, direct, Reverse(label.to_string()), Reverse(id)),
                );
            }
            true
        },
    )?;
    let mut ranked: Vec<_> = best.into_iter().map(|Reverse(x)| x).collect();
    ranked.sort_by(|a, b| b.cmp(a));
    Ok(ranked
        .into_iter()
        .map(|(.., Reverse(id))| ContactId(id))
        .collect())
}

/// Whether a full heap's worst item already beats this (score, direct), so the hit need
/// not be built (its label copied) at all. A tie is not beaten: the label decides it, so
/// the same hits come out whatever order the rows are read in.
fn beaten<T: Ranks>(best: &BinaryHeap<Reverse<T>>, limit: usize, head: (i64, bool)) -> bool {
    best.len() >= limit
        && best
            .peek()
            .is_some_and(|Reverse(worst)| worst.head() > head)
}

/// The leading (score, direct) of a sort key.
trait Ranks: Ord {
    fn head(&self) -> (i64, bool);
}
impl Ranks for Ranked {
    fn head(&self) -> (i64, bool) {
        (self.0, self.1)
    }
}
impl Ranks for RankedContact {
    fn head(&self) -> (i64, bool) {
        (self.0, self.1)
    }
}

/// Keeps the `limit` largest items in a min-heap.
fn keep_best<T: Ord>(best: &mut BinaryHeap<Reverse<T>>, limit: usize, item: T) {
    if limit == 0 {
        return;
    }
    if best.len() == limit {
        match best.peek() {
            Some(Reverse(worst)) if *worst >= item => return,
            _ => {}
        }
    }
    best.push(Reverse(item));
    if best.len() > limit {
        best.pop();
    }
}

/// A fast first cut: the term's bytes appear in order in the key.
fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
    let mut it = hay.iter();
    needle.iter().all(|n| it.any(|h| h == n))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_people;
