//! The command line (DESIGN §4): clap types, one module per subcommand, output formatting.

mod admin;
mod agenda;
mod args;
mod automation;
mod birthdays;
mod bulk;
mod case;
mod choices;
mod company;
mod complete;
mod config;
mod contact;
mod contact_dupes;
mod contact_editor;
mod contact_from_email;
mod contact_list;
mod contact_score;
mod db;
mod deal;
mod demo;
mod export;
mod export_person;
mod forget;
mod history;
mod import;
mod interaction;

mod log;
mod log_email;
pub mod output;
mod owner;
mod purge;
mod query;
mod queue;
mod reconnect;
mod remind;
mod report;
mod rule;
mod search;
mod segment;
mod select;
mod stage;
mod task;
mod team;
mod undo;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::config::{default_db_path, Config};
use crate::domain::{Error, Result};
use crate::ops::Now;
use crate::store::Store;
use output::Out;

#[derive(Debug, Parser)]
#[command(
    name = "crm",
    version,
    about = "A terminal CRM for freelancers and small teams: contacts, deals, calls, tasks and reports in one local SQLite file, or one PostgreSQL database for a team.",
    after_help = "Run `crm` with no command to open the full-screen app (in a pipe it prints the agenda). Data lives in one SQLite file, or on a team's PostgreSQL server (see --db)."
)]
pub struct Cli {
    /// Database file [default: crm.db in the data directory, e.g. ~/.local/share/crm/crm.db].
    /// A postgres:// URL or service=NAME names a team's PostgreSQL database (password from
    /// PGPASSWORD or ~/.pgpass, never the URL)
    #[arg(long, global = true, env = "CRM_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Machine-readable JSON output
    #[arg(long, global = true)]
    pub json: bool,
    /// Print nothing but errors and requested data
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more about what is happening
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// No colours (also when NO_COLOR is set)
    #[arg(long, global = true)]
    pub no_color: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the full-screen app (also what `crm` alone does in a terminal)
    Tui,
    /// Add, list, show, edit, remove and merge contacts
    Contact(contact::Args),
    /// Add, list, show, edit and remove companies
    Company(company::Args),
    /// Open deals and move them through the pipeline
    Deal(deal::Args),
    /// The pipeline's stages
    Stage(stage::Args),
    /// Log an interaction of any kind: call, email, meeting, note, message, feedback
    Log(log::LogArgs),
    /// Log a call: crm log-call ada "talked pricing"
    LogCall(log::OneLiner),
    /// Log an e-mail: crm log-email ada "sent the offer", or a whole message with --eml FILE|-
    LogEmail(log_email::Args),
    /// Log a meeting
    LogMeeting(log::OneLiner),
    /// Log a note
    LogNote(log::OneLiner),
    /// Follow-up tasks
    Task(task::Args),
    /// Support cases: open, list, show, reply, note, pending, solve, reopen, close
    Case(case::Args),
    /// List, show, fix and remove logged interactions
    Interaction(interaction::Args),
    /// Overdue and today's tasks, deals closing soon, contacts to reconnect with, birthdays, contacts going cold
    Agenda(agenda::Args),
    /// Contacts due for a call by their stay-in-touch cadence, most overdue first
    Reconnect(reconnect::Args),
    /// Birthdays coming up, soonest first
    Birthdays(birthdays::Args),
    /// Fuzzy search over contacts, companies and deals
    Search(search::Args),
    /// Address lookup for mail clients: crm query --mutt ada (mutt, neomutt, aerc)
    Query(query::Args),
    /// Pipeline, forecast, funnel, won, activity, stale, lifecycle, satisfaction and service reports
    Report(report::Args),
    /// Read contacts, deals or interactions from CSV and vCard exports; list and undo imports
    Import(import::Args),
    /// Write contacts, deals, interactions or tasks as CSV, JSON, NDJSON, vCard or iCalendar
    Export(export::Args),
    /// What changed, newest first, with change numbers for crm undo
    History(history::Args),
    /// Take back the latest change, or change CHANGE of crm history (undoing an undo redoes)
    Undo(undo::Args),
    /// Empty the trash undo relies on: removed contacts, undo images and undone imports older than --older-than (30d), then vacuum
    Purge(purge::Args),
    /// The rules of the config file: list them as crm read them, or try one on an event
    Rule(rule::Args),
    /// Saved filter expressions: add, list, show, rm (see the README, "Segments")
    Segment(segment::Args),
    /// Run time-based rules and send due reminders, once each (for cron or a systemd timer)
    Remind(remind::Args),
    /// Fill the database with realistic sample data
    Demo(demo::Args),
    /// Copy the database to FILE with SQLite's online backup
    Backup(admin::BackupArgs),
    /// Check the database's integrity, search indexes, totals, schema version and file permissions
    Doctor(admin::DoctorArgs),
    /// Print the shell script that completes crm's commands, flags, and stage and contact names
    Completions(admin::CompletionsArgs),
    /// Print the man page
    Man,
    /// Print which config file crm reads; --default prints one with every setting
    Config(config::Args),
    /// Team mode on PostgreSQL: crm team init prints the SQL that sets a team up
    Team(team::Args),
    /// Copy the whole database to another file or a PostgreSQL server (crm db copy --to)
    Db(db::Args),
}

