//! Dynamic shell completions (clap_complete's engine): the shell runs `crm` at each TAB
//! (`CRM_COMPLETE=bash crm -- crm deal move 3 …`), and crm answers with the words that fit
//! there: interaction kinds, statuses, lifecycles and report formats, and from the
//! database, stage, contact and company names.
//!
//! Completers are attached here, by argument name, to the command tree the parser uses,
//! so the subcommand modules need not know about completion.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::OnceLock;

use clap::{Command, CommandFactory};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, CompletionCandidate};

use crate::domain::text::{fold, name_key, name_matches};
use crate::domain::{InteractionKind, Lifecycle};
use crate::store::{ContactFilter, Store};

use super::Cli;

/// Environment variable that turns a run into a completion request. Not clap's default
/// `COMPLETE`, a name common enough to be set for other reasons (crm would then refuse
/// to run).
const VAR: &str = "CRM_COMPLETE";
/// At most this many names are offered at once.
const MAX_NAMES: usize = 50;

/// The shell asking (`bash`, `zsh`, …), read before the engine clears the variable.
static SHELL: OnceLock<String> = OnceLock::new();

/// Answers a completion request and exits, or returns at once on an ordinary run.
pub fn answer_if_asked() {
    if let Ok(shell) = std::env::var(VAR) {
        let _ = SHELL.set(shell);
    }
    clap_complete::CompleteEnv::with_factory(command)
        .var(VAR)
        .complete();
}

/// The shell script that registers dynamic completion for `crm` in `shell`.
pub fn registration(shell: clap_complete::Shell) -> std::io::Result<String> {
    let name = shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let Some(completer) = shells.completer(&name) else {
        return Err(std::io::Error::other(format!(
            "no dynamic completion for {name}"
        )));
    };
    let mut buf = Vec::new();
    completer.write_registration(VAR, "crm", "crm", &self_path(), &mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// How the shell should call crm back: by name when it was run from the PATH, else by
/// its absolute path.
fn self_path() -> String {
    let arg0 = std::env::args_os().next().unwrap_or_default();
    let p = PathBuf::from(&arg0);
    if p.components().count() <= 1 {
        return p.to_string_lossy().into_owned();
    }
    std::env::current_exe()
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

/// The parser's command tree with a completer on each argument that takes a known word.
pub fn command() -> Command {
    let mut cmd = Cli::command();
    // Building resolves the subcommands whose arguments clap adds lazily.
    cmd.build();
    attach(cmd, &[])
}

fn attach(mut cmd: Command, parents: &[String]) -> Command {
    let mut path = parents.to_vec();
    path.push(cmd.get_name().to_string());
    let ids: Vec<String> = cmd
        .get_arguments()
        .filter(|a| a.get_possible_values().is_empty())
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let kind = values_for(&path, &id);
        cmd = match kind {
            Some(Values::Words(f)) => cmd.mut_arg(&id, |a| a.add(ArgValueCandidates::new(f))),
            Some(Values::Stages { closing }) => cmd.mut_arg(&id, |a| {
                a.add(ArgValueCandidates::new(move || stages(closing)))
            }),
            Some(Values::Contacts) => cmd.mut_arg(&id, |a| a.add(ArgValueCompleter::new(contacts))),
            Some(Values::Companies) => {
                cmd.mut_arg(&id, |a| a.add(ArgValueCompleter::new(companies)))
            }
            None => cmd,
        };
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        let p = path.clone();
        cmd = cmd.mut_subcommand(&sub, |s| attach(s, &p));
    }
    cmd
}

enum Values {
    Words(fn() -> Vec<CompletionCandidate>),
    /// Stage names; `closing` adds `won` and `lost` (for `deal move`).
    Stages {
        closing: bool,
    },
    Contacts,
    Companies,
}

/// Which values argument `id` of the command at `path` (`["crm", "deal", "move"]`) takes.
fn values_for(path: &[String], id: &str) -> Option<Values> {
    let path: Vec<&str> = path.iter().skip(1).map(String::as_str).collect();
    Some(match (path.as_slice(), id) {
        (_, "kind") => Values::Words(kinds),
        (_, "status") => Values::Words(statuses),
        (_, "lifecycle") => Values::Words(lifecycles),
        (_, "direction") => Values::Words(directions),
        (["report", ..], "format") => Values::Words(report_formats),
        (["deal", "move"], "stage") => Values::Stages { closing: true },
        (_, "stage") => Values::Stages { closing: false },
        (["stage", "add"], "name") => return None,
        (["stage", ..], "name" | "to") => Values::Stages { closing: false },
        (["company", ..], "reference") => Values::Companies,
        (_, "company") => Values::Companies,
        (_, "reference" | "contact" | "keep" | "other") => Values::Contacts,
        _ => return None,
    })
}

fn words(list: &[&str]) -> Vec<CompletionCandidate> {
    list.iter().map(CompletionCandidate::new).collect()
}

fn kinds() -> Vec<CompletionCandidate> {
    words(
        &InteractionKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>(),
    )
}

fn statuses() -> Vec<CompletionCandidate> {
    words(&["open", "won", "lost", "all"])
}

fn lifecycles() -> Vec<CompletionCandidate> {
    words(
        &Lifecycle::ALL
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>(),
    )
}

fn directions() -> Vec<CompletionCandidate> {
    words(&["in", "out"])
}

fn report_formats() -> Vec<CompletionCandidate> {
    words(&["table", "json", "csv", "md"])
}

fn stages(closing: bool) -> Vec<CompletionCandidate> {
    let Some(store) = open_store() else {
        return Vec::new();
    };
    let mut names: Vec<String> = store
        .read()
        .stages()
        .map(|s| s.into_iter().map(|s| s.name).collect())
        .unwrap_or_default();
    if closing {
        names.extend(["won".to_string(), "lost".to_string()]);
    }
    names
        .iter()
        .map(|n| CompletionCandidate::new(quote(n)))
        .collect()
}

/// Contacts whose name words start with the words typed (`ada lov`), with their
/// company or e-mail as the description shells that show one print beside it.
fn contacts(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = unquote(&current.to_string_lossy());
    let Some(store) = open_store() else {
        return Vec::new();
    };
    let r = store.read();
    let key = name_key(&typed);
    let mut found: Vec<(String, Option<String>)> = match key.split(' ').next() {
        Some(first) if !first.is_empty() => r
            .contacts_by_name_word(first)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| name_matches(&key, &c.name_key))
            .map(|c| (c.name, c.company.or(c.email)))
            .collect(),
        _ => r
            .contacts(&ContactFilter {
                limit: Some(MAX_NAMES),
                ..Default::default()
            })
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let about = c.company.clone().or(c.primary_email().map(str::to_string));
                (c.name, about)
            })
            .collect(),
    };
    // Names that start with what was typed first: shells that filter by prefix keep them.
    let folded = fold(&typed);
    found.sort_by_key(|(name, _)| (!fold(name).starts_with(&folded), fold(name)));
    found.dedup_by(|a, b| a.0 == b.0);
    found.truncate(MAX_NAMES);
    found
        .into_iter()
        .map(|(name, about)| CompletionCandidate::new(quote(&name)).help(about.map(Into::into)))
        .collect()
}

