//! `crm search`: fuzzy ranking over contacts, companies and deals, on folded text, so
//! `soren` finds `Søren` and `zoe` finds `Zoë`. A contact is also found by its tags,
//! ranked below every hit on a name, e-mail, company or title.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use crate::domain::text::fold;
use crate::domain::{Error, Result, SearchHit};
use crate::store::{Reader, SearchKind};

/// A hit's sort key: direct hits before hits through a tag, score, then contacts before
/// companies before deals, then label, then id.
type Ranked = (bool, i64, Reverse<u8>, Reverse<String>, Reverse<i64>);

/// What a word scores when it is found in a tag rather than in the text itself.
const TAG_SCORE: i64 = 16;

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
    // Tags are matched by the words they contain, not fuzzily: `vip` finds the tag vip,
    // and a scattered subsequence does not pull in every contact of a common tag.
    let tagged = r.contacts_with_tags(|tag| terms.iter().any(|t| tag.contains(t)))?;
    // A min-heap of the best hits so far: (score, tie-breakers...).
    let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::new();
    r.for_each_search_row(|kind, id, label, key| {
        let tags = match kind {
            SearchKind::Contact if !tagged.is_empty() => tagged.get(&id).map(String::as_str),
            _ => None,
        };
        let Some((direct, score)) = score(&matcher, &terms, key, tags) else {
            return;
        };
        let rank = match kind {
            SearchKind::Contact => 0,
            SearchKind::Company => 1,
            SearchKind::Deal => 2,
        };
        if best.len() == limit {
            match best.peek() {
                Some(Reverse((worst_direct, worst, ..)))
                    if (*worst_direct, *worst) >= (direct, score) =>
                {
                    return
                }
                _ => {}
            }
        }
        best.push(Reverse((
            direct,
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
            |(_, score, Reverse(rank), Reverse(label), Reverse(id))| SearchHit {
                kind: ["contact", "company", "deal"][rank as usize],
                id,
                label,
                score,
            },
        )
        .collect())
}

/// Whether every term matches, and how well: `(true, score)` when all are in the key
/// itself, `(false, score)` when some are found only in the contact's tags.
fn score(
    matcher: &SkimMatcherV2,
    terms: &[&str],
    key: &str,
    tags: Option<&str>,
) -> Option<(bool, i64)> {
    let in_key = |t: &&str| is_subsequence(t.as_bytes(), key.as_bytes());
    if tags.is_none() && !terms.iter().all(in_key) {
        return None;
    }
    let mut total = 0;
    let mut direct = true;
    for t in terms {
        match in_key(t).then(|| matcher.fuzzy_match(key, t)).flatten() {
            Some(s) => total += s,
            None if tags.is_some_and(|tags| tags.contains(t)) => {
                direct = false;
                total += TAG_SCORE;
            }
            None => return None,
        }
    }
    Some((direct, total))
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
}
