//! CSV export (RFC 4180, one header row). The headers are the names our generic CSV
//! importer maps back to fields, so an export imports again without loss (DESIGN §6).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Display;
use std::io::Write;

use super::json::{due, time};
use crate::domain::money::{format_minor, Money};
use crate::domain::{Contact, ContactId, Deal, DealId, Error, Interaction, Result, Task};

/// Joins several values in one cell (e-mails, phones, tags), as Google Contacts does.
pub const MULTI_SEP: &str = " ::: ";

/// Prefix of the per-key custom field columns of the contacts export (`field:tier`).
pub const FIELD_PREFIX: &str = "field:";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Write text cells as they are, without the formula guard (`--raw`).
    pub raw: bool,
}

fn is_formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// A text cell starting with `= + - @`, TAB or CR gets a leading `'` unless `raw`, so a
/// spreadsheet shows it instead of running it as a formula (DESIGN §8). Numbers (value, ids,
/// scores) are never passed through here.
///
/// A cell that already starts with `'` followed by one of those characters or another `'`
/// gets one more `'`, so the guard can be undone exactly: an importer strips one leading `'`
/// when the next character is `= + - @`, TAB, CR or `'`.
pub fn guard(cell: &str, raw: bool) -> Cow<'_, str> {
    if raw {
        return Cow::Borrowed(cell);
    }
    let mut chars = cell.chars();
    let needs = match chars.next() {
        Some('\'') => chars
            .next()
            .is_some_and(|c| c == '\'' || is_formula_start(c)),
        Some(c) => is_formula_start(c),
        None => false,
    };
    if needs {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// One CSV record being built: text cells pass the guard, numbers and timestamps do not.
struct Row {
    raw: bool,
    cells: Vec<String>,
}

impl Row {
    fn new(opt: &CsvOptions) -> Self {
        Row {
            raw: opt.raw,
            cells: Vec::with_capacity(16),
        }
    }
    fn text(&mut self, s: &str) -> &mut Self {
        let cell = guard(s, self.raw).into_owned();
        self.cells.push(cell);
        self
    }
    fn opt_text(&mut self, s: Option<&str>) -> &mut Self {
        self.text(s.unwrap_or(""))
    }
    fn many(&mut self, values: &[String]) -> &mut Self {
        self.text(&values.join(MULTI_SEP))
    }
    /// Ids, numbers, enum names and timestamps: never guarded.
    fn plain(&mut self, v: impl Display) -> &mut Self {
        self.cells.push(v.to_string());
        self
    }
    fn opt_plain<T: Display>(&mut self, v: Option<T>) -> &mut Self {
        self.cells
            .push(v.map(|v| v.to_string()).unwrap_or_default());
        self
    }
}

fn csv_error(e: ::csv::Error) -> Error {
    Error::Io(format!("could not write CSV: {e}"))
}

/// A CSV file being written row by row with the `csv` crate's defaults (RFC 4180
/// quoting; records end in CRLF), so an export holds one row at a time.
pub struct CsvOut<'w> {
    out: ::csv::Writer<&'w mut dyn Write>,
}

