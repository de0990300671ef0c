//! The reads `crm export` streams: each record goes to a callback as its row is read, so
//! an export holds one record at a time whatever the database's size (issue 17). The
//! orders are those of the listing reads (`contacts`, `deals`, `interactions`, `tasks`,
//! `companies`), so the files are the same bytes as before; what a CSV row names besides
//! the record (a contact's primary e-mail, a deal's title) comes in the same row.
//!
//! The callbacks must not read the database: on PostgreSQL the connection is busy with
//! the stream until its last row.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::case::Case;
use crate::domain::filter::Target;
use crate::domain::*;
use crate::store::db::{DbError, DbResult, OwnedValue, Row};
use crate::store::{Matching, TaskFilter};

use super::rows::*;
use super::Reader;

/// A live contact's first e-mail by position (its primary one), for the contact whose
/// id is in `id` and whose row is `c` (none for a removed contact).
fn primary_email(id: &str) -> String {
    format!(
        "CASE WHEN c.deleted_at IS NULL THEN (SELECT e.email FROM contact_emails e \
         WHERE e.contact_id = {id} ORDER BY e.position LIMIT 1) END"
    )
}

/// The custom fields as `len:key len:value` pairs run together (lengths in characters),
/// so no value can break the list.
const FIELDS: &str =
    "(SELECT group_concat(length(x.key) || ':' || x.key || length(x.value) || ':' || x.value, '') \
    FROM (SELECT f.key, f.value FROM contact_fields f WHERE f.contact_id = c.id ORDER BY f.key) x)";

/// Reads back what [`FIELDS`] wrote; a malformed list gives what was read before it.
fn parse_fields(s: Option<String>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(s) = s else { return out };
    let mut rest = s.as_str();
    let take = |rest: &mut &str| -> Option<String> {
        let (len, tail) = rest.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let end = tail.char_indices().nth(len).map_or(tail.len(), |(i, _)| i);
        let (value, tail) = tail.split_at(end);
        *rest = tail;
        Some(value.to_string())
    };
    while !rest.is_empty() {
        let (Some(k), Some(v)) = (take(&mut rest), take(&mut rest)) else {
            break;
        };
        out.insert(k, v);
    }
    out
}

/// Puts `extra` columns after the others of `select`, before its `FROM anchor`.
fn with_columns(select: &str, anchor: &str, extra: &str) -> String {
    debug_assert_eq!(select.matches(anchor).count(), 1, "{anchor}");
    select.replacen(anchor, &format!(", {extra} {anchor}"), 1)
}

