//! Drawing: `draw(&App)` renders the state; it never queries or writes. Every text that
//! came from the database or a file goes through `safe` first (DESIGN §8).

mod activity;
mod case_page;
mod cases;
mod contact_page;
mod contacts;
mod dashboard;
mod dupes;
mod overlays;
mod pipeline;
mod today;

pub use pipeline::HEADER_LINES;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, Paragraph, Table};
use ratatui::Frame;

use super::app::{App, Popup, View};
use super::keys::Action;

/// Untrusted text made safe to draw on one line.
pub fn safe(s: &str) -> String {
    crate::domain::text::sanitize_line(s).into_owned()
}

pub fn accent() -> Style {
    Style::new().fg(Color::Cyan)
}
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}
pub fn selected() -> Style {
    Style::new()
        .bg(Color::Blue)
        .fg(Color::White)
        .add_modifier(Modifier::BOLD)
}
pub fn alert() -> Style {
    Style::new().fg(Color::Red)
}

/// Marks the selected row in every list, so the selection shows without colour.
pub const MARKER: &str = "▶ ";
/// The space the marker takes on rows that are not selected.
pub const NO_MARKER: &str = "  ";

/// A list's table with the selection marker (always in its own column) and highlight.
pub fn marked(table: Table<'_>) -> Table<'_> {
    table
        .highlight_symbol(MARKER)
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(selected())
}

/// The widths a marked table gives its columns inside `inner` columns (as ratatui lays
/// them out), so cells can be cut with `…` to fit.
/// `@robin` for a record someone else owns (DESIGN §14); nothing for the acting user's or
/// nobody's, so a solo user never sees it.
pub fn others(app: &crate::tui::app::App, owner: Option<&str>) -> Option<String> {
    owner
        .filter(|o| Some(*o) != app.now.by)
        .map(|o| format!("@{}", safe(o)))
}

pub fn column_widths(widths: &[Constraint], inner: u16) -> Vec<usize> {
    let marker = MARKER.chars().count() as u16;
    let area = Rect::new(0, 0, inner.saturating_sub(marker), 1);
    Layout::horizontal(widths.to_vec())
        .spacing(1)
        .split(area)
        .iter()
        .map(|r| r.width as usize)
        .collect()
}

pub fn draw(frame: &mut Frame, app: &App) {
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    draw_tabs(frame, app, tabs);
    if !app.loaded {
        frame.render_widget(Paragraph::new("Loading…").style(dim()), body);
    } else if let Some(page) = app.pages.last() {
        contact_page::draw(frame, app, page, body);
    } else if app.empty {
        overlays::welcome(frame, app, body);
    } else {
        match app.view {
            View::Pipeline => pipeline::draw(frame, app, body),
            View::Contacts => contacts::draw(frame, app, body),
            View::Activity => activity::draw(frame, app, body),
            View::Today => today::draw(frame, app, body),
            View::Dashboard => dashboard::draw(frame, app, body),
            View::Cases => cases::draw(frame, app, body),
        }
    }
    draw_status(frame, app, status);
    match &app.popup {
        Some(Popup::Help) => overlays::help(frame, app),
        Some(Popup::Confirm { message, .. }) => overlays::confirm(frame, message),
        Some(Popup::Form(form)) => overlays::form(frame, form),
        Some(Popup::PickKind { sel, .. }) => overlays::pick_kind(frame, *sel),
        None => {}
    }
    if !app.color {
        // NO_COLOR: every colour goes, bold and reverse stay (the marker shows the selection).
        for cell in frame.buffer_mut().content.iter_mut() {
            cell.fg = Color::Reset;
            cell.bg = Color::Reset;
        }
    }
}

fn draw_tabs(frame: &mut Frame, app: &App, area: Rect) {
    let mut spans = vec![
        Span::styled(
            " crm ",
            Style::new()
                .add_modifier(Modifier::BOLD)
                .fg(Color::Black)
                .bg(Color::Cyan),
        ),
        Span::raw(" "),
    ];
    // On a narrow screen only the shown view keeps its name; the others their number.
    let full: usize = 6 + View::ALL.iter().map(|v| v.title().len() + 4).sum::<usize>();
    let compact = full > area.width as usize;
    for v in View::ALL {
        let label = if compact && v != app.view {
            format!(" {} ", v.index() + 1)
        } else {
            format!(" {} {} ", v.index() + 1, v.title())
        };
        let style = if v == app.view {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new()
        };
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    let line = if app.filter_editing {
        // A bad `:expression` says where, in place of the hint.
        let hint = match (&app.filter_error, app.view) {
            (Some(e), View::Contacts) => {
                Span::styled(cut(&format!("  {e}"), area.width as usize), alert())
            }
            _ => Span::styled("  Enter keep · Esc clear", dim()),
        };
        Line::from(vec![
            Span::styled("/", accent()),
            Span::raw(safe(&app.filters[app.view.index()])),
            Span::styled("█", accent()),
            hint,
        ])
    } else if let (None, false) = (&app.status, app.waiting.is_empty()) {
        // A write met another crm's write lock: it waits off the key loop.
        let n = app.waiting.len();
        let more = if n > 1 {
            format!(" ({n} changes)")
        } else {
            String::new()
        };
        Line::from(Span::styled(
            cut(
                &format!("waiting for another crm…{more}"),
                area.width as usize,
            ),
            Style::new().fg(Color::Yellow),
        ))
    } else if let Some(s) = &app.status {
        Line::from(Span::styled(
            cut(&safe(&s.text), area.width as usize),
            if s.error {
                alert()
            } else {
                Style::new().fg(Color::Green)
            },
        ))
    } else {
        // Whole hints only, as many as fit; the filter is cut with `…` if need be.
        let mut spans = Vec::new();
        let mut used = 0;
        for (key, what) in hints(app) {
            let (k, w) = (format!(" {key} "), format!("{what} "));
            let len = k.chars().count() + w.chars().count();
            if used + len > area.width as usize {
                break;
            }
            used += len;
            spans.push(Span::styled(k, accent()));
            spans.push(Span::styled(w, dim()));
        }
        if let Some(f) = app.filter() {
            let room = (area.width as usize).saturating_sub(used);
            if room > 10 {
                spans.push(Span::styled(
                    cut(&format!(" filter: {}", safe(f)), room),
                    Style::new().fg(Color::Yellow),
                ));
            }
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The footer's key hints: only keys that do something in the shown view.
fn hints(app: &App) -> Vec<(String, &'static str)> {
    let k = |a: Action| app.keymap.key_for(a);
    let mut hints = vec![(k(Action::Help), "help")];
    if matches!(
        app.pages.last(),
        Some(crate::tui::views::contact_page::Page::Dupes(_))
    ) {
        // The review draws its own keys.
        hints.push((k(Action::Quit), "quit"));
        return hints;
    }
    if matches!(
        app.pages.last(),
        Some(crate::tui::views::contact_page::Page::Case(_))
    ) {
        hints.push((k(Action::Close), "back"));
        hints.extend(case_hints(app));
        hints.extend([(k(Action::Edit), "edit"), (k(Action::Delete), "delete")]);
        hints.push((k(Action::Quit), "quit"));
        return hints;
    }
    if !app.pages.is_empty() {
        hints.extend([
            (k(Action::Close), "back"),
            (k(Action::Open), "open"),
            (k(Action::LogAny), "log"),
            (k(Action::AddTask), "task"),
        ]);
        if matches!(
            app.pages.last(),
            Some(crate::tui::views::contact_page::Page::Entry(_))
        ) {
            hints.extend([(k(Action::Edit), "edit"), (k(Action::Delete), "delete")]);
        }
        hints.push((k(Action::Quit), "quit"));
        return hints;
    }
    if app.view != View::Dashboard {
        hints.push((k(Action::Filter), "filter"));
    }
    if matches!(
        app.view,
        View::Pipeline | View::Contacts | View::Today | View::Cases
    ) {
        hints.push((k(Action::Add), "add"));
    }
    match app.view {
        View::Pipeline => hints.extend([
            (
                format!("{}/{}", k(Action::MovePrev), k(Action::MoveNext)),
                "move",
            ),
            (k(Action::Won), "won"),
            (k(Action::Lost), "lost"),
            (k(Action::ToggleShowDone), "closed"),
            (k(Action::LogAny), "log"),
        ]),
        View::Contacts => hints.extend([
            (k(Action::Open), "open"),
            (k(Action::Edit), "edit"),
            (k(Action::LogAny), "log"),
            (k(Action::AddTask), "task"),
        ]),
        View::Activity => hints.extend([
            (k(Action::Edit), "edit"),
            (k(Action::Delete), "delete"),
            (k(Action::CycleKind), "kind"),
        ]),
        View::Today => hints.extend([
            (k(Action::ToggleDone), "done"),
            (k(Action::Snooze), "snooze"),
            (k(Action::Edit), "edit"),
            (k(Action::ToggleShowDone), "show done"),
        ]),
        View::Dashboard => {}
        View::Cases => hints.extend(case_hints(app)),
    }
    hints.push((k(Action::Quit), "quit"));
    // Offered once this session has changed something (last: it gives way on a narrow
    // screen before quit does).
    if !app.undo.is_empty() {
        hints.push((k(Action::Undo), "undo"));
    }
    hints
}

/// The keys that act on a case.
fn case_hints(app: &App) -> Vec<(String, &'static str)> {
    let k = |a: Action| app.keymap.key_for(a);
    vec![
        (k(Action::Reply), "reply"),
        (k(Action::LogNote), "note"),
        (k(Action::Pending), "pending"),
        (k(Action::PickSegment), "solve"),
        (k(Action::Reopen), "reopen"),
    ]
}

/// A dim line inside an empty list.
pub fn empty_note(frame: &mut Frame, area: Rect, msg: &str) {
    frame.render_widget(
        Paragraph::new(Span::styled(msg.to_string(), dim())),
        Rect {
            x: area.x + 2,
            y: area.y + 2,
            width: area.width.saturating_sub(4),
            height: 1,
        },
    );
}

/// A rectangle of `w`×`h` centred in `area` (shrunk to fit).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Cuts a line of styled spans to `width` columns, ending with `…` when it is cut.
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    use unicode_width::UnicodeWidthStr;
    let total: usize = line.spans.iter().map(|s| s.content.width()).sum();
    if total <= width {
        return line;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let w = span.content.width();
        if used + w < width {
            used += w;
            spans.push(span);
            continue;
        }
        spans.push(Span::styled(cut(&span.content, width - used), span.style));
        break;
    }
    Line::from(spans)
}

/// Cuts a string to `max` columns with an ellipsis.
pub fn cut(s: &str, max: usize) -> String {
    crate::domain::text::fit(s, max.max(1))
}

/// A list's title with the view's filter, if any, cut to the frame.
pub(super) fn list_title(app: &App, mut title: String, area: Rect) -> String {
    if let Some(f) = app.filter() {
        title.push_str(&format!(" · filter “{}”", safe(f)));
    }
    cut(&title, area.width.saturating_sub(2) as usize)
}
