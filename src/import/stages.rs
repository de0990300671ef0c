//! A file's stage names read as ours. Pure: the caller passes our pipeline.

use crate::domain::{DealStatus, Stage};

/// Their stage name to ours: `--stage-map` pairs first, then our own names, then the
/// well-known HubSpot and Pipedrive names. Won/lost stages close the deal; no stage given
/// means our first one.
pub fn map_stage(
    theirs: Option<&str>,
    maps: &[(String, String)],
    ours: &[Stage],
) -> Result<(Stage, DealStatus), String> {
    let first = ours.first().cloned().ok_or("the pipeline has no stages")?;
    let Some(theirs) = theirs.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok((first, DealStatus::Open));
    };
    let key = theirs.to_lowercase();
    let mapped = maps
        .iter()
        .find(|(a, _)| a.trim().to_lowercase() == key)
        .map(|(_, b)| b.trim().to_lowercase());
    let target = mapped.unwrap_or_else(|| well_known_stage(&key));
    match target.as_str() {
        "won" => Ok((ours.last().cloned().unwrap_or(first), DealStatus::Won)),
        "lost" => Ok((first, DealStatus::Lost)),
        t => Stage::named(ours, t).map(|s| (s.clone(), DealStatus::Open)).ok_or_else(|| {
            let names: Vec<&str> = ours.iter().map(|s| s.name.as_str()).collect();
            format!(
                "unknown stage {theirs:?}; map it with --stage-map \"{theirs}=STAGE\" (ours: {}, won, lost)",
                names.join(", ")
            )
        }),
    }
}

/// HubSpot's and Pipedrive's default stage names (lowercased) as ours; others unchanged.
fn well_known_stage(key: &str) -> String {
    let compact: String = key.chars().filter(|c| c.is_alphanumeric()).collect();
    match compact.as_str() {
        "closedwon" | "won" => "won".into(),
        "closedlost" | "lost" => "lost".into(),
        "appointmentscheduled" | "new" | "leadin" | "contactmade" => "lead".into(),
        "qualifiedtobuy" | "qualified" | "needsdefined" => "qualified".into(),
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
}
