//! The pipeline's stages: add, rename, reorder, remove.

use crate::domain::history::{Action, Entity};
use crate::domain::validate;
use crate::domain::*;
use crate::store::{Reader, Store};

use super::{record, Now, NONE};

/// The stage with this id.
pub fn load(r: Reader<'_>, id: StageId) -> Result<Stage> {
    r.stages()?.into_iter().find(|s| s.id == id).ok_or_else(|| {
        Error::not_found(format!("there is no stage #{}; see crm stage list.", id.0))
    })
}

/// A stage name: required, and not one of the deal statuses.
pub fn check_name(name: &str) -> Result<String> {
    let n = validate::required("stage name", name)?;
    if matches!(n.to_lowercase().as_str(), "won" | "lost" | "open") {
        return Err(Error::invalid(format!(
            "{n:?} is a deal status, not a stage; choose another name."
        )));
    }
    Ok(n)
}

/// Adds a stage at `position` (1-based; default: last) with a default probability.
pub fn add(
    store: &Store,
    now: &Now,
    name: &str,
    probability: Option<i64>,
    position: Option<usize>,
) -> Result<Stage> {
    let name = check_name(name)?;
    let probability = probability.map(validate::probability).transpose()?;
    store.write(|tx| {
        let mut stages = tx.read().stages()?;
        let at = position
            .unwrap_or(stages.len() + 1)
            .clamp(1, stages.len() + 1)
            - 1;
        let probability = probability.unwrap_or_else(|| {
            stages
                .get(at.saturating_sub(1))
                .map(|s| s.probability)
                .unwrap_or(10)
        });
        let id = tx.insert_stage(&name, 0, probability)?;
        let stage = Stage {
            id,
            name: name.clone(),
            position: 0,
            probability,
        };
        stages.insert(at, stage);
        renumber(tx, &mut stages)?;
        let stage = stages[at].clone();
        record(
            tx,
            now,
            Entity::Stage,
            id.0,
            None,
            Action::Create,
            NONE,
            Some(&stage),
        )?;
        Ok(stage)
    })
}

fn renumber(tx: &crate::store::Tx<'_>, stages: &mut [Stage]) -> Result<()> {
    for (i, s) in stages.iter_mut().enumerate() {
        if s.position != i as i64 + 1 {
            s.position = i as i64 + 1;
            tx.update_stage(s)?;
        }
    }
    Ok(())
}

pub fn edit(
    store: &Store,
    now: &Now,
    id: StageId,
    new_name: Option<&str>,
    probability: Option<i64>,
) -> Result<Stage> {
    let new_name = new_name.map(check_name).transpose()?;
    let probability = probability.map(validate::probability).transpose()?;
    store.write(|tx| {
        let before = load(tx.read(), id)?;
        let mut s = before.clone();
        if let Some(n) = &new_name {
            s.name = n.clone();
        }
        if let Some(p) = probability {
            s.probability = p;
        }
        tx.update_stage(&s)?;
        record(
            tx,
            now,
            Entity::Stage,
            s.id.0,
            None,
            Action::Update,
            Some(&before),
            Some(&s),
        )?;
        Ok(s)
    })
}

/// Puts a stage at a 1-based position.
pub fn reorder(store: &Store, now: &Now, id: StageId, position: usize) -> Result<Vec<Stage>> {
    store.write(|tx| {
        let target = load(tx.read(), id)?;
        let mut stages = tx.read().stages()?;
        if position == 0 || position > stages.len() {
            return Err(Error::invalid(format!(
                "position {position} is outside 1-{}.",
                stages.len()
            )));
        }
        let from = stages.iter().position(|s| s.id == target.id).unwrap_or(0);
        let s = stages.remove(from);
        stages.insert(position - 1, s);
        renumber(tx, &mut stages)?;
        record(
            tx,
            now,
            Entity::Stage,
            target.id.0,
            None,
            Action::Move,
            Some(&target),
            Some(&stages[position - 1]),
        )?;
        Ok(stages)
    })
}

