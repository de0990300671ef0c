//! The kanban: a column per stage with count, total and weighted value per currency, and
//! deal cards (title, contact, value, close date). Columns scroll sideways when they do not fit.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use ratatui::Frame;

use super::{accent, alert, cut, dim, safe, selected};
use crate::domain::money::Money;
use crate::report::from_x100;
use crate::tui::app::App;

const MIN_COLUMN: u16 = 24;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let p = &app.pipeline;
    if p.stages.is_empty() {
        frame.render_widget(
            Paragraph::new("The pipeline has no stages. Add one with: crm stage add NAME")
                .style(dim()),
            area,
        );
        return;
    }
    let n = p.stages.len();
    let fit = ((area.width / MIN_COLUMN) as usize).clamp(1, n);
    let first = p.col.saturating_sub(fit - 1).min(n - fit);
    let constraints = vec![Constraint::Ratio(1, fit as u32); fit];
    let columns = Layout::horizontal(constraints).split(area);
    for (slot, i) in (first..first + fit).enumerate() {
        draw_column(
            frame,
            app,
            i,
            columns[slot],
            (first > 0 && slot == 0, first + fit < n && slot == fit - 1),
        );
    }
}

fn draw_column(frame: &mut Frame, app: &App, i: usize, area: Rect, more: (bool, bool)) {
    let p = &app.pipeline;
    let stage = &p.stages[i];
    let active = i == p.col;
    let count = p.count(stage.id);
    let left = if more.0 { "◀ " } else { "" };
    let right = if more.1 { " ▶" } else { "" };
    let title = format!(
        "{left}{} ({count}) {}%{right}",
        safe(&stage.name),
        stage.probability
    );
    let border = if active { accent() } else { dim() };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(border)
        .title(Span::styled(
            title,
            Style::new().add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut header: Vec<Line> = p
        .totals
        .iter()
        .filter(|t| t.stage_id == stage.id)
        .take(2)
        .map(|t| {
            let total = Money::new(t.value, t.currency);
            let weighted = Money::new(from_x100(t.weighted_x100), t.currency);
            Line::from(Span::styled(
                cut(
                    &format!(
                        "{} {} · w {}",
                        t.currency,
                        total.amount_text(),
                        weighted.amount_text()
                    ),
                    width,
                ),
                dim(),
            ))
        })
        .collect();
    if header.is_empty() {
        header.push(Line::from(Span::styled("no open deals", dim())));
    }
    while header.len() < 2 {
        header.push(Line::from(""));
    }
    let [head, _, body] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(header), head);
    let cards = p.cards.get(i).map(Vec::as_slice).unwrap_or(&[]);
    let offset = p.offsets.get(i).copied().unwrap_or(0);
    let slots = Layout::vertical(vec![
        Constraint::Length(4);
        (body.height / 4).max(1) as usize
    ])
    .split(body);
    for (k, card) in cards.iter().enumerate().take(slots.len()) {
        let is_sel = active && k == p.row;
        let style = if is_sel { selected() } else { Style::new() };
        let close = match card.expected_close {
            Some(c) if c < app.now.today() => {
                Span::styled(format!(" {c}"), if is_sel { style } else { alert() })
            }
            Some(c) => Span::styled(format!(" {c}"), style),
            None => Span::raw(""),
        };
        let lines = vec![
            Line::from(Span::styled(
                cut(&safe(&card.title), width),
                style.add_modifier(Modifier::BOLD),
            )),
            Line::from(Span::styled(
                cut(&safe(card.contact.as_deref().unwrap_or("—")), width),
                if is_sel { style } else { dim() },
            )),
            Line::from(vec![
                Span::styled(
                    cut(
                        &format!("{} {}", card.value.currency, card.value.amount_text()),
                        width.saturating_sub(13),
                    ),
                    style,
                ),
                close,
            ]),
        ];
        frame.render_widget(
            Paragraph::new(lines).style(style),
            Rect {
                height: 3,
                ..slots[k]
            },
        );
    }
    let total = count as usize;
    if total > offset + cards.len() && body.height > 0 {
        let more = format!("↓ {} more", total - offset - cards.len());
        let y = body.y + body.height - 1;
        frame.render_widget(
            Paragraph::new(Span::styled(more, dim())),
            Rect {
                y,
                height: 1,
                ..body
            },
        );
    }
}
