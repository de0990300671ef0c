//! The kanban: one column per stage, each holding the cards that fit, scrolled per column.

use crate::domain::*;
use crate::store::{DealCard, StageTotals};

use super::{is_move, open_contact, Effect};
use crate::tui::app::App;
use crate::tui::effects::Write;
use crate::tui::forms::FormKind;
use crate::tui::keys::Action;

/// Where the kanban's stages, totals and cards come from (the store, with the view's
/// filter applied; see the effects).
pub trait Columns {
    fn stages(&self) -> Result<Vec<Stage>>;
    fn totals(&self) -> Result<Vec<StageTotals>>;
    fn cards(&self, stage: StageId, offset: usize, n: usize) -> Result<Vec<DealCard>>;
    /// Won or lost deals, `offset` in.
    fn closed(&self, status: DealStatus, offset: usize, n: usize) -> Result<Vec<DealCard>>;
}

/// The columns after the stages when closed deals are shown.
pub const CLOSED: [DealStatus; 2] = [DealStatus::Won, DealStatus::Lost];

#[derive(Debug, Default, Clone)]
pub struct PipelineState {
    pub stages: Vec<Stage>,
    /// Open deals per stage and currency.
    pub totals: Vec<StageTotals>,
    pub cards: Vec<Vec<DealCard>>,
    /// How many cards of each column are scrolled past.
    pub offsets: Vec<usize>,
    /// Whether each column has cards below the ones shown (with the filter applied).
    pub more: Vec<bool>,
    pub col: usize,
    pub row: usize,
    /// Won and lost deals shown as two more columns.
    pub show_closed: bool,
}

/// The Pipeline view's arm of `update`.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let selected = app.selected_deal().map(|d| d.id);
    let on_deal =
        move |f: fn(DealId) -> Effect| -> Vec<Effect> { selected.map(f).into_iter().collect() };
    match action {
        a if is_move(a) => vec![Effect::Scroll(a)],
        Action::Open => open_contact(app),
        Action::Add => {
            let stage = app.pipeline.selected_stage();
            vec![Effect::OpenForm(FormKind::AddDeal {
                contact: None,
                stage,
            })]
        }
        Action::Edit => on_deal(|id| Effect::OpenForm(FormKind::EditDeal(id, None))),
        Action::Delete => {
            if let Some(d) = app.selected_deal() {
                let (message, id) = (format!("Remove deal {}?", d.title), d.id);
                app.ask(message, Write::RemoveDeal(id));
            }
            Vec::new()
        }
        // A closed deal moved either way goes back to the stage it closed in, reopened.
        Action::MovePrev | Action::MoveNext if app.pipeline.closed_column().is_some() => {
            on_deal(|id| Effect::Write(Write::Reopen(id)))
        }
        Action::MovePrev => on_deal(|deal| Effect::Write(Write::MoveDeal { deal, by: -1 })),
        Action::MoveNext => on_deal(|deal| Effect::Write(Write::MoveDeal { deal, by: 1 })),
        Action::Won => on_deal(|id| Effect::Write(Write::Won(id))),
        Action::Lost => on_deal(|id| Effect::OpenForm(FormKind::LostReason(id))),
        Action::ToggleShowDone => {
            let p = &mut app.pipeline;
            p.show_closed = !p.show_closed;
            if !p.show_closed {
                p.col = p.col.min(p.stages.len().saturating_sub(1));
            }
            let shown = p.show_closed;
            app.say(if shown {
                "Won and lost deals are shown at the right; < or > reopens one."
            } else {
                "Closed deals hidden."
            });
            vec![Effect::Load { keep: true }]
        }
        _ => Vec::new(),
    }
}

impl PipelineState {
    /// Stages, then won and lost when closed deals are shown.
    pub fn columns(&self) -> usize {
        self.stages.len() + if self.show_closed { CLOSED.len() } else { 0 }
    }

    /// The status of the selected column when it holds closed deals.
    pub fn closed_column(&self) -> Option<DealStatus> {
        self.col
            .checked_sub(self.stages.len())
            .and_then(|i| CLOSED.get(i).copied())
            .filter(|_| self.show_closed)
    }

    fn fetch(
        &self,
        src: &impl Columns,
        col: usize,
        offset: usize,
        n: usize,
    ) -> Result<Vec<DealCard>> {
        match self.stages.get(col) {
            Some(s) => src.cards(s.id, offset, n),
            None => src.closed(CLOSED[col - self.stages.len()], offset, n),
        }
    }

