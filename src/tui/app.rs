//! The TUI's state and `update`: a key becomes an `Action`, the action changes the state
//! and, for writes, calls the same ops as the CLI. No drawing here.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::currency::Currency;
use crate::domain::*;
use crate::ops::{self, Now};
use crate::store::{ContactRow, Store};

use super::data::{self, Dashboard, PipelineState, TasksState};
use super::forms::{Form, FormKind};
use super::keys::{Action, Keymap};
use super::window::Window;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Pipeline,
    Contacts,
    Activity,
    Tasks,
    Dashboard,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Pipeline,
        View::Contacts,
        View::Activity,
        View::Tasks,
        View::Dashboard,
    ];
    pub fn title(self) -> &'static str {
        match self {
            View::Pipeline => "Pipeline",
            View::Contacts => "Contacts",
            View::Activity => "Activity",
            View::Tasks => "Tasks",
            View::Dashboard => "Dashboard",
        }
    }
    pub fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }
}

/// What a confirmation dialog does on "yes".
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    DeleteContact(ContactId),
    DeleteDeal(DealId),
    LoadDemo,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Help,
    Confirm { message: String, on_yes: Pending },
    Form(Form),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub view: View,
    pub keymap: Keymap,
    pub now: Now,
    pub currency: Currency,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The database holds nothing yet: show the welcome screen.
    pub empty: bool,
    pub loaded: bool,
    pub pipeline: PipelineState,
    pub contacts: Window<ContactRow>,
    pub detail: Option<ops::contacts::ContactDetail>,
    pub activity: Window<Interaction>,
    pub activity_kind: Option<InteractionKind>,
    pub tasks: TasksState,
    pub dashboard: Option<Dashboard>,
    /// The filter text of each view.
    pub filters: [String; 5],
    pub filter_editing: bool,
    pub popup: Option<Popup>,
    pub status: Option<Status>,
    pub quit: bool,
    stale: [bool; 5],
    /// The contact detail must be read again even if the same contact stays selected.
    detail_stale: bool,
    data_version: i64,
}

impl App {
    pub fn new(keymap: Keymap, now: Now, currency: Currency, size: (u16, u16)) -> App {
        App {
            view: View::Pipeline,
            keymap,
            now,
            currency,
            size,
            empty: false,
            loaded: false,
            pipeline: PipelineState::default(),
            contacts: Window::default(),
            detail: None,
            activity: Window::default(),
            activity_kind: None,
            tasks: TasksState::default(),
            dashboard: None,
            filters: Default::default(),
            filter_editing: false,
            popup: None,
            status: None,
            quit: false,
            stale: [true; 5],
            detail_stale: true,
            data_version: -1,
        }
    }

    /// Rows a list view can show: the screen less tabs, status, borders and header.
    pub fn list_rows(&self) -> usize {
        (self.size.1 as usize).saturating_sub(5).max(1)
    }

    /// Deal cards that fit in a pipeline column (four lines each).
    pub fn card_rows(&self) -> usize {
        // Tabs, status, borders, the totals lines and a spacer.
        ((self.size.1 as usize).saturating_sub(6 + super::ui::HEADER_LINES) / 4).max(1)
    }

    pub fn filter(&self) -> Option<&str> {
        let f = self.filters[self.view.index()].trim();
        (!f.is_empty()).then_some(f)
    }

    fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    fn fail(&mut self, e: Error) {
        self.status = Some(Status {
            text: e.to_string(),
            error: true,
        });
    }

    /// Loads the current view (and notes the database's data version).
    pub fn load(&mut self, store: &Store) {
        if let Err(e) = self.try_load(store, false) {
            self.fail(e);
        }
        self.loaded = true;
    }

    fn try_load(&mut self, store: &Store, keep: bool) -> Result<()> {
        self.data_version = store.change_counter()?;
        self.empty = store.read().is_empty()?;
        let filter = self.filter().map(str::to_string);
        let f = filter.as_deref();
        let r = store.read();
        match self.view {
            View::Pipeline => self.pipeline.load(r, f, self.card_rows())?,
            View::Contacts => {
                let src = data::ContactSource { r, filter: f };
                self.contacts
                    .reload(&src, self.list_rows(), keep, |a, b| a.id == b.id)?;
                let same = self.detail.as_ref().map(|d| d.contact.id)
                    == self.contacts.selected().map(|c| c.id);
                if self.detail_stale || !same {
                    self.load_detail(store)?;
                }
            }
            View::Activity => {
                let src = data::ActivitySource {
                    r,
                    kind: self.activity_kind,
                    filter: f,
                };
                self.activity
                    .reload(&src, self.list_rows(), keep, |a, b| a.id == b.id)?;
            }
            View::Tasks => self.tasks.load(r, &self.now, f, keep)?,
            View::Dashboard => self.dashboard = Some(data::dashboard(r, &self.now)?),
        }
        self.stale[self.view.index()] = false;
        Ok(())
    }

