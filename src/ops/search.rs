//! `crm search`: fuzzy ranking over contacts, companies and deals, on folded text, so
//! `soren` finds `Søren` and `zoe` finds `Zoë`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use crate::domain::text::fold;
use crate::domain::{Contact, ContactId, Error, Result, SearchHit};
use crate::store::{ContactFilter, Reader, SearchKind};

/// A hit's sort key: score, then contacts before companies before deals, then label, then id.
type Ranked = (i64, Reverse<u8>, Reverse<String>, Reverse<i64>);
/// A contact's sort key in the app's filter: score, then name, then id.
type RankedContact = (i64, Reverse<String>, Reverse<i64>);

/// Scores folded text against a query the way `crm search` does: every whitespace-separated
/// term must match (fuzzily, in order of its letters); the score is the sum of the terms'.
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

    /// The score of a folded key, or `None` when a term does not match it.
    pub fn score(&self, key: &str) -> Option<i64> {
        if !self
            .terms
            .iter()
            .all(|t| is_subsequence(t.as_bytes(), key.as_bytes()))
        {
            return None;
        }
        self.terms
            .iter()
            .map(|t| self.matcher.fuzzy_match(key, t))
            .sum()
    }

    /// Whether some term of two letters or more appears whole in this folded text. (A tag
    /// only joins a contact's key for such a term: a letter or two scattered over a tag
    /// would add almost nothing to a score, and reading everyone with that tag costs.)
    fn names(&self, folded: &str) -> bool {
        self.terms
            .iter()
            .any(|t| t.chars().count() >= 2 && folded.contains(t.as_str()))
    }
}

/// The best `limit` hits, best first. Every whitespace-separated term must match.
pub fn search(r: Reader<'_>, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let scorer = Scorer::new(query)?;
    // A min-heap of the best hits so far: (score, tie-breakers...).
    let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::new();
    r.for_each_search_row(|kind, id, label, key| {
        let Some(score) = scorer.score(key) else {
            return;
        };
        let rank = match kind {
            SearchKind::Contact => 0,
            SearchKind::Company => 1,
            SearchKind::Deal => 2,
        };
        if best.len() == limit {
            match best.peek() {
                Some(Reverse((worst, ..))) if *worst >= score => return,
                _ => {}
            }
        }
        best.push(Reverse((
            score,
            Reverse(rank),
            Reverse(label.to_string()),
            Reverse(id),
        )));
        if best.len() > limit {
            best.pop();
        }
    })?;
    let mut hits: Vec<_> = best.into_iter().map(|Reverse(x)| x).collect();
    hits.sort_by(|a, b| b.cmp(a));
    Ok(hits
        .into_iter()
        .map(
            |(score, Reverse(rank), Reverse(label), Reverse(id))| SearchHit {
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
    // Tags are not in the contacts' search key: the tags a term names add their folded
    // names to the keys of the contacts that carry them.
    let mut tagged: std::collections::HashMap<ContactId, String> = Default::default();
    for (tag, _) in r.tags()? {
        let folded = fold(&tag);
        if !scorer.names(&folded) {
            continue;
        }
        let filter = ContactFilter {
            tag: Some(tag),
            ..Default::default()
        };
        for c in r.contacts(&filter)? {
            let key = tagged.entry(c.id).or_default();
            key.push(' ');
            key.push_str(&folded);
        }
    }
    let mut best: BinaryHeap<Reverse<RankedContact>> = BinaryHeap::new();
    let mut key = String::new();
    r.for_each_search_row(|kind, id, label, search_key| {
        if kind != SearchKind::Contact {
            return;
        }
        let key = match tagged.get(&ContactId(id)) {
            Some(tags) => {
                key.clear();
                key.push_str(search_key);
                key.push_str(tags);
                key.as_str()
            }
            None => search_key,
        };
        let Some(score) = scorer.score(key) else {
            return;
        };
        if best.len() == limit {
            match best.peek() {
                Some(Reverse((worst, ..))) if *worst >= score => return,
                _ => {}
            }
        }
        best.push(Reverse((score, Reverse(label.to_string()), Reverse(id))));
        if best.len() > limit {
            best.pop();
        }
    })?;
    let mut ranked: Vec<_> = best.into_iter().map(|Reverse(x)| x).collect();
    ranked.sort_by(|a, b| b.cmp(a));
    let mut out = Vec::with_capacity(ranked.len());
    for (_, _, Reverse(id)) in ranked {
        if let Some(c) = r.contact(ContactId(id))? {
            out.push(c);
        }
    }
    Ok(out)
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
