//! A contact's full page: every field, deals and tasks on the left, the timeline on the
//! right (scrolled to keep the selected entry in view); an opened entry shows its body.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use ratatui::Frame;

use super::{accent, alert, cut, dim, safe, selected, MARKER, NO_MARKER};
use crate::domain::{DealStatus, Due, Interaction};
use crate::format::{ago, local_time};
use crate::tui::app::App;
use crate::tui::views::contact_page::{ContactPage, Page, TIMELINE};

pub fn draw(frame: &mut Frame, app: &App, page: &Page, area: Rect) {
    match page {
        Page::Contact(p) => contact(frame, app, p, area),
        Page::Entry(i) => entry(frame, app, i, area),
        Page::Dupes(r) => super::dupes::draw(frame, app, r, area),
        Page::Case(p) => super::case_page::draw(frame, app, p, area),
    }
}

pub(super) fn panel(title: String) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(accent())
        .title(Span::styled(
            title,
            Style::new().add_modifier(Modifier::BOLD),
        ))
}

pub(super) fn heading(text: String) -> Line<'static> {
    Line::from(Span::styled(text, accent().add_modifier(Modifier::BOLD)))
}

fn contact(frame: &mut Frame, app: &App, p: &ContactPage, area: Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(area);
    let d = &p.detail;
    let c = &d.contact;
    let width = left.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut field = |label: &str, value: String| {
        if !value.trim().is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<10}", cut(label, 9)), dim()),
                Span::raw(cut(&safe(&value), width.saturating_sub(10))),
            ]));
        }
    };
    field("Company", c.company.clone().unwrap_or_default());
    field("Title", c.title.clone().unwrap_or_default());
    for (k, e) in c.emails.iter().enumerate() {
        field(if k == 0 { "E-mail" } else { "" }, e.clone());
    }
    for (k, ph) in c.phones.iter().enumerate() {
        field(if k == 0 { "Phone" } else { "" }, ph.clone());
    }
    field("Lifecycle", c.lifecycle.to_string());
    field(
        "Score",
        d.score.map(|s| format!("{s}/100")).unwrap_or_default(),
    );
    field("Tags", c.tags.join(", "));
    field("Source", c.source.clone().unwrap_or_default());
    let since = app.now.to_local(crate::domain::cadence::since(c));
    field("Every", app.cadence.describe(c, since).unwrap_or_default());
    field(
        "Birthday",
        c.birthday.map(|b| b.to_string()).unwrap_or_default(),
    );
    for (k, v) in &c.fields {
        field(&safe(k), v.clone());
    }
    field("Last", ago(&app.now, c.last_contact_at));
    field("Added", local_time(&app.now, c.created_at));
    field("Changed", local_time(&app.now, c.updated_at));
    if let Some(notes) = c.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        lines.push(Line::from(Span::styled("Notes", dim())));
        for l in notes.lines().take(4) {
            lines.push(Line::from(cut(&safe(l), width)));
        }
    }
    lines.push(Line::from(""));
    lines.push(heading(format!("Deals ({})", d.deals.len())));
    for deal in &d.deals {
        let state = match deal.status {
            DealStatus::Open => safe(&deal.stage),
            other => other.to_string(),
        };
        let style = match deal.status {
            DealStatus::Open => Style::new(),
            _ => dim(),
        };
        lines.push(Line::from(Span::styled(
            cut(
                &format!("  {} · {state} · {}", safe(&deal.title), deal.value),
                width,
            ),
            style,
        )));
    }
    lines.push(heading(format!(
        "Tasks ({} open)",
        d.tasks.iter().filter(|t| t.done_at.is_none()).count()
    )));
    for t in &d.tasks {
        let (due, late) = match t.due {
            Some(Due::Day(day)) => (day.to_string(), day < app.now.today()),
            Some(Due::At(at)) => (local_time(&app.now, at), at < app.now.utc),
            None => ("someday".to_string(), false),
        };
        let done = t.done_at.is_some();
        let style = match (done, late) {
            (true, _) => dim(),
            (false, true) => alert(),
            _ => Style::new(),
        };
        let mark = if done { "[x]" } else { "[ ]" };
        lines.push(Line::from(Span::styled(
            cut(&format!("  {mark} {due} {}", safe(&t.title)), width),
            style,
        )));
    }
    let selected_line = cases(app, p, width, &mut lines);
    let title = cut(
        &format!("#{} {}", c.id, safe(&c.name)),
        left.width.saturating_sub(2) as usize,
    );
    // A selected case below the panel's bottom scrolls the fields up so it shows.
    let inner = left.height.saturating_sub(2) as usize;
    let offset = selected_line.map_or(0, |l| (l + 1).saturating_sub(inner));
    frame.render_widget(
        Paragraph::new(lines)
            .block(panel(title))
            .scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0)),
        left,
    );
    timeline(frame, app, p, right);
}