    fn load_detail(&mut self, store: &Store) -> Result<()> {
        self.detail_stale = false;
        self.detail = match self.contacts.selected() {
            Some(c) => Some(ops::contacts::detail(
                store.read(),
                &self.now,
                c.id,
                Some(50),
            )?),
            None => None,
        };
        Ok(())
    }

    /// Called on every tick: reloads when another process changed the database.
    pub fn tick(&mut self, store: &Store, now: Now) {
        self.now = now;
        match store.change_counter() {
            Ok(v) if v != self.data_version => self.refresh(store),
            Ok(_) => {}
            Err(e) => self.fail(e),
        }
    }

    /// Reloads the current view keeping the selection; other views reload when shown.
    pub fn refresh(&mut self, store: &Store) {
        self.stale = [true; 5];
        self.detail_stale = true;
        if let Err(e) = self.try_load(store, true) {
            self.fail(e);
        }
    }

    pub fn resize(&mut self, store: &Store, size: (u16, u16)) {
        self.size = size;
        self.refresh(store);
    }

    fn show(&mut self, store: &Store, view: View) {
        self.view = view;
        self.filter_editing = false;
        if self.stale[view.index()] {
            if let Err(e) = self.try_load(store, true) {
                self.fail(e);
            }
        }
    }

    /// Handles one key press.
    pub fn on_key(&mut self, store: &Store, key: KeyEvent) {
        match self.popup.take() {
            Some(Popup::Form(form)) => return self.form_key(store, form, key),
            Some(Popup::Confirm { message, on_yes }) => {
                match key.code {
                    KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                        self.confirmed(store, on_yes)
                    }
                    KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                        self.say("Cancelled.")
                    }
                    _ => self.popup = Some(Popup::Confirm { message, on_yes }),
                }
                return;
            }
            Some(Popup::Help) => {
                if !matches!(
                    key.code,
                    KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter
                ) {
                    self.popup = Some(Popup::Help);
                }
                return;
            }
            None => {}
        }
        if self.filter_editing && self.filter_key(store, key) {
            return;
        }
        if let Some(action) = self.keymap.action(&key) {
            self.apply(store, action);
        }
    }

    /// Typing into the filter; returns false for keys it leaves to the keymap (arrows).
    fn filter_key(&mut self, store: &Store, key: KeyEvent) -> bool {
        let i = self.view.index();
        match key.code {
            KeyCode::Esc => {
                self.filters[i].clear();
                self.filter_editing = false;
            }
            KeyCode::Enter => {
                self.filter_editing = false;
                return true;
            }
            KeyCode::Backspace => {
                self.filters[i].pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filters[i].push(c)
            }
            _ => return false,
        }
        if let Err(e) = self.try_load(store, false) {
            self.fail(e);
        }
        true
    }

    fn form_key(&mut self, store: &Store, mut form: Form, key: KeyEvent) {
        match key.code {
            KeyCode::Esc => self.say("Cancelled."),
            KeyCode::Enter => match form.submit(store, &self.now, self.currency) {
                Ok(msg) => {
                    self.say(msg);
                    self.refresh(store);
                }
                Err(_) => self.popup = Some(Popup::Form(form)),
            },
            _ => {
                form.key(key);
                self.popup = Some(Popup::Form(form));
            }
        }
    }

    fn confirmed(&mut self, store: &Store, on_yes: Pending) {
        let result = match on_yes {
            Pending::DeleteContact(id) => {
                ops::contacts::remove(store, &self.now, id).map(|c| format!("Removed {}.", c.name))
            }
            Pending::DeleteDeal(id) => ops::deals::remove(store, &self.now, &id.0.to_string())
                .map(|d| format!("Removed deal {}.", d.title)),
            Pending::LoadDemo => {
                ops::demo::run(store, &self.now, ops::demo::DemoSize::default(), false).map(|s| {
                    format!(
                        "Loaded demo data: {} contacts, {} deals, {} interactions.",
                        s.contacts, s.deals, s.interactions
                    )
                })
            }
        };
        match result {
            Ok(msg) => {
                self.say(msg);
                self.refresh(store);
            }
            Err(e) => self.fail(e),
        }
    }

    /// The selected deal of the pipeline.
    pub fn selected_deal(&self) -> Option<&crate::store::DealCard> {
        self.pipeline.selected()
    }

    /// The contact an action is about: the selected contact, or the selected deal's,
    /// activity entry's or task's contact.
    fn subject(&self) -> Option<(ContactId, Option<DealId>)> {
        match self.view {
            View::Contacts => self.contacts.selected().map(|c| (c.id, None)),
            View::Pipeline => self
                .selected_deal()
                .and_then(|d| d.contact_id.map(|c| (c, Some(d.id)))),
            View::Activity => self.activity.selected().map(|i| (i.contact_id, i.deal_id)),
            View::Tasks => self
                .tasks
                .selected()
                .and_then(|t| t.contact_id.map(|c| (c, t.deal_id))),
            View::Dashboard => None,
        }
    }

    pub fn apply(&mut self, store: &Store, action: Action) {
        self.status = None;
        if let Err(e) = self.try_apply(store, action) {
            self.fail(e);
        }
    }

    fn try_apply(&mut self, store: &Store, action: Action) -> Result<()> {
        use Action::*;
        let rows = self.list_rows();
        let r = store.read();
        let filter = self.filter().map(str::to_string);
        let f = filter.as_deref();
        match action {
            Quit => self.quit = true,
            Help => self.popup = Some(Popup::Help),
            NextView => self.show(store, View::ALL[(self.view.index() + 1) % 5]),
            PrevView => self.show(store, View::ALL[(self.view.index() + 4) % 5]),
            ViewPipeline => self.show(store, View::Pipeline),
            ViewContacts => self.show(store, View::Contacts),
            ViewActivity => self.show(store, View::Activity),
            ViewTasks => self.show(store, View::Tasks),
            ViewDashboard => self.show(store, View::Dashboard),
            Refresh => self.refresh(store),
            Filter if self.view != View::Dashboard => self.filter_editing = true,
            Close if !self.filters[self.view.index()].is_empty() => {
                self.filters[self.view.index()].clear();
                self.try_load(store, false)?;
            }
            LoadDemo if self.empty => {
                self.popup = Some(Popup::Confirm {
                    message: "Load realistic demo data (200 contacts, 60 deals, 2,000 interactions) into this empty database?".into(),
                    on_yes: Pending::LoadDemo,
                })
            }
            Up | Down | PageUp | PageDown | Top | Bottom | Left | Right => self.navigate(store, action, rows, f)?,
            Open => match self.view {
                View::Pipeline | View::Activity | View::Tasks => {
                    if let Some((contact, _)) = self.subject() {
                        self.view = View::Contacts;
                        self.filters[View::Contacts.index()].clear();
                        self.contacts.rows = r.contacts_window(None, &crate::store::Cursor::From(contact_key(r, contact)?), rows)?;
                        self.contacts.sel = 0;
                        self.load_detail(store)?;
                    }
                }
                _ => {}
            },
            Add => {
                let form = match self.view {
                    View::Contacts => Form::new(FormKind::AddContact, r)?,
                    View::Pipeline => Form::new(FormKind::AddDeal { contact: None, stage: self.pipeline.selected_stage() }, r)?,
                    View::Tasks => Form::new(FormKind::AddTask { contact: None, deal: None }, r)?,
                    _ => return Ok(()),
                };
                self.popup = Some(Popup::Form(form));
            }
            Edit => {
                let form = match self.view {
                    View::Contacts => self.contacts.selected().map(|c| Form::new(FormKind::EditContact(c.id), r)),
                    View::Pipeline => self.selected_deal().map(|d| Form::new(FormKind::EditDeal(d.id), r)),
                    _ => {
                        self.say("Only contacts and deals can be edited here; log a new entry instead.");
                        None
                    }
                };
                if let Some(form) = form {
                    self.popup = Some(Popup::Form(form?));
                }
            }
            Delete => match self.view {
                View::Contacts => {
                    if let Some(c) = self.contacts.selected() {
                        let message = format!("Remove contact {}? Its interactions and history are kept.", c.name);
                        self.popup = Some(Popup::Confirm { message, on_yes: Pending::DeleteContact(c.id) });
                    }
                }
                View::Pipeline => {
                    if let Some(d) = self.selected_deal() {
                        let message = format!("Remove deal {}?", d.title);
                        self.popup = Some(Popup::Confirm { message, on_yes: Pending::DeleteDeal(d.id) });
                    }
                }
                _ => self.say("Only contacts and deals can be deleted here; tick a task done with Space."),
            },
            MovePrev | MoveNext if self.view == View::Pipeline => {
                if let Some(d) = self.selected_deal().map(|d| d.id) {
                    let by = if action == MoveNext { 1 } else { -1 };
                    match ops::deals::shift(store, &self.now, d, by)? {
                        ops::deals::Moved::To(deal) | ops::deals::Moved::Reopened(deal) => {
                            self.say(format!("Moved {} to {}.", deal.title, deal.stage));
                            self.refresh(store);
                            self.pipeline.select_deal(deal.id);
                        }
                        ops::deals::Moved::Unchanged(_) => self.say("That is the last stage that way."),
                    }
                }
            }
            Won if self.view == View::Pipeline => {
                if let Some(d) = self.selected_deal().map(|d| d.id) {
                    let deal = ops::deals::close(store, &self.now, &d.0.to_string(), DealStatus::Won, None)?;
                    self.say(format!("Won {} ({}).", deal.title, deal.value));
                    self.refresh(store);
                }
            }
            Lost if self.view == View::Pipeline => {
                if let Some(d) = self.selected_deal().map(|d| d.id) {
                    self.popup = Some(Popup::Form(Form::new(FormKind::LostReason(d), r)?));
                }
            }
            LogCall | LogMeeting | LogNote => {
                let kind = match action {
                    LogCall => InteractionKind::Call,
                    LogMeeting => InteractionKind::Meeting,
                    _ => InteractionKind::Note,
                };
                match self.subject() {
                    Some((contact, deal)) => self.popup = Some(Popup::Form(Form::new(FormKind::Log { kind, contact, deal }, r)?)),
                    None => self.say("Select a contact (or a deal with a contact) first."),
                }
            }
            AddTask => {
                let (contact, deal) = match self.subject() {
                    Some((c, d)) => (Some(c), d),
                    None => (None, None),
                };
                self.popup = Some(Popup::Form(Form::new(FormKind::AddTask { contact, deal }, r)?));
            }
            ToggleDone if self.view == View::Tasks => {
                if let Some(t) = self.tasks.selected() {
                    let done = t.done_at.is_none();
                    let (task, _) = ops::tasks::set_done(store, &self.now, &t.id.0.to_string(), done)?;
                    self.say(if done { format!("Done: {}.", task.title) } else { format!("Not done: {}.", task.title) });
                    self.refresh(store);
                }
            }
            CycleKind if self.view == View::Activity => {
                self.activity_kind = match self.activity_kind {
                    None => Some(InteractionKind::ALL[0]),
                    Some(k) => InteractionKind::ALL.iter().position(|x| *x == k).and_then(|i| InteractionKind::ALL.get(i + 1)).copied(),
                };
                self.try_load(store, false)?;
            }
            ToggleShowDone if self.view == View::Tasks => {
                self.tasks.show_done = !self.tasks.show_done;
                self.try_load(store, true)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn navigate(
        &mut self,
        store: &Store,
        action: Action,
        rows: usize,
        f: Option<&str>,
    ) -> Result<()> {
        use Action::*;
        let r = store.read();
        match self.view {
            View::Contacts => {
                let src = data::ContactSource { r, filter: f };
                let before = self.contacts.selected().map(|c| c.id);
                match action {
                    Up => self.contacts.up(&src, rows)?,
                    Down => self.contacts.down(&src, rows)?,
                    PageUp => self.contacts.page_up(&src, rows)?,
                    PageDown => self.contacts.page_down(&src, rows)?,
                    Top => self.contacts.top(&src, rows)?,
                    Bottom => self.contacts.bottom(&src, rows)?,
                    _ => {}
                }
                if self.contacts.selected().map(|c| c.id) != before {
                    self.load_detail(store)?;
                }
            }
            View::Activity => {
                let src = data::ActivitySource {
                    r,
                    kind: self.activity_kind,
                    filter: f,
                };
                match action {
                    Up => self.activity.up(&src, rows)?,
                    Down => self.activity.down(&src, rows)?,
                    PageUp => self.activity.page_up(&src, rows)?,
                    PageDown => self.activity.page_down(&src, rows)?,
                    Top => self.activity.top(&src, rows)?,
                    Bottom => self.activity.bottom(&src, rows)?,
                    _ => {}
                }
            }
            View::Pipeline => self.pipeline.navigate(r, action, f, self.card_rows())?,
            View::Tasks => self.tasks.navigate(r, &self.now, action, f, rows)?,
            View::Dashboard => {}
        }
        Ok(())
    }
}

fn contact_key(r: crate::store::Reader<'_>, id: ContactId) -> Result<(String, i64)> {
    let c = r
        .contact(id)?
        .ok_or_else(|| Error::not_found("that contact was removed."))?;
    Ok((crate::domain::text::name_key(&c.name), id.0))
}