/// What every subcommand runs with: the open database, the clock, config and output.
pub struct Ctx {
    pub store: Store,
    pub now: Now,
    pub config: Config,
    pub out: Out,
    pub verbose: u8,
}

/// Parses arguments, runs the command, and maps errors to exit codes: 0 success,
/// 1 failure, 2 bad usage (clap's own).
pub fn main() -> ExitCode {
    complete::answer_if_asked();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "error: {}",
                crate::domain::text::sanitize(&e.to_string())
            );
            ExitCode::from(1)
        }
    }
}

/// Help and version as clap prints them; a usage error without colours and with the
/// arguments it echoes made safe, so a hostile argument cannot drive the terminal.
fn usage_error(e: clap::Error) -> ExitCode {
    if !e.use_stderr() {
        e.exit();
    }
    let text = e.render().to_string();
    let _ = write!(
        std::io::stderr().lock(),
        "{}",
        crate::domain::text::sanitize(&text)
    );
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

fn run(cli: Cli) -> Result<()> {
    let out = Out::new(cli.json, cli.quiet, cli.no_color);
    // Commands that need no database.
    match &cli.command {
        Some(Command::Completions(a)) => return admin::completions(a, &mut complete::command()),
        Some(Command::Man) => return admin::man(Cli::command()),
        Some(Command::Config(a)) => return config::run(&out, a),
        Some(Command::Team(_)) => {
            let Some(Command::Team(a)) = cli.command else {
                unreachable!()
            };
            return team::run(&out, a);
        }
        _ => {}
    }
    let config = Config::load(
        std::env::var_os("CRM_CONFIG")
            .as_deref()
            .map(std::path::Path::new),
    )?;
    let target = match &cli.db {
        Some(p) => crate::store::target::Target::parse(&p.to_string_lossy())?,
        None => crate::store::target::Target::Sqlite(default_db_path()?),
    };
    let mut store = match &target {
        crate::store::target::Target::Sqlite(p) => {
            if cli.db.is_some() {
                check_db_dir(p)?;
            }
            let store = Store::open_in_region(p, config.default_region)?;
            // A database its owner left readable to others is kept so, but said (DESIGN §8).
            if let Some(mode) = crate::private_file::loose_mode(p).filter(|_| !out.quiet) {
                let p = crate::domain::text::sanitize(&p.display().to_string()).into_owned();
                eprintln!("crm: warning: {p} can be read by other users (mode {mode:o}); chmod 600 it to keep it private.");
            }
            store
        }
        // Team mode (DESIGN §14): the same commands on a shared PostgreSQL database.
        crate::store::target::Target::Postgres(t) => {
            crate::store::postgres::open(t, config.default_region)?
        }
    };
    store.set_rules(config.rules.clone());
    store.set_score_weights(config.score.clone());
    if cli.verbose > 0 {
        eprintln!("crm: using {}", store.location());
    }
    let me = actor(&store)?;
    let ctx = Ctx {
        store,
        now: clock()?.acting_as(me),
        config,
        out,
        verbose: cli.verbose,
    };
    // Whatever was queued while another crm was writing goes first (one stat if nothing).
    queue::drain(&ctx);
    let result = dispatch(&ctx, cli.command);
    // Rules fire only in committed changes, so a failed command has nothing here.
    automation::after(&ctx);
    result
}

fn dispatch(ctx: &Ctx, command: Option<Command>) -> Result<()> {
    match command {
        None if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() => tui(ctx),
        Some(Command::Tui) => {
            // A config with no key to quit is refused before the terminal is even needed.
            crate::tui::keys::Keymap::with_overrides(&ctx.config.keys)?;
            if !std::io::stdout().is_terminal() {
                return Err(Error::invalid("crm tui needs a terminal; in scripts use the subcommands (crm agenda, crm deal list, ...)."));
            }
            tui(ctx)
        }
        None => agenda::run(ctx, agenda::Args::default()),
        Some(Command::Agenda(a)) => agenda::run(ctx, a),
        Some(Command::Reconnect(a)) => reconnect::run(ctx, a),
        Some(Command::Birthdays(a)) => birthdays::run(ctx, a),
        Some(Command::Contact(a)) => contact::run(ctx, a),
        Some(Command::Company(a)) => company::run(ctx, a),
        Some(Command::Deal(a)) => deal::run(ctx, a),
        Some(Command::Stage(a)) => stage::run(ctx, a),
        Some(Command::Log(a)) => log::run(ctx, a),
        Some(Command::LogCall(a)) => log::one_liner(ctx, crate::domain::InteractionKind::Call, a),
        Some(Command::LogEmail(a)) => log_email::run(ctx, a),
        Some(Command::LogMeeting(a)) => {
            log::one_liner(ctx, crate::domain::InteractionKind::Meeting, a)
        }
        Some(Command::LogNote(a)) => log::one_liner(ctx, crate::domain::InteractionKind::Note, a),
        Some(Command::Task(a)) => task::run(ctx, a),
        Some(Command::Case(a)) => case::run(ctx, a),
        Some(Command::Interaction(a)) => interaction::run(ctx, a),
        Some(Command::Search(a)) => search::run(ctx, a),
        Some(Command::Query(a)) => query::run(ctx, a),
        Some(Command::Report(a)) => report::run(ctx, a),
        Some(Command::Import(a)) => import::run(ctx, a),
        Some(Command::Export(a)) => export::run(ctx, a),
        Some(Command::History(a)) => history::run(ctx, a),
        Some(Command::Undo(a)) => undo::run(ctx, a),
        Some(Command::Purge(a)) => purge::run(ctx, a),
        Some(Command::Demo(a)) => demo::run(ctx, a),
        Some(Command::Backup(a)) => admin::backup(ctx, a),
        Some(Command::Doctor(a)) => admin::doctor(ctx, a),
        Some(Command::Db(a)) => db::run(ctx, a),
        Some(Command::Team(_)) => unreachable!("handled before the database opens"),
        Some(Command::Rule(a)) => rule::run(ctx, a),
        Some(Command::Segment(a)) => segment::run(ctx, a),
        Some(Command::Remind(a)) => remind::run(ctx, a),
        Some(Command::Completions(_)) | Some(Command::Man) | Some(Command::Config(_)) => Ok(()),
    }
}

/// A chosen database must be in a directory that exists: a typo in `--db` should not
/// quietly create a new tree of folders. Only the default data directory is created.
fn check_db_dir(path: &std::path::Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(Error::invalid(format!(
            "the directory {} does not exist; create it first (mkdir -p), or choose another path with --db or CRM_DB.",
            dir.display()
        ))),
        _ => Ok(()),
    }
}

