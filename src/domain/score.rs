//! The lead score (DESIGN §12): 0-100, explainable, from three parts with their own caps.
//! - **Fit**: who they are: title keywords, company size, source, tags.
//! - **Engagement**: interactions in the last 90 days, each worth less as it ages (halved
//!   every 30 days); inbound ones and meetings weigh more.
//! - **Intent**: open deals: one each, their value (per tenfold of the amount) and the
//!   stage's win probability.
//!
//! Pure: the store gathers the [`Inputs`], ops keep the stored score current.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::text::fold;
use crate::domain::{CompanySize, Direction, InteractionKind};

/// Points, with their defaults; `[score]` in the config file changes any of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// A title containing the keyword (folded, as a word) scores its points; the best one counts.
    pub titles: BTreeMap<String, f64>,
    pub sizes: BTreeMap<CompanySize, f64>,
    pub sources: BTreeMap<String, f64>,
    /// Every tag listed counts.
    pub tags: BTreeMap<String, f64>,
    pub fit_max: f64,
    /// An interaction today; halved for every `half_life_days` of age.
    pub interaction: f64,
    pub inbound: f64,
    pub meeting: f64,
    pub half_life_days: f64,
    /// How far back interactions count.
    pub window_days: i64,
    pub engagement_max: f64,
    pub open_deal: f64,
    /// Per tenfold of a deal's value in major units (1,000 → 3 × this).
    pub value_per_tenfold: f64,
    /// Per point of win probability (50% × 0.1 = 5).
    pub per_probability: f64,
    pub intent_max: f64,
}

impl Default for Weights {
    fn default() -> Self {
        let map = |pairs: &[(&str, f64)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<BTreeMap<_, _>>()
        };
        Weights {
            titles: map(&[
                ("ceo", 15.0),
                ("founder", 15.0),
                ("owner", 12.0),
                ("president", 12.0),
                ("cto", 12.0),
                ("cfo", 12.0),
                ("vp", 10.0),
                ("director", 10.0),
                ("head", 10.0),
                ("manager", 6.0),
                ("lead", 5.0),
            ]),
            sizes: [
                (CompanySize::Micro, 3.0),
                (CompanySize::Small, 6.0),
                (CompanySize::Medium, 8.0),
                (CompanySize::Large, 10.0),
                (CompanySize::Enterprise, 10.0),
            ]
            .into_iter()
            .collect(),
            sources: map(&[
                ("referral", 10.0),
                ("event", 6.0),
                ("website", 5.0),
                ("linkedin", 3.0),
            ]),
            tags: map(&[("vip", 10.0)]),
            fit_max: 40.0,
            interaction: 4.0,
            inbound: 2.0,
            meeting: 3.0,
            half_life_days: 30.0,
            window_days: 90,
            engagement_max: 35.0,
            open_deal: 4.0,
            value_per_tenfold: 2.0,
            per_probability: 0.08,
            intent_max: 25.0,
        }
    }
}

/// One interaction, as the score sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Touch {
    pub kind: InteractionKind,
    pub direction: Option<Direction>,
    /// Days since it happened (fractions count).
    pub age_days: f64,
}

/// One open deal.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenDeal {
    pub title: String,
    /// Its value in major units of its own currency (never converted).
    pub major: f64,
    /// The probability that applies (its own, else its stage's).
    pub probability: u8,
}

/// What a contact's score is made from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    pub title: Option<String>,
    pub company_size: Option<CompanySize>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    /// Interactions within the window (older ones are ignored anyway).
    pub touches: Vec<Touch>,
    pub open_deals: Vec<OpenDeal>,
}

/// One contributing rule, for `--explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub group: &'static str,
    pub rule: String,
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// 0-100, rounded.
    pub total: u8,
    pub fit: f64,
    pub engagement: f64,
    pub intent: f64,
    pub parts: Vec<Part>,
}

