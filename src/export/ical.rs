//! iCalendar export of tasks (RFC 5545). VEVENT is the default because Outlook and Google
//! Calendar ignore VTODO; VTODO is for task apps (Thunderbird, Nextcloud Tasks). CRLF line
//! endings, lines folded at 75 octets, TEXT values escaped, times in UTC.
//!
//! - VEVENT: one per open task with a due date. A day becomes an all-day event
//!   (`DTSTART;VALUE=DATE` and the exclusive `DTEND` of the next day), a moment a 30-minute
//!   event. Done tasks and tasks without a due date are left out.
//! - VTODO: one per task, done ones with `STATUS:COMPLETED` and `COMPLETED`; `DUE` only when
//!   the task has a due date.
//!
//! `UID` is `crm-task-<id>@<host>`; `X-CRM-CONTACT-ID` and `X-CRM-DEAL-ID` carry the links.

use std::io::{BufWriter, Write};

use chrono::{DateTime, NaiveDate, Utc};

use super::{escape_text, push_folded};
use crate::domain::{Due, Result, Task};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IcsKind {
    /// VEVENT: shown by every calendar.
    #[default]
    Event,
    /// VTODO: for task lists.
    Todo,
}

/// Writes one VCALENDAR with a component per exported task. `now` is the DTSTAMP.
pub fn tasks_ics(
    w: &mut dyn Write,
    tasks: &[Task],
    kind: IcsKind,
    now: DateTime<Utc>,
    host: &str,
) -> Result<()> {
    let mut out = BufWriter::new(w);
    let mut cal = Calendar::tasks(&mut out, kind, now, host)?;
    for t in tasks {
        cal.task(t)?;
    }
    cal.finish()?;
    out.flush()?;
    Ok(())
}

/// A VCALENDAR written component by component as records stream in.
pub struct Calendar<'w, 'h> {
    w: &'w mut dyn Write,
    kind: IcsKind,
    stamp: String,
    host: &'h str,
    buf: String,
}

impl<'w, 'h> Calendar<'w, 'h> {
    fn start(
        w: &'w mut dyn Write,
        head: &[&str],
        kind: IcsKind,
        stamp: String,
        host: &'h str,
    ) -> Result<Self> {
        let mut buf = String::new();
        for line in head {
            push_folded(&mut buf, line);
        }
        w.write_all(buf.as_bytes())?;
        Ok(Calendar {
            w,
            kind,
            stamp,
            host,
            buf,
        })
    }

    /// A calendar of tasks as `kind` components; `now` is the DTSTAMP.
    pub fn tasks(
        w: &'w mut dyn Write,
        kind: IcsKind,
        now: DateTime<Utc>,
        host: &'h str,
    ) -> Result<Self> {
        let head = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//crm//crm//EN",
            "CALSCALE:GREGORIAN",
        ];
        Self::start(w, &head, kind, utc(now), host)
    }

    /// The birthdays calendar (`export birthdays`); `now` is the DTSTAMP.
    pub fn birthdays(w: &'w mut dyn Write, now: DateTime<Utc>, host: &'h str) -> Result<Self> {
        let head = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//crm//crm//EN",
            "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:Birthdays",
        ];
        Self::start(
            w,
            &head,
            IcsKind::Event,
            now.format("%Y%m%dT%H%M%SZ").to_string(),
            host,
        )
    }

    pub fn task(&mut self, t: &Task) -> Result<()> {
        self.buf.clear();
        match self.kind {
            IcsKind::Event => event(&mut self.buf, t, &self.stamp, self.host),
            IcsKind::Todo => todo(&mut self.buf, t, &self.stamp, self.host),
        }
        self.w.write_all(self.buf.as_bytes())?;
        Ok(())
    }

    /// A yearly event for the contact's birthday; nothing for a contact without one.
    pub fn birthday(&mut self, c: &crate::domain::Contact) -> Result<()> {
        self.buf.clear();
        super::ical_birthdays::event_of(&mut self.buf, c, &self.stamp, self.host);
        self.w.write_all(self.buf.as_bytes())?;
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        self.buf.clear();
        push_folded(&mut self.buf, "END:VCALENDAR");
        self.w.write_all(self.buf.as_bytes())?;
        Ok(())
    }
}

/// `20261201T150000Z`
fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `20261201`
fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn prop(out: &mut String, name: &str, value: &str) {
    push_folded(out, &format!("{name}:{value}"));
}

/// UID, DTSTAMP and CREATED: the lines every component starts with.
fn identity(out: &mut String, t: &Task, stamp: &str, host: &str) {
    prop(
        out,
        "UID",
        &escape_text(&format!("crm-task-{}@{}", t.id, host)),
    );
    prop(out, "DTSTAMP", stamp);
    prop(out, "CREATED", &utc(t.created_at));
}