/// The contact's cases, when there are any: live ones with where they stand (a `!` on
/// those past a target), the rest dimmed. Returns the line of the selected case.
fn cases(
    app: &App,
    p: &ContactPage,
    width: usize,
    lines: &mut Vec<Line<'static>>,
) -> Option<usize> {
    use crate::domain::case::Status;
    if p.cases.is_empty() {
        return None;
    }
    let mut selected_line = None;
    let live = |k: &&crate::domain::case::Case| matches!(k.status, Status::Open | Status::Pending);
    let hint = if p.case_sel.is_some() {
        "Enter opens · l back"
    } else {
        "h selects"
    };
    lines.push(heading(format!(
        "Cases ({} open) · {hint}",
        p.cases.iter().filter(live).count()
    )));
    for (at, k) in p.cases.iter().enumerate() {
        let is_sel = p.case_sel == Some(at);
        let marker = if is_sel { MARKER } else { NO_MARKER };
        let (text, style) = if live(&k) {
            let late = app.targets.breached(k, app.now.utc);
            let standing = super::cases::next_target(app, k);
            let mark = if late { "!" } else { " " };
            let text = format!(
                "{marker}{mark}{} · {} · {} · {standing}",
                k.priority,
                k.status,
                safe(&k.title)
            );
            (text, if late { alert() } else { Style::new() })
        } else {
            let text = format!(
                "{marker} {} · {} · {}",
                k.priority,
                k.status,
                safe(&k.title)
            );
            (text, dim())
        };
        let style = if is_sel { selected() } else { style };
        if is_sel {
            selected_line = Some(lines.len());
        }
        lines.push(Line::from(Span::styled(cut(&text, width), style)));
    }
    selected_line
}

/// The timeline, one line per entry, the selected one marked and kept in view.
fn timeline(frame: &mut Frame, app: &App, p: &ContactPage, area: Rect) {
    let list = &p.detail.interactions;
    // While the cases hold the focus, no timeline entry is marked.
    let (sel, focused) = (p.sel, p.case_sel.is_none());
    timeline_panel(
        frame,
        area,
        (list.len(), TIMELINE),
        sel,
        "nothing logged yet: c call, m meeting, n note, L any",
        |k, is_sel| {
            let i = &list[k];
            let is_sel = is_sel && focused;
            let marker = if is_sel { MARKER } else { NO_MARKER };
            let when = app
                .now
                .to_local(i.occurred_at)
                .format("%Y-%m-%d")
                .to_string();
            let dir = i.direction.map(|d| format!(" {d}")).unwrap_or_default();
            let score = i.score.map(|s| format!(" [{s}/10]")).unwrap_or_default();
            let text = format!(
                "{marker}{when} {:<12}{}{score}",
                format!("{}{dir}", i.kind),
                safe(&i.summary)
            );
            (text, is_sel)
        },
    );
}

/// A timeline panel (the contact page's, a case page's): its count in the title ("newest
/// n" once the read hit its `limit`), a window of `n` rows that keeps row `sel` in view,
/// and `empty` when there are none. `row(k,
/// is_sel)` gives row k's text and whether it is drawn selected.
pub(super) fn timeline_panel(
    frame: &mut Frame,
    area: Rect,
    (n, limit): (usize, usize),
    sel: usize,
    empty: &str,
    row: impl Fn(usize, bool) -> (String, bool),
) {
    let count = if n >= limit {
        format!("newest {n}")
    } else {
        n.to_string()
    };
    let title = cut(
        &format!("Timeline ({count}) · Enter opens · Esc back"),
        area.width.saturating_sub(2) as usize,
    );
    let block = panel(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = inner.height as usize;
    let top = (sel + 1).saturating_sub(rows);
    let width = inner.width as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    for k in (top..n).take(rows) {
        let (text, is_sel) = row(k, k == sel);
        let style = if is_sel { selected() } else { Style::new() };
        lines.push(Line::from(Span::styled(cut(&text, width), style)));
    }
    if n == 0 {
        lines.push(Line::from(Span::styled(cut(empty, width), dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One timeline entry with everything it holds.
fn entry(frame: &mut Frame, app: &App, i: &Interaction, area: Rect) {
    let width = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut field = |label: &str, value: String| {
        if !value.is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("{label:<10}"), dim()),
                Span::raw(cut(&safe(&value), width.saturating_sub(10))),
            ]));
        }
    };
    field("Contact", i.contact.clone());
    field("Kind", i.kind.to_string());
    field(
        "Direction",
        i.direction.map(|d| d.to_string()).unwrap_or_default(),
    );
    field("When", local_time(&app.now, i.occurred_at));
    field(
        "Duration",
        i.duration_min
            .map(|m| format!("{m} min"))
            .unwrap_or_default(),
    );
    field(
        "Score",
        i.score.map(|s| format!("{s}/10")).unwrap_or_default(),
    );
    field(
        "Deal",
        i.deal_id.map(|d| format!("#{d}")).unwrap_or_default(),
    );
    field("Summary", i.summary.clone());
    lines.push(Line::from(""));
    match i.body.as_deref().filter(|b| !b.trim().is_empty()) {
        Some(body) => {
            for l in crate::domain::text::sanitize(body).lines() {
                lines.push(Line::from(l.replace('\t', "    ")));
            }
        }
        None => lines.push(Line::from(Span::styled("(no body)", dim()))),
    }
    let title = cut(
        &format!("#{} {} with {} · Esc back", i.id, i.kind, safe(&i.contact)),
        width,
    );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(panel(title)),
        area,
    );
}
