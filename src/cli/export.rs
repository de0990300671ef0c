//! `crm export contacts|deals|interactions|tasks|cases|birthdays|all [--format …] [-o FILE|-]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::domain::filter::Target;
use crate::domain::*;
use crate::export::csv::CsvOut;
use crate::export::json;
use crate::export::{self, CsvOptions, ExportFormat, IcsKind, VcardVersion};
use crate::store::{Matching, Reader, TaskFilter, TaskWindow};

use super::output::TerminalWriter;
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

/// Every task, in the order `crm task list --all` shows them.
fn all_tasks(ctx: &Ctx) -> TaskFilter {
    TaskFilter {
        window: TaskWindow::All,
        today: ctx.now.today(),
        now: ctx.now.utc,
        contact_id: None,
        deal_id: None,
        limit: None,
        done_since: None,
        owner: None,
    }
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
    // One snapshot for every table, so deals never point at contacts missing from the
    // file. Records stream from the database to the output one at a time.
    let export = |w: &mut dyn Write| {
        ctx.store
            .snapshot(|r| write(ctx, r, (what, picked.as_ref()), format, &a, w))
    };
    match a.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => {
            to_private_file(path, export)?;
            ctx.out.done(&format!(
                "Exported {} to {}.",
                a.what.as_str(),
                path.display()
            ));
        }
        // JSON is escaped already; other text is made safe on a terminal.
        None => to_stdout(
            ctx.out.terminal && !matches!(format, ExportFormat::Json | ExportFormat::Ndjson),
            export,
        )?,
    }
    Ok(())
}

fn write(
    ctx: &Ctx,
    r: Reader<'_>,
    (what, picked): (What, Option<&Matching>),
    format: ExportFormat,
    a: &Args,
    w: &mut dyn Write,
) -> Result<()> {
    let csv = CsvOptions { raw: a.raw };
    match (what, format) {
        // Written by export_person.rs (run hands it over first).
        (What::Contact, _) => Ok(()),
        (What::Contacts, ExportFormat::Csv) => {
            let keys = r.contact_field_keys(picked)?;
            let mut out = CsvOut::new(w, &export::csv::contacts_header(&keys))?;
            r.each_contact(picked, &mut |(c, _)| {
                out.row(export::csv::contact_row(&c, &keys, &csv))
            })?;
            out.finish()
        }
        (What::Contacts, ExportFormat::Vcard) => {
            let v = version(a);
            r.each_contact(picked, &mut |(c, uid)| {
                let uid = uid.unwrap_or_else(|| export::vcard::default_uid(c.id, HOST));
                Ok(w.write_all(export::contact_card(&c, &uid, v).as_bytes())?)
            })
        }
        (What::Contacts, _) => json_out(w, format, &mut |each| {
            r.each_contact(picked, &mut |(c, _)| each(export::contact_value(&c)))
        }),
        (What::Deals, ExportFormat::Csv) => {
            let mut out = CsvOut::new(w, &export::csv::header(export::csv::DEAL_COLUMNS))?;
            r.each_deal(picked, &mut |(d, email)| {
                out.row(export::csv::deal_row(&d, email.as_deref(), &csv))
            })?;
            out.finish()
        }
        (What::Deals, _) => json_out(w, format, &mut |each| {
            r.each_deal(picked, &mut |(d, _)| each(json::deal(&d)))
        }),
        (What::Interactions, ExportFormat::Csv) => {
            let head = export::csv::header(export::csv::INTERACTION_COLUMNS);
            let mut out = CsvOut::new(w, &head)?;
            r.each_interaction(&mut |(i, email, deal)| {
                out.row(export::csv::interaction_row(
                    &i,
                    email.as_deref(),
                    deal.as_deref(),
                    &csv,
                ))
            })?;
            out.finish()
        }
        (What::Interactions, _) => json_out(w, format, &mut |each| {
            r.each_interaction(&mut |(i, _, _)| each(json::interaction(&i)))
        }),
        (What::Tasks, ExportFormat::Csv) => {
            let mut out = CsvOut::new(w, &export::csv::header(export::csv::TASK_COLUMNS))?;
            r.each_task(&all_tasks(ctx), &mut |(t, email)| {
                out.row(export::csv::task_row(&t, email.as_deref(), &csv))
            })?;
            out.finish()
        }
        (What::Tasks, ExportFormat::Ics) => {
            let kind = if a.todo {
                IcsKind::Todo
            } else {
                IcsKind::Event
            };
            let mut cal = export::ical::Calendar::tasks(w, kind, ctx.now.utc, HOST)?;
            r.each_task(&all_tasks(ctx), &mut |(t, _)| cal.task(&t))?;
            cal.finish()
        }
        (What::Tasks, _) => json_out(w, format, &mut |each| {
            r.each_task(&all_tasks(ctx), &mut |(t, _)| each(json::task(&t)))
        }),
        (What::Birthdays, _) => {
            let mut cal = export::ical::Calendar::birthdays(w, ctx.now.utc, HOST)?;
            r.each_contact(picked, &mut |(c, _)| cal.birthday(&c))?;
            cal.finish()
        }
        (What::Cases, ExportFormat::Csv) => {
            let t = &ctx.config.case_targets;
            let mut out = CsvOut::new(w, &export::csv::header(export::csv::CASE_COLUMNS))?;
            r.each_case(&mut |(k, email)| {
                let breached = t.breached(&k, ctx.now.utc);
                out.row(export::csv::case_row(&k, breached, email.as_deref(), &csv))
            })?;
            out.finish()
        }
        (What::Cases, _) => json_out(w, format, &mut |each| each_case_json(ctx, r, each)),
        (What::All, _) => {
            let stages = r.stages()?;
            let mut source =
                |section: Section, each: &mut dyn FnMut(serde_json::Value) -> Result<()>| {
                    match section {
                        Section::Stages => stages.iter().try_for_each(|s| each(json::stage(s))),
                        Section::Companies => r.each_company(&mut |c| each(json::company(&c))),
                        Section::Contacts => {
                            r.each_contact(None, &mut |(c, _)| each(export::contact_value(&c)))
                        }
                        Section::Deals => r.each_deal(None, &mut |(d, _)| each(json::deal(&d))),
                        Section::StageHistory => {
                            r.each_stage_change(&mut |h| each(export::all::stage_change(&h)))
                        }
                        Section::Cases => each_case_json(ctx, r, each),
                        Section::Interactions => {
                            r.each_interaction(&mut |(i, _, _)| each(json::interaction(&i)))
                        }
                        Section::Tasks => {
                            r.each_task(&all_tasks(ctx), &mut |(t, _)| each(json::task(&t)))
                        }
                    }
                };
            if format == ExportFormat::Ndjson {
                export::all_ndjson(w, &mut source)
            } else {
                export::all_json(w, &mut source)
            }
        }
    }
}