/// SUMMARY, DESCRIPTION (the contact and deal names) and the ids of the links.
fn details(out: &mut String, t: &Task) {
    prop(out, "SUMMARY", &escape_text(&t.title));
    let mut about = Vec::new();
    if let Some(contact) = t.contact.as_deref().filter(|s| !s.is_empty()) {
        about.push(format!("Contact: {contact}"));
    }
    if let Some(deal) = t.deal.as_deref().filter(|s| !s.is_empty()) {
        about.push(format!("Deal: {deal}"));
    }
    if !about.is_empty() {
        prop(out, "DESCRIPTION", &escape_text(&about.join("\n")));
    }
    if let Some(id) = t.contact_id {
        prop(out, "X-CRM-CONTACT-ID", &id.to_string());
    }
    if let Some(id) = t.deal_id {
        prop(out, "X-CRM-DEAL-ID", &id.to_string());
    }
}

fn event(out: &mut String, t: &Task, stamp: &str, host: &str) {
    if t.done_at.is_some() {
        return;
    }
    let Some(due) = t.due else {
        return;
    };
    push_folded(out, "BEGIN:VEVENT");
    identity(out, t, stamp, host);
    match due {
        Due::Day(d) => {
            prop(out, "DTSTART;VALUE=DATE", &date(d));
            // DTEND is exclusive; without it a DATE DTSTART still means one day.
            if let Some(next) = d.succ_opt() {
                prop(out, "DTEND;VALUE=DATE", &date(next));
            }
            // A reminder day, not a meeting: it does not make the user busy.
            push_folded(out, "TRANSP:TRANSPARENT");
        }
        Due::At(at) => {
            prop(out, "DTSTART", &utc(at));
            push_folded(out, "DURATION:PT30M");
        }
    }
    details(out, t);
    push_folded(out, "END:VEVENT");
}

