//! The filter language (DESIGN §12) compiled to a WHERE clause with bound parameters.
//!
//! Every rule mirrors `domain::filter::eval`, the oracle the property test in
//! `filter_sql_tests.rs` holds this to: `!=` is `not (=)`, a missing value fails every
//! other test (SQL's NULL, which `NOT coalesce(…, FALSE)` turns into false before negating),
//! multi-valued fields pass when one value does, text is folded by the same Rust function
//! (registered as SQL functions in `filter_fns.rs`), days are local days turned into UTC bounds here, and
//! money is compared per currency by `Amount::compare_minor` itself.
//!
//! The contact row is `c` and the deal row `d`. Tests that can use an index do: a tag is a
//! `c.id IN (…)` the planner drives from `contact_tags`, a day is a range on the timestamp.

use crate::store::db::DbResult;
use crate::store::db::OwnedValue as Sql;
use chrono::{NaiveDate, NaiveTime};

use super::rows::Query;
use super::Reader;
use crate::domain::filter::{
    Amount, Clock, Cmp, Cond, ContactField, DealField, Expr, FieldRef, Filter, Target, Test, Text,
    Value,
};
use crate::domain::{ContactId, DealId, Result};

/// A compiled condition: SQL with `?N` placeholders numbered from the query's next one.
pub(super) struct Where {
    pub sql: String,
    pub args: Vec<Sql>,
}

/// Compiles `filter` for rows of `target` (`c` for contacts, `d` for deals), its
/// placeholders numbered after the `base` ones the query already holds.
pub(super) fn compile(filter: &Filter, target: Target, clock: &Clock, base: usize) -> Where {
    let mut c = Compiler {
        clock,
        target,
        base,
        args: Vec::new(),
    };
    let sql = if filter.target() == target {
        c.expr(filter.expr())
    } else {
        NEVER.to_string()
    };
    Where { sql, args: c.args }
}

/// Appends ` AND (compiled)` to a query.
pub(super) fn and_matching(q: &mut Query, filter: &Filter, target: Target, clock: &Clock) {
    let w = compile(filter, target, clock, q.arg_count());
    q.push_bound(&format!(" AND ({})", w.sql), w.args);
}

