//! The terminal: raw mode and the alternate screen, restored on every exit path. A guard
//! restores on drop (q, Ctrl-C, errors); a chained panic hook restores before the panic
//! message prints, so it is readable.

use std::io::{self, Write};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::Terminal;

use crate::domain::{Error, Result};

pub type Term = Terminal<CrosstermBackend<io::Stdout>>;

/// Holds the terminal in TUI mode; dropping it gives the terminal back.
pub struct Guard;

/// Gives the terminal back: raw mode off, main screen, cursor shown.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, Show);
    let _ = io::stdout().flush();
}

/// Hands the terminal to another program (the contact editor): the same as [`restore`].
pub fn suspend() {
    restore();
}

/// Takes the terminal back after [`suspend`] and repaints it whole.
pub fn resume(terminal: &mut Term) -> Result<()> {
    let io_err = |e: io::Error| Error::Io(format!("cannot set up the terminal again: {e}"));
    enable_raw_mode().map_err(io_err)?;
    execute!(io::stdout(), EnterAlternateScreen, Hide).map_err(io_err)?;
    terminal.clear().map_err(io_err)?;
    Ok(())
}

impl Guard {
    pub fn enter() -> Result<(Guard, Term)> {
        let io_err = |e: io::Error| Error::Io(format!("cannot set up the terminal: {e}"));
        install_panic_hook();
        enable_raw_mode().map_err(io_err)?;
        // From here on the guard restores, even if the rest fails.
        let guard = Guard;
        execute!(io::stdout(), EnterAlternateScreen, Hide).map_err(io_err)?;
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout())).map_err(io_err)?;
        Ok((guard, terminal))
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
