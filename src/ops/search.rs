//! `crm search`: fuzzy ranking over contacts, companies and deals, on folded text, so
//! `soren` finds `Søren` and `zoe` finds `Zoë`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use crate::domain::text::fold;
use crate::domain::{Error, Result, SearchHit};
use crate::store::{Reader, SearchKind};

/// A hit's sort key: score, then contacts before companies before deals, then label, then id.
type Ranked = (i64, Reverse<u8>, Reverse<String>, Reverse<i64>);

/// The best `limit` hits, best first. Every whitespace-separated term must match.
pub fn search(r: Reader<'_>, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let folded = fold(query);
    let terms: Vec<&str> = folded.split_whitespace().collect();
    if terms.is_empty() {
        return Err(Error::invalid(
            "the search is empty; give a few letters of a name, e-mail, company or deal.",
        ));
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    // A min-heap of the best hits so far: (score, tie-breakers...).
    let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::new();
    r.for_each_search_row(|kind, id, label, key| {
        if !terms
            .iter()
            .all(|t| is_subsequence(t.as_bytes(), key.as_bytes()))
        {
            return;
        }
        let mut score = 0;
        for t in &terms {
            match matcher.fuzzy_match(key, t) {
                Some(s) => score += s,
                None => return,
            }
        }
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
}
