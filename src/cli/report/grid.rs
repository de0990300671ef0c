//! One layout per report (titled sections of rows), rendered as a table, CSV or Markdown.

use crate::cli::output::{ago, Out, Table};
use crate::cli::Ctx;
use crate::domain::money::{format_minor, Money};
use crate::domain::text::sanitize_line;
use crate::domain::{Error, Result};
use crate::export::guard;
use crate::report::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Md,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format> {
        match s.to_lowercase().as_str() {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "md" | "markdown" => Ok(Format::Md),
            _ => Err(Error::invalid(format!(
                "unknown format {s:?}; use table, json, csv or md."
            ))),
        }
    }
}

pub enum Cell {
    Text(String),
    /// A number: right-aligned, never formula-guarded.
    Num(String),
    /// Money: grouped for people (`4,500.50`), plain for CSV (`4500.50`).
    Money(Money),
    /// A number that may be missing, rounded to so many decimals (trailing zeros dropped):
    /// `–` for people, empty in CSV.
    Maybe(Option<f64>, i32),
    /// A ratio: `62.5%` for people, `0.625` in CSV (4 decimals); `–`/empty when missing.
    Ratio(Option<f64>),
}

impl Cell {
    fn human(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Num(s) => s.clone(),
            Cell::Money(m) => m.amount_text(),
            Cell::Maybe(Some(v), places) => round(*v, *places).to_string(),
            Cell::Ratio(Some(v)) => format!("{:.1}%", v * 100.0),
            Cell::Maybe(None, _) | Cell::Ratio(None) => "–".into(),
        }
    }
    fn plain(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Num(s) => s.clone(),
            Cell::Money(m) => format_minor(m.minor, m.currency.exponent()).replace(',', ""),
            Cell::Maybe(Some(v), places) => round(*v, *places).to_string(),
            Cell::Ratio(Some(v)) => round(*v, 4).to_string(),
            Cell::Maybe(None, _) | Cell::Ratio(None) => String::new(),
        }
    }
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}
fn n(x: impl ToString) -> Cell {
    Cell::Num(x.to_string())
}
fn opt_num(x: Option<f64>, places: i32) -> Cell {
    Cell::Maybe(x, places)
}
fn pct(x: Option<f64>) -> Cell {
    Cell::Ratio(x)
}

pub struct Section {
    pub title: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Default)]
pub struct Grid {
    pub sections: Vec<Section>,
    /// Said instead of (or under) the rows when there is nothing to show.
    pub note: Option<String>,
}

