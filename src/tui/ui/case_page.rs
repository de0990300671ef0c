//! A support case's page: its fields and where it stands against its targets on the left,
//! the interactions filed under it on the right (newest first; `Enter` opens one).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::contact_page::{heading, panel, timeline_panel};
use super::{alert, cut, dim, safe, MARKER, NO_MARKER};
use crate::domain::case::{clock_text, span, Standing};
use crate::format::local_time;
use crate::tui::app::App;
use crate::tui::views::cases::{CasePage, TIMELINE};

pub fn draw(frame: &mut Frame, app: &App, p: &CasePage, area: Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(area);
    let k = &p.case;
    let now = app.now.utc;
    let width = left.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let field = |label: &str, value: String, style: Style| {
        (!value.trim().is_empty()).then(|| {
            Line::from(vec![
                Span::styled(format!("{:<10}", cut(label, 9)), dim()),
                Span::styled(cut(&safe(&value), width.saturating_sub(10)), style),
            ])
        })
    };
    let plain = Style::new();
    lines.extend(field("Contact", k.contact.clone(), plain));
    lines.extend(field("Priority", k.priority.to_string(), plain));
    lines.extend(field("Status", k.status.to_string(), plain));
    lines.extend(field("Owner", k.owner.clone().unwrap_or_default(), plain));
    lines.extend(field(
        "Opened",
        format!(
            "{} ({} ago)",
            local_time(&app.now, k.opened_at),
            span(now - k.opened_at)
        ),
        plain,
    ));
    lines.extend(field(
        "Replied",
        k.first_response_at
            .map_or("not yet".into(), |at| local_time(&app.now, at)),
        plain,
    ));
    lines.extend(field(
        "Solved",
        k.solved_at
            .map(|at| local_time(&app.now, at))
            .unwrap_or_default(),
        plain,
    ));
    lines.extend(field(
        "Deal",
        k.deal_id.map(|d| format!("#{d}")).unwrap_or_default(),
        plain,
    ));
    lines.push(Line::from(""));
    lines.push(heading("Targets".into()));
    for c in app.targets.clocks(k, now) {
        let style = if c.standing == Standing::Breached {
            alert()
        } else {
            plain
        };
        let label = match c.target {
            crate::domain::case::Target::FirstResponse => "Reply",
            crate::domain::case::Target::Resolution => "Solve",
        };
        let mark = if c.standing == Standing::Breached {
            "! "
        } else {
            ""
        };
        lines.extend(field(
            label,
            format!("{mark}{}", clock_text(&c, now)),
            style,
        ));
        lines.extend(field(
            "",
            format!("by {}", local_time(&app.now, c.due)),
            dim(),
        ));
    }
    if let Some(res) = k.resolution.as_deref().filter(|r| !r.trim().is_empty()) {
        lines.push(Line::from(""));
        lines.push(heading("Resolution".into()));
        for l in res.lines().take(6) {
            lines.push(Line::from(cut(&safe(l), width)));
        }
    }
    let title = cut(&format!("Case #{} {}", k.id, safe(&k.title)), width);
    frame.render_widget(Paragraph::new(lines).block(panel(title)), left);
    timeline(frame, app, p, right);
}

/// The case's interactions, one line each, the selected one marked and kept in view.
fn timeline(frame: &mut Frame, app: &App, p: &CasePage, area: Rect) {
    let list = &p.timeline;
    timeline_panel(
        frame,
        area,
        (list.len(), TIMELINE),
        p.sel,
        "nothing filed yet: r replies, n adds a note",
        |k, is_sel| {
            let i = &list[k];
            let when = local_time(&app.now, i.occurred_at);
            let dir = i.direction.map(|d| format!(" {d}")).unwrap_or_default();
            let marker = if is_sel { MARKER } else { NO_MARKER };
            let text = format!(
                "{marker}{when} {:<10}{}",
                format!("{}{dir}", i.kind),
                safe(&i.summary)
            );
            (text, is_sel)
        },
    );
}
