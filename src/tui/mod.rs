//! The full-screen app (DESIGN §5): pipeline kanban, contacts with their timeline, the
//! activity log, Today (tasks, cases past a target, contacts to reconnect, deals closing,
//! birthdays), a dashboard and support cases. Elm-shaped: `keys` turns a key into a message,
//! `update` changes the `App` state and returns effects, `effects` carries them out
//! against the store, `ui::draw` renders. Each view's state and keys live in `views/`,
//! its drawing in `ui/`. Only this module names ratatui or crossterm.

pub mod app;
pub mod effects;
pub mod forms;
pub mod keys;
pub mod term;
pub mod ui;
pub mod update;
pub mod views;
pub mod window;

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};

use crate::config::Config;
use crate::domain::{Error, Result};
use crate::ops::Now;
use crate::store::Store;

use app::App;
use effects::Effect;
use keys::Keymap;
use update::{update, Msg};

/// How often the database is polled for changes made by other processes.
const TICK: Duration = Duration::from_millis(250);
/// A pause in typing this long reads the filter's matches.
const TYPING_PAUSE: Duration = Duration::from_millis(40);

/// Runs the TUI until the user quits. `clock` gives "now" at each tick; `color` is off
/// under `NO_COLOR` or `--no-color`.
pub fn run(store: &Store, config: &Config, color: bool, clock: impl Fn() -> Now) -> Result<()> {
    let keymap = Keymap::with_overrides(&config.keys)?;
    // SIGTERM or SIGHUP (a closed terminal, `kill`) end the loop like `q`, so the guard
    // restores the terminal on the way out.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, stop.clone())
            .map_err(|e| Error::Io(format!("cannot watch for signals: {e}")))?;
    }
    // If the terminal is gone (a closed window, a dropped ssh), the terminal library can
    // spin on end-of-file and never return to this loop: a watchdog ends the process
    // once a signal asked to stop and the loop has not done so within a moment.
    let watch = stop.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(100));
        if watch.load(std::sync::atomic::Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(750));
            term::restore();
            std::process::exit(129);
        }
    });
    let (_guard, mut terminal) = term::Guard::enter()?;
    let io_err = |e: std::io::Error| Error::Io(format!("terminal error: {e}"));
    let size = terminal.size().map_err(io_err)?;
    let mut app = App::new(
        keymap,
        clock(),
        config.default_currency,
        (size.width, size.height),
    );
    app.color = color;
    app.cadence = config.cadence.clone();
    app.targets = config.case_targets.clone();
    app.defer_filter = true;
    // Paint first, query after: the first frame never waits for data.
    terminal.draw(|f| ui::draw(f, &app)).map_err(io_err)?;
    start(&mut app, store);
    let mut last_tick = Instant::now();
    while !app.quit && !stop.load(std::sync::atomic::Ordering::Relaxed) {
        terminal.draw(|f| ui::draw(f, &app)).map_err(io_err)?;
        let mut timeout = TICK.saturating_sub(last_tick.elapsed());
        if app.pending_filter {
            timeout = timeout.min(TYPING_PAUSE);
        }
        if !event::poll(timeout).map_err(io_err)? {
            if std::mem::take(&mut app.pending_filter) {
                effects::run(store, &mut app, vec![Effect::Load { keep: false }]);
            }
        } else {
            match event::read().map_err(io_err)? {
                Event::Key(key) => {
                    app.now = clock();
                    press(&mut app, store, key);
                    if let Some(id) = app.editor_request.take() {
                        edit_in_editor(&mut terminal, store, &mut app, id)?;
                    }
                }
                Event::Resize(w, h) => resize(&mut app, store, (w, h)),
                _ => {}
            }
        }
        if last_tick.elapsed() >= TICK {
            tick(&mut app, store, clock());
            last_tick = Instant::now();
        }
    }
    Ok(())
}

/// `E`: leaves the full screen for the user's editor on the contact, then takes the
/// terminal back and says what happened (the views reload when something changed).
fn edit_in_editor(
    terminal: &mut term::Term,
    store: &Store,
    app: &mut App,
    id: crate::domain::ContactId,
) -> Result<()> {
    use crate::editor::{edit_contact_with, Edited};
    let now = app.now;
    let mut later = None;
    effects::outside_write(store, app, || {
        term::suspend();
        // The saved text waits at most a key's wait for the lock; then it waits in the
        // background like any key's write, and the app keeps going.
        let result = edit_contact_with(store, id, |ch| {
            store.write_within(effects::KEY_WAIT, || {
                crate::ops::contacts::edit_checked(store, &now, id, ch)
            })
        });
        // The terminal comes back whatever the editor did.
        term::resume(terminal)?;
        result.map(|e| match e {
            Edited::Changed(c) => effects::Outcome {
                message: format!("Updated contact {} in the editor.", c.name),
                changed: true,
                follow: None,
            },
            Edited::Unchanged(c) => effects::Outcome {
                message: format!("Nothing changed: {} was left as it was.", c.name),
                changed: false,
                follow: None,
            },
            Edited::Waiting(changes) => {
                later = Some(effects::Write::EditContact {
                    id,
                    changes: Box::new(changes),
                });
                effects::Outcome {
                    message: "Saved; waiting for another crm… (an import?) to write it.".into(),
                    changed: false,
                    follow: None,
                }
            }
        })
    });
    if let Some(w) = later {
        effects::write_later(app, w);
    }
    Ok(())
}

/// Reads the first data (after the first frame is painted).
pub fn start(app: &mut App, store: &Store) {
    effects::run(
        store,
        app,
        vec![Effect::Remind, Effect::Load { keep: false }],
    );
    app.loaded = true;
}

/// One key press: through the keymap, `update`, then its effects. Only presses count
/// (terminals that report releases would otherwise act twice).
pub fn press(app: &mut App, store: &Store, key: KeyEvent) {
    if key.kind != KeyEventKind::Press {
        return;
    }
    if let Some(msg) = app.keymap.translate(app.mode(), &key) {
        step(app, store, msg);
    }
}

/// Called on every tick: reloads when another process changed the database.
pub fn tick(app: &mut App, store: &Store, now: Now) {
    step(app, store, Msg::Tick(now));
}

pub fn resize(app: &mut App, store: &Store, size: (u16, u16)) {
    step(app, store, Msg::Resize(size));
}

fn step(app: &mut App, store: &Store, msg: Msg) {
    let effects = update(app, msg);
    effects::run(store, app, effects);
}
