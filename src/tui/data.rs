//! What each view shows, loaded through the store's windowed queries.

use crate::domain::*;
use crate::ops::Now;
use crate::report;
use crate::store::{ContactRow, Cursor, DealCard, Reader, StageTotals, TaskFilter, TaskWindow};

use super::keys::Action;
use super::window::Fetch;

pub struct ContactSource<'a> {
    pub r: Reader<'a>,
    pub filter: Option<&'a str>,
}

impl Fetch<ContactRow, (String, i64)> for ContactSource<'_> {
    fn fetch(&self, c: &Cursor<(String, i64)>, n: usize) -> Result<Vec<ContactRow>> {
        self.r.contacts_window(self.filter, c, n)
    }
    fn key(&self, row: &ContactRow) -> (String, i64) {
        (row.name_key.clone(), row.id.0)
    }
}

pub struct ActivitySource<'a> {
    pub r: Reader<'a>,
    pub kind: Option<InteractionKind>,
    pub filter: Option<&'a str>,
}

impl Fetch<Interaction, (i64, i64)> for ActivitySource<'_> {
    fn fetch(&self, c: &Cursor<(i64, i64)>, n: usize) -> Result<Vec<Interaction>> {
        self.r.interactions_window(self.kind, self.filter, c, n)
    }
    fn key(&self, row: &Interaction) -> (i64, i64) {
        (row.occurred_at.timestamp(), row.id.0)
    }
}

/// The kanban: one column per stage, each with the cards that fit.
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
}

impl PipelineState {
    pub fn load(&mut self, r: Reader<'_>, filter: Option<&str>, fit: usize) -> Result<()> {
        self.stages = r.stages()?;
        self.totals = r.pipeline_totals()?;
        self.offsets.resize(self.stages.len(), 0);
        self.cards = Vec::with_capacity(self.stages.len());
        self.more = Vec::with_capacity(self.stages.len());
        for (i, s) in self.stages.iter().enumerate() {
            // One card more than fits tells whether there is anything below.
            let mut cards = r.stage_cards(s.id, filter, self.offsets[i], fit + 1)?;
            if cards.is_empty() && self.offsets[i] > 0 {
                self.offsets[i] = 0;
                cards = r.stage_cards(s.id, filter, 0, fit + 1)?;
            }
            self.more.push(cards.len() > fit);
            cards.truncate(fit);
            self.cards.push(cards);
        }
        self.col = self.col.min(self.stages.len().saturating_sub(1));
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

    pub fn navigate(
        &mut self,
        r: Reader<'_>,
        action: Action,
        filter: Option<&str>,
        fit: usize,
    ) -> Result<()> {
        let n = self.stages.len();
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
                    self.reload_column(r, filter, fit)?;
                }
            }
            Action::Down => {
                let len = self.cards[self.col].len();
                if self.row + 1 < len {
                    self.row += 1;
                } else if self.more[self.col] {
                    self.offsets[self.col] += 1;
                    self.reload_column(r, filter, fit)?;
                }
            }
            Action::PageDown if self.more[self.col] => {
                self.offsets[self.col] += fit;
                self.reload_column(r, filter, fit)?;
                // Past the end (a filter matched fewer): back to the last page.
                while self.cards[self.col].is_empty() && self.offsets[self.col] > 0 {
                    self.offsets[self.col] = self.offsets[self.col].saturating_sub(fit);
                    self.reload_column(r, filter, fit)?;
                }
            }
            Action::PageUp => {
                self.offsets[self.col] = self.offsets[self.col].saturating_sub(fit);
                self.reload_column(r, filter, fit)?;
            }
            Action::Top => {
                self.offsets[self.col] = 0;
                self.row = 0;
                self.reload_column(r, filter, fit)?;
            }
            Action::Bottom => {
                // Page down until nothing is below: bounded by the column, a page at a time.
                while self.more[self.col] {
                    self.offsets[self.col] += fit;
                    self.reload_column(r, filter, fit)?;
                }
                if self.cards[self.col].is_empty() && self.offsets[self.col] > 0 {
                    self.offsets[self.col] = self.offsets[self.col].saturating_sub(fit);
                    self.reload_column(r, filter, fit)?;
                }
                self.row = self.cards[self.col].len().saturating_sub(1);
            }
            _ => {}
        }
        Ok(())
    }

    fn reload_column(&mut self, r: Reader<'_>, filter: Option<&str>, fit: usize) -> Result<()> {
        let s = self.stages[self.col].id;
        let mut cards = r.stage_cards(s, filter, self.offsets[self.col], fit + 1)?;
        self.more[self.col] = cards.len() > fit;
        cards.truncate(fit);
        self.cards[self.col] = cards;
        self.row = self.row.min(self.cards[self.col].len().saturating_sub(1));
        Ok(())
    }
}

