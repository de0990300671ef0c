//! A file's stage names read as ours. Pure: the caller passes our pipeline.

use crate::domain::{DealStatus, Stage};

/// Why a stage name could not be read as ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageMiss {
    /// The file's stage is neither ours nor a vendor default: `--stage-map` or
    /// `--create-stages` can place it.
    Unknown(String),
    /// A `--stage-map` names a stage we do not have.
    BadMap { theirs: String, ours: String },
    /// The pipeline is empty.
    NoStages,
}

impl StageMiss {
    /// The message for the user, naming our stages.
    pub fn message(&self, ours: &[Stage]) -> String {
        let names: Vec<&str> = ours.iter().map(|s| s.name.as_str()).collect();
        let names = names.join(", ");
        match self {
            StageMiss::Unknown(t) => format!(
                "unknown stage {t:?}; map it with --stage-map \"{t}=STAGE\" (ours: {names}, won, lost), or add the file's stages with --create-stages"
            ),
            StageMiss::BadMap { theirs, ours } => format!(
                "--stage-map \"{theirs}={ours}\": we have no stage {ours:?} (ours: {names}, won, lost)"
            ),
            StageMiss::NoStages => "the pipeline has no stages".into(),
        }
    }
}

/// Their stage name to ours: `--stage-map` pairs first, then our own names, then the
/// well-known HubSpot and Pipedrive names. Won/lost stages close the deal; no stage given
/// means our first one.
pub fn map_stage(
    theirs: Option<&str>,
    maps: &[(String, String)],
    ours: &[Stage],
) -> Result<(Stage, DealStatus), String> {
    resolve_stage(theirs, maps, ours).map_err(|m| m.message(ours))
}

/// [`map_stage`], telling an unknown stage from a bad `--stage-map`.
pub fn resolve_stage(
    theirs: Option<&str>,
    maps: &[(String, String)],
    ours: &[Stage],
) -> Result<(Stage, DealStatus), StageMiss> {
    let first = ours.first().cloned().ok_or(StageMiss::NoStages)?;
    let Some(theirs) = theirs.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok((first, DealStatus::Open));
    };
    let key = theirs.to_lowercase();
    let mapped = maps
        .iter()
        .find(|(a, _)| a.trim().to_lowercase() == key)
        .map(|(_, b)| b.trim().to_lowercase());
    let target = match &mapped {
        Some(m) => m.clone(),
        // Our own name wins over a vendor default of the same spelling.
        None if Stage::named(ours, &key).is_some() => key.clone(),
        None => well_known_stage(&key),
    };
    match target.as_str() {
        "won" => Ok((ours.last().cloned().unwrap_or(first), DealStatus::Won)),
        "lost" => Ok((first, DealStatus::Lost)),
        t => match (Stage::named(ours, t), mapped) {
            (Some(s), _) => Ok((s.clone(), DealStatus::Open)),
            (None, Some(m)) => Err(StageMiss::BadMap {
                theirs: theirs.to_string(),
                ours: m,
            }),
            (None, None) => Err(StageMiss::Unknown(theirs.to_string())),
        },
    }
}

/// The `--stage-map` targets we do not have (checked before any row is read).
pub fn bad_maps<'a>(maps: &'a [(String, String)], ours: &[Stage]) -> Vec<&'a (String, String)> {
    maps.iter()
        .filter(|(_, b)| {
            let b = b.trim().to_lowercase();
            b != "won" && b != "lost" && Stage::named(ours, &b).is_none()
        })
        .collect()
}

/// HubSpot's and Pipedrive's default stage names (lowercased; by label or by HubSpot's
/// internal name) as ours; others unchanged.
fn well_known_stage(key: &str) -> String {
    let compact: String = key.chars().filter(|c| c.is_alphanumeric()).collect();
    match compact.as_str() {
        "closedwon" | "won" => "won".into(),
        "closedlost" | "lost" => "lost".into(),
        // Pipedrive: Lead In, Contact Made; HubSpot: appointmentscheduled.
        "appointmentscheduled" | "new" | "leadin" | "contactmade" => "lead".into(),
        // Pipedrive: Demo Scheduled (older accounts: Needs Defined); HubSpot: qualifiedtobuy.
        "qualifiedtobuy" | "qualified" | "needsdefined" | "demoscheduled" => "qualified".into(),
        "presentationscheduled" | "proposalmade" | "proposalsent" => "proposal".into(),
        "decisionmakerboughtin" | "contractsent" | "negotiationsstarted" | "negotiation" => {
            "negotiation".into()
        }
        _ => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StageId;

    fn pipeline() -> Vec<Stage> {
        ["lead", "qualified", "proposal"]
            .iter()
            .enumerate()
            .map(|(i, n)| Stage {
                id: StageId(i as i64 + 1),
                name: n.to_string(),
                position: i as i64 + 1,
                probability: 10,
            })
            .collect()
    }

    #[test]
    fn maps_then_our_names_then_well_known_ones() {
        let ours = pipeline();
        let maps = vec![("Demo Booked".to_string(), "qualified".to_string())];
        let name = |t: Option<&str>| map_stage(t, &maps, &ours).map(|(s, st)| (s.name, st));
        assert_eq!(name(None).unwrap(), ("lead".into(), DealStatus::Open));
        assert_eq!(
            name(Some("demo booked")).unwrap(),
            ("qualified".into(), DealStatus::Open)
        );
        assert_eq!(
            name(Some("Proposal")).unwrap(),
            ("proposal".into(), DealStatus::Open)
        );
        assert_eq!(
            name(Some("closedwon")).unwrap(),
            ("proposal".into(), DealStatus::Won)
        );
        assert_eq!(name(Some("Closed Lost")).unwrap().1, DealStatus::Lost);
        assert!(name(Some("limbo")).unwrap_err().contains("--stage-map"));
        assert!(map_stage(Some("x"), &[], &[]).is_err());
        assert_eq!(well_known_stage("closed won"), "won");
        assert_eq!(well_known_stage("demo"), "demo");
    }

    #[test]
    fn vendor_defaults_by_label_and_internal_name() {
        let ours = {
            let mut p = pipeline();
            p.push(Stage {
                id: StageId(4),
                name: "negotiation".into(),
                position: 4,
                probability: 75,
            });
            p
        };
        let name = |t: &str| resolve_stage(Some(t), &[], &ours).map(|(s, st)| (s.name, st));
        for (theirs, want) in [
            ("Lead In", "lead"),
            ("Contact Made", "lead"),
            ("Demo Scheduled", "qualified"),
            ("Proposal Made", "proposal"),
            ("Negotiations Started", "negotiation"),
            ("appointmentscheduled", "lead"),
            ("Qualified To Buy", "qualified"),
            ("presentationscheduled", "proposal"),
            ("Decision Maker Bought-In", "negotiation"),
            ("contractsent", "negotiation"),
        ] {
            assert_eq!(
                name(theirs).unwrap(),
                (want.to_string(), DealStatus::Open),
                "{theirs}"
            );
        }
        assert_eq!(name("closedwon").unwrap().1, DealStatus::Won);
        assert_eq!(name("Closed Lost").unwrap().1, DealStatus::Lost);
        assert_eq!(name("Pilot"), Err(StageMiss::Unknown("Pilot".into())));
        let maps = vec![("Pilot".to_string(), "trial".to_string())];
        let miss = resolve_stage(Some("pilot"), &maps, &ours).unwrap_err();
        assert!(miss.message(&ours).contains("\"trial\""));
        assert_eq!(bad_maps(&maps, &ours).len(), 1);
    }
}
