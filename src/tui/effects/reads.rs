//! Reads: each view's data through the store's windowed queries, the contact detail, and
//! the records a form starts from.

use crate::domain::*;
use crate::ops::{self, Now};
use crate::report;
use crate::store::{ContactRow, Cursor, DealCard, Matching, Reader, StageTotals, Store};

use crate::tui::app::{App, Popup, View};
use crate::tui::forms::{Form, FormKind};
use crate::tui::keys::Action;
use crate::tui::views::contact_page::{self, ContactPage, Page};
use crate::tui::views::{self, dashboard::Dashboard, pipeline::Columns};
use crate::tui::window::Fetch;

/// How many of the best matches the Contacts filter lists.
const RANKED: usize = 200;
/// How many names a contact field offers.
const SUGGESTIONS: usize = 5;

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
        View::Pipeline => {
            app.pipeline
                .load(&PipelineSource { r, filter: f }, app.card_rows())?;
            // The first deal is selected when the pipeline first has one.
            if app.fresh_pipeline && app.pipeline.cards.iter().any(|c| !c.is_empty()) {
                app.fresh_pipeline = false;
                app.pipeline.select_first();
            }
        }
        View::Contacts => {
            let rows = app.list_rows();
            // Deal segments have no place over the contact list.
            app.segments = r.segments()?;
            app.segments
                .retain(|s| s.target == crate::domain::filter::Target::Contact);
            if app.segment.is_some_and(|i| i >= app.segments.len()) {
                app.segment = None;
            }
            let picked = contacts_picked(app, f)?;
            match (picked, f) {
                // A segment or an `:expression`: the matches in name order, windowed.
                (Some(m), _) => {
                    app.ranked.clear();
                    let src = MatchingSource { r, m: &m };
                    app.contacts.reload(&src, rows, keep, |a, b| a.id == b.id)?;
                }
                // A filter ranks like `crm search`: best first, the best selected.
                (None, Some(q)) if !q.starts_with(':') => {
                    let found = ops::search::contacts(r, q, RANKED)?;
                    // One read for the scores of every ranked row.
                    let ids: Vec<ContactId> = found.iter().map(|c| c.id).collect();
                    let scores = r.scores_of(&ids)?;
                    app.ranked = found
                        .iter()
                        .map(|c| contact_row(c, scores.get(&c.id).copied()))
                        .collect();
                    let src = RankedSource(&app.ranked);
                    app.contacts.reload(&src, rows, keep, |a, b| a.id == b.id)?;
                }
                _ => {
                    app.ranked.clear();
                    let src = ContactSource { r, filter: None };
                    app.contacts.reload(&src, rows, keep, |a, b| a.id == b.id)?;
                }
            }
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
            views::activity::reload(app, &src, app.list_rows(), keep)?;
        }
        View::Today => tasks(store, app, keep)?,
        View::Dashboard => app.dashboard = Some(dashboard(r, &app.now, &app.targets)?),
        View::Cases => super::cases::view(store, app, keep)?,
    }
    app.stale[app.view.index()] = false;
    Ok(())
}

/// Everything may have changed: the shown view is read again keeping its selection,
/// the others when they are shown.
pub fn refresh(store: &Store, app: &mut App, follow: Option<DealId>) -> Result<()> {
    app.stale = [true; 6];
    app.detail_stale = true;
    let result = view(store, app, true);
    if let Some(id) = follow {
        app.pipeline.select_deal(id);
    }
    result?;
    // Open pages show the contact and entry as they are now (a removed one closes, with
    // the pages over it).
    let mut pages = std::mem::take(&mut app.pages);
    let mut gone = None;
    for (n, page) in pages.iter_mut().enumerate() {
        let found = match page {
            Page::Contact(p) => {
                let id = p.detail.contact.id;
                let r = store.read();
                ops::contacts::detail(r, &app.now, id, Some(contact_page::TIMELINE)).and_then(|d| {
                    p.replace(d);
                    p.replace_cases(r.cases(None, Some(id))?);
                    Ok(())
                })
            }
            Page::Entry(i) => ops::interactions::load(store.read(), i.id).map(|now| *i = now),
            Page::Case(p) => super::cases::reload_page(store, p),
            Page::Dupes(r) => super::dupes::pairs(store).map(|p| r.replace(p)),
        };
        match found {
            Ok(()) => {}
            Err(Error::NotFound { .. }) => {
                gone = Some(n);
                break;
            }
            Err(e) => return Err(e),
        }
    }
    if let Some(n) = gone {
        pages.truncate(n);
    }
    app.pages = pages;
    Ok(())
}

/// A contact's full page, opened over the view.
pub fn open_page(store: &Store, app: &mut App, id: ContactId) -> Result<()> {
    let d = ops::contacts::detail(store.read(), &app.now, id, Some(contact_page::TIMELINE))?;
    let cases = store.read().cases(None, Some(id))?;
    app.pages
        .push(Page::Contact(Box::new(ContactPage::new(d, cases))));
    Ok(())
}

