//! `crm export contacts|deals|interactions|tasks|cases|birthdays|all [--format …] [-o FILE|-]`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::domain::filter::Target;
use crate::domain::*;
use crate::export::json;
use crate::export::{self, CsvOptions, ExportFormat, IcsKind, VcardVersion};
use crate::store::{
    ContactFilter, DealFilter, InteractionFilter, Matching, Reader, TaskFilter, TaskWindow,
};

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to export
    #[arg(value_enum, ignore_case = true)]
    what: What,
    /// With `contact`: the person (id, e-mail or name)
    #[arg(value_name = "REF")]
    reference: Option<String>,
    /// vcard is for contacts, ics for tasks and birthdays [default: csv; json for all; ics for birthdays]
    #[arg(long, value_enum, ignore_case = true)]
    format: Option<ExportFormatArg>,
    /// Write to FILE (private, 0600) instead of standard output; `-` is standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// CSV: do not guard cells that a spreadsheet would run as formulas
    #[arg(long)]
    raw: bool,
    /// vCard 4.0 instead of 3.0
    #[arg(long)]
    vcard4: bool,
    /// iCalendar: tasks as VTODO (to-dos) instead of VEVENT (calendar entries)
    #[arg(long)]
    todo: bool,
    /// Contacts: one .vcf per contact in DIR, each with a stable UID (a vdir for vdirsyncer or khard)
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    vdir: Option<PathBuf>,
    /// Contacts or deals: only those a filter expression or segment picks
    #[command(flatten)]
    select: super::select::Select,
}

const HOST: &str = "crm.local";

use super::choices::{ExportFormatArg, ExportWhat as What};

fn contacts(r: Reader<'_>) -> Result<Vec<Contact>> {
    picked_contacts(r, None)
}

/// The contacts to export: all of them, or those `--where`/`--segment` picks.
fn picked_contacts(r: Reader<'_>, matching: Option<&Matching>) -> Result<Vec<Contact>> {
    let mut list = r.contacts(&ContactFilter {
        matching: matching.cloned(),
        ..Default::default()
    })?;
    let mut fields = r.all_contact_fields()?;
    for c in &mut list {
        if let Some(f) = fields.remove(&c.id) {
            c.fields = f;
        }
    }
    Ok(list)
}

fn emails(list: &[Contact]) -> HashMap<ContactId, String> {
    list.iter()
        .filter_map(|c| c.primary_email().map(|e| (c.id, e.to_string())))
        .collect()
}

fn tasks(ctx: &Ctx, r: Reader<'_>) -> Result<Vec<Task>> {
    let f = TaskFilter {
        window: TaskWindow::All,
        today: ctx.now.today(),
        now: ctx.now.utc,
        contact_id: None,
        deal_id: None,
        limit: None,
        done_since: None,
        owner: None,
    };
    r.tasks(&f)
}

/// Every support case by id, each with whether it is past a target now.
fn cases(ctx: &Ctx, r: Reader<'_>) -> Result<Vec<(crate::domain::case::Case, bool)>> {
    let t = &ctx.config.case_targets;
    let mut list = r.cases(None, None)?;
    list.sort_by_key(|k| k.id);
    Ok(list
        .into_iter()
        .map(|k| {
            let breached = t.breached(&k, ctx.now.utc);
            (k, breached)
        })
        .collect())
}