fn tui(ctx: &Ctx) -> Result<()> {
    let fixed = std::env::var("CRM_NOW")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .map(|_| ctx.now);
    let who = actor(&ctx.store)?;
    crate::tui::run(&ctx.store, &ctx.config, ctx.out.color, || {
        fixed.unwrap_or_else(Now::system).acting_as(who)
    })
}

/// The system clock, or the moment in `CRM_NOW` (RFC 3339), which lets scripts and tests
/// replay events at the times they happened.
fn clock() -> Result<Now> {
    match std::env::var("CRM_NOW") {
        Ok(s) if !s.trim().is_empty() => chrono::DateTime::parse_from_rfc3339(s.trim())
            .map(|t| Now::system_at(t.with_timezone(&chrono::Utc)))
            .map_err(|_| {
                Error::invalid(format!(
                    "CRM_NOW={s:?} is not an RFC 3339 time like 2026-11-22T10:00:00Z."
                ))
            }),
        _ => Ok(Now::system()),
    }
}

/// Who acts, for the history's `by` and for `--mine`: the PostgreSQL role on a server
/// (`session_user`, DESIGN §14), the OS user on a file. Looked up once.
fn actor(store: &Store) -> Result<&'static str> {
    static ROLE: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    match store.session_user()? {
        Some(role) => Ok(ROLE.get_or_init(|| Box::leak(role.into_boxed_str()))),
        None => Ok(os_user()),
    }
}

/// Who is acting, for the history's `by`: the OS user from `USER` or `LOGNAME`, else the
/// name `id -un` would give (this process's user id in /etc/passwd). Looked up once.
fn os_user() -> &'static str {
    static WHO: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    WHO.get_or_init(|| {
        ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
            .map(|v| v.trim().to_string())
            .or_else(user_from_passwd)
            .unwrap_or_else(|| "unknown".into())
    })
}

#[cfg(unix)]
fn user_from_passwd() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut f = line.split(':');
        let name = f.next()?;
        (f.nth(1)? == uid).then(|| name.to_string())
    })
}

#[cfg(not(unix))]
fn user_from_passwd() -> Option<String> {
    None
}

/// Asks before a destructive action: `--yes` skips it; without a terminal it is refused.
pub fn confirm(yes: bool, question: &str) -> Result<()> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::invalid(format!("{question} Add --yes to confirm.")));
    }
    eprint!("{} [y/N] ", crate::domain::text::sanitize(question));
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(Error::invalid("cancelled; nothing was changed."))
    }
}
