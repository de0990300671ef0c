//! `crm backup`, `crm doctor`, `crm completions`, `crm man`.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use clap_complete::Shell;

use crate::domain::{Error, Result};
use crate::store::Health;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist)
    file: PathBuf,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Enable it with, for bash: source <(crm completions bash) in ~/.bashrc; zsh: source <(crm completions zsh) in ~/.zshrc; fish: crm completions fish | source in ~/.config/fish/config.fish."
)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    shell: Shell,
    /// A fixed script of commands and flags that never runs crm while completing (no
    /// stage or contact names)
    #[arg(long = "static")]
    fixed: bool,
}

pub fn backup(ctx: &Ctx, a: BackupArgs) -> Result<()> {
    ctx.store.backup_to(&a.file)?;
    ctx.out.done(&format!("Backed up to {}.", a.file.display()));
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// First build the search indexes and pipeline totals again from the records
    #[arg(long)]
    rebuild: bool,
    #[command(flatten)]
    queue: super::queue::QueueArgs,
}

pub fn doctor(ctx: &Ctx, a: DoctorArgs) -> Result<()> {
    let store = &ctx.store;
    if super::queue::doctor(ctx, &a.queue)? {
        return Ok(());
    }
    if a.rebuild {
        store.rebuild_derived()?;
        ctx.out
            .done("Built the search indexes and pipeline totals again.");
    }
    let Health {
        schema_version: version,
        latest_version,
        journal,
        mut problems,
    } = store.health()?;
    problems.extend(super::queue::problems(ctx));
    let mut lines = vec![
        format!("schema version {version} (this crm: {latest_version})"),
        format!("journal mode {journal}"),
    ];
    if store.is_server() {
        lines.insert(
            0,
            format!("database {} (PostgreSQL server)", store.location()),
        );
    }
    if let Some(path) = store.path() {
        lines.insert(0, format!("database {}", path.display()));
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let p = PathBuf::from(p);
            if let Ok(meta) = std::fs::metadata(&p) {
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    problems.push(format!(
                        "{} is readable by others (mode {mode:o}); run chmod 600 on it",
                        p.display()
                    ));
                }
            }
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(meta) = std::fs::metadata(dir) {
                let mode = meta.permissions().mode() & 0o777;
                lines.push(format!("directory {} mode {mode:o}", dir.display()));
            }
        }
    }
    if ctx.out.json {
        ctx.out.json(&serde_json::json!({ "ok": problems.is_empty(), "schema_version": version, "journal_mode": journal, "problems": problems }))?;
        if !problems.is_empty() {
            return Err(Error::storage(format!(
                "doctor found {} problem(s).",
                problems.len()
            )));
        }
        return Ok(());
    }
    for l in &lines {
        ctx.out.done(l);
    }
    if problems.is_empty() {
        ctx.out.done("integrity ok, permissions ok");
        Ok(())
    } else {
        Err(Error::storage(format!(
            "doctor found problems:\n  {}",
            problems.join("\n  ")
        )))
    }
}

/// The dynamic script (the shell asks crm at each TAB, so names come from the database),
/// or with `--static` the generated fixed one.
pub fn completions(a: &CompletionsArgs, cmd: &mut clap::Command) -> Result<()> {
    let script = if a.fixed {
        let mut buf = Vec::new();
        clap_complete::generate(a.shell, cmd, "crm", &mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    } else {
        super::complete::registration(a.shell)?
    };
    super::output::Out::new(false, false, true).print(&script);
    Ok(())
}

pub fn man(cmd: clap::Command) -> Result<()> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    super::output::Out::new(false, false, true).print(&String::from_utf8_lossy(&buf));
    Ok(())
}