    pub fn load(&mut self, src: &impl Columns, fit: usize) -> Result<()> {
        self.stages = src.stages()?;
        self.totals = src.totals()?;
        let n = self.columns();
        self.offsets.resize(n, 0);
        self.cards = Vec::with_capacity(n);
        self.more = Vec::with_capacity(n);
        for i in 0..n {
            // One card more than fits tells whether there is anything below.
            let mut cards = self.fetch(src, i, self.offsets[i], fit + 1)?;
            if cards.is_empty() && self.offsets[i] > 0 {
                self.offsets[i] = 0;
                cards = self.fetch(src, i, 0, fit + 1)?;
            }
            self.more.push(cards.len() > fit);
            cards.truncate(fit);
            self.cards.push(cards);
        }
        self.col = self.col.min(n.saturating_sub(1));
        self.row = self.row.min(
            self.cards
                .get(self.col)
                .map_or(0, |c| c.len().saturating_sub(1)),
        );
        Ok(())
    }

    pub fn selected(&self) -> Option<&DealCard> {
        self.cards.get(self.col).and_then(|c| c.get(self.row))
    }

    /// The first column with a deal, its first deal selected (how the pipeline opens).
    pub fn select_first(&mut self) {
        if let Some(c) = self.cards.iter().position(|c| !c.is_empty()) {
            self.col = c;
            self.row = 0;
        }
    }

    pub fn selected_stage(&self) -> Option<String> {
        self.stages.get(self.col).map(|s| s.name.clone())
    }

    /// After a move: the column the deal is now in, with it selected.
    pub fn select_deal(&mut self, id: DealId) {
        for (c, cards) in self.cards.iter().enumerate() {
            if let Some(r) = cards.iter().position(|d| d.id == id) {
                self.col = c;
                self.row = r;
                return;
            }
        }
    }

    /// Counts of open deals in a stage (all currencies).
    pub fn count(&self, stage: StageId) -> i64 {
        self.totals
            .iter()
            .filter(|t| t.stage_id == stage)
            .map(|t| t.count)
            .sum()
    }

    /// Moves the selection; a column scrolls (reads its cards again) past its edges.
    pub fn navigate(&mut self, src: &impl Columns, action: Action, fit: usize) -> Result<()> {
        let n = self.columns();
        if n == 0 {
            return Ok(());
        }
        match action {
            Action::Left => {
                self.col = self.col.saturating_sub(1);
                self.row = self.row.min(self.cards[self.col].len().saturating_sub(1));
            }
            Action::Right => {
                self.col = (self.col + 1).min(n - 1);
                self.row = self.row.min(self.cards[self.col].len().saturating_sub(1));
            }
            Action::Up => {
                if self.row > 0 {
                    self.row -= 1;
                } else if self.offsets[self.col] > 0 {
                    self.offsets[self.col] -= 1;
                    self.reload_column(src, fit)?;
                }
            }
            Action::Down => {
                let len = self.cards[self.col].len();
                if self.row + 1 < len {
                    self.row += 1;
                } else if self.more[self.col] {
                    self.offsets[self.col] += 1;
                    self.reload_column(src, fit)?;
                }
            }
            Action::PageDown if self.more[self.col] => {
                self.offsets[self.col] += fit;
                self.reload_column(src, fit)?;
                // Past the end (a filter matched fewer): back to the last page.
                while self.cards[self.col].is_empty() && self.offsets[self.col] > 0 {
                    self.offsets[self.col] = self.offsets[self.col].saturating_sub(fit);
                    self.reload_column(src, fit)?;
                }
            }
            Action::PageUp => {
                self.offsets[self.col] = self.offsets[self.col].saturating_sub(fit);
                self.reload_column(src, fit)?;
            }
            Action::Top => {
                self.offsets[self.col] = 0;
                self.row = 0;
                self.reload_column(src, fit)?;
            }
            Action::Bottom => self.bottom(src, fit)?,
            _ => {}
        }
        Ok(())
    }

    /// Pages down until nothing is below: bounded by the column, a page at a time.
    fn bottom(&mut self, src: &impl Columns, fit: usize) -> Result<()> {
        while self.more[self.col] {
            self.offsets[self.col] += fit;
            self.reload_column(src, fit)?;
        }
        if self.cards[self.col].is_empty() && self.offsets[self.col] > 0 {
            self.offsets[self.col] = self.offsets[self.col].saturating_sub(fit);
            self.reload_column(src, fit)?;
        }
        self.row = self.cards[self.col].len().saturating_sub(1);
        Ok(())
    }

    fn reload_column(&mut self, src: &impl Columns, fit: usize) -> Result<()> {
        let mut cards = self.fetch(src, self.col, self.offsets[self.col], fit + 1)?;
        self.more[self.col] = cards.len() > fit;
        cards.truncate(fit);
        self.cards[self.col] = cards;
        self.row = self.row.min(self.cards[self.col].len().saturating_sub(1));
        Ok(())
    }
}