/// What `--where`/`--segment` picks for this export, if given.
fn matching(ctx: &Ctx, a: &Args) -> Result<Option<Matching>> {
    if !a.select.given() {
        return Ok(None);
    }
    match a.what {
        What::Contacts | What::Birthdays => a.select.matching(ctx, Target::Contact),
        What::Deals => a.select.matching(ctx, Target::Deal),
        _ => Err(Error::invalid(format!(
            "--where and --segment pick contacts or deals, not {}; use them with crm export contacts or crm export deals.",
            a.what.as_str()
        ))),
    }
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    if a.what == What::Contact || a.reference.is_some() {
        return super::export_person::run(ctx, a.what, a.reference.as_deref(), a.output.as_deref());
    }
    let picked = matching(ctx, &a)?;
    if let Some(dir) = &a.vdir {
        return vdir(ctx, &a, dir, picked.as_ref());
    }
    let what = a.what;
    let format = match a.format {
        Some(f) => f.into(),
        None if what == What::Birthdays => ExportFormat::Ics,
        None if what == What::All || ctx.out.json => ExportFormat::Json,
        None => ExportFormat::Csv,
    };
    let allowed = match (what, format) {
        (What::Birthdays, f) => f == ExportFormat::Ics,
        (_, ExportFormat::Json | ExportFormat::Ndjson) => true,
        (What::All, _) => false,
        (What::Contacts, ExportFormat::Vcard) | (What::Tasks, ExportFormat::Ics) => true,
        (_, ExportFormat::Csv) => true,
        _ => false,
    };
    if !allowed {
        return Err(Error::invalid(format!(
            "{} cannot be exported as {}; vCard is for contacts, iCalendar for tasks and birthdays (birthdays only as iCalendar), and `all` is JSON or NDJSON.",
            a.what.as_str(),
            format.as_str()
        )));
    }
    let mut buf: Vec<u8> = Vec::new();
    // One snapshot for every table, so deals never point at contacts missing from the file.
    ctx.store
        .snapshot(|r| write(ctx, r, (what, picked.as_ref()), format, &a, &mut buf))?;
    match a.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => {
            write_private(path, &buf)?;
            ctx.out.done(&format!(
                "Exported {} to {}.",
                a.what.as_str(),
                path.display()
            ));
        }
        None => ctx.out.print(&String::from_utf8_lossy(&buf)),
    }
    Ok(())
}

fn write(
    ctx: &Ctx,
    r: Reader<'_>,
    (what, picked): (What, Option<&Matching>),
    format: ExportFormat,
    a: &Args,
    w: &mut Vec<u8>,
) -> Result<()> {
    let csv = CsvOptions { raw: a.raw };
    match what {
        // Written by export_person.rs (run hands it over first).
        What::Contact => Ok(()),
        What::Contacts => {
            let list = picked_contacts(r, picked)?;
            match format {
                ExportFormat::Csv => export::contacts_csv(w, &list, &csv),
                ExportFormat::Json => export::json_array(w, &list, export::contact_value),
                ExportFormat::Ndjson => export::ndjson(w, &list, export::contact_value),
                _ => export::contacts_vcard(w, &list, &r.contact_uids()?, version(a), HOST),
            }
        }
        What::Deals => {
            let list = r.deals(&DealFilter {
                matching: picked.cloned(),
                ..Default::default()
            })?;
            match format {
                ExportFormat::Csv => export::deals_csv(w, &list, &emails(&contacts(r)?), &csv),
                ExportFormat::Json => export::json_array(w, &list, json::deal),
                _ => export::ndjson(w, &list, json::deal),
            }
        }
        What::Interactions => {
            let list = r.interactions(&InteractionFilter::default())?;
            match format {
                ExportFormat::Csv => {
                    let deals: HashMap<DealId, String> = r
                        .deals(&DealFilter::default())?
                        .into_iter()
                        .map(|d| (d.id, d.title))
                        .collect();
                    export::interactions_csv(w, &list, &emails(&contacts(r)?), &deals, &csv)
                }
                ExportFormat::Json => export::json_array(w, &list, json::interaction),
                _ => export::ndjson(w, &list, json::interaction),
            }
        }
        What::Tasks => {
            let list = tasks(ctx, r)?;
            match format {
                ExportFormat::Csv => export::tasks_csv(w, &list, &emails(&contacts(r)?), &csv),
                ExportFormat::Json => export::json_array(w, &list, json::task),
                ExportFormat::Ndjson => export::ndjson(w, &list, json::task),
                _ => export::tasks_ics(
                    w,
                    &list,
                    if a.todo {
                        IcsKind::Todo
                    } else {
                        IcsKind::Event
                    },
                    ctx.now.utc,
                    HOST,
                ),
            }
        }
        What::Birthdays => {
            let list = picked_contacts(r, picked)?;
            export::birthdays_ics(w, &list, ctx.now.utc, HOST)
        }
        What::Cases => {
            let list = cases(ctx, r)?;
            match format {
                ExportFormat::Csv => export::cases_csv(w, &list, &emails(&contacts(r)?), &csv),
                ExportFormat::Json => export::json_array(w, &list, json::case_breached),
                _ => export::ndjson(w, &list, json::case_breached),
            }
        }
        What::All => {
            let people = contacts(r)?;
            let companies: Vec<Company> = r.companies()?.into_iter().map(|c| c.company).collect();
            let deals = r.deals(&DealFilter::default())?;
            let talks = r.interactions(&InteractionFilter::default())?;
            let todo = tasks(ctx, r)?;
            let stages = r.stages()?;
            let history = r.all_stage_history()?;
            let cases = cases(ctx, r)?;
            let all = export::Everything {
                stages: &stages,
                companies: &companies,
                contacts: &people,
                deals: &deals,
                stage_history: &history,
                cases: &cases,
                interactions: &talks,
                tasks: &todo,
            };
            if format == ExportFormat::Ndjson {
                export::all_ndjson(w, &all)
            } else {
                export::all_json(w, &all)
            }
        }
    }
}