fn todo(out: &mut String, t: &Task, stamp: &str, host: &str) {
    push_folded(out, "BEGIN:VTODO");
    identity(out, t, stamp, host);
    match t.due {
        Some(Due::Day(d)) => prop(out, "DUE;VALUE=DATE", &date(d)),
        Some(Due::At(at)) => prop(out, "DUE", &utc(at)),
        None => {}
    }
    details(out, t);
    match t.done_at {
        Some(done) => {
            push_folded(out, "STATUS:COMPLETED");
            prop(out, "COMPLETED", &utc(done));
            push_folded(out, "PERCENT-COMPLETE:100");
        }
        None => push_folded(out, "STATUS:NEEDS-ACTION"),
    }
    push_folded(out, "END:VTODO");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_data::*;

    fn export(tasks: &[Task], kind: IcsKind) -> String {
        let mut buf: Vec<u8> = Vec::new();
        tasks_ics(&mut buf, tasks, kind, at(2026, 11, 30, 8, 0), "crm.local").unwrap();
        String::from_utf8(buf).unwrap()
    }

    fn all_tasks() -> Vec<Task> {
        vec![proposal_task(), done_task(), undated_task(), timed_task()]
    }

    /// The component of task `id`, from BEGIN to END inclusive.
    fn component<'a>(ics: &'a str, kind: &str, id: i64) -> &'a str {
        let begin = format!("BEGIN:{kind}\r\nUID:crm-task-{id}@crm.local\r\n");
        let start = ics
            .find(&begin)
            .unwrap_or_else(|| panic!("no {kind} {id} in {ics}"));
        let end_tag = format!("END:{kind}\r\n");
        let len = ics[start..].find(&end_tag).unwrap() + end_tag.len();
        &ics[start..start + len]
    }

    const HEAD: &str =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crm//crm//EN\r\nCALSCALE:GREGORIAN\r\n";

    #[test]
    fn events_for_open_dated_tasks_only() {
        let out = export(&all_tasks(), IcsKind::Event);
        assert!(out.starts_with(HEAD), "{out}");
        assert!(out.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"), "{out}");
        assert!(crlf_only(&out), "{out:?}");
        assert_eq!(out.matches("BEGIN:VEVENT\r\n").count(), 2);
        assert!(!out.contains("crm-task-41@"), "done task skipped");
        assert!(!out.contains("crm-task-42@"), "undated task skipped");
        assert!(!out.contains("VTODO"));

        assert_eq!(
            component(&out, "VEVENT", 40),
            concat!(
                "BEGIN:VEVENT\r\n",
                "UID:crm-task-40@crm.local\r\n",
                "DTSTAMP:20261130T080000Z\r\n",
                "CREATED:20261122T100000Z\r\n",
                "DTSTART;VALUE=DATE:20261201\r\n",
                "DTEND;VALUE=DATE:20261202\r\n",
                "TRANSP:TRANSPARENT\r\n",
                "SUMMARY:Send proposal\r\n",
                "DESCRIPTION:Contact: Ada Lovelace\\nDeal: Website relaunch\r\n",
                "X-CRM-CONTACT-ID:7\r\n",
                "X-CRM-DEAL-ID:12\r\n",
                "END:VEVENT\r\n",
            )
        );
        assert_eq!(
            component(&out, "VEVENT", 43),
            concat!(
                "BEGIN:VEVENT\r\n",
                "UID:crm-task-43@crm.local\r\n",
                "DTSTAMP:20261130T080000Z\r\n",
                "CREATED:20261123T080000Z\r\n",
                "DTSTART:20261203T091500Z\r\n",
                "DURATION:PT30M\r\n",
                "SUMMARY:Review\\, sign\\; send \\\\ back\r\n",
                "DESCRIPTION:Contact: Grace Hopper\r\n",
                "X-CRM-CONTACT-ID:9\r\n",
                "END:VEVENT\r\n",
            )
        );
    }

    #[test]
    fn todos_include_done_and_undated_tasks() {
        let out = export(&all_tasks(), IcsKind::Todo);
        assert!(out.starts_with(HEAD), "{out}");
        assert!(out.ends_with("END:VTODO\r\nEND:VCALENDAR\r\n"), "{out}");
        assert!(crlf_only(&out), "{out:?}");
        assert_eq!(out.matches("BEGIN:VTODO\r\n").count(), 4);
        assert!(!out.contains("VEVENT"));

        let open = component(&out, "VTODO", 40);
        assert!(open.contains("\r\nDUE;VALUE=DATE:20261201\r\n"), "{open}");
        assert!(open.contains("\r\nSTATUS:NEEDS-ACTION\r\n"), "{open}");
        assert!(!open.contains("COMPLETED"), "{open}");

        assert_eq!(
            component(&out, "VTODO", 41),
            concat!(
                "BEGIN:VTODO\r\n",
                "UID:crm-task-41@crm.local\r\n",
                "DTSTAMP:20261130T080000Z\r\n",
                "CREATED:20261122T100000Z\r\n",
                "DUE:20261202T153000Z\r\n",
                "SUMMARY:Call back\\; confirm\r\n",
                "STATUS:COMPLETED\r\n",
                "COMPLETED:20261202T160000Z\r\n",
                "PERCENT-COMPLETE:100\r\n",
                "END:VTODO\r\n",
            )
        );
        assert_eq!(
            component(&out, "VTODO", 42),
            concat!(
                "BEGIN:VTODO\r\n",
                "UID:crm-task-42@crm.local\r\n",
                "DTSTAMP:20261130T080000Z\r\n",
                "CREATED:20261122T100000Z\r\n",
                "SUMMARY:Plan Q1\r\n",
                "STATUS:NEEDS-ACTION\r\n",
                "END:VTODO\r\n",
            )
        );
        let timed = component(&out, "VTODO", 43);
        assert!(timed.contains("\r\nDUE:20261203T091500Z\r\n"), "{timed}");
        assert!(!timed.contains("DTSTART"), "{timed}");
    }

    #[test]
    fn every_component_has_uid_and_dtstamp() {
        for kind in [IcsKind::Event, IcsKind::Todo] {
            let out = export(&all_tasks(), kind);
            let name = if kind == IcsKind::Event {
                "VEVENT"
            } else {
                "VTODO"
            };
            let begin = format!("BEGIN:{name}\r\n");
            for part in out.split(&begin).skip(1) {
                assert!(part.starts_with("UID:crm-task-"), "{part}");
                assert!(part.contains("\r\nDTSTAMP:20261130T080000Z\r\n"), "{part}");
            }
        }
    }

    #[test]
    fn all_day_event_at_year_end_ends_next_year() {
        let mut t = proposal_task();
        t.due = Some(Due::Day(day(2026, 12, 31)));
        let out = export(&[t], IcsKind::Event);
        assert!(out.contains("\r\nDTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"));
    }

    #[test]
    fn empty_calendar_is_still_valid() {
        let out = export(&[], IcsKind::Event);
        assert_eq!(out, format!("{HEAD}END:VCALENDAR\r\n"));
    }

    #[test]
    fn long_multibyte_summary_folds_and_unfolds_back() {
        let title: String = "山田花子さんにフォローアップ, 😀 Zoë; "
            .chars()
            .cycle()
            .take(150)
            .collect();
        let mut t = timed_task();
        t.title = title.clone();
        t.contact = Some("Ærøskøbing\nline two".to_string());
        for kind in [IcsKind::Event, IcsKind::Todo] {
            let out = export(std::slice::from_ref(&t), kind);
            assert!(crlf_only(&out), "{out:?}");
            for line in out.split("\r\n") {
                assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
            }
            let unfolded = out.replace("\r\n ", "");
            let summary = format!("\r\nSUMMARY:{}\r\n", escape_text(&title));
            assert!(unfolded.contains(&summary), "{unfolded}");
            assert!(unfolded.contains("\r\nDESCRIPTION:Contact: Ærøskøbing\\nline two\r\n"));
        }
    }
}