/// Open tasks by due date (done ones on request), paged by a growing limit.
#[derive(Debug, Default, Clone)]
pub struct TasksState {
    pub rows: Vec<Task>,
    pub sel: usize,
    pub show_done: bool,
    limit: usize,
}

const TASK_PAGE: usize = 200;

impl TasksState {
    pub fn load(
        &mut self,
        r: Reader<'_>,
        now: &Now,
        filter: Option<&str>,
        keep: bool,
    ) -> Result<()> {
        let keep_id = keep.then(|| self.selected().map(|t| t.id)).flatten();
        self.limit = self.limit.max(TASK_PAGE);
        let window = if self.show_done {
            TaskWindow::All
        } else {
            TaskWindow::Open
        };
        let f = TaskFilter {
            window,
            today: now.today(),
            now: now.utc,
            contact_id: None,
            deal_id: None,
            limit: Some(self.limit),
            // What was ticked today stays in view (dimmed), so a second Space can untick it.
            done_since: Some(now.instant(crate::domain::dates::When::Day(now.today()))),
        };
        let mut rows = r.tasks(&f)?;
        if let Some(q) = filter.map(crate::domain::text::fold) {
            rows.retain(|t| {
                let hay = crate::domain::text::fold(&format!(
                    "{} {} {}",
                    t.title,
                    t.contact.as_deref().unwrap_or(""),
                    t.deal.as_deref().unwrap_or("")
                ));
                let mut it = hay.chars();
                q.chars()
                    .filter(|c| !c.is_whitespace())
                    .all(|c| it.any(|h| h == c))
            });
        }
        self.rows = rows;
        self.sel = keep_id
            .and_then(|id| self.rows.iter().position(|t| t.id == id))
            .unwrap_or(if keep { self.sel } else { 0 });
        self.sel = self.sel.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    pub fn selected(&self) -> Option<&Task> {
        self.rows.get(self.sel)
    }

    pub fn navigate(
        &mut self,
        r: Reader<'_>,
        now: &Now,
        action: Action,
        filter: Option<&str>,
        page: usize,
    ) -> Result<()> {
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(last),
            Action::PageUp => self.sel = self.sel.saturating_sub(page),
            Action::PageDown => self.sel = (self.sel + page).min(last),
            Action::Top => self.sel = 0,
            Action::Bottom => self.sel = last,
            _ => {}
        }
        // Near the end of what is loaded: load the next page.
        if self.sel + page >= self.rows.len() && self.rows.len() == self.limit {
            self.limit += TASK_PAGE;
            self.load(r, now, filter, true)?;
        }
        Ok(())
    }
}

/// Everything the dashboard draws: the same report structs as `crm report`.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub pipeline: report::Pipeline,
    pub funnel: report::Funnel,
    pub activity: report::Activity,
    pub lifecycle: Vec<(Lifecycle, i64)>,
    pub overdue_tasks: i64,
}

pub fn dashboard(r: Reader<'_>, now: &Now) -> Result<Dashboard> {
    let since = now.instant(crate::domain::dates::When::Day(
        now.today() - chrono::Days::new(7 * 12),
    ));
    let period = report::Period {
        since: Some(since),
        until: None,
    };
    Ok(Dashboard {
        pipeline: report::pipeline(r)?,
        funnel: report::funnel(r, report::Period::default())?,
        activity: report::activity(r, period, &|t| now.to_local(t), 5)?,
        lifecycle: report::lifecycle(r)?,
        overdue_tasks: r.count_overdue_tasks(now.today(), now.utc)?,
    })
}