/// Scores a contact.
pub fn score(i: &Inputs, w: &Weights) -> Score {
    let mut parts = Vec::new();
    let fit = fit(i, w, &mut parts).min(w.fit_max);
    let engagement = engagement(i, w, &mut parts).min(w.engagement_max);
    let intent = intent(i, w, &mut parts).min(w.intent_max);
    let total = (fit + engagement + intent).round().clamp(0.0, 100.0) as u8;
    Score {
        total,
        fit,
        engagement,
        intent,
        parts,
    }
}

fn fit(i: &Inputs, w: &Weights, parts: &mut Vec<Part>) -> f64 {
    let mut sum = 0.0;
    let mut add = |rule: String, points: f64| {
        if points != 0.0 {
            sum += points;
            parts.push(Part {
                group: "fit",
                rule,
                points,
            });
        }
    };
    if let Some(title) = &i.title {
        let folded = fold(title);
        let words: Vec<&str> = crate::domain::text::words(&folded).collect();
        let best = w
            .titles
            .iter()
            .filter(|(k, _)| {
                let key = fold(k);
                let key_words: Vec<&str> = crate::domain::text::words(&key).collect();
                !key_words.is_empty() && words.windows(key_words.len()).any(|win| win == key_words)
            })
            .max_by(|a, b| a.1.total_cmp(b.1));
        if let Some((k, p)) = best {
            add(format!("title {title:?} has {k:?}"), *p);
        }
    }
    if let Some(size) = i.company_size {
        if let Some(p) = w.sizes.get(&size) {
            add(format!("company size {size}"), *p);
        }
    }
    if let Some(source) = &i.source {
        let key = fold(source);
        if let Some((k, p)) = w.sources.iter().find(|(k, _)| fold(k) == key) {
            add(format!("source {k}"), *p);
        }
    }
    for tag in &i.tags {
        let key = fold(tag);
        if let Some((k, p)) = w.tags.iter().find(|(k, _)| fold(k) == key) {
            add(format!("tag {k}"), *p);
        }
    }
    sum
}

fn engagement(i: &Inputs, w: &Weights, parts: &mut Vec<Part>) -> f64 {
    // Grouped by kind and direction, so the explanation reads "3 calls out", not 3 lines.
    let mut groups: BTreeMap<(String, &'static str), (usize, usize, f64)> = BTreeMap::new();
    for t in &i.touches {
        if t.age_days < 0.0 || t.age_days > w.window_days as f64 {
            continue;
        }
        let mut base = w.interaction;
        if t.direction == Some(Direction::In) {
            base += w.inbound;
        }
        if t.kind == InteractionKind::Meeting {
            base += w.meeting;
        }
        let decay = if w.half_life_days > 0.0 {
            0.5f64.powf(t.age_days / w.half_life_days)
        } else {
            1.0
        };
        let dir = match t.direction {
            Some(Direction::In) => "inbound ",
            Some(Direction::Out) => "outbound ",
            None => "",
        };
        let g = groups.entry((t.kind.to_string(), dir)).or_default();
        g.0 += 1;
        if t.age_days <= 30.0 {
            g.1 += 1;
        }
        g.2 += base * decay;
    }
    let mut sum = 0.0;
    for ((kind, dir), (n, recent, points)) in groups {
        sum += points;
        parts.push(Part {
            group: "engagement",
            rule: format!(
                "{n} {dir}{kind}{} in the last {} days ({recent} in the last 30)",
                if n == 1 { "" } else { "s" },
                w.window_days
            ),
            points: round2(points),
        });
    }
    sum
}

fn intent(i: &Inputs, w: &Weights, parts: &mut Vec<Part>) -> f64 {
    let mut sum = 0.0;
    for d in &i.open_deals {
        let value = if d.major >= 1.0 {
            w.value_per_tenfold * d.major.log10()
        } else {
            0.0
        };
        let points = w.open_deal + value + w.per_probability * f64::from(d.probability);
        sum += points;
        parts.push(Part {
            group: "intent",
            rule: format!(
                "open deal {:?} ({:.0} at {}%)",
                d.title, d.major, d.probability
            ),
            points: round2(points),
        });
    }
    sum
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
