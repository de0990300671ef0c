//! Edit forms for tasks and logged interactions, filled from the record. Saving passes on
//! only the fields whose text changed, so an untouched date is not re-read at a coarser
//! precision and an untouched form changes nothing.

use crate::domain::*;
use crate::ops::Now;

use super::{contact_field, field, Form, FormKind};

/// A moment as the forms write it (and `parse_when` reads it back): local, to the minute.
fn local_time(now: &Now, at: chrono::DateTime<chrono::Utc>) -> String {
    now.to_local(at).format("%Y-%m-%d %H:%M").to_string()
}

impl Form {
    /// The task to edit, with its fields filled in.
    pub fn edit_task(t: &Task, now: &Now) -> Form {
        let due = match t.due {
            Some(Due::Day(d)) => d.to_string(),
            Some(Due::At(at)) => local_time(now, at),
            None => String::new(),
        };
        let fields = vec![
            field("Title", t.title.clone(), "required", Some(Field::Title)),
            field(
                "Due",
                due,
                "today, tue, +3d; empty = none",
                Some(Field::Due),
            ),
            field(
                "Every",
                t.every.map(|e| e.to_string()).unwrap_or_default(),
                "month, 2w; empty = once",
                Some(Field::Every),
            ),
            contact_field(t.contact_id.zip(t.contact.clone())),
            field(
                "Deal",
                t.deal_id.map(|d| d.to_string()).unwrap_or_default(),
                "deal id; empty = none",
                Some(Field::Deal),
            ),
        ];
        Form::new(
            FormKind::EditTask(t.id, Some(t.version)),
            &format!("Edit task {}", t.title),
            fields,
        )
        .filled()
    }

    /// A logged interaction to fix, with its fields filled in. Duration, direction and
    /// score appear for the kinds that have them.
    pub fn edit_interaction(i: &Interaction, now: &Now) -> Form {
        let mut fields = vec![
            field(
                "Kind",
                i.kind.to_string(),
                "call, email, meeting, note, …",
                Some(Field::Kind),
            ),
            field(
                "Summary",
                i.summary.clone(),
                "one line",
                Some(Field::Summary),
            ),
            field(
                "When",
                local_time(now, i.occurred_at),
                "yesterday 15:00, last fri",
                Some(Field::At),
            ),
        ];
        if matches!(i.kind, InteractionKind::Call | InteractionKind::Meeting) {
            fields.push(field(
                "Duration",
                i.duration_min.map(|m| format!("{m}m")).unwrap_or_default(),
                "30m, 1h; empty = none",
                Some(Field::Duration),
            ));
        }
        if i.kind != InteractionKind::Note {
            fields.push(field(
                "Direction",
                i.direction.map(|d| d.to_string()).unwrap_or_default(),
                "in or out",
                Some(Field::Direction),
            ));
        }
        if i.kind == InteractionKind::Feedback {
            fields.push(field(
                "Score",
                i.score.map(|s| s.to_string()).unwrap_or_default(),
                "0-10",
                Some(Field::Score),
            ));
        }
        fields.push(field(
            "Body",
            i.body.clone().unwrap_or_default(),
            "empty = none",
            None,
        ));
        let title = format!("Edit {} #{} with {}", i.kind, i.id, i.contact);
        Form::new(
            FormKind::EditInteraction(i.id, Some(i.version)),
            &title,
            fields,
        )
        .filled()
    }
}