impl Grid {
    fn section(&mut self, title: &str, headers: &[&'static str], rows: Vec<Vec<Cell>>) {
        self.sections.push(Section {
            title: title.into(),
            headers: headers.to_vec(),
            rows,
        });
    }

    pub fn render(&self, format: Format, out: &Out) -> String {
        match format {
            Format::Csv => self.csv(),
            Format::Md => self.markdown(),
            _ => self.table(out),
        }
    }

    fn table(&self, out: &Out) -> String {
        let mut s = String::new();
        for (i, sec) in self.sections.iter().enumerate() {
            if sec.rows.is_empty() {
                continue;
            }
            if i > 0 {
                s.push('\n');
            }
            if !sec.title.is_empty() {
                s.push_str(&out.bold(&sec.title));
                s.push('\n');
            }
            let right: Vec<bool> = sec.rows[0]
                .iter()
                .map(|c| !matches!(c, Cell::Text(_)))
                .collect();
            let headers: Vec<String> = sec
                .headers
                .iter()
                .zip(&right)
                .map(|(h, r)| if *r { format!(">{h}") } else { h.to_string() })
                .collect();
            let mut table = Table::new(&headers);
            for row in &sec.rows {
                table.row(row.iter().map(Cell::human).collect());
            }
            s.push_str(&table.render(out));
        }
        if let Some(note) = &self.note {
            s.push_str(&out.dim(note));
            s.push('\n');
        }
        s
    }

    /// RFC 4180; sections separated by an empty line. Text cells that a spreadsheet would
    /// run as a formula get the exports' guard (DESIGN §8), so both undo the same way.
    fn csv(&self) -> String {
        let mut parts = Vec::new();
        for sec in &self.sections {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(sec.headers.iter().map(|h| {
                if h.is_empty() {
                    "row".to_string()
                } else {
                    h.to_lowercase()
                }
            }));
            for row in &sec.rows {
                let _ = w.write_record(row.iter().map(|c| match c {
                    Cell::Text(s) => guard(s, false).into_owned(),
                    other => other.plain(),
                }));
            }
            parts.push(String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default());
        }
        parts.join("\n")
    }

    fn markdown(&self) -> String {
        let esc = |s: &str| sanitize_line(s).replace('|', "\\|");
        let mut s = String::new();
        for sec in &self.sections {
            if !sec.title.is_empty() {
                s.push_str(&format!("### {}\n\n", esc(&sec.title)));
            }
            if sec.rows.is_empty() {
                continue;
            }
            let right: Vec<bool> = sec.rows[0]
                .iter()
                .map(|c| !matches!(c, Cell::Text(_)))
                .collect();
            s.push_str(&format!(
                "| {} |\n",
                sec.headers
                    .iter()
                    .map(|h| esc(h))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
            s.push_str(&format!(
                "|{}|\n",
                right
                    .iter()
                    .map(|r| if *r { "---:" } else { "---" })
                    .collect::<Vec<_>>()
                    .join("|")
            ));
            for row in &sec.rows {
                s.push_str(&format!(
                    "| {} |\n",
                    row.iter()
                        .map(|c| esc(&c.human()))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ));
            }
            s.push('\n');
        }
        if let Some(note) = &self.note {
            s.push_str(&format!("_{}_\n", esc(note)));
        }
        s
    }
}

pub fn pipeline(p: &Pipeline) -> Grid {
    let mut g = Grid::default();
    let rows = p
        .rows
        .iter()
        .map(|r| {
            vec![
                t(&r.stage),
                t(r.currency.code()),
                n(r.count),
                Cell::Money(r.value),
                Cell::Money(r.weighted),
            ]
        })
        .collect();
    g.section(
        "",
        &["STAGE", "CURRENCY", "COUNT", "VALUE", "WEIGHTED"],
        rows,
    );
    let totals: Vec<Vec<Cell>> = p
        .totals()
        .iter()
        .map(|r| {
            vec![
                t("total"),
                t(r.currency.code()),
                n(r.count),
                Cell::Money(r.value),
                Cell::Money(r.weighted),
            ]
        })
        .collect();
    if p.rows.is_empty() {
        g.note = Some("No open deals. Open one with: crm deal add TITLE --value AMOUNT".into());
    } else {
        g.section(
            "Totals",
            &["", "CURRENCY", "COUNT", "VALUE", "WEIGHTED"],
            totals,
        );
    }
    g
}

pub fn forecast(ctx: &Ctx, f: &Forecast) -> Grid {
    let mut g = Grid::default();
    let row = |r: &ForecastRow| {
        vec![
            t(if r.month.is_empty() {
                "no date"
            } else {
                &r.month
            }),
            t(r.currency.code()),
            n(r.count),
            Cell::Money(r.value),
            Cell::Money(r.weighted),
        ]
    };
    g.section(
        "By expected close",
        &["MONTH", "CURRENCY", "COUNT", "VALUE", "WEIGHTED"],
        f.months.iter().map(row).collect(),
    );
    g.section(
        "No close date",
        &["MONTH", "CURRENCY", "COUNT", "VALUE", "WEIGHTED"],
        f.undated.iter().map(row).collect(),
    );
    let overdue = f
        .overdue
        .iter()
        .map(|d| {
            let close = d.expected_close.map(|c| c.to_string()).unwrap_or_default();
            vec![
                n(d.id),
                t(&d.title),
                t(d.contact.clone().unwrap_or_default()),
                t(&d.stage),
                t(close),
                t(d.value.currency.code()),
                Cell::Money(d.value),
            ]
        })
        .collect();
    g.section(
        "Overdue (expected close has passed)",
        &[
            "ID", "TITLE", "CONTACT", "STAGE", "CLOSE", "CURRENCY", "VALUE",
        ],
        overdue,
    );
    if f.months.is_empty() && f.overdue.is_empty() && f.undated.is_empty() {
        g.note = Some(format!(
            "No open deals to forecast from {}.",
            ctx.now.today()
        ));
    }
    g
}

pub fn funnel(f: &Funnel) -> Grid {
    let mut g = Grid::default();
    let rows = f
        .stages
        .iter()
        .map(|s| vec![t(&s.stage), n(s.reached), n(s.at_least), pct(s.conversion)])
        .collect();
    g.section("", &["STAGE", "REACHED", "AT LEAST", "CONVERSION"], rows);
    let mut summary = vec![
        vec![t("deals created"), n(f.deals)],
        vec![t("won"), n(f.won)],
        vec![t("lost"), n(f.lost)],
        vec![t("open"), n(f.open)],
        vec![t("win rate"), pct(f.win_rate)],
        vec![t("average cycle (days)"), opt_num(f.avg_cycle_days, 2)],
    ];
    for (cur, v) in &f.avg_won_value {
        summary.push(vec![
            t(format!("average won value ({cur})")),
            Cell::Money(v.rounded()),
        ]);
    }
    for (cur, v) in &f.velocity_per_day {
        summary.push(vec![
            t(format!("velocity per day ({cur})")),
            Cell::Money(v.rounded()),
        ]);
    }
    g.section("Summary", &["MEASURE", "VALUE"], summary);
    if f.deals == 0 {
        g.note = Some("No deals were created in this period; rates are empty (–).".into());
    }
    g
}

pub fn won(w: &Won) -> Grid {
    let mut g = Grid::default();
    let row = |first: &str, r: &WonRow| {
        vec![
            t(first),
            t(r.currency.code()),
            n(r.count),
            Cell::Money(r.value),
        ]
    };
    g.section(
        "Won by close month",
        &["MONTH", "CURRENCY", "COUNT", "VALUE"],
        w.months.iter().map(|r| row(&r.month, r)).collect(),
    );
    g.section(
        "Totals",
        &["", "CURRENCY", "COUNT", "VALUE"],
        w.total.iter().map(|r| row("total", r)).collect(),
    );
    if w.months.is_empty() {
        g.note = Some("No deals were won in this period.".into());
    }
    g
}

pub fn activity(a: &Activity) -> Grid {
    let mut g = Grid::default();
    let weeks = a
        .weeks
        .iter()
        .map(|w| vec![t(&w.week), t(w.kind.as_str()), n(w.count)])
        .collect();
    g.section("Interactions per week", &["WEEK", "KIND", "COUNT"], weeks);
    let top = a
        .top_contacts
        .iter()
        .map(|(id, name, c)| vec![n(id), t(name), n(c)])
        .collect();
    g.section("Most contacted", &["ID", "CONTACT", "COUNT"], top);
    if a.total == 0 {
        g.note = Some("No interactions in this period.".into());
    }
    g
}

pub fn stale(ctx: &Ctx, s: &[StaleContact], days: u32) -> Grid {
    let mut g = Grid::default();
    let rows = s
        .iter()
        .map(|c| {
            vec![
                n(c.contact_id),
                t(&c.contact),
                t(ago(&ctx.now, c.last_contact_at)),
                Cell::Maybe(c.days.map(|d| d as f64), 0),
            ]
        })
        .collect();
    g.section("", &["ID", "CONTACT", "LAST CONTACT", "DAYS"], rows);
    if s.is_empty() {
        g.note = Some(format!("Nobody has gone {days} days without contact."));
    }
    g
}

pub fn lifecycle(l: &[(crate::domain::Lifecycle, i64)]) -> Grid {
    let mut g = Grid::default();
    g.section(
        "",
        &["LIFECYCLE", "COUNT"],
        l.iter().map(|(lc, c)| vec![t(lc.as_str()), n(c)]).collect(),
    );
    if l.iter().all(|(_, c)| *c == 0) {
        g.note = Some("No contacts yet.".into());
    }
    g
}

pub fn satisfaction(s: &Satisfaction) -> Grid {
    let mut g = Grid::default();
    g.section(
        "",
        &["MEASURE", "VALUE"],
        vec![
            vec![t("feedback"), n(s.count)],
            vec![t("mean score"), opt_num(s.mean, 2)],
            vec![t("NPS"), opt_num(s.nps, 1)],
            vec![t("promoters (9-10)"), n(s.promoters)],
            vec![t("passives (7-8)"), n(s.passives)],
            vec![t("detractors (0-6)"), n(s.detractors)],
        ],
    );
    if s.count == 0 {
        g.note = Some(
            "No feedback in this period. Log some with: crm log feedback REF SUMMARY --score 9"
                .into(),
        );
    }
    g
}

pub fn service(s: &Service) -> Grid {
    let mut g = Grid::default();
    g.section(
        "",
        &["MEASURE", "VALUE"],
        vec![
            vec![t("opened"), n(s.opened)],
            vec![t("solved"), n(s.solved)],
            vec![t("breached"), n(s.breached)],
            vec![t("breached, open or pending now"), n(s.breached_open)],
            vec![t("breached, solved in the period"), n(s.breached_solved)],
            vec![
                t("median first response (hours)"),
                opt_num(s.median_first_response_hours, 2),
            ],
            vec![
                t("median resolution (hours)"),
                opt_num(s.median_resolution_hours, 2),
            ],
            vec![t("CSAT (mean feedback score)"), opt_num(s.csat, 2)],
            vec![t("feedback on cases"), n(s.csat_count)],
        ],
    );
    g.section(
        "Open by priority",
        &["PRIORITY", "COUNT"],
        s.open_by_priority
            .iter()
            .map(|(p, c)| vec![t(p.as_str()), n(c)])
            .collect(),
    );
    if s.opened == 0 && s.solved == 0 && s.open_by_priority.iter().all(|(_, c)| *c == 0) {
        g.note = Some(
            "No cases in this period. Open one with: crm case open REF \"what is wrong\" --priority high"
                .into(),
        );
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_text_cells_get_the_same_guard_as_exports() {
        let cells = [
            "=SUM(A1)", "+1", "-x", "@me", "'=quoted", "''twice", "plain", "'ok",
        ];
        let mut g = Grid::default();
        g.section(
            "",
            &["name", "count"],
            cells.iter().map(|c| vec![t(*c), n("-1")]).collect(),
        );
        let csv = g.csv();
        let mut rows = csv.lines().skip(1);
        for cell in cells {
            let expected = crate::export::guard(cell, false);
            assert_eq!(rows.next(), Some(format!("{expected},-1").as_str()));
        }
        assert!(csv.contains("'=SUM(A1),-1"), "{csv}");
        assert!(csv.contains("\n''=quoted,"), "{csv}");
        assert!(csv.contains("\n'ok,"), "{csv}");
    }
}
