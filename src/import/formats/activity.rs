//! Columns of deal and interaction files: the synonyms any CSV uses, and the notes and
//! engagements of Pipedrive and HubSpot.

use super::*;

pub(super) fn generic_deal(s: &str) -> Option<Slot> {
    if is_company_header(s) {
        return Some(slot(Field::Company));
    }
    Some(match s {
        "dealname" | "deal" | "dealtitle" | "title" | "name" | "opportunity"
        | "opportunityname" | "subject" => slot(Field::DealTitle),
        "value" | "amount" | "dealvalue" | "dealamount" | "price" | "total" | "revenue"
        | "betrag" | "wert" => slot(Field::Value),
        "currency" | "currencycode" | "dealcurrency" | "dealcurrencycode" | "wahrung" => {
            slot(Field::Currency)
        }
        "stage" | "dealstage" | "pipelinestage" | "phase" => slot(Field::Stage),
        "probability" | "winprobability" | "dealprobability" | "chance" => slot(Field::Probability),
        "closedate"
        | "expectedclosedate"
        | "expectedclose"
        | "closingdate"
        | "closedon"
        | "close"
        | "expectedclosingdate" => slot(Field::CloseDate),
        "status" | "dealstatus" | "state" | "outcome" => slot(Field::Status),
        "lostreason" | "reasonlost" | "closedlostreason" => slot(Field::LostReason),
        "contact" | "contactname" | "person" | "personname" | "contactperson" | "email"
        | "contactemail" | "associatedcontact" | "customer" | "client" | "emailaddress" => {
            slot(Field::ContactRef)
        }
        "created" | "createdat" | "createdate" | "creationdate" | "datecreated" | "dealcreated"
        | "dealcreatedon" | "addtime" => slot(Field::CreatedAt),
        _ => return None,
    })
}

/// Pipedrive's notes export: `Note - Content`, `Note - Add time`, `Note - Person`, …
pub(super) fn pipedrive_note(base: &str) -> Slot {
    match base {
        "content" | "note" => slot(Field::Body),
        "add time" | "created" | "creation date" => slot(Field::OccurredAt),
        "person" | "contact person" => slot(Field::ContactRef),
        _ => ignore(),
    }
}

/// HubSpot's calls, e-mails, meetings and notes exports, by label (`Call notes`) or by
/// internal name (`hs_call_body`), letters and digits only.
fn hubspot_engagement(s: &str) -> Option<Slot> {
    Some(match s {
        "calltitle" | "hscalltitle" | "emailsubject" | "hsemailsubject" | "meetingname"
        | "meetingtitle" | "hsmeetingtitle" => slot(Field::Summary),
        "callnotes" | "hscallbody" | "emailbody" | "hsemailtext" | "hsemailhtml"
        | "meetingdescription" | "hsmeetingbody" | "notebody" | "hsnotebody" => {
            ranked(Field::Body, 7)
        }
        "activitydate" | "hstimestamp" | "meetingstarttime" | "hsmeetingstarttime" => {
            ranked(Field::OccurredAt, 7)
        }
        "calldirection" | "hscalldirection" | "emaildirection" | "hsemaildirection" => {
            slot(Field::Direction)
        }
        "associatedcontact" | "associatedcontacts" => ranked(Field::ContactRef, 7),
        _ => return None,
    })
}

pub(super) fn generic_interaction(s: &str) -> Option<Slot> {
    if let Some(slot) = hubspot_engagement(s) {
        return Some(slot);
    }
    Some(match s {
        "contact" | "contactname" | "person" | "name" | "email" | "emailaddress"
        | "contactemail" | "with" | "participant" | "customer" | "client" => {
            slot(Field::ContactRef)
        }
        "kind" | "type" | "activitytype" | "interactiontype" | "channel" => slot(Field::Kind),
        "direction" | "inout" => slot(Field::Direction),
        "date" | "occurredat" | "occurred" | "when" | "datetime" | "time" | "timestamp" | "at"
        | "duedate" | "activitydate" | "startdate" | "start" | "created" | "createdat" => {
            slot(Field::OccurredAt)
        }
        "duration" | "durationmin" | "durationminutes" | "minutes" | "length" => {
            slot(Field::Duration)
        }
        "summary" | "subject" | "title" | "topic" => slot(Field::Summary),
        "body" | "notes" | "note" | "description" | "details" | "content" | "text" | "message" => {
            slot(Field::Body)
        }
        "score" | "rating" | "nps" | "feedbackscore" | "satisfaction" => slot(Field::Score),
        // crm's own export: the title of the contact's deal the interaction belongs to.
        "deal" | "dealtitle" | "dealname" => slot(Field::DealTitle),
        _ => return None,
    })
}
