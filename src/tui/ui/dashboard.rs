//! The dashboard: headline KPIs, pipeline value by stage, activity per week, the
//! lifecycle funnel and support cases, from the same report structs as `crm report`.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, BorderType, Paragraph};
use ratatui::Frame;

use super::{accent, alert, dim, safe};
use crate::tui::app::App;
use crate::tui::views::dashboard::Dashboard;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(d) = &app.dashboard else {
        frame.render_widget(Paragraph::new("Loading…").style(dim()), area);
        return;
    };
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(area);
    let [kpi, stages] =
        Layout::horizontal([Constraint::Length(38), Constraint::Fill(1)]).areas(top);
    // The week chart keeps room for twelve labelled bars (38 columns); the service panel
    // is as narrow as its lines.
    let columns = if bottom.width < 110 {
        [
            Constraint::Length(38),
            Constraint::Fill(1),
            Constraint::Length(22),
        ]
    } else {
        [
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Length(28),
        ]
    };
    let [weeks, funnel, cases] = Layout::horizontal(columns).areas(bottom);

    kpis(frame, d, kpi);
    stage_values(frame, d, stages);
    activity_weeks(frame, d, app.now.today(), weeks);
    lifecycle(frame, d, funnel);
    service(frame, d, cases);
}

/// Support cases: open ones by priority and those past a target now; median response
/// times and CSAT over the twelve weeks.
fn service(frame: &mut Frame, d: &Dashboard, area: Rect) {
    let s = &d.service;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let open: i64 = s.open_by_priority.iter().map(|(_, n)| n).sum();
    let by = |from: usize| {
        let pair: Vec<String> = s.open_by_priority[from..(from + 2).min(s.open_by_priority.len())]
            .iter()
            .map(|(p, n)| format!("{p} {n}"))
            .collect();
        Line::from(Span::styled(format!("  {}", pair.join(" · ")), dim()))
    };
    let hours = |h: Option<f64>| h.map_or("–".to_string(), |h| format!("{h:.1} h"));
    let row = |label: &str, value: String, style: Style| {
        Line::from(vec![
            Span::styled(format!("{label:<11}"), dim()),
            Span::styled(value, style),
        ])
    };
    let breached_style = if s.breached_open > 0 {
        alert()
    } else {
        Style::new()
    };
    let lines = vec![
        row("Open", open.to_string(), bold),
        by(0),
        by(2),
        row(
            "Breached",
            s.breached_open.to_string(),
            breached_style.add_modifier(Modifier::BOLD),
        ),
        row("1st reply", hours(s.median_first_response_hours), bold),
        row("Resolution", hours(s.median_resolution_hours), bold),
        row(
            "CSAT",
            s.csat.map_or("–".to_string(), |c| format!("{c:.1}")),
            bold,
        ),
    ];
    let width = area.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| crate::tui::ui::fit_line(l, width))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(panel("Cases")), area);
}

/// Headline KPIs.
fn kpis(frame: &mut Frame, d: &Dashboard, area: Rect) {
    let totals = d.pipeline.totals();
    let rate = d
        .funnel
        .win_rate
        .map_or("–".to_string(), |r| format!("{:.0}%", r * 100.0));
    let overdue_style = if d.overdue_tasks > 0 {
        alert()
    } else {
        Style::new()
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Win rate       ", dim()),
            Span::styled(rate, Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(
                format!(" ({} won, {} lost)", d.funnel.won, d.funnel.lost),
                dim(),
            ),
        ]),
        Line::from(vec![
            Span::styled("Overdue tasks  ", dim()),
            Span::styled(
                d.overdue_tasks.to_string(),
                overdue_style.add_modifier(Modifier::BOLD),
            ),
        ]),
        Line::from(Span::styled("Open pipeline → weighted forecast", dim())),
    ];
    if totals.is_empty() {
        lines.push(Line::from("  no open deals"));
    }
    for t in &totals {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {} {}", t.currency, t.value.amount_text()),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!(" → {}", t.weighted.amount_text()), accent()),
            Span::styled(format!(" ({})", t.count), dim()),
        ]));
    }
    let width = area.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| crate::tui::ui::fit_line(l, width))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(panel("Headline")), area);
}

