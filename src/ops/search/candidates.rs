//! Which rows a search scores. A small database is read whole: it costs a few milliseconds
//! and finds letters scattered over a name and an e-mail, the way fzf does. A larger one asks
//! the search indexes for the rows where every term begins a word (of the name, e-mail,
//! company, title or a tag), at most [`CANDIDATES`] of each kind, and scores only those, so
//! the cost does not grow with the database (DESIGN §3). When no row has every word (a typo
//! in one of them), the rows with any of the words are scored instead. When that finds
//! nothing either (letters scattered over words) or the index cannot read the query
//! (punctuation only), the whole database is read after all.

use std::collections::HashSet;

use super::Scorer;
use crate::domain::Result;
use crate::store::{Reader, SearchKind};

/// How a search finds the rows it ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// The indexes when the database holds more than [`SCAN_AT_MOST`] rows, else a scan.
    Auto,
    /// Every row.
    Scan,
    /// The indexes, with a scan when they find nothing.
    Index,
    /// For address completion, which a mail client runs on every Tab: like [`Plan::Auto`],
    /// but past [`SCAN_AT_MOST`] rows it scores at most [`QUICK_CANDIDATES`] of the index's
    /// rows and never reads everything (letters scattered over words find nothing there).
    Quick,
}

/// Up to this many contacts, companies and deals together, a search reads them all.
pub const SCAN_AT_MOST: usize = 2_000;
/// The most rows of each kind the index hands over to be scored. A query this unselective
/// (one or two letters in a large database) ranks the first ones the index holds.
pub const CANDIDATES: usize = 2_000;
/// The most rows of each kind [`Plan::Quick`] scores.
pub const QUICK_CANDIDATES: usize = 250;

/// Calls `score(kind, id, label, key, tags)` for every row the search should rank, where
/// `tags` holds the contact's tags that contain a term (folded), if any term is in a tag.
/// `score` says whether the row matched.
pub(super) fn visit(
    r: Reader<'_>,
    scorer: &Scorer,
    plan: Plan,
    kinds: &[SearchKind],
    mut score: impl FnMut(SearchKind, i64, &str, &str, Option<&str>) -> bool,
) -> Result<()> {
    let (plan, cap, scan) = match plan {
        Plan::Auto | Plan::Quick if !r.search_rows_over(SCAN_AT_MOST)? => (Plan::Scan, 0, true),
        Plan::Auto => (Plan::Index, CANDIDATES, true),
        Plan::Quick => (Plan::Index, QUICK_CANDIDATES, false),
        p => (p, CANDIDATES, true),
    };
    let tags = r.tags_where(|tag| scorer.terms.iter().any(|t| tag.contains(t.as_str())))?;
    if plan == Plan::Index
        && (through_index(r, scorer, &tags, kinds, cap, &mut score)?
            || any_word(r, scorer, kinds, cap, &mut score)?
            || !scan)
    {
        return Ok(());
    }
    let tagged = if tags.is_empty() || !kinds.contains(&SearchKind::Contact) {
        Default::default()
    } else {
        r.contacts_with_tags(&tags)?
    };
    r.for_each_search_row(|kind, id, label, key| {
        if !kinds.contains(&kind) {
            return;
        }
        let tags = match kind {
            SearchKind::Contact => tagged.get(&id).map(String::as_str),
            _ => None,
        };
        score(kind, id, label, key, tags);
    })
}

/// Scores the index's candidates; false when it could not serve the query or nothing it
/// found matched, so the caller scans.
fn through_index(
    r: Reader<'_>,
    scorer: &Scorer,
    tags: &[(i64, String)],
    kinds: &[SearchKind],
    cap: usize,
    score: &mut impl FnMut(SearchKind, i64, &str, &str, Option<&str>) -> bool,
) -> Result<bool> {
    let terms: Vec<&str> = scorer.terms.iter().map(String::as_str).collect();
    let in_a_tag = |t: &str| tags.iter().any(|(_, name)| name.contains(t));
    let (mut served, mut hits) = (false, 0usize);
    if kinds.contains(&SearchKind::Contact) {
        let mut seen = HashSet::new();
        let mut contact = |id: i64, label: &str, key: &str| -> Result<()> {
            if !seen.insert(id) {
                return Ok(());
            }
            let carried = match tags.is_empty() {
                true => None,
                false => Some(r.contact_tags_among(id, tags)?),
            };
            let carried = carried.as_deref().filter(|t| !t.is_empty());
            hits += usize::from(score(SearchKind::Contact, id, label, key, carried));
            Ok(())
        };
        // Terms a tag may answer cannot be asked of the key; the rest can. When every term
        // may be a tag's, the first one's contacts (by key or by tag) hold every hit.
        let keyed: Vec<&str> = terms.iter().copied().filter(|t| !in_a_tag(t)).collect();
        if keyed.is_empty() {
            r.for_each_indexed(SearchKind::Contact, &terms[..1], false, cap, &mut contact)?;
            let ids: Vec<i64> = tags
                .iter()
                .filter(|(_, name)| name.contains(terms[0]))
                .map(|(id, _)| *id)
                .collect();
            r.for_each_tagged_contact(&ids, cap, &mut contact)?;
            // The tags served it (every term is in one), whatever the key index made of it.
            served = true;
        } else {
            served |= r.for_each_indexed(SearchKind::Contact, &keyed, false, cap, &mut contact)?;
        }
    }
    for kind in [SearchKind::Company, SearchKind::Deal] {
        if kinds.contains(&kind) {
            let (kind_served, kind_hits) = untagged(r, kind, &terms, false, cap, score)?;
            served |= kind_served;
            hits += kind_hits;
        }
    }
    Ok(served && hits > 0)
}

/// Scores the index's candidates of one kind that carries no tags: whether the index could
/// serve the terms, and how many matched.
fn untagged(
    r: Reader<'_>,
    kind: SearchKind,
    terms: &[&str],
    any: bool,
    cap: usize,
    score: &mut impl FnMut(SearchKind, i64, &str, &str, Option<&str>) -> bool,
) -> Result<(bool, usize)> {
    let mut hits = 0usize;
    let served = r.for_each_indexed(kind, terms, any, cap, |id, label, key| {
        hits += usize::from(score(kind, id, label, key, None));
        Ok(())
    })?;
    Ok((served, hits))
}

/// When no row has every word (a typo in one, `soren kierk` for Kierkegaard): the rows where
/// any word begins a word, at most [`CANDIDATES`] of each kind, scored as usual; the fuzzy
/// scorer still wants every term's letters in order. False when none of them matches
/// either, and only then is everything read. (Tags are not consulted here: a term a tag
/// contains was answered by the first pass.)
fn any_word(
    r: Reader<'_>,
    scorer: &Scorer,
    kinds: &[SearchKind],
    cap: usize,
    score: &mut impl FnMut(SearchKind, i64, &str, &str, Option<&str>) -> bool,
) -> Result<bool> {
    let terms: Vec<&str> = scorer.terms.iter().map(String::as_str).collect();
    if terms.len() < 2 {
        return Ok(false);
    }
    let mut hits = 0usize;
    for kind in [SearchKind::Contact, SearchKind::Company, SearchKind::Deal] {
        if kinds.contains(&kind) {
            hits += untagged(r, kind, &terms, true, cap, score)?.1;
        }
    }
    Ok(hits > 0)
}
