//! `crm search`: fuzzy ranking over contacts, companies and deals, on folded text, so
//! `soren` finds `Søren` and `zoe` finds `Zoë`. A contact is also found by its tags: a
//! word a tag contains whole scores as it would against the tag, and on equal scores a
//! match in the name, e-mail, company or title comes first. The app's contact filter ranks
//! the same way ([`contacts`]).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use crate::domain::text::fold;
use crate::domain::{Contact, ContactId, Error, Result, SearchHit};
use crate::store::{Reader, SearchKind};

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

    /// The contacts whose tags contain a term (by id, their folded tags). Tags are matched
    /// by the words they contain, not fuzzily: `vip` finds the tag vip, and a scattered
    /// subsequence does not pull in every contact of a common tag.
    fn tagged(&self, r: Reader<'_>) -> Result<HashMap<i64, String>> {
        r.contacts_with_tags(|tag| self.terms.iter().any(|t| tag.contains(t.as_str())))
    }
}

/// The best `limit` hits, best first. Every whitespace-separated term must match.
pub fn search(r: Reader<'_>, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let scorer = Scorer::new(query)?;
    let tagged = scorer.tagged(r)?;
    // A min-heap of the best hits so far: (score, tie-breakers...).
    let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::new();
    r.for_each_search_row(|kind, id, label, key| {
        let tags = match kind {
            SearchKind::Contact if !tagged.is_empty() => tagged.get(&id).map(String::as_str),
            _ => None,
        };
        let Some((score, direct)) = scorer.score(key, tags) else {
            return;
        };
        if beaten(&best, limit, (score, direct)) {
            return;
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
    })?;
    let mut hits: Vec<_> = best.into_iter().map(|Reverse(x)| x).collect();
    hits.sort_by(|a, b| b.cmp(a));
    Ok(hits
        .into_iter()
        .map(
            |(score, _, Reverse(rank), Reverse(label), Reverse(id))| SearchHit {
                kind: ["contact", "company", "deal"][rank as usize],
                id,
                label,
                score,
            },
        )
        .collect())
}

/// The app's contact filter: the best `limit` contacts for a query, best first, scored
/// like `crm search` over name, e-mail, company and tags.
pub fn contacts(r: Reader<'_>, query: &str, limit: usize) -> Result<Vec<Contact>> {
    let scorer = Scorer::new(query)?;
    let tagged = scorer.tagged(r)?;
    let mut best: BinaryHeap<Reverse<RankedContact>> = BinaryHeap::new();
    r.for_each_search_row(|kind, id, label, key| {
        if kind != SearchKind::Contact {
            return;
        }
        let tags = tagged.get(&id).map(String::as_str);
        let Some((score, direct)) = scorer.score(key, tags) else {
            return;
        };
        if beaten(&best, limit, (score, direct)) {
            return;
        }
        keep_best(
            &mut best,
            limit,
            (score, direct, Reverse(label.to_string()), Reverse(id)),
        );
    })?;
    let mut ranked: Vec<_> = best.into_iter().map(|Reverse(x)| x).collect();
    ranked.sort_by(|a, b| b.cmp(a));
    let mut out = Vec::with_capacity(ranked.len());
    for (.., Reverse(id)) in ranked {
        if let Some(c) = r.contact(ContactId(id))? {
            out.push(c);
        }
    }
    Ok(out)
}

/// Whether a full heap's worst item already beats this (score, direct), so the hit need
/// not be built (its label copied) at all.
fn beaten<T: Ranks>(best: &BinaryHeap<Reverse<T>>, limit: usize, head: (i64, bool)) -> bool {
    best.len() >= limit
        && best
            .peek()
            .is_some_and(|Reverse(worst)| worst.head() >= head)
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
mod tests {
    use super::*;
    use crate::domain::currency::Currency;
    use crate::ops::contacts::{add, ContactChanges};
    use crate::ops::deals::{self, DealChanges};
    use crate::ops::testing::{now, store};

    #[test]
    fn finds_accented_names_and_ranks_across_kinds() {
        let s = store();
        for (name, company) in [
            ("Søren Kierkegaard", "Fear & Trembling ApS"),
            ("Zoë Ångström", "Nordlys"),
            ("Ada Lovelace", "Analytical Engines"),
        ] {
            add(
                &s,
                &now(),
                ContactChanges {
                    name: Some(name.into()),
                    company: Some(company.into()),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        deals::add(
            &s,
            &now(),
            Currency::usd(),
            DealChanges {
                title: Some("Engine upgrade".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let hits = search(s.read(), "soren", 10).unwrap();
        assert_eq!(hits[0].label, "Søren Kierkegaard");
        assert_eq!(hits[0].kind, "contact");
        assert_eq!(
            search(s.read(), "zoe", 10).unwrap()[0].label,
            "Zoë Ångström"
        );
        let kinds: Vec<&str> = search(s.read(), "engine", 10)
            .unwrap()
            .iter()
            .map(|h| h.kind)
            .collect();
        assert!(
            kinds.contains(&"contact") && kinds.contains(&"company") && kinds.contains(&"deal"),
            "{kinds:?}"
        );
        assert!(search(s.read(), "qqqq", 10).unwrap().is_empty());
        assert_eq!(search(s.read(), "e", 2).unwrap().len(), 2);
        let scores: Vec<i64> = search(s.read(), "a", 10)
            .unwrap()
            .iter()
            .map(|h| h.score)
            .collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "best first: {scores:?}"
        );
        assert!(search(s.read(), "  ", 10).is_err());
    }

    #[test]
    fn tags_find_contacts_below_name_matches() {
        let s = store();
        let person = |name: &str, tags: &[&str]| {
            add(
                &s,
                &now(),
                ContactChanges {
                    name: Some(name.into()),
                    tags: Some(tags.iter().map(|t| t.to_string()).collect()),
                    ..Default::default()
                },
            )
            .unwrap()
        };
        let ada = person("Ada Lovelace", &["Investor"]);
        let vip = person("Vipul Shah", &[]);
        let grace = person("Grace Hopper", &["vip", "navy"]);
        let gone = person("Gone Person", &["vip"]);
        crate::ops::contacts::remove(&s, &now(), gone.id).unwrap();
        let ids = |q: &str| -> Vec<i64> {
            search(s.read(), q, 10)
                .unwrap()
                .iter()
                .map(|h| h.id)
                .collect()
        };
        // The name match first, then the contact found by its tag; removed ones never.
        assert_eq!(ids("vip"), vec![vip.id.0, grace.id.0]);
        assert_eq!(ids("investor"), vec![ada.id.0]);
        // Words may mix name and tag; every word must match somewhere.
        assert_eq!(ids("grace navy"), vec![grace.id.0]);
        assert!(ids("grace investor").is_empty());
        // A tag hit never outranks a direct one, even with a lower limit.
        assert_eq!(ids("vip")[..1], [vip.id.0]);
        assert_eq!(search(s.read(), "vip", 1).unwrap()[0].id, vip.id.0);
        let hits = search(s.read(), "navy", 10).unwrap();
        assert_eq!(
            (hits[0].kind, hits[0].label.as_str()),
            ("contact", "Grace Hopper")
        );
    }

    #[test]
    fn the_app_filter_ranks_contacts_with_their_tags() {
        let s = store();
        for (name, email, tags) in [
            ("Aaron Vickers", "aaron@example.com", vec![]),
            ("Zelda Quinn", "zq@nordlys.example", vec!["vip".to_string()]),
            ("Bea Nord", "bea@example.com", vec![]),
        ] {
            add(
                &s,
                &now(),
                ContactChanges {
                    name: Some(name.into()),
                    emails: Some(vec![email.into()]),
                    tags: Some(tags),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        let names = |q: &str| -> Vec<String> {
            contacts(s.read(), q, 10)
                .unwrap()
                .into_iter()
                .map(|c| c.name)
                .collect()
        };
        // "vip" is scattered over Aaron's name and e-mail, whole in Zelda's tag.
        assert_eq!(names("vip"), ["Zelda Quinn", "Aaron Vickers"]);
        assert_eq!(names("nordlys"), ["Zelda Quinn"]);
        assert_eq!(names("zzz"), Vec::<String>::new());
        assert_eq!(contacts(s.read(), "a", 1).unwrap().len(), 1);
        assert!(contacts(s.read(), " ", 10).is_err());
    }
}