/// Pipeline value by stage, in the currency with the most open value.
fn stage_values(frame: &mut Frame, d: &Dashboard, area: Rect) {
    let totals = d.pipeline.totals();
    let main = totals
        .iter()
        .max_by_key(|t| t.value.minor)
        .map(|t| t.currency);
    let rows: Vec<_> = d
        .pipeline
        .rows
        .iter()
        .filter(|r| Some(r.currency) == main)
        .collect();
    let width = bar_width(area.width, rows.len());
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| {
            let major = r.value.minor / 10i64.pow(r.currency.exponent() as u32);
            Bar::default()
                .value(major.max(0) as u64)
                .label(Line::from(crate::tui::ui::cut(
                    &safe(&r.stage),
                    width as usize,
                )))
                .text_value(compact(major))
        })
        .collect();
    let title = main.map_or("Pipeline value by stage".to_string(), |c| {
        format!("Pipeline value by stage ({c})")
    });
    let chart = BarChart::default()
        .block(panel(&title))
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(1)
        .bar_style(accent())
        .value_style(Style::new().fg(Color::Black).bg(Color::Cyan));
    frame.render_widget(chart, area);
}

/// Interactions per ISO week (all kinds): always the last twelve weeks, empty ones as 0,
/// the bars as wide as the panel allows.
fn activity_weeks(frame: &mut Frame, d: &Dashboard, today: chrono::NaiveDate, area: Rect) {
    let names = crate::tui::views::dashboard::week_names(today);
    let counts: Vec<u64> = names
        .iter()
        .map(|name| {
            d.activity
                .weeks
                .iter()
                .filter(|w| w.week == *name)
                .map(|w| w.count as u64)
                .sum()
        })
        .collect();
    let n = names.len() as u16;
    let inner = area.width.saturating_sub(2);
    let gap = u16::from(inner >= 2 * n + (n - 1));
    let width = (inner.saturating_sub(gap * (n - 1)) / n).max(1);
    let bars: Vec<Bar> = names
        .iter()
        .zip(&counts)
        .map(|(w, n)| {
            let week = w.rsplit('W').next().unwrap_or("").to_string();
            Bar::default()
                .value(*n)
                .label(Line::from(week))
                .text_value(if width >= 3 {
                    compact(*n as i64)
                } else {
                    String::new()
                })
        })
        .collect();
    let title = crate::tui::ui::cut(
        "Activity per week (12 weeks)",
        area.width.saturating_sub(2) as usize,
    );
    let chart = BarChart::default()
        .block(panel(&title))
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(gap)
        .bar_style(Style::new().fg(Color::Green));
    frame.render_widget(chart, area);
}

/// Lifecycle funnel, horizontal.
fn lifecycle(frame: &mut Frame, d: &Dashboard, area: Rect) {
    let bars: Vec<Bar> = d
        .lifecycle
        .iter()
        .map(|(l, n)| {
            Bar::default()
                .value(*n as u64)
                .label(Line::from(l.as_str()))
                .text_value(n.to_string())
        })
        .collect();
    let chart = BarChart::default()
        .block(panel("Lifecycle"))
        .direction(Direction::Horizontal)
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(Style::new().fg(Color::Magenta));
    frame.render_widget(chart, area);
}

fn panel(title: &str) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(dim())
        .title(Span::styled(
            title.to_string(),
            Style::new().add_modifier(Modifier::BOLD),
        ))
}

fn bar_width(width: u16, n: usize) -> u16 {
    if n == 0 {
        return 1;
    }
    ((width.saturating_sub(2) as usize / n).saturating_sub(1) as u16).clamp(3, 14)
}

/// 1234567 → `1.2M`, 45000 → `45k`.
fn compact(n: i64) -> String {
    match n {
        1_000_000.. => format!("{:.1}M", n as f64 / 1e6),
        10_000.. => format!("{}k", n / 1000),
        _ => n.to_string(),
    }
}