/// Removes a stage. One that holds deals needs `move_to`, where they go first.
pub fn remove(store: &Store, now: &Now, id: StageId, move_to: Option<StageId>) -> Result<Stage> {
    store.write(|tx| {
        let s = load(tx.read(), id)?;
        let (open, closed) = tx.read().stage_usage(s.id)?;
        if open + closed > 0 {
            let Some(dest) = move_to else {
                return Err(Error::conflict(format!(
                    "stage {} holds {open} open and {closed} closed deals; move them first with --to STAGE.",
                    s.name
                )));
            };
            let dest = load(tx.read(), dest)?;
            if dest.id == s.id {
                return Err(Error::invalid("--to names the stage being removed; choose another."));
            }
            // Each deal's move is recorded like any other, so the funnel stays right.
            let moving = tx.read().deals(&crate::store::DealFilter { stage_id: Some(s.id), ..Default::default() })?;
            for before in moving {
                let mut d = before.clone();
                d.stage_id = dest.id;
                d.stage = dest.name.clone();
                d.stage_probability = dest.probability;
                d.updated_at = now.utc;
                d.version = before.version + 1;
                tx.update_deal(&d)?;
                tx.add_stage_change(d.id, Some(s.id), Some(dest.id), d.status, now.utc)?;
                record(tx, now, Entity::Deal, d.id.0, d.contact_id, Action::Move, Some(&before), Some(&d))?;
            }
        }
        if tx.read().stages()?.len() == 1 {
            return Err(Error::conflict("that is the last stage; a pipeline needs at least one."));
        }
        tx.delete_stage(s.id)?;
        let mut rest = tx.read().stages()?;
        renumber(tx, &mut rest)?;
        record(tx, now, Entity::Stage, s.id.0, None, Action::Delete, Some(&s), NONE)?;
        Ok(s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::currency::Currency;
    use crate::ops::deals::{self, DealChanges};
    use crate::ops::testing::{now, store};

    fn id(s: &Store, name: &str) -> StageId {
        crate::resolve::stage(s.read(), name).unwrap().id
    }

    fn names(s: &Store) -> Vec<String> {
        s.read()
            .stages()
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect()
    }

    #[test]
    fn stages_can_be_added_renamed_reordered_and_removed() {
        let s = store();
        assert_eq!(names(&s), ["lead", "qualified", "proposal", "negotiation"]);
        add(&s, &now(), "demo", Some(40), Some(3)).unwrap();
        assert_eq!(
            names(&s),
            ["lead", "qualified", "demo", "proposal", "negotiation"]
        );
        edit(&s, &now(), id(&s, "demo"), Some("discovery"), Some(30)).unwrap();
        reorder(&s, &now(), id(&s, "discovery"), 1).unwrap();
        assert_eq!(
            names(&s),
            ["discovery", "lead", "qualified", "proposal", "negotiation"]
        );
        assert!(add(&s, &now(), "Won", None, None).is_err());
        assert!(add(&s, &now(), "LEAD", None, None).is_err());
        remove(&s, &now(), id(&s, "discovery"), None).unwrap();
        assert_eq!(names(&s), ["lead", "qualified", "proposal", "negotiation"]);
    }

    #[test]
    fn a_stage_with_deals_needs_somewhere_to_send_them() {
        let s = store();
        let d = deals::add(
            &s,
            &now(),
            Currency::usd(),
            DealChanges {
                title: Some("x".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(matches!(
            remove(&s, &now(), id(&s, "lead"), None),
            Err(Error::Conflict { .. })
        ));
        remove(&s, &now(), id(&s, "lead"), Some(id(&s, "qualified"))).unwrap();
        assert_eq!(s.read().deal(d.id).unwrap().unwrap().stage, "qualified");
        let path = s.read().stage_history(d.id).unwrap();
        assert_eq!(
            path.last().unwrap().to_stage.as_deref(),
            Some("qualified"),
            "the move is in the stage history"
        );
    }
}