/// The names a form's contact field offers for what is typed: contacts whose name words
/// start with the typed words, as a REF would find them.
pub fn suggest(store: &Store, app: &mut App, text: &str) -> Result<()> {
    let Some(Popup::Form(form)) = &mut app.popup else {
        return Ok(());
    };
    // Only for the text still in the field (a later key may have asked again).
    if !form.fields[form.focus].is_contact() || form.fields[form.focus].value != text {
        return Ok(());
    }
    form.suggestions.clear();
    let key = crate::domain::text::name_key(text);
    let looks_like_ref = text.contains('@') || text.trim_start().starts_with('#');
    let Some(longest) = crate::domain::text::words(&key).max_by_key(|w| w.len()) else {
        return Ok(());
    };
    if looks_like_ref || longest.chars().all(|c| c.is_ascii_digit()) {
        return Ok(());
    }
    let mut found: Vec<_> = store
        .read()
        .contacts_by_name_word(longest)?
        .into_iter()
        .filter(|c| crate::domain::text::name_matches(&key, &c.name_key))
        .collect();
    found.sort_by(|a, b| (&a.name_key, a.id).cmp(&(&b.name_key, b.id)));
    form.suggestions = found
        .into_iter()
        .take(SUGGESTIONS)
        .map(|c| (c.id, c.name))
        .collect();
    Ok(())
}

fn contact_row(c: &Contact, score: Option<u8>) -> ContactRow {
    ContactRow {
        id: c.id,
        name: c.name.clone(),
        name_key: crate::domain::text::name_key(&c.name),
        company: c.company.clone(),
        lifecycle: c.lifecycle,
        last_contact_at: c.last_contact_at,
        tags: c.tags.clone(),
        score,
    }
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

/// The Today view: the tasks, and the contacts to reconnect, deals closing and birthdays
/// of the coming week.
pub fn tasks(store: &Store, app: &mut App, keep: bool) -> Result<()> {
    use crate::tui::views::today::{Others, SECTION_ROWS, WEEK_DAYS};
    let r = store.read();
    let rows = r.tasks(&app.tasks.query(&app.now))?;
    let week = app.now.today() + chrono::Days::new(WEEK_DAYS.into());
    let (birthdays, birthdays_total) =
        ops::birthdays::upcoming_counted(r, &app.now, WEEK_DAYS, Some(SECTION_ROWS))?;
    let (reconnect, reconnect_total) =
        ops::reconnect::due_counted(r, &app.now, &app.cadence, Some(SECTION_ROWS))?;
    let closing_total = r.count_deals_closing_by(week, ops::agenda::COUNTED)? as usize;
    let mut cases: Vec<_> = r
        .live_cases()?
        .into_iter()
        .filter(|k| app.targets.breached(k, app.now.utc))
        .collect();
    app.targets.sort_by_urgency(&mut cases, app.now.utc);
    let others = Others {
        cases,
        reconnect,
        closing: r.deals_closing_by(week, Some(SECTION_ROWS))?,
        birthdays,
        totals: [reconnect_total, closing_total, birthdays_total],
    };
    let filter = app.filter().map(str::to_string);
    let now = app.now;
    app.tasks
        .set_rows(rows, others, filter.as_deref(), keep, &now);
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
            let moved = if f.is_some() {
                let src = RankedSource(&app.ranked);
                views::contacts::scroll(&mut app.contacts, &src, action, rows)?
            } else {
                let src = ContactSource { r, filter: None };
                views::contacts::scroll(&mut app.contacts, &src, action, rows)?
            };
            if moved {
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
            views::activity::moved(app, &src);
        }
        View::Pipeline => {
            let src = PipelineSource { r, filter: f };
            app.pipeline.navigate(&src, action, app.card_rows())?;
        }
        View::Today | View::Dashboard | View::Cases => {}
    }
    Ok(())
}

/// A form, filled from the records it edits.
pub fn form(r: Reader<'_>, now: &Now, kind: FormKind) -> Result<Form> {
    let deal = |id: DealId| {
        r.deal(id)?
            .ok_or_else(|| Error::not_found("that deal was removed."))
    };
    // A contact a form starts on, by id and name.
    let named = |id: Option<ContactId>| -> Result<Option<(ContactId, String)>> {
        Ok(match id {
            Some(id) => r.contact(id)?.map(|c| (id, c.name)),
            None => None,
        })
    };
    Ok(match kind {
        FormKind::AddContact => Form::contact(None),
        FormKind::EditContact(id, _) => Form::contact(Some(&ops::contacts::load(r, id)?)),
        FormKind::AddDeal { contact, stage } => Form::new_deal(named(contact)?, stage),
        FormKind::EditDeal(id, _) => Form::edit_deal(&deal(id)?),
        FormKind::Log {
            kind,
            contact,
            deal,
        } => {
            let name = r.contact(contact)?.map(|c| c.name).unwrap_or_default();
            Form::log(kind, contact, deal, &name)
        }
        FormKind::AddTask { contact, deal } => Form::task(named(contact)?, deal),
        FormKind::EditTask(id, _) => Form::edit_task(&ops::tasks::load(r, id)?, now),
        FormKind::EditInteraction(id, _) => {
            Form::edit_interaction(&ops::interactions::load(r, id)?, now)
        }
        FormKind::LostReason(id) => Form::lost(&deal(id)?),
        other => super::cases::form(r, other)?,
    })
}