fn companies(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = fold(&unquote(&current.to_string_lossy()));
    let Some(store) = open_store() else {
        return Vec::new();
    };
    let mut names: Vec<String> = store
        .read()
        .companies()
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.company.name)
        .filter(|n| fold(n).starts_with(&typed))
        .collect();
    names.truncate(MAX_NAMES);
    names
        .iter()
        .map(|n| CompletionCandidate::new(quote(n)))
        .collect()
}

/// The database the command line being completed would use, if it exists: completing
/// never creates one.
fn open_store() -> Option<Store> {
    let args: Vec<String> = std::env::args().collect();
    let mut db = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--db" {
            db = args.get(i + 1).map(|v| PathBuf::from(unquote(v)));
        } else if let Some(v) = a.strip_prefix("--db=") {
            db = Some(PathBuf::from(unquote(v)));
        }
    }
    let path = db
        .or_else(|| {
            std::env::var_os("CRM_DB")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| crate::config::default_db_path().ok())?;
    match crate::store::target::Target::parse(&path.to_string_lossy()).ok()? {
        // A team's server: its names complete too (a session opened per TAB).
        crate::store::target::Target::Postgres(t) => crate::store::postgres::open(&t, None).ok(),
        crate::store::target::Target::Sqlite(path) => {
            if !path.is_file() {
                return None;
            }
            Store::open(&path).ok()
        }
    }
}

fn is_bash() -> bool {
    SHELL.get().is_some_and(|s| s.ends_with("bash"))
}

/// Bash inserts a candidate as typed, so a name with spaces is escaped (`Ada\ Lovelace`);
/// the other shells quote what they insert themselves.
fn quote(value: &str) -> String {
    if !is_bash() {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if !(c.is_alphanumeric() || "-_.@+,:/=%".contains(c)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The word being completed as the user means it: bash hands it over with its
/// backslashes and quotes.
fn unquote(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '\'' | '"' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_get_the_values_they_take() {
        let at = |p: &[&str], id: &str| {
            let path: Vec<String> = std::iter::once("crm")
                .chain(p.iter().copied())
                .map(String::from)
                .collect();
            match values_for(&path, id) {
                Some(Values::Words(f)) => format!(
                    "{:?}",
                    f().iter()
                        .map(|c| c.get_value().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                ),
                Some(Values::Stages { closing }) => format!("stages {closing}"),
                Some(Values::Contacts) => "contacts".into(),
                Some(Values::Companies) => "companies".into(),
                None => "none".into(),
            }
        };
        assert!(at(&["log"], "kind").contains("feedback"));
        assert_eq!(at(&["deal", "move"], "stage"), "stages true");
        assert_eq!(at(&["deal", "add"], "stage"), "stages false");
        assert_eq!(at(&["stage", "rename"], "name"), "stages false");
        assert_eq!(at(&["stage", "add"], "name"), "none");
        assert_eq!(at(&["contact", "show"], "reference"), "contacts");
        assert_eq!(at(&["company", "show"], "reference"), "companies");
        assert_eq!(at(&["contact", "merge"], "other"), "contacts");
        assert_eq!(
            at(&["deal", "list"], "status"),
            r#"["open", "won", "lost", "all"]"#
        );
        assert!(at(&["report"], "format").contains("md"));
        assert_eq!(at(&["deal", "add"], "title"), "none");
    }

    #[test]
    fn the_tree_builds_with_its_completers() {
        command().debug_assert();
    }

    #[test]
    fn bash_words_are_unescaped() {
        assert_eq!(unquote(r"Ada\ Lov"), "Ada Lov");
        assert_eq!(unquote("'Ada Lov"), "Ada Lov");
        assert_eq!(unquote("zoë"), "zoë");
    }
}
