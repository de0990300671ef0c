//! The kanban: a column per stage with count, total and weighted value per currency, and
//! deal cards (title, contact, value, close date). Columns scroll sideways when they do not fit.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use ratatui::Frame;

use super::{accent, alert, cut, dim, safe, selected, MARKER};
use crate::domain::money::Money;
use crate::domain::StageId;
use crate::report::from_x100;
use crate::store::DealCard;
use crate::tui::app::App;
use crate::tui::views::pipeline::PipelineState;

const MIN_COLUMN: u16 = 24;
/// Lines of per-currency totals under a column's title.
pub const HEADER_LINES: usize = 3;

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
    let n = p.columns();
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
    let stage = p.stages.get(i);
    let active = i == p.col;
    let count = stage.map_or(0, |s| p.count(s.id));
    let left = if more.0 { "◀ " } else { "" };
    let right = if more.1 { " ▶" } else { "" };
    let name = match stage {
        Some(s) => format!("{} ({count}) {}%", safe(&s.name), s.probability),
        None => crate::tui::views::pipeline::CLOSED[i - p.stages.len()].to_string(),
    };
    let title = cut(
        &format!("{left}{name}{right}"),
        area.width.saturating_sub(2) as usize,
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
    let header = match stage {
        Some(s) => totals_lines(p, s.id, width),
        None => vec![Line::from(Span::styled(
            cut("closed, < or > reopens", width),
            dim(),
        ))],
    };
    let [head, _, body] = Layout::vertical([
        Constraint::Length(HEADER_LINES as u16),
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
        let (style, lines) = card_lines(app, card, active && k == p.row, width);
        frame.render_widget(
            Paragraph::new(lines).style(style),
            Rect {
                height: 3,
                ..slots[k]
            },
        );
    }
    let total = count as usize;
    let more_below = p.more.get(i).copied().unwrap_or(false);
    if more_below && body.height > 0 {
        // With a filter the stage's count is not the number of matches.
        let more = match app.filter() {
            None if total > offset + cards.len() => {
                format!("↓ {} more", total - offset - cards.len())
            }
            _ => "↓ more".to_string(),
        };
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

/// Per currency, largest first; more currencies than lines are counted on the last one.
fn totals_lines(p: &PipelineState, stage: StageId, width: usize) -> Vec<Line<'static>> {
    let mut totals: Vec<_> = p.totals.iter().filter(|t| t.stage_id == stage).collect();
    totals.sort_by_key(|t| std::cmp::Reverse(t.value));
    let mut header: Vec<Line> = Vec::new();
    for (k, t) in totals.iter().enumerate() {
        if k == HEADER_LINES - 1 && totals.len() > HEADER_LINES {
            header.push(Line::from(Span::styled(
                format!("+{} more currencies", totals.len() - k),
                dim(),
            )));
            break;
        }
        let total = Money::new(t.value, t.currency);
        let weighted = Money::new(from_x100(t.weighted_x100), t.currency);
        let text = format!(
            "{} {} · w {}",
            t.currency,
            total.amount_text(),
            weighted.amount_text()
        );
        header.push(Line::from(Span::styled(cut(&text, width), dim())));
    }
    if header.is_empty() {
        header.push(Line::from(Span::styled("no open deals", dim())));
    }
    header
}

/// The card's second line: the contact, and `@owner` when the deal is someone else's.
fn who_line(app: &App, card: &DealCard) -> String {
    let contact = safe(card.contact.as_deref().unwrap_or("—"));
    match super::others(app, card.owner.as_deref()) {
        Some(owner) => format!("{owner} · {contact}"),
        None => contact,
    }
}

/// A deal card: title, contact, amount and close date; the style of the whole card.
fn card_lines(
    app: &App,
    card: &DealCard,
    is_sel: bool,
    width: usize,
) -> (Style, Vec<Line<'static>>) {
    let style = if is_sel { selected() } else { Style::new() };
    // The amount is never cut while there is room for it; the date gives way first.
    let amount = format!("{} {}", card.value.currency, card.value.amount_text());
    let room = width.saturating_sub(amount.chars().count());
    let close_text = match card.expected_close {
        Some(c) if room >= 11 => format!(" {c}"),
        Some(c) if room >= 6 => format!(" {}", c.format("%m-%d")),
        _ => String::new(),
    };
    let late = card.expected_close.is_some_and(|c| c < app.now.today());
    let close = Span::styled(close_text, if late && !is_sel { alert() } else { style });
    // The marker shows the selection without colour; other cards keep their full width.
    let (marker, room) = if is_sel {
        (MARKER, width.saturating_sub(MARKER.chars().count()))
    } else {
        ("", width)
    };
    let lines = vec![
        Line::from(Span::styled(
            format!("{marker}{}", cut(&safe(&card.title), room)),
            style.add_modifier(Modifier::BOLD),
        )),
        Line::from(Span::styled(
            cut(&who_line(app, card), width),
            if is_sel { style } else { dim() },
        )),
        Line::from(vec![Span::styled(cut(&amount, width), style), close]),
    ];
    (style, lines)
}
