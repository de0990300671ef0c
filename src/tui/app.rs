//! The TUI's state: what every view holds, which popup is open, the status line. `update`
//! changes it, `ui::draw` renders it, the effects fill it from the store. No I/O here.

use crate::domain::currency::Currency;
use crate::domain::*;
use crate::ops::{self, Now};
use crate::store::{ContactRow, DealCard};

use super::effects::Write;
use super::forms::Form;
use super::keys::{Keymap, Mode};
use super::views::cases::CasesState;
use super::views::contact_page::Page;
use super::views::{dashboard::Dashboard, pipeline::PipelineState, today::TodayState};
use super::window::Window;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Pipeline,
    Contacts,
    Activity,
    Today,
    Dashboard,
    Cases,
}

impl View {
    pub const ALL: [View; 6] = [
        View::Pipeline,
        View::Contacts,
        View::Activity,
        View::Today,
        View::Dashboard,
        View::Cases,
    ];
    pub fn title(self) -> &'static str {
        match self {
            View::Pipeline => "Pipeline",
            View::Contacts => "Contacts",
            View::Activity => "Activity",
            View::Today => "Today",
            View::Dashboard => "Dashboard",
            View::Cases => "Cases",
        }
    }
    pub fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Help,
    /// A question; `on_yes` is the write a "yes" carries out.
    Confirm {
        message: String,
        on_yes: Write,
    },
    Form(Form),
    /// `L`: which kind of interaction to log with a contact (an index into the kinds).
    PickKind {
        contact: ContactId,
        deal: Option<DealId>,
        sel: usize,
    },
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
    /// With a Contacts filter: the best matches, best first (the list pages through them).
    pub ranked: Vec<ContactRow>,
    pub detail: Option<ops::contacts::ContactDetail>,
    pub activity: Window<Interaction>,
    pub activity_kind: Option<InteractionKind>,
    /// Rows logged above the Activity selection since it was last at the top ("↑ N new").
    pub activity_new: super::views::activity::Arrivals,
    /// The Today view: tasks, contacts to reconnect, deals closing, birthdays.
    pub tasks: TodayState,
    /// The config's stay-in-touch cadences by tag, for the Today view's reconnect list.
    pub cadence: crate::domain::cadence::TagCadences,
    pub dashboard: Option<Dashboard>,
    /// The Cases view: open and pending support cases, the most urgent first.
    pub cases: CasesState,
    /// The config's response-time targets, which cases are measured by.
    pub targets: crate::domain::case::Targets,
    /// The filter text of each view.
    pub filters: [String; 6],
    /// The saved segments, as tabs over the contact list (DESIGN §12).
    pub segments: Vec<crate::domain::segment::Segment>,
    /// The segment tab shown (`s` picks the next), `None` for all contacts.
    pub segment: Option<usize>,
    /// Why the Contacts filter, typed as `:expression`, does not parse.
    pub filter_error: Option<crate::domain::filter::FilterError>,
    pub filter_editing: bool,
    pub popup: Option<Popup>,
    /// Pages opened over the view (a contact's page, a timeline entry); `Esc` or
    /// `Backspace` closes the top one, back to where the user was.
    pub pages: Vec<Page>,
    /// How far the help overlay is scrolled.
    pub help_scroll: usize,
    /// Colours on; off under `NO_COLOR` or `--no-color`.
    pub color: bool,
    pub status: Option<Status>,
    pub quit: bool,
    /// The pipeline has not been shown yet: its first deal gets selected.
    pub(crate) fresh_pipeline: bool,
    /// The event loop reads a changed filter's matches once typing pauses.
    pub(crate) defer_filter: bool,
    /// A changed filter waits for those matches.
    pub(crate) pending_filter: bool,
    /// Views whose data must be read again before they are shown.
    pub(crate) stale: [bool; 6],
    /// The contact detail must be read again even if the same contact stays selected.
    pub(crate) detail_stale: bool,
    /// The store's change counter when the data was last read.
    pub(crate) change_counter: i64,
    /// The changes this session made and has not undone, newest last: `u` takes back the
    /// top one (never another process's).
    pub undo: Vec<i64>,
    /// `E`: the contact to edit in `$EDITOR`; the event loop suspends the terminal for it.
    pub editor_request: Option<ContactId>,
    /// Hooks of rules, run off the key loop.
    pub(crate) hooks: super::effects::HookRunner,
    /// Lead scores being brought up to date a batch per tick: the id the next batch
    /// starts after.
    pub(crate) rescoring: Option<i64>,
    /// Writes that met another crm's write lock (an import), oldest first: tried again on
    /// each tick while the keys keep working, shown as "waiting for another crm…".
    pub waiting: std::collections::VecDeque<Write>,
    /// `q` was pressed once while writes waited: the next `q` quits without them.
    pub(crate) quit_warned: bool,
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
            ranked: Vec::new(),
            detail: None,
            activity: Window::default(),
            activity_kind: None,
            activity_new: Default::default(),
            tasks: TodayState::default(),
            cadence: Default::default(),
            dashboard: None,
            cases: CasesState::default(),
            targets: Default::default(),
            filters: Default::default(),
            segments: Vec::new(),
            segment: None,
            filter_error: None,
            filter_editing: false,
            popup: None,
            pages: Vec::new(),
            help_scroll: 0,
            color: true,
            status: None,
            quit: false,
            fresh_pipeline: true,
            defer_filter: false,
            pending_filter: false,
            stale: [true; 6],
            detail_stale: true,
            change_counter: -1,
            undo: Vec::new(),
            editor_request: None,
            hooks: Default::default(),
            rescoring: None,
            waiting: Default::default(),
            quit_warned: false,
        }
    }

    /// Where the next key lands.
    pub fn mode(&self) -> Mode {
        match &self.popup {
            Some(Popup::Form(_)) => Mode::Form,
            Some(Popup::Confirm { .. }) => Mode::Confirm,
            Some(Popup::Help) => Mode::Help,
            Some(Popup::PickKind { .. }) => Mode::Pick,
            None if matches!(self.pages.last(), Some(Page::Dupes(_))) => Mode::Review,
            None if self.filter_editing => Mode::Filter,
            None => Mode::Normal,
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

    pub fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    pub fn fail(&mut self, e: Error) {
        self.status = Some(Status {
            text: e.to_string(),
            error: true,
        });
    }

    /// Opens a confirmation dialog for a write.
    pub fn ask(&mut self, message: String, on_yes: Write) {
        self.popup = Some(Popup::Confirm { message, on_yes });
    }

    /// The selected deal of the pipeline.
    pub fn selected_deal(&self) -> Option<&DealCard> {
        self.pipeline.selected()
    }

    /// The contact an action is about: the selected contact, or the selected deal's,
    /// activity entry's, task's or Today row's contact.
    pub fn subject(&self) -> Option<(ContactId, Option<DealId>)> {
        match self.pages.last() {
            Some(Page::Contact(p)) => return Some((p.detail.contact.id, None)),
            Some(Page::Entry(i)) => return Some((i.contact_id, i.deal_id)),
            Some(Page::Case(p)) => return Some((p.case.contact_id, p.case.deal_id)),
            Some(Page::Dupes(r)) => return r.current().map(|c| (c.a.id, None)),
            None => {}
        }
        match self.view {
            View::Contacts => self.contacts.selected().map(|c| (c.id, None)),
            View::Pipeline => self
                .selected_deal()
                .and_then(|d| d.contact_id.map(|c| (c, Some(d.id)))),
            View::Activity => self.activity.selected().map(|i| (i.contact_id, i.deal_id)),
            View::Today => self.tasks.subject(),
            View::Dashboard => None,
            View::Cases => self.cases.selected().map(|k| (k.contact_id, k.deal_id)),
        }
    }
}