/// The dashboard: the same report structs as `crm report`.
fn dashboard(
    r: Reader<'_>,
    now: &Now,
    targets: &crate::domain::case::Targets,
) -> Result<Dashboard> {
    // Twelve whole ISO weeks, this one included.
    let first = views::dashboard::first_week(now.today());
    let since = now.instant(crate::domain::dates::When::Day(first));
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
        // Over the same twelve weeks as the activity chart; open and breached cases now.
        service: report::service(r, period, targets, now.utc)?,
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

/// What picks the contact list: the segment tab, a filter typed as `:expression`, or both
/// (a fuzzy filter inside a segment is an expression of its words). A bad expression is
/// kept in `filter_error` and picks nothing more than the tab.
fn contacts_picked(app: &mut App, filter: Option<&str>) -> Result<Option<Matching>> {
    use crate::domain::filter::{parse, Target};
    app.filter_error = None;
    let mut parts: Vec<String> = Vec::new();
    if let Some(s) = app.segment.and_then(|i| app.segments.get(i)) {
        parts.push(s.expr.clone());
    }
    match filter {
        Some(text) if text.starts_with(':') => {
            let expr = text[1..].trim();
            match parse(expr, Target::Contact) {
                Ok(f) => parts.push(f.to_string()),
                // Columns count in what follows the `:`.
                Err(e) if !expr.is_empty() => app.filter_error = Some(e),
                Err(_) => {}
            }
        }
        Some(words) if !parts.is_empty() => parts.push(
            crate::domain::filter::Expr::Name(crate::domain::filter::Text::new(words)).to_string(),
        ),
        _ => {}
    }
    if parts.is_empty() {
        return Ok(None);
    }
    let text = parts
        .iter()
        .map(|p| format!("({p})"))
        .collect::<Vec<_>>()
        .join(" and ");
    let filter = parse(&text, Target::Contact).map_err(|e| Error::invalid(e.to_string()))?;
    Ok(Some(Matching {
        filter,
        clock: app.now.clock(),
    }))
}

/// The contacts an expression picks, windowed in name order.
struct MatchingSource<'a> {
    r: Reader<'a>,
    m: &'a Matching,
}

impl Fetch<ContactRow, (String, i64)> for MatchingSource<'_> {
    fn fetch(&self, c: &Cursor<(String, i64)>, n: usize) -> Result<Vec<ContactRow>> {
        self.r.contacts_window_matching(self.m, c, n)
    }
    fn key(&self, row: &ContactRow) -> (String, i64) {
        (row.name_key.clone(), row.id.0)
    }
}

/// The ranked matches of the Contacts filter, paged by position.
struct RankedSource<'a>(&'a [ContactRow]);

impl Fetch<ContactRow, usize> for RankedSource<'_> {
    fn fetch(&self, c: &Cursor<usize>, n: usize) -> Result<Vec<ContactRow>> {
        let all = self.0;
        let len = all.len();
        let (from, to) = match *c {
            Cursor::First => (0, n.min(len)),
            Cursor::Last => (len.saturating_sub(n), len),
            Cursor::From(k) => (k.min(len), (k + n).min(len)),
            Cursor::After(k) => ((k + 1).min(len), (k + 1 + n).min(len)),
            Cursor::Before(k) => (k.min(len).saturating_sub(n), k.min(len)),
        };
        Ok(all[from..to].to_vec())
    }
    fn key(&self, row: &ContactRow) -> usize {
        self.0.iter().position(|r| r.id == row.id).unwrap_or(0)
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
    fn closed(&self, status: DealStatus, offset: usize, n: usize) -> Result<Vec<DealCard>> {
        let folded = self.filter.map(crate::domain::text::fold);
        let matches = |d: &Deal| match &folded {
            Some(q) => {
                let hay = crate::domain::text::fold(&format!(
                    "{} {}",
                    d.title,
                    d.contact.as_deref().unwrap_or("")
                ));
                let mut it = hay.chars();
                q.chars()
                    .filter(|c| !c.is_whitespace())
                    .all(|c| it.any(|h| h == c))
            }
            None => true,
        };
        let filter = crate::store::DealFilter {
            status: Some(status),
            // Without a filter only the window is read; with one, the matches are counted
            // from the start.
            limit: folded.is_none().then_some(offset + n),
            ..Default::default()
        };
        Ok(self
            .r
            .deals(&filter)?
            .into_iter()
            .filter(|d| matches(d))
            .skip(offset)
            .take(n)
            .map(|d| DealCard {
                probability: d.effective_probability(),
                id: d.id,
                title: d.title,
                contact_id: d.contact_id,
                contact: d.contact,
                value: d.value,
                expected_close: d.expected_close,
                owner: d.owner,
            })
            .collect())
    }
}