/// Runs `sql`, mapping each row with `map` and handing it to `each`; an error of `each`
/// stops the stream and is returned as it was.
fn stream<T>(
    r: &Reader<'_>,
    sql: &str,
    args: &[OwnedValue],
    map: impl Fn(&Row<'_>) -> DbResult<T>,
    each: &mut dyn FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut failed = None;
    let mut stmt = r.conn.prepare(sql)?;
    let done = stmt.for_each(args, |row| {
        let item = map(row)?;
        each(item).map_err(|e| {
            failed = Some(e);
            DbError::decode("stopped")
        })
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(done?),
    }
}

/// An interaction with its contact's primary e-mail and its deal's title.
pub type ExportInteraction = (Interaction, Option<String>, Option<String>);

/// A contact as an export writes it: custom fields filled in, with its vCard UID.
pub type ExportContact = (Contact, Option<String>);

impl Reader<'_> {
    /// Live contacts (those `matching` picks, if given) by name, as `contacts` lists them.
    pub fn each_contact(
        &self,
        matching: Option<&Matching>,
        each: &mut dyn FnMut(ExportContact) -> Result<()>,
    ) -> Result<()> {
        let mut q = Query::new(format!(
            "SELECT {}, {FIELDS}, c.uid FROM contacts c LEFT JOIN companies co ON co.id = c.company_id WHERE c.deleted_at IS NULL",
            super::contacts::CONTACT_COLUMNS
        ));
        if let Some(m) = matching {
            super::filter_sql::and_matching(&mut q, &m.filter, Target::Contact, &m.clock);
        }
        q.push(" ORDER BY c.name_key, c.id");
        stream(
            self,
            &q.sql,
            q.params(),
            |row| {
                let mut c = super::contacts::contact_from_row(row)?;
                c.fields = parse_fields(row.get(19)?);
                Ok((c, row.get(20)?))
            },
            each,
        )
    }

    /// The custom field keys of the live contacts `matching` picks (all without it).
    pub fn contact_field_keys(&self, matching: Option<&Matching>) -> Result<BTreeSet<String>> {
        let mut q = Query::new(
            "SELECT DISTINCT f.key FROM contact_fields f WHERE f.contact_id IN (SELECT c.id FROM contacts c \
             LEFT JOIN companies co ON co.id = c.company_id WHERE c.deleted_at IS NULL",
        );
        if let Some(m) = matching {
            super::filter_sql::and_matching(&mut q, &m.filter, Target::Contact, &m.clock);
        }
        q.push(")");
        let mut keys = BTreeSet::new();
        stream(self, &q.sql, q.params(), |r| r.get::<String>(0), &mut |k| {
            keys.insert(k);
            Ok(())
        })?;
        Ok(keys)
    }

    /// Deals (those `matching` picks, if given) in the order `deals` lists them, each with
    /// its contact's primary e-mail.
    pub fn each_deal(
        &self,
        matching: Option<&Matching>,
        each: &mut dyn FnMut((Deal, Option<String>)) -> Result<()>,
    ) -> Result<()> {
        let select = with_columns(
            super::deals::DEAL_SELECT,
            "FROM deals d",
            &primary_email("d.contact_id"),
        );
        let mut q = Query::new(format!("{select} WHERE 1 = 1"));
        if let Some(m) = matching {
            super::filter_sql::and_matching(&mut q, &m.filter, Target::Deal, &m.clock);
        }
        q.push(" ORDER BY d.status <> 'open', s.position, d.created_at DESC, d.id DESC");
        stream(
            self,
            &q.sql,
            q.params(),
            |r| Ok((super::deals::deal_from_row(r)?, r.get(20)?)),
            each,
        )
    }

    /// Every interaction of a live contact, newest first, each with its contact's primary
    /// e-mail and its deal's title.
    pub fn each_interaction(
        &self,
        each: &mut dyn FnMut(ExportInteraction) -> Result<()>,
    ) -> Result<()> {
        let extra = format!(
            "{}, (SELECT dd.title FROM deals dd WHERE dd.id = i.deal_id)",
            primary_email("i.contact_id")
        );
        let select = with_columns(super::interactions::SELECT, "FROM interactions i", &extra);
        let sql =
            format!("{select} WHERE c.deleted_at IS NULL ORDER BY i.occurred_at DESC, i.id DESC");
        stream(
            self,
            &sql,
            &[],
            |r| {
                Ok((
                    super::interactions::interaction_from_row(r)?,
                    r.get(13)?,
                    r.get(14)?,
                ))
            },
            each,
        )
    }

    /// The tasks `f` picks in the order `tasks` lists them, each with its contact's
    /// primary e-mail.
    pub fn each_task(
        &self,
        f: &TaskFilter,
        each: &mut dyn FnMut((Task, Option<String>)) -> Result<()>,
    ) -> Result<()> {
        let (sql, args) = super::tasks::tasks_sql(f);
        let sql = with_columns(&sql, "FROM tasks t", &primary_email("t.contact_id"));
        stream(
            self,
            &sql,
            &args,
            |r| Ok((super::tasks::task_from_row(r)?, r.get(14)?)),
            each,
        )
    }

    /// Every support case by id, each with its contact's primary e-mail.
    pub fn each_case(
        &self,
        each: &mut dyn FnMut((Case, Option<String>)) -> Result<()>,
    ) -> Result<()> {
        let sql = format!(
            "SELECT {}, {} FROM cases k JOIN contacts c ON c.id = k.contact_id ORDER BY k.id",
            super::cases::COLUMNS,
            primary_email("k.contact_id")
        );
        stream(
            self,
            &sql,
            &[],
            |r| Ok((super::cases::case_from_row(r)?, r.get(13)?)),
            each,
        )
    }

    /// Every company by name, as `companies` lists them.
    pub fn each_company(&self, each: &mut dyn FnMut(Company) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT {} FROM companies ORDER BY name_key",
            super::companies::COLUMNS
        );
        stream(self, &sql, &[], super::companies::company_from_row, each)
    }

    /// Every deal's path, as `all_stage_history` reads it.
    pub fn each_stage_change(&self, each: &mut dyn FnMut(StageChange) -> Result<()>) -> Result<()> {
        stream(
            self,
            "SELECT h.deal_id, f.name, t.name, h.status, h.at FROM stage_history h \
             LEFT JOIN stages f ON f.id = h.from_stage_id LEFT JOIN stages t ON t.id = h.to_stage_id \
             ORDER BY h.deal_id, h.at, h.id",
            &[],
            |r| {
                Ok(StageChange {
                    deal_id: r.get(0)?,
                    from_stage: r.get(1)?,
                    to_stage: r.get(2)?,
                    status: r.get(3)?,
                    at: from_ts(r.get(4)?),
                })
            },
            each,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_lists_read_back_whatever_the_values_hold() {
        let s = "4:tier4:gold3:a:b5:x\u{1f}y\u{1e}z0:".to_string();
        let m = parse_fields(Some(s));
        assert_eq!(m.get("tier").map(String::as_str), Some("gold"));
        assert_eq!(m.get("a:b").map(String::as_str), Some("x\u{1f}y\u{1e}z"));
        assert_eq!(m.len(), 2, "{m:?}");
        let m = parse_fields(Some("2:é東2:😀:".into()));
        assert_eq!(m.get("é東").map(String::as_str), Some("😀:"));
        assert!(parse_fields(None).is_empty());
        assert!(parse_fields(Some("garbage".into())).is_empty());
    }
}