fn version(a: &Args) -> VcardVersion {
    if a.vcard4 {
        VcardVersion::V4
    } else {
        VcardVersion::V3
    }
}

/// `--vdir DIR`: one card per file, named after its UID, so vdirsyncer and khard see the
/// same contact in the same file on every export.
fn vdir(ctx: &Ctx, a: &Args, dir: &Path, picked: Option<&Matching>) -> Result<()> {
    if a.what != What::Contacts
        || a.format
            .is_some_and(|f| ExportFormat::from(f) != ExportFormat::Vcard)
    {
        return Err(Error::invalid(
            "--vdir writes vCards of contacts: crm export contacts --vdir DIR.",
        ));
    }
    let (list, uids) = ctx
        .store
        .snapshot(|r| Ok((picked_contacts(r, picked)?, r.contact_uids()?)))?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Io(format!("cannot create {}: {e}.", dir.display())))?;
    let mut files = Vec::with_capacity(list.len());
    for c in &list {
        let uid = export::uid_of(c.id, &uids, HOST);
        let card = export::contact_card(c, &uid, version(a));
        let name = vdir_file_name(&uid, c.id);
        write_private(&dir.join(&name), card.as_bytes())?;
        files.push(serde_json::json!({"contact": c.id, "uid": uid, "file": name}));
    }
    if ctx.out.json {
        return ctx.out.json(&serde_json::json!({
            "dir": dir.display().to_string(), "exported": list.len(), "files": files,
        }));
    }
    ctx.out.done(&format!(
        "Exported {} contacts to {}, one .vcf each.",
        list.len(),
        dir.display()
    ));
    Ok(())
}

/// The UID made safe as a file name; a UID that had to change gets the id too, so two
/// contacts never share a file.
fn vdir_file_name(uid: &str, id: ContactId) -> String {
    let safe: String = uid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    if safe == uid && !safe.starts_with('.') {
        format!("{safe}.vcf")
    } else {
        format!("{}-{id}.vcf", safe.trim_start_matches('.'))
    }
}

/// Writes through a private temporary file and renames it, so a failed export never
/// leaves half a file, and personal data is not left readable by others.
pub(super) fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("export"),
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut f = crate::private_file::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::Io(format!("cannot write {}: {e}.", path.display())));
    }
    Ok(())
}
