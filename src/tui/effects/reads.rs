//! Reads: each view's data through the store's windowed queries, the contact detail, and
//! the records a form starts from.

use crate::domain::*;
use crate::ops::{self, Now};
use crate::report;
use crate::store::{ContactRow, Cursor, DealCard, Reader, StageTotals, Store};

use crate::tui::app::{App, View};
use crate::tui::forms::{Form, FormKind};
use crate::tui::keys::Action;
use crate::tui::views::{self, dashboard::Dashboard, pipeline::Columns};
use crate::tui::window::Fetch;

/// The store's change counter: it moves whenever any connection commits.
pub fn change_counter(store: &Store) -> Result<i64> {
    store.change_counter()
}

/// Reads the shown view (and notes the change counter).
pub fn view(store: &Store, app: &mut App, keep: bool) -> Result<()> {
    app.change_counter = change_counter(store)?;
    app.empty = store.read().is_empty()?;
    let filter = app.filter().map(str::to_string);
    let f = filter.as_deref();
    let r = store.read();
    match app.view {
        View::Pipeline => app
            .pipeline
            .load(&PipelineSource { r, filter: f }, app.card_rows())?,
        View::Contacts => {
            let src = ContactSource { r, filter: f };
            app.contacts
                .reload(&src, app.list_rows(), keep, |a, b| a.id == b.id)?;
            let same =
                app.detail.as_ref().map(|d| d.contact.id) == app.contacts.selected().map(|c| c.id);
            if app.detail_stale || !same {
                detail(store, app)?;
            }
        }
        View::Activity => {
            let src = ActivitySource {
                r,
                kind: app.activity_kind,
                filter: f,
            };
            app.activity
                .reload(&src, app.list_rows(), keep, |a, b| a.id == b.id)?;
        }
        View::Tasks => tasks(store, app, keep)?,
        View::Dashboard => app.dashboard = Some(dashboard(r, &app.now)?),
    }
    app.stale[app.view.index()] = false;
    Ok(())
}

/// Everything may have changed: the shown view is read again keeping its selection,
/// the others when they are shown.
pub fn refresh(store: &Store, app: &mut App, follow: Option<DealId>) -> Result<()> {
    app.stale = [true; 5];
    app.detail_stale = true;
    let result = view(store, app, true);
    if let Some(id) = follow {
        app.pipeline.select_deal(id);
    }
    result
}

/// The selected contact's fields, deals, tasks and timeline.
fn detail(store: &Store, app: &mut App) -> Result<()> {
    app.detail_stale = false;
    app.detail = match app.contacts.selected() {
        Some(c) => Some(ops::contacts::detail(
            store.read(),
            &app.now,
            c.id,
            Some(50),
        )?),
        None => None,
    };
    Ok(())
}

pub fn tasks(store: &Store, app: &mut App, keep: bool) -> Result<()> {
    let rows = store.read().tasks(&app.tasks.query(&app.now))?;
    let filter = app.filter().map(str::to_string);
    app.tasks.set_rows(rows, filter.as_deref(), keep);
    Ok(())
}

/// A move in a list that pages through the store.
pub fn scroll(store: &Store, app: &mut App, action: Action) -> Result<()> {
    let rows = app.list_rows();
    let filter = app.filter().map(str::to_string);
    let f = filter.as_deref();
    let r = store.read();
    match app.view {
        View::Contacts => {
            let src = ContactSource { r, filter: f };
            if views::contacts::scroll(&mut app.contacts, &src, action, rows)? {
                detail(store, app)?;
            }
        }
        View::Activity => {
            let src = ActivitySource {
                r,
                kind: app.activity_kind,
                filter: f,
            };
            app.activity.navigate(&src, action, rows)?;
        }
        View::Pipeline => {
            let src = PipelineSource { r, filter: f };
            app.pipeline.navigate(&src, action, app.card_rows())?;
        }
        View::Tasks | View::Dashboard => {}
    }
    Ok(())
}

/// The Contacts list from one contact on, with it selected.
pub fn show_contact(store: &Store, app: &mut App, id: ContactId) -> Result<()> {
    let r = store.read();
    let c = r
        .contact(id)?
        .ok_or_else(|| Error::not_found("that contact was removed."))?;
    let key = (crate::domain::text::name_key(&c.name), id.0);
    app.contacts.rows = r.contacts_window(None, &Cursor::From(key), app.list_rows())?;
    app.contacts.sel = 0;
    detail(store, app)
}

/// A form, filled from the records it edits.
pub fn form(r: Reader<'_>, kind: FormKind) -> Result<Form> {
    let deal = |id: DealId| {
        r.deal(id)?
            .ok_or_else(|| Error::not_found("that deal was removed."))
    };
    Ok(match kind {
        FormKind::AddContact => Form::contact(None),
        FormKind::EditContact(id, _) => Form::contact(Some(&ops::contacts::load(r, id)?)),
        FormKind::AddDeal { contact, stage } => Form::new_deal(contact, stage),
        FormKind::EditDeal(id, _) => Form::edit_deal(&deal(id)?),
        FormKind::Log {
            kind,
            contact,
            deal,
        } => {
            let name = r.contact(contact)?.map(|c| c.name).unwrap_or_default();
            Form::log(kind, contact, deal, &name)
        }
        FormKind::AddTask { contact, deal } => Form::task(contact, deal),
        FormKind::LostReason(id) => Form::lost(&deal(id)?),
    })
}

/// The dashboard: the same report structs as `crm report`.
fn dashboard(r: Reader<'_>, now: &Now) -> Result<Dashboard> {
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

struct ContactSource<'a> {
    r: Reader<'a>,
    filter: Option<&'a str>,
}

impl Fetch<ContactRow, (String, i64)> for ContactSource<'_> {
    fn fetch(&self, c: &Cursor<(String, i64)>, n: usize) -> Result<Vec<ContactRow>> {
        self.r.contacts_window(self.filter, c, n)
    }
    fn key(&self, row: &ContactRow) -> (String, i64) {
        (row.name_key.clone(), row.id.0)
    }
}

struct ActivitySource<'a> {
    r: Reader<'a>,
    kind: Option<InteractionKind>,
    filter: Option<&'a str>,
}

impl Fetch<Interaction, (i64, i64)> for ActivitySource<'_> {
    fn fetch(&self, c: &Cursor<(i64, i64)>, n: usize) -> Result<Vec<Interaction>> {
        self.r.interactions_window(self.kind, self.filter, c, n)
    }
    fn key(&self, row: &Interaction) -> (i64, i64) {
        (row.occurred_at.timestamp(), row.id.0)
    }
}

struct PipelineSource<'a> {
    r: Reader<'a>,
    filter: Option<&'a str>,
}

impl Columns for PipelineSource<'_> {
    fn stages(&self) -> Result<Vec<Stage>> {
        self.r.stages()
    }
    fn totals(&self) -> Result<Vec<StageTotals>> {
        self.r.pipeline_totals()
    }
    fn cards(&self, stage: StageId, offset: usize, n: usize) -> Result<Vec<DealCard>> {
        self.r.stage_cards(stage, self.filter, offset, n)
    }
}