/// Every support case by id in its JSON shape, with whether it is past a target now.
fn each_case_json(
    ctx: &Ctx,
    r: Reader<'_>,
    each: &mut dyn FnMut(serde_json::Value) -> Result<()>,
) -> Result<()> {
    let t = &ctx.config.case_targets;
    r.each_case(&mut |(k, _)| {
        let breached = t.breached(&k, ctx.now.utc);
        each(json::case_breached(&(k, breached)))
    })
}

/// Hands each record, in its JSON shape, to the function it is given.
type Records<'a> = dyn FnMut(&mut dyn FnMut(serde_json::Value) -> Result<()>) -> Result<()> + 'a;

/// A JSON array (then a newline) or NDJSON of the records `source` hands on.
fn json_out(w: &mut dyn Write, format: ExportFormat, source: &mut Records<'_>) -> Result<()> {
    if format == ExportFormat::Ndjson {
        return source(&mut |v| json::ndjson_line(&mut *w, &v));
    }
    let mut array = json::JsonArray::new(&mut *w, "")?;
    source(&mut |v| array.push(&v))?;
    array.finish()?;
    w.write_all(b"\n")?;
    Ok(())
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
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Io(format!("cannot create {}: {e}.", dir.display())))?;
    let mut files = Vec::new();
    ctx.store.snapshot(|r| {
        r.each_contact(picked, &mut |(c, uid)| {
            let uid = uid.unwrap_or_else(|| export::vcard::default_uid(c.id, HOST));
            let card = export::contact_card(&c, &uid, version(a));
            let name = vdir_file_name(&uid, c.id);
            write_private(&dir.join(&name), card.as_bytes())?;
            files.push(serde_json::json!({"contact": c.id, "uid": uid, "file": name}));
            Ok(())
        })
    })?;
    let count = files.len();
    if ctx.out.json {
        return ctx.out.json(&serde_json::json!({
            "dir": dir.display().to_string(), "exported": count, "files": files,
        }));
    }
    ctx.out.done(&format!(
        "Exported {} contacts to {}, one .vcf each.",
        count,
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
    to_private_file(path, |w| Ok(w.write_all(bytes)?))
}

/// Streams `fill` into a private temporary file beside `path`, then renames it over `path`;
/// on any failure the temporary file is removed and `path` is left as it was.
fn to_private_file(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
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
    let cannot =
        |e: &dyn std::fmt::Display| Error::Io(format!("cannot write {}: {e}.", path.display()));
    let result = (|| -> Result<()> {
        let f = crate::private_file::create(&tmp).map_err(|e| cannot(&e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, f);
        fill(&mut out).map_err(|e| match e {
            Error::Io(m) => cannot(&m),
            e => e,
        })?;
        let f = out.into_inner().map_err(|e| cannot(&e.into_error()))?;
        f.sync_all().map_err(|e| cannot(&e))?;
        std::fs::rename(&tmp, path).map_err(|e| cannot(&e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Streams `fill` to standard output, through [`TerminalWriter`] when `sanitise` (record
/// text on a terminal). A reader that went away (`| head`) ends the program quietly.
fn to_stdout(sanitise: bool, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
    let done = if sanitise {
        let mut safe = TerminalWriter::new(&mut out);
        fill(&mut safe).and_then(|()| Ok(safe.finish().map(drop)?))
    } else {
        fill(&mut out)
    };
    let done = done.and_then(|()| Ok(out.flush()?));
    match done {
        Err(Error::Io(msg)) if msg.contains("Broken pipe") || msg.contains("broken pipe") => {
            std::process::exit(0)
        }
        other => other,
    }
}