impl Reader<'_> {
    /// The live contacts an expression picks, by name.
    pub fn contact_ids_matching(&self, filter: &Filter, clock: &Clock) -> Result<Vec<ContactId>> {
        let mut q = Query::new("SELECT c.id FROM contacts c WHERE c.deleted_at IS NULL");
        and_matching(&mut q, filter, Target::Contact, clock);
        q.push(" ORDER BY c.name_key, c.id");
        let mut stmt = self.conn.prepare(&q.sql)?;
        let rows = stmt.query_map(q.params(), |r| r.get(0))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// The deals an expression picks, by id.
    pub fn deal_ids_matching(&self, filter: &Filter, clock: &Clock) -> Result<Vec<DealId>> {
        let mut q = Query::new("SELECT d.id FROM deals d WHERE 1 = 1");
        and_matching(&mut q, filter, Target::Deal, clock);
        q.push(" ORDER BY d.id");
        let mut stmt = self.conn.prepare(&q.sql)?;
        let rows = stmt.query_map(q.params(), |r| r.get(0))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}

/// A test that never holds, and one that always does: booleans, not SQLite's 0 and 1,
/// so PostgreSQL takes them as predicates too.
const NEVER: &str = "FALSE";
const ALWAYS: &str = "TRUE";

/// One test on one field; `!=` never reaches a field (it is `not =`).
enum One<'a> {
    Cmp(Cmp, &'a Value),
    Contains(&'a Text),
}

/// What a field is in SQL, by how it is tested.
enum Col {
    /// One text, NULL when missing.
    Text(String),
    /// Several texts: the rows (`FROM … WHERE …` correlated to the record) and the column.
    Texts {
        rows: String,
        col: &'static str,
    },
    /// The contact's tags, tested as `c.id IN (…)` so an index can drive the query.
    Tags(&'static str),
    /// A lifecycle, status, size or currency code: `=` only.
    Code(String),
    Number(String),
    /// A moment as a UTC timestamp in seconds, compared by its local day.
    Moment(String),
    /// A day as `YYYY-MM-DD` text, in the future side (a close date).
    DayText(String),
    /// How many open or won deals a contact has.
    Count {
        alias: &'static str,
        status: &'static str,
    },
    /// A contact's open or won deals' totals per currency.
    Totals {
        alias: &'static str,
        status: &'static str,
    },
    /// A deal's own value in its currency.
    DealValue,
    /// A cadence or birthday: the test is the evaluator's, called with the stored texts.
    Eval {
        field: ContactField,
        alias: &'static str,
    },
    /// A value no record holds: every test fails.
    Never,
}

struct Compiler<'a> {
    clock: &'a Clock,
    target: Target,
    base: usize,
    args: Vec<Sql>,
}

impl Compiler<'_> {
    fn arg(&mut self, v: impl Into<Sql>) -> String {
        self.args.push(v.into());
        format!("?{}", self.base + self.args.len())
    }

    fn expr(&mut self, e: &Expr) -> String {
        match e {
            Expr::And(items) => self.join(items, " AND ", ALWAYS),
            Expr::Or(items) => self.join(items, " OR ", NEVER),
            Expr::Not(inner) => not(&self.expr(inner)),
            Expr::Cond(cond) => match &cond.test {
                Test::Cmp(Cmp::Ne, v) => not(&self.field(&cond.field, One::Cmp(Cmp::Eq, v))),
                Test::Cmp(cmp, v) => self.field(&cond.field, One::Cmp(*cmp, v)),
                Test::In(values) => {
                    let parts: Vec<String> = values
                        .iter()
                        .map(|v| self.field(&cond.field, One::Cmp(Cmp::Eq, v)))
                        .collect();
                    join_parts(&parts, " OR ", NEVER)
                }
                Test::Contains(t) => self.field(&cond.field, One::Contains(t)),
            },
            Expr::Name(t) => {
                let q = self.arg(t.folded.clone());
                match self.target {
                    Target::Contact => format!("crm_name_matches({q}, c.name)"),
                    Target::Deal => format!("crm_name_matches({q}, d.title)"),
                }
            }
        }
    }

    fn join(&mut self, items: &[Expr], op: &str, empty: &str) -> String {
        let parts: Vec<String> = items.iter().map(|i| self.expr(i)).collect();
        join_parts(&parts, op, empty)
    }

    fn field(&mut self, f: &FieldRef, one: One<'_>) -> String {
        let mark = self.args.len();
        let sql = self.field_sql(f, one);
        if sql == NEVER {
            // A test that cannot hold binds nothing: SQLite counts the highest `?N`.
            self.args.truncate(mark);
        }
        sql
    }

    fn field_sql(&mut self, f: &FieldRef, one: One<'_>) -> String {
        match (f, self.target) {
            (FieldRef::Contact(cf), Target::Contact) => {
                let col = self.contact_col(cf, "c");
                self.test(col, one)
            }
            (FieldRef::Deal(DealField::Contact(cf)), Target::Deal) => {
                let col = self.contact_col(cf, "c");
                let inner = self.test(col, one);
                format!(
                    "EXISTS (SELECT 1 FROM contacts c WHERE c.id = d.contact_id AND c.deleted_at IS NULL AND ({inner}))"
                )
            }
            (FieldRef::Deal(df), Target::Deal) => {
                let col = deal_col(df);
                self.test(col, one)
            }
            _ => NEVER.to_string(),
        }
    }

    fn contact_col(&mut self, f: &ContactField, a: &'static str) -> Col {
        let company =
            |col: &str| format!("(SELECT co.{col} FROM companies co WHERE co.id = {a}.company_id)");
        match f {
            ContactField::Name => Col::Text(format!("{a}.name")),
            ContactField::Email => Col::Texts {
                rows: format!("contact_emails e WHERE e.contact_id = {a}.id"),
                col: "e.email",
            },
            ContactField::Company => Col::Text(company("name")),
            ContactField::Title => Col::Text(format!("{a}.title")),
            ContactField::Lifecycle => Col::Code(format!("{a}.lifecycle")),
            ContactField::Source => Col::Text(format!("{a}.source")),
            ContactField::Tag => Col::Tags(a),
            ContactField::Created => Col::Moment(format!("{a}.created_at")),
            ContactField::LastContact => Col::Moment(format!("{a}.last_contact_at")),
            ContactField::Idle => {
                Col::Moment(format!("coalesce({a}.last_contact_at, {a}.created_at)"))
            }
            ContactField::Score => Col::Number(format!(
                "(SELECT s.score FROM contact_scores s WHERE s.contact_id = {a}.id)"
            )),
            // Interval and calendar arithmetic: the evaluator's own, through a function.
            ContactField::Cadence | ContactField::Birthday => Col::Eval {
                field: f.clone(),
                alias: a,
            },
            ContactField::Custom(key) => {
                // The first key in stored order that matches ignoring case, as the
                // evaluator's walk over a sorted map finds it.
                let k = self.arg(key.to_lowercase());
                Col::Text(format!(
                    "(SELECT f.value FROM contact_fields f WHERE f.contact_id = {a}.id AND crm_lower(f.key) = {k} ORDER BY f.key LIMIT 1)"
                ))
            }
            ContactField::CompanySize => Col::Code(company("size")),
            ContactField::CompanyIndustry => Col::Text(company("industry")),
            ContactField::DealsOpen => Col::Count {
                alias: a,
                status: "open",
            },
            ContactField::DealsWon => Col::Count {
                alias: a,
                status: "won",
            },
            ContactField::DealsOpenValue => Col::Totals {
                alias: a,
                status: "open",
            },
            ContactField::DealsWonValue => Col::Totals {
                alias: a,
                status: "won",
            },
            // Cases are not stored yet: every contact has none open.
            ContactField::CasesOpen => Col::Number("0".to_string()),
        }
    }

    fn test(&mut self, col: Col, one: One<'_>) -> String {
        let (cmp, v) = match one {
            One::Contains(t) => {
                let needle = self.arg(t.folded.clone());
                return match col {
                    Col::Text(x) => format!("crm_contains({x}, {needle})"),
                    Col::Texts { rows, col } => {
                        format!("EXISTS (SELECT 1 FROM {rows} AND crm_contains({col}, {needle}))")
                    }
                    Col::Tags(a) => tags_in(a, &format!("crm_contains(t.name, {needle})")),
                    _ => NEVER.to_string(),
                };
            }
            One::Cmp(cmp, v) => (cmp, v),
        };
        let op = cmp.as_str();
        match (col, v) {
            (Col::Text(x), Value::Text(t)) => {
                format!("crm_fold_trim({x}) {op} {}", self.arg(t.folded.clone()))
            }
            (Col::Texts { rows, col }, Value::Text(t)) => {
                let p = self.arg(t.folded.clone());
                format!("EXISTS (SELECT 1 FROM {rows} AND crm_fold_trim({col}) {op} {p})")
            }
            (Col::Tags(a), Value::Text(t)) => {
                let p = self.arg(t.folded.clone());
                tags_in(a, &format!("crm_fold_trim(t.name) {op} {p}"))
            }
            (Col::Code(x), v) if cmp == Cmp::Eq => match code_of(v) {
                Some(code) => format!("{x} = {}", self.arg(code)),
                None => NEVER.to_string(),
            },
            (Col::Number(x), Value::Number(n)) => format!("{x} {op} {}", self.arg(*n)),
            (Col::Eval { field, alias }, v) => {
                let cond = Cond {
                    field: FieldRef::Contact(field),
                    test: Test::Cmp(cmp, v.clone()),
                };
                let clock = self.clock;
                super::filter_calendar::cond_sql(&cond, alias, clock, |v| self.arg(v))
            }
            (Col::Count { alias, status }, Value::Number(n)) => {
                let having = format!("count(*) {op} {}", self.arg(*n));
                per_contact(alias, status, None, &having, cmp.holds(0, *n), false)
            }
            (Col::Totals { alias, status }, Value::Amount(a)) => self.totals(alias, status, cmp, a),
            (Col::DealValue, Value::Amount(a)) => {
                let (m, s) = (self.arg(a.mantissa), self.arg(i64::from(a.scale)));
                let compared = format!("crm_money_cmp(d.value_minor, d.currency, {m}, {s}) {op} 0");
                match a.currency {
                    Some(cur) => format!(
                        "(d.currency = {} AND {compared})",
                        self.arg(cur.code().to_string())
                    ),
                    None => compared,
                }
            }
            (Col::Moment(x), v) => self.days(&Day::Moment(x), true, cmp, v),
            (Col::DayText(x), v) => self.days(&Day::Text(x), false, cmp, v),
            _ => NEVER.to_string(),
        }
    }

    /// Per-currency totals of a contact's deals: one currency's total passes, and a
    /// contact with no such deals counts 0.
    fn totals(&mut self, a: &str, status: &str, cmp: Cmp, amount: &Amount) -> String {
        let op = cmp.as_str();
        let (m, s) = (self.arg(amount.mantissa), self.arg(i64::from(amount.scale)));
        let having = format!("crm_money_cmp(sum(xd.value_minor), xd.currency, {m}, {s}) {op} 0");
        let zero = amount.compare_minor(0, 0);
        let zero_passes = cmp.holds(zero, std::cmp::Ordering::Equal);
        let code = amount.currency.map(|c| self.arg(c.code().to_string()));
        per_contact(a, status, code.as_deref(), &having, zero_passes, true)
    }

    /// A day test on a moment (an age when `past`) or a date (time left).
    fn days(&mut self, x: &Day, past: bool, cmp: Cmp, v: &Value) -> String {
        let today = self.clock.today();
        match v {
            Value::Day(dv) => match dv.resolve(today) {
                Some(d) => self.day_cmp(x, cmp, d),
                None => NEVER.to_string(),
            },
            Value::Period(p) => {
                let Some(span) = p.resolve(today) else {
                    return NEVER.to_string();
                };
                match cmp {
                    Cmp::Eq => {
                        let (from, to) = (
                            self.day_cmp(x, Cmp::Ge, span.start),
                            self.day_cmp(x, Cmp::Lt, span.end),
                        );
                        format!("({from} AND {to})")
                    }
                    Cmp::Lt => self.day_cmp(x, Cmp::Lt, span.start),
                    Cmp::Le => self.day_cmp(x, Cmp::Lt, span.end),
                    Cmp::Gt | Cmp::Ge => self.day_cmp(x, Cmp::Ge, span.start),
                    Cmp::Ne => NEVER.to_string(),
                }
            }
            Value::Duration(d) if past => match d.before(today) {
                Some(t) => self.day_cmp(x, flip(cmp), t),
                None => NEVER.to_string(),
            },
            Value::Duration(d) => match d.after(today) {
                Some(t) => self.day_cmp(x, cmp, t),
                None => NEVER.to_string(),
            },
            _ => NEVER.to_string(),
        }
    }

    /// `local day of x` cmp `day`.
    fn day_cmp(&mut self, x: &Day, cmp: Cmp, day: NaiveDate) -> String {
        match x {
            Day::Moment(x) => {
                let from = self.start_of(day);
                let Some(to) = day.succ_opt().map(|n| self.start_of(n)) else {
                    // The last representable day: nothing is after it.
                    return match cmp {
                        Cmp::Lt => format!("{x} < {}", self.arg(from)),
                        Cmp::Ge | Cmp::Eq => format!("{x} >= {}", self.arg(from)),
                        Cmp::Le => format!("{x} IS NOT NULL"),
                        _ => NEVER.to_string(),
                    };
                };
                match cmp {
                    Cmp::Lt => format!("{x} < {}", self.arg(from)),
                    Cmp::Le => format!("{x} < {}", self.arg(to)),
                    Cmp::Gt => format!("{x} >= {}", self.arg(to)),
                    Cmp::Ge => format!("{x} >= {}", self.arg(from)),
                    Cmp::Eq | Cmp::Ne => {
                        let (from, to) = (self.arg(from), self.arg(to));
                        format!("({x} >= {from} AND {x} < {to})")
                    }
                }
            }
            Day::Text(x) => {
                use chrono::Datelike;
                // Stored days have four-digit years; text order is day order only then.
                if day.year() > 9999 {
                    return match cmp {
                        Cmp::Lt | Cmp::Le => format!("{x} IS NOT NULL"),
                        _ => NEVER.to_string(),
                    };
                }
                if day.year() < 1000 {
                    return match cmp {
                        Cmp::Gt | Cmp::Ge => format!("{x} IS NOT NULL"),
                        _ => NEVER.to_string(),
                    };
                }
                let d = self.arg(day.format("%Y-%m-%d").to_string());
                let op = if cmp == Cmp::Ne { "=" } else { cmp.as_str() };
                format!("{x} {op} {d}")
            }
        }
    }

    /// The UTC second a local day starts at.
    fn start_of(&self, day: NaiveDate) -> i64 {
        let local = day.and_time(NaiveTime::MIN);
        local.and_utc().timestamp() - i64::from(self.clock.offset.local_minus_utc())
    }
}

enum Day {
    Moment(String),
    Text(String),
}

fn deal_col(f: &DealField) -> Col {
    let company =
        |col: &str| format!("(SELECT co.{col} FROM companies co WHERE co.id = d.company_id)");
    match f {
        DealField::Title => Col::Text("d.title".into()),
        DealField::Stage => Col::Text("(SELECT s.name FROM stages s WHERE s.id = d.stage_id)".into()),
        DealField::Status => Col::Code("d.status".into()),
        DealField::Value => Col::DealValue,
        DealField::Currency => Col::Code("d.currency".into()),
        DealField::Probability => Col::Number(
            "(CASE d.status WHEN 'won' THEN 100 WHEN 'lost' THEN 0 ELSE coalesce(d.probability, (SELECT s.probability FROM stages s WHERE s.id = d.stage_id)) END)"
                .into(),
        ),
        DealField::Close => Col::DayText("d.expected_close".into()),
        DealField::Created => Col::Moment("d.created_at".into()),
        // Owners come with team mode.
        DealField::Owner => Col::Text("d.owner".into()),
        DealField::CompanyName => Col::Text(company("name")),
        DealField::CompanySize => Col::Code(company("size")),
        DealField::CompanyIndustry => Col::Text(company("industry")),
        // Handled by the caller, which joins the contact.
        DealField::Contact(_) => Col::Never,
    }
}

/// Contacts (alias `a`) by their deals of `status` (in the currency bound at `code`),
/// grouped per contact (and per currency, for totals): one group passing `having`, or,
/// when `zero_passes`, no such deal at all. The groups are read once for the whole query,
/// never again per contact.
fn per_contact(
    a: &str,
    status: &str,
    code: Option<&str>,
    having: &str,
    zero_passes: bool,
    per_currency: bool,
) -> String {
    let group = if per_currency {
        "xd.contact_id, xd.currency"
    } else {
        "xd.contact_id"
    };
    let currency = code
        .map(|c| format!(" AND xd.currency = {c}"))
        .unwrap_or_default();
    let deals = format!(
        "FROM deals xd WHERE xd.status = '{status}'{currency} AND xd.contact_id IS NOT NULL"
    );
    let some = format!("{a}.id IN (SELECT xd.contact_id {deals} GROUP BY {group} HAVING {having})");
    if zero_passes {
        format!("({a}.id NOT IN (SELECT xd.contact_id {deals}) OR {some})")
    } else {
        some
    }
}

/// The contacts (alias `a`) having a tag that passes `pred` (on `t.name`).
fn tags_in(a: &str, pred: &str) -> String {
    format!(
        "{a}.id IN (SELECT ct.contact_id FROM contact_tags ct WHERE ct.tag_id IN (SELECT t.id FROM tags t WHERE {pred}))"
    )
}

/// The stored code of a lifecycle, status, size or currency.
fn code_of(v: &Value) -> Option<String> {
    Some(match v {
        Value::Lifecycle(l) => l.as_str().to_string(),
        Value::Status(s) => s.as_str().to_string(),
        Value::Size(s) => s.as_str().to_string(),
        Value::Currency(c) => c.code().to_string(),
        _ => return None,
    })
}

/// `not` of a test whose SQL may be NULL (a missing value): NULL counts as false first.
fn not(sql: &str) -> String {
    format!("NOT coalesce(({sql}), FALSE)")
}

fn join_parts(parts: &[String], op: &str, empty: &str) -> String {
    if parts.is_empty() {
        return empty.to_string();
    }
    format!("({})", parts.join(op))
}

/// An age above `d` is a day before the threshold.
fn flip(cmp: Cmp) -> Cmp {
    match cmp {
        Cmp::Lt => Cmp::Gt,
        Cmp::Le => Cmp::Ge,
        Cmp::Gt => Cmp::Lt,
        Cmp::Ge => Cmp::Le,
        other => other,
    }
}
