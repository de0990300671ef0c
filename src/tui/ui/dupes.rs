//! The duplicate review: the pair's score and reasons on top, both records side by side
//! below, the review's keys at the foot.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use ratatui::Frame;

use super::{accent, cut, dim, safe};
use crate::domain::Contact;
use crate::format::local_time;
use crate::tui::app::App;
use crate::tui::views::dupes::Review;

pub fn draw(frame: &mut Frame, app: &App, review: &Review, area: Rect) {
    let Some(c) = review.current() else {
        frame.render_widget(
            Paragraph::new("No likely duplicates left. Esc goes back.").style(dim()),
            area,
        );
        return;
    };
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = format!(
        " Duplicates: pair {} of {} · score {} ",
        review.sel + 1,
        review.pairs.len(),
        c.pair.score
    );
    let reasons = safe(&c.pair.reasons.join("; "));
    frame.render_widget(
        Paragraph::new(Line::from(reasons))
            .wrap(Wrap { trim: true })
            .block(
                Block::bordered()
                    .border_type(BorderType::Rounded)
                    .border_style(accent())
                    .title(Span::styled(
                        title,
                        Style::new().add_modifier(Modifier::BOLD),
                    )),
            ),
        head,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    record(frame, app, &c.a, "keeps", left);
    record(frame, app, &c.b, "joins it", right);
    let keys = [
        ("m", "merge into the left"),
        ("k", "keep both"),
        ("j/n", "next"),
        ("p", "previous"),
        ("Esc", "back"),
    ];
    let mut spans = Vec::new();
    for (k, what) in keys {
        spans.push(Span::styled(k, accent()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), foot);
}

fn record(frame: &mut Frame, app: &App, c: &Contact, role: &str, area: Rect) {
    let width = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut field = |label: &str, value: String| {
        if !value.trim().is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<10}", cut(label, 9)), dim()),
                Span::raw(cut(&safe(&value), width.saturating_sub(10))),
            ]));
        }
    };
    for (k, e) in c.emails.iter().enumerate() {
        field(if k == 0 { "E-mail" } else { "" }, e.clone());
    }
    for (k, ph) in c.phones.iter().enumerate() {
        field(if k == 0 { "Phone" } else { "" }, ph.clone());
    }
    field("Company", c.company.clone().unwrap_or_default());
    field("Title", c.title.clone().unwrap_or_default());
    field("Lifecycle", c.lifecycle.to_string());
    field("Tags", c.tags.join(", "));
    field("Source", c.source.clone().unwrap_or_default());
    field("Added", local_time(&app.now, c.created_at));
    let title = format!(" #{} {} ({role}) ", c.id, cut(&safe(&c.name), width / 2));
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(accent())
                .title(Span::styled(
                    title,
                    Style::new().add_modifier(Modifier::BOLD),
                )),
        ),
        area,
    );
}