impl<'w> CsvOut<'w> {
    /// Starts the file with its header row.
    pub fn new(w: &'w mut dyn Write, header: &[String]) -> Result<CsvOut<'w>> {
        let mut out = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(w);
        out.write_record(header).map_err(csv_error)?;
        Ok(CsvOut { out })
    }

    pub fn row(&mut self, cells: Vec<String>) -> Result<()> {
        self.out.write_record(&cells).map_err(csv_error)
    }

    pub fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// Writes the header and the rows.
fn write_csv<I>(w: &mut dyn Write, header: &[String], rows: I) -> Result<()>
where
    I: IntoIterator<Item = Vec<String>>,
{
    let mut out = CsvOut::new(w, header)?;
    for row in rows {
        out.row(row)?;
    }
    out.finish()
}

pub fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// The amount in major units without grouping: `4500.50`, JPY `150000`.
fn plain_amount(m: Money) -> String {
    format_minor(m.minor, m.currency.exponent()).replace(',', "")
}

fn contact_email(emails: &HashMap<ContactId, String>, id: Option<ContactId>) -> Option<&str> {
    id.and_then(|id| emails.get(&id)).map(String::as_str)
}

pub const CONTACT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "email",
    "emails",
    "phones",
    "company",
    "title",
    "lifecycle",
    "source",
    "tags",
    "notes",
    "created_at",
    "last_contact_at",
];

/// Contacts, then one `field:KEY` column per custom field key any contact has, sorted.
pub fn contacts_csv(w: &mut dyn Write, contacts: &[Contact], opt: &CsvOptions) -> Result<()> {
    let keys: BTreeSet<String> = contacts
        .iter()
        .flat_map(|c| c.fields.keys().cloned())
        .collect();
    let rows = contacts.iter().map(|c| contact_row(c, &keys, opt));
    write_csv(w, &contacts_header(&keys), rows)
}

/// The contacts header: the fixed columns, then `field:KEY` for each of `keys`.
pub fn contacts_header(keys: &BTreeSet<String>) -> Vec<String> {
    let mut head = header(CONTACT_COLUMNS);
    head.extend(keys.iter().map(|k| format!("{FIELD_PREFIX}{k}")));
    head
}

/// One contact's row, with a cell for each of `keys` (the header's field columns).
pub fn contact_row(c: &Contact, keys: &BTreeSet<String>, opt: &CsvOptions) -> Vec<String> {
    let mut r = Row::new(opt);
    r.plain(c.id)
        .text(&c.name)
        .opt_text(c.primary_email())
        .many(&c.emails)
        .many(&c.phones)
        .opt_text(c.company.as_deref())
        .opt_text(c.title.as_deref())
        .plain(c.lifecycle)
        .opt_text(c.source.as_deref())
        .many(&c.tags)
        .opt_text(c.notes.as_deref())
        .plain(time(c.created_at))
        .opt_plain(c.last_contact_at.map(time));
    for k in keys {
        r.opt_text(c.fields.get(k).map(String::as_str));
    }
    r.cells
}

pub const DEAL_COLUMNS: &[&str] = &[
    "id",
    "title",
    "contact",
    "contact_email",
    "company",
    "stage",
    "status",
    "value",
    "currency",
    "probability",
    "expected_close",
    "lost_reason",
    "created_at",
    "closed_at",
    "owner",
];

/// Deals; `emails` gives each contact's primary e-mail so a re-import finds the contact.
/// `probability` is the deal's own override, empty when the stage default applies.
pub fn deals_csv(
    w: &mut dyn Write,
    deals: &[Deal],
    emails: &HashMap<ContactId, String>,
    opt: &CsvOptions,
) -> Result<()> {
    let rows = deals
        .iter()
        .map(|d| deal_row(d, contact_email(emails, d.contact_id), opt));
    write_csv(w, &header(DEAL_COLUMNS), rows)
}

/// One deal's row; `email` is its contact's primary e-mail.
pub fn deal_row(d: &Deal, email: Option<&str>, opt: &CsvOptions) -> Vec<String> {
    let mut r = Row::new(opt);
    r.plain(d.id)
        .text(&d.title)
        .opt_text(d.contact.as_deref())
        .opt_text(email)
        .opt_text(d.company.as_deref())
        .text(&d.stage)
        .plain(d.status)
        .plain(plain_amount(d.value))
        .plain(d.value.currency)
        .opt_plain(d.probability)
        .opt_plain(
            d.expected_close
                .map(|date| date.format("%Y-%m-%d").to_string()),
        )
        .opt_text(d.lost_reason.as_deref())
        .plain(time(d.created_at))
        .opt_plain(d.closed_at.map(time))
        .opt_text(d.owner.as_deref());
    r.cells
}

pub const INTERACTION_COLUMNS: &[&str] = &[
    "id",
    "contact",
    "contact_email",
    "deal_id",
    "deal",
    "kind",
    "direction",
    "occurred_at",
    "duration_min",
    "summary",
    "body",
    "score",
];

/// `deals` names each deal by its title, which the import links back to the contact's deal.
pub fn interactions_csv(
    w: &mut dyn Write,
    items: &[Interaction],
    emails: &HashMap<ContactId, String>,
    deals: &HashMap<DealId, String>,
    opt: &CsvOptions,
) -> Result<()> {
    let rows = items.iter().map(|i| {
        let deal = i.deal_id.and_then(|d| deals.get(&d)).map(String::as_str);
        interaction_row(i, contact_email(emails, Some(i.contact_id)), deal, opt)
    });
    write_csv(w, &header(INTERACTION_COLUMNS), rows)
}

/// One interaction's row; `email` is its contact's primary e-mail, `deal` its deal's title.
pub fn interaction_row(
    i: &Interaction,
    email: Option<&str>,
    deal: Option<&str>,
    opt: &CsvOptions,
) -> Vec<String> {
    let mut r = Row::new(opt);
    r.plain(i.id)
        .text(&i.contact)
        .opt_text(email)
        .opt_plain(i.deal_id)
        .opt_text(deal)
        .plain(i.kind)
        .opt_plain(i.direction)
        .plain(time(i.occurred_at))
        .opt_plain(i.duration_min)
        .text(&i.summary)
        .opt_text(i.body.as_deref())
        .opt_plain(i.score);
    r.cells
}

pub const TASK_COLUMNS: &[&str] = &[
    "id",
    "title",
    "contact",
    "contact_email",
    "deal_id",
    "due",
    "done_at",
    "owner",
];

/// Tasks; `due` is `YYYY-MM-DD` for a day and RFC 3339 for a moment.
pub fn tasks_csv(
    w: &mut dyn Write,
    tasks: &[Task],
    emails: &HashMap<ContactId, String>,
    opt: &CsvOptions,
) -> Result<()> {
    let rows = tasks
        .iter()
        .map(|t| task_row(t, contact_email(emails, t.contact_id), opt));
    write_csv(w, &header(TASK_COLUMNS), rows)
}

/// One task's row; `email` is its contact's primary e-mail.
pub fn task_row(t: &Task, email: Option<&str>, opt: &CsvOptions) -> Vec<String> {
    let mut r = Row::new(opt);
    r.plain(t.id)
        .text(&t.title)
        .opt_text(t.contact.as_deref())
        .opt_text(email)
        .opt_plain(t.deal_id)
        .opt_plain(due(&t.due))
        .opt_plain(t.done_at.map(time))
        .opt_text(t.owner.as_deref());
    r.cells
}

pub const CASE_COLUMNS: &[&str] = &[
    "id",
    "contact_id",
    "contact",
    "contact_email",
    "title",
    "priority",
    "status",
    "opened_at",
    "first_response_at",
    "solved_at",
    "breached",
    "deal_id",
    "resolution",
    "owner",
];

/// Support cases, each with whether it is past a target (`breached`, worked out by the
/// caller for its clock and targets).
pub fn cases_csv(
    w: &mut dyn Write,
    cases: &[(crate::domain::case::Case, bool)],
    emails: &HashMap<ContactId, String>,
    opt: &CsvOptions,
) -> Result<()> {
    let rows = cases.iter().map(|(k, breached)| {
        case_row(k, *breached, contact_email(emails, Some(k.contact_id)), opt)
    });
    write_csv(w, &header(CASE_COLUMNS), rows)
}

/// One case's row; `email` is its contact's primary e-mail.
pub fn case_row(
    k: &crate::domain::case::Case,
    breached: bool,
    email: Option<&str>,
    opt: &CsvOptions,
) -> Vec<String> {
    let mut r = Row::new(opt);
    r.plain(k.id)
        .plain(k.contact_id)
        .text(&k.contact)
        .opt_text(email)
        .text(&k.title)
        .plain(k.priority)
        .plain(k.status)
        .plain(time(k.opened_at))
        .opt_plain(k.first_response_at.map(time))
        .opt_plain(k.solved_at.map(time))
        .plain(breached)
        .opt_plain(k.deal_id)
        .opt_text(k.resolution.as_deref())
        .opt_text(k.owner.as_deref());
    r.cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_data::*;

    /// The output with CRLF record ends shown as `\n`, so expectations read easily.
    fn run(f: impl FnOnce(&mut dyn Write) -> Result<()>) -> String {
        raw_run(f).replace("\r\n", "\n")
    }

    fn raw_run(f: impl FnOnce(&mut dyn Write) -> Result<()>) -> String {
        let mut buf: Vec<u8> = Vec::new();
        f(&mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn records_end_in_crlf_and_cells_keep_their_own_newlines() {
        let out = raw_run(|w| contacts_csv(w, &[ada()], &GUARDED));
        assert!(out.ends_with("\r\n"));
        assert_eq!(
            out.matches("\r\n").count(),
            2,
            "header and one record: {out:?}"
        );
        assert!(
            out.contains("prefers\nmail"),
            "a newline inside a quoted cell stays LF"
        );
    }

    const GUARDED: CsvOptions = CsvOptions { raw: false };
    const RAW: CsvOptions = CsvOptions { raw: true };

    #[test]
    fn guard_prefixes_formula_starts_unless_raw() {
        for cell in ["=SUM(A1)", "+1", "-x", "@x", "\tx", "\rx"] {
            assert_eq!(guard(cell, false), format!("'{cell}"), "{cell:?}");
            assert_eq!(guard(cell, true), cell, "{cell:?}");
        }
        for cell in ["", "Ada", "'quoted", "'", "a=b", " =x", "1+1"] {
            assert_eq!(guard(cell, false), cell, "{cell:?}");
        }
        // Reversible: an existing `'` before a formula start gets one more.
        assert_eq!(guard("'=x", false), "''=x");
        assert_eq!(guard("''", false), "'''");
        assert!(matches!(guard("Ada", false), Cow::Borrowed(_)));
    }

    #[test]
    fn contacts_header_rows_and_field_columns_are_exact() {
        let out = run(|w| contacts_csv(w, &[ada(), cher()], &GUARDED));
        let expected = concat!(
            "id,name,email,emails,phones,company,title,lifecycle,source,tags,notes,created_at,last_contact_at,field:birthday,field:tier\n",
            "7,Ada Lovelace,ada@example.com,ada@example.com ::: ada.l@example.net,",
            "'+44 20 7946 0018 ::: 020 7946 0019,\"Analytical Engines, Ltd.\",Mathematician,decision,referral,",
            "vip ::: math,\"Likes \"\"notes\"\"; prefers\nmail\",2026-11-22T10:00:00Z,2026-11-25T14:05:00Z,,gold\n",
            "8,Cher,,,,,,awareness,,,,2026-01-02T03:04:00Z,,1946-05-20,\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn contacts_without_fields_have_only_the_fixed_columns() {
        let mut c = ada();
        c.fields.clear();
        let out = run(|w| contacts_csv(w, &[c], &GUARDED));
        assert!(out.starts_with(
            "id,name,email,emails,phones,company,title,lifecycle,source,tags,notes,created_at,last_contact_at\n"
        ));
        let out = run(|w| contacts_csv(w, &[], &GUARDED));
        assert_eq!(
            out,
            "id,name,email,emails,phones,company,title,lifecycle,source,tags,notes,created_at,last_contact_at\n"
        );
    }

    #[test]
    fn guard_applies_to_text_cells_only_and_raw_turns_it_off() {
        let mut c = cher();
        c.name = "=SUM(A1)".to_string();
        c.notes = Some("\rx".to_string());
        c.tags = vec!["@x".to_string(), "-y".to_string()];
        c.fields.insert("birthday".to_string(), "\tx".to_string());
        let guarded = run(|w| contacts_csv(w, std::slice::from_ref(&c), &GUARDED));
        assert!(
            guarded.ends_with(
                "8,'=SUM(A1),,,,,,awareness,,'@x ::: -y,\"'\rx\",2026-01-02T03:04:00Z,,'\tx\n"
            ),
            "{guarded:?}"
        );
        let raw = run(|w| contacts_csv(w, std::slice::from_ref(&c), &RAW));
        assert!(
            raw.ends_with(
                "8,=SUM(A1),,,,,,awareness,,@x ::: -y,\"\rx\",2026-01-02T03:04:00Z,,\tx\n"
            ),
            "{raw:?}"
        );
    }

    #[test]
    fn deals_header_rows_value_and_probability_are_exact() {
        let out = run(|w| deals_csv(w, &[website_deal(), kiosk_deal()], &emails(), &GUARDED));
        let expected = concat!(
            "id,title,contact,contact_email,company,stage,status,value,currency,probability,expected_close,lost_reason,created_at,closed_at,owner\n",
            "12,Website relaunch,Ada Lovelace,ada@example.com,\"Analytical Engines, Ltd.\",proposal,open,4500.50,EUR,60,2026-12-15,,2026-11-22T10:00:00Z,,\n",
            "13,Tokyo kiosk,,,,lead,lost,150000,JPY,,,'-too pricey,2026-10-01T08:00:00Z,2026-11-01T12:00:00Z,\n",
        );
        assert_eq!(out, expected);
        let raw = run(|w| deals_csv(w, &[kiosk_deal()], &emails(), &RAW));
        assert!(raw.contains(",-too pricey,"), "{raw}");
    }

    #[test]
    fn large_amounts_have_no_grouping() {
        let mut d = website_deal();
        d.value.minor = 12_345_678_901;
        let out = run(|w| deals_csv(w, &[d], &HashMap::new(), &GUARDED));
        assert!(out.contains(",123456789.01,EUR,"), "{out}");
        assert!(out.contains(",Ada Lovelace,,"), "no e-mail known: {out}");
    }

    #[test]
    fn interactions_header_and_rows_are_exact() {
        let deals = HashMap::from([(DealId(12), "Website relaunch".to_string())]);
        let out = run(|w| interactions_csv(w, &[call(), feedback()], &emails(), &deals, &GUARDED));
        let expected = concat!(
            "id,contact,contact_email,deal_id,deal,kind,direction,occurred_at,duration_min,summary,body,score\n",
            "30,Ada Lovelace,ada@example.com,12,Website relaunch,call,out,2026-11-24T15:30:00Z,25,\"talked pricing, next steps\",'@all: see notes,\n",
            "31,Grace Hopper,,,,feedback,in,2026-11-26T09:00:00Z,,Great workshop,,9\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn tasks_header_and_rows_are_exact() {
        let tasks = [proposal_task(), done_task(), undated_task()];
        let out = run(|w| tasks_csv(w, &tasks, &emails(), &GUARDED));
        let expected = concat!(
            "id,title,contact,contact_email,deal_id,due,done_at,owner\n",
            "40,Send proposal,Ada Lovelace,ada@example.com,12,2026-12-01,,\n",
            "41,Call back; confirm,,,,2026-12-02T15:30:00Z,2026-12-02T16:00:00Z,\n",
            "42,Plan Q1,,,,,,\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn output_reads_back_with_a_csv_reader() {
        let out = run(|w| contacts_csv(w, &[ada()], &GUARDED));
        let mut rdr = ::csv::Reader::from_reader(out.as_bytes());
        let headers = rdr.headers().unwrap().clone();
        let row = rdr.records().next().unwrap().unwrap();
        let get = |name: &str| row.get(headers.iter().position(|h| h == name).unwrap());
        assert_eq!(get("notes"), Some("Likes \"notes\"; prefers\nmail"));
        assert_eq!(
            get("emails").unwrap().split(MULTI_SEP).collect::<Vec<_>>(),
            ["ada@example.com", "ada.l@example.net"]
        );
        assert_eq!(get("field:tier"), Some("gold"));
    }
}
