//! `crm import contacts|deals|interactions|companies FILE|-`, `crm import list`, `crm import undo ID`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::domain::{Error, Result};
use crate::import::{Entity, ImportOptions};
use crate::ops::import::{self, ImportRequest, Outcome};

use super::choices::{ImportFormatArg, OnDuplicateArg};
use super::output::{local_time, Table};
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, clap::Subcommand)]
enum Cmd {
    /// Import people from LinkedIn, Google, Outlook, Thunderbird, HubSpot, Pipedrive, any CSV with a header, or vCard
    Contacts(FileArgs),
    /// Import deals (HubSpot, Pipedrive, or any CSV with a header)
    Deals(FileArgs),
    /// Import calls, e-mails, meetings and notes from a CSV
    Interactions(FileArgs),
    /// Organisations (Pipedrive organizations, HubSpot companies, any CSV with a company name) as companies
    Companies(FileArgs),
    /// Tasks from crm's own export (CSV or JSON): title, contact or contact_email, due, done_at
    Tasks(FileArgs),
    /// Everything a `crm export all` wrote (JSON or NDJSON): companies, contacts, deals, interactions, tasks
    All(FileArgs),
    /// Past imports, newest first
    #[command(visible_alias = "ls")]
    List,
    /// Take one whole import back: created records removed, merged ones restored
    Undo { id: i64 },
}

#[derive(Debug, clap::Args)]
struct FileArgs {
    /// The file, or - for standard input. Limits: 1 MiB for any one text (cell, value,
    /// body), 4 MiB for a JSON record, 10,000 columns for a CSV; a row over one is refused
    file: PathBuf,
    /// The file's format [default: found from its content]
    #[arg(long, value_enum, ignore_case = true, default_value = "auto")]
    format: ImportFormatArg,
    /// Map a column to a field: --map "Mobile=phone" (repeatable)
    #[arg(long, value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// Tag every imported contact (repeatable)
    #[arg(long)]
    tag: Vec<String>,
    /// Show what would be created, merged, skipped and rejected; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Import the good rows and leave out the bad ones
    #[arg(long)]
    skip_invalid: bool,
    /// With --skip-invalid: write the bad rows to FILE, in the input's format
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// What to do with a record that is already there
    #[arg(long, value_enum, ignore_case = true, default_value = "merge")]
    on_duplicate: OnDuplicateArg,
    /// Their stage name to ours: --stage-map "Demo Booked=qualified" (repeatable)
    #[arg(long, value_name = "THEIRS=OURS")]
    stage_map: Vec<String>,
    /// The file's encoding (UTF-8, UTF-16LE, windows-1252, Shift_JIS, GB18030...) [default: found from its bytes]
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    // Columns: what happens to those no field takes, and files without a header.
    /// Leave out columns that match no field (they are kept as custom fields otherwise)
    #[arg(long)]
    ignore_unknown: bool,
    /// The file has no header row: name columns by number, --map 1=name --map 3=email
    #[arg(long)]
    no_header: bool,
    /// Deals and interactions: refuse a row whose contact is not there, instead of creating it
    #[arg(long)]
    no_create: bool,
    /// Deals: add stages we do not have to the end of the pipeline, in file order
    #[arg(long)]
    create_stages: bool,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    match a.cmd {
        Cmd::Contacts(f) => file(ctx, Entity::Contacts, f, false),
        Cmd::Deals(f) => file(ctx, Entity::Deals, f, false),
        Cmd::Interactions(f) => file(ctx, Entity::Interactions, f, false),
        Cmd::All(f) => file(ctx, Entity::Contacts, f, true),
        Cmd::Tasks(f) => tasks(ctx, f),
        Cmd::Companies(f) => file_with(ctx, Entity::Contacts, f, false, false, true),
        Cmd::List => list(ctx),
        Cmd::Undo { id } => {
            let u = import::undo(&ctx.store, &ctx.now, id)?;
            let kept = if u.kept > 0 {
                format!("; {} changed since the import, left as they are", u.kept)
            } else {
                String::new()
            };
            ctx.out.done(&format!(
                "Undid import #{id}: {} record(s) removed, {} restored as they were{kept}.",
                u.removed, u.restored
            ));
            Ok(())
        }
    }
}

fn tasks(ctx: &Ctx, f: FileArgs) -> Result<()> {
    file_with(ctx, Entity::Contacts, f, false, true, false)
}

fn file(ctx: &Ctx, entity: Entity, f: FileArgs, everything: bool) -> Result<()> {
    file_with(ctx, entity, f, everything, false, false)
}

fn file_with(
    ctx: &Ctx,
    entity: Entity,
    f: FileArgs,
    everything: bool,
    tasks: bool,
    companies: bool,
) -> Result<()> {
    if f.rejects.is_some() && !f.skip_invalid {
        return Err(Error::invalid(
            "--rejects goes with --skip-invalid (without it, a bad row stops the whole import).",
        ));
    }
    let req = ImportRequest {
        options: ImportOptions {
            format: f.format.into(),
            entity,
            maps: f.map.clone(),
            encoding: f
                .encoding
                .as_deref()
                .map(crate::import::encoding_for_label)
                .transpose()?,
            ignore_unknown: f.ignore_unknown,
            no_header: f.no_header,
        },
        tags: f.tag.clone(),
        dry_run: f.dry_run,
        skip_invalid: f.skip_invalid,
        on_duplicate: f.on_duplicate.into(),
        stage_maps: f
            .stage_map
            .iter()
            .map(|m| stage_map(m))
            .collect::<Result<_>>()?,
        file_name: f.file.display().to_string(),
        default_currency: Some(ctx.config.default_currency),
        everything,
        tasks,
        companies,
        no_create: f.no_create,
        create_stages: f.create_stages,
    };
    let progress = std::io::stderr().is_terminal() && !ctx.out.quiet;
    // Opened before the import: each bad row is written as it is found, never kept.
    let mut sink = f.rejects.as_deref().map(RejectsFile::open).transpose()?;
    let result = (|| -> Result<Outcome> {
        let rejects = sink.as_mut().map(|s| s as &mut dyn import::RejectSink);
        if f.file.as_os_str() == "-" {
            // Read all of standard input first: the import's write lock is never held while
            // waiting for a slow pipe or a person typing.
            let spool = std::env::temp_dir().join(format!("crm-import-{}.tmp", std::process::id()));
            let result = (|| -> Result<Outcome> {
                let mut file = crate::private_file::create(&spool)
                    .map_err(|e| Error::Io(format!("cannot buffer standard input: {e}.")))?;
                std::io::copy(&mut std::io::stdin().lock(), &mut file)?;
                drop(file);
                let file = std::fs::File::open(&spool)?;
                import::import_to(&ctx.store, &ctx.now, file, &req, rejects)
            })();
            let _ = std::fs::remove_file(&spool);
            result
        } else if f.file.is_dir() {
            // A vdir (vdirsyncer, khard): every .vcf in it, read one after the other.
            let dir = VdirReader::open(&f.file)?;
            let bar = progress_bar(progress, dir.len);
            let result = import::import_to(&ctx.store, &ctx.now, bar.wrap_read(dir), &req, rejects);
            bar.finish_and_clear();
            result
        } else {
            let file = std::fs::File::open(&f.file)
                .map_err(|e| Error::Io(format!("cannot open {}: {e}.", f.file.display())))?;
            let bar = progress_bar(progress, file.metadata().map(|m| m.len()).unwrap_or(0));
            let result =
                import::import_to(&ctx.store, &ctx.now, bar.wrap_read(file), &req, rejects);
            bar.finish_and_clear();
            result
        }
    })();
    let outcome = match (result, sink) {
        (Ok(outcome), Some(sink)) => {
            sink.finish()?;
            outcome
        }
        (Ok(outcome), None) => outcome,
        (Err(e), sink) => {
            // A failed import leaves no rejects file behind (nothing was imported).
            if let Some(sink) = sink {
                sink.discard();
            }
            return Err(e);
        }
    };
    report(ctx, &f, &outcome)
}

fn report(ctx: &Ctx, f: &FileArgs, o: &Outcome) -> Result<()> {
    if ctx.out.json {
        let rejected: Vec<_> = o
            .rejected
            .iter()
            .map(|e| serde_json::json!({"line": e.line, "column": e.column, "reason": e.reason}))
            .collect();
        return ctx.out.json(&serde_json::json!({
            "import": o.import_id, "dry_run": f.dry_run, "format": o.format, "encoding": o.encoding, "encoding_guessed": o.encoding_guessed,
            "created": o.created, "merged": o.merged, "skipped": o.skipped, "rejected": rejected, "rejected_total": o.rejected.len(), "warnings": o.warnings, "warnings_more": o.warnings_more, "samples": o.samples,
            "columns": {"kept_as_fields": o.columns.kept, "ignored": o.columns.ignored},
        }));
    }
    for w in o.warnings.iter().take(20) {
        eprintln!("warning: {}", crate::domain::text::sanitize(w));
    }
    let warnings = o.warnings.len() + o.warnings_more;
    if warnings > 20 {
        eprintln!("warning: … and {} more", warnings - 20);
    }
    for e in o.rejected.iter().take(import::REJECTS_SHOWN) {
        eprintln!(
            "rejected: {}",
            crate::domain::text::sanitize(&e.to_string())
        );
    }
    if o.rejected.len() > import::REJECTS_SHOWN {
        eprintln!(
            "rejected: … and {} more",
            o.rejected.len() - import::REJECTS_SHOWN
        );
    }
    if f.dry_run {
        for s in &o.samples {
            ctx.out.line(&crate::domain::text::sanitize(s));
        }
        let total = o.created + o.merged + o.skipped;
        if total > o.samples.len() && !o.samples.is_empty() {
            ctx.out
                .line(&format!("… and {} more", total - o.samples.len()));
        }
    }
    columns_summary(ctx, o);
    let verb = if f.dry_run {
        "Dry run, nothing written: would create"
    } else {
        "Imported: created"
    };
    let id = o
        .import_id
        .map(|i| format!(" (import #{i}; undo with crm import undo {i})"))
        .unwrap_or_default();
    ctx.out.done(&format!(
        "{verb} {}, merged {}, skipped {}, rejected {} [{}{}]{id}.",
        o.created,
        o.merged,
        o.skipped,
        o.rejected.len(),
        o.format,
        match (o.encoding.is_empty(), o.encoding_guessed) {
            (true, _) => String::new(),
            (false, false) => format!(", {}", o.encoding),
            (false, true) => format!(
                ", {} guessed from the bytes; --encoding NAME to change",
                o.encoding
            ),
        }
    ));
    Ok(())
}

/// Names the columns no field took, so nothing is lost quietly.
fn columns_summary(ctx: &Ctx, o: &Outcome) {
    let list = |names: &[String]| {
        let shown: Vec<String> = names
            .iter()
            .take(30)
            .map(|n| format!("{:?}", crate::domain::text::sanitize(n)))
            .collect();
        let more = names.len().saturating_sub(30);
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    if !o.columns.kept.is_empty() {
        ctx.out.line(&format!(
            "Columns kept as custom fields (no field of ours): {}; --ignore-unknown leaves them out.",
            list(&o.columns.kept)
        ));
    }
    if !o.columns.ignored.is_empty() {
        ctx.out.line(&format!(
            "Columns not imported: {}; --map \"COLUMN=field\" imports one.",
            list(&o.columns.ignored)
        ));
    }
}

/// `--rejects FILE`: the bad rows in the input's own format (CSV with its header and
/// delimiter, vCard lines, JSON records), written as they are found. Private, like
/// exports: rejected rows are personal data too.
struct RejectsFile {
    path: PathBuf,
    out: RejectsOut,
}

enum RejectsOut {
    /// Not yet known: a CSV input gives its header first.
    Lines(std::io::BufWriter<std::fs::File>),
    Csv(Box<csv::Writer<std::fs::File>>),
    Gone,
}

impl RejectsFile {
    fn open(path: &std::path::Path) -> Result<Self> {
        let f = crate::private_file::replace(path)
            .map_err(|e| Error::Io(format!("cannot write {}: {e}.", path.display())))?;
        Ok(RejectsFile {
            path: path.to_path_buf(),
            out: RejectsOut::Lines(std::io::BufWriter::new(f)),
        })
    }

    fn cannot(&self, e: impl std::fmt::Display) -> Error {
        Error::Io(format!("cannot write {}: {e}.", self.path.display()))
    }

    fn finish(self) -> Result<()> {
        match self.out {
            RejectsOut::Lines(mut w) => w.flush().map_err(|e| Error::Io(e.to_string())),
            RejectsOut::Csv(mut w) => w.flush().map_err(|e| Error::Io(e.to_string())),
            RejectsOut::Gone => Ok(()),
        }
    }

    fn discard(self) {
        drop(self.out);
        let _ = std::fs::remove_file(&self.path);
    }
}

impl import::RejectSink for RejectsFile {
    fn header(&mut self, header: &[String], delimiter: u8) -> Result<()> {
        let RejectsOut::Lines(w) = std::mem::replace(&mut self.out, RejectsOut::Gone) else {
            return Ok(());
        };
        let file = w.into_inner().map_err(|e| self.cannot(e.error()))?;
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_writer(file);
        w.write_record(header).map_err(|e| self.cannot(e))?;
        self.out = RejectsOut::Csv(Box::new(w));
        Ok(())
    }

    fn row(&mut self, _: &crate::import::RowError, raw: &[String]) -> Result<()> {
        let result = match &mut self.out {
            RejectsOut::Csv(w) => w.write_record(raw).map_err(|e| e.to_string()),
            RejectsOut::Lines(w) => raw
                .iter()
                .try_for_each(|line| {
                    w.write_all(line.as_bytes())?;
                    w.write_all(b"\r\n")
                })
                .map_err(|e| e.to_string()),
            RejectsOut::Gone => Ok(()),
        };
        result.map_err(|e| self.cannot(e))
    }
}

fn list(ctx: &Ctx) -> Result<()> {
    let rows = ctx.store.read().imports()?;
    if ctx.out.json {
        let v: Vec<_> = rows
            .iter()
            .map(|i| serde_json::json!({"id": i.id, "entity": i.entity, "file": i.file, "format": i.format, "at": crate::export::json::time(i.at),
                "created": i.created, "merged": i.merged, "skipped": i.skipped, "rejected": i.rejected, "undone_at": i.undone_at.map(crate::export::json::time)}))
            .collect();
        return ctx.out.json(&v);
    }
    if rows.is_empty() {
        ctx.out
            .done("No imports yet. Try: crm import contacts Connections.csv --dry-run");
        return Ok(());
    }
    let mut t = Table::new(&[
        ">ID",
        "WHEN",
        "WHAT",
        "FILE",
        ">CREATED",
        ">MERGED",
        ">SKIPPED",
        ">REJECTED",
        "UNDONE",
    ]);
    for i in rows {
        t.row(vec![
            i.id.to_string(),
            local_time(&ctx.now, i.at),
            i.entity,
            i.file,
            i.created.to_string(),
            i.merged.to_string(),
            i.skipped.to_string(),
            i.rejected.to_string(),
            i.undone_at
                .map(|u| local_time(&ctx.now, u))
                .unwrap_or_default(),
        ]);
    }
    ctx.out.table(&t);
    Ok(())
}

/// The `.vcf` files of a folder as one stream of cards, a line break between files, one
/// file open at a time (memory does not grow with the folder).
struct VdirReader {
    files: std::collections::VecDeque<PathBuf>,
    current: Option<std::fs::File>,
    len: u64,
}

impl VdirReader {
    fn open(dir: &std::path::Path) -> Result<Self> {
        let cannot = |e: std::io::Error| Error::Io(format!("cannot read {}: {e}.", dir.display()));
        let mut files = Vec::new();
        let mut len = 0;
        for entry in std::fs::read_dir(dir).map_err(cannot)? {
            let path = entry.map_err(cannot)?.path();
            let vcf = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("vcf"));
            if vcf && path.is_file() {
                len += path.metadata().map(|m| m.len() + 2).unwrap_or(0);
                files.push(path);
            }
        }
        if files.is_empty() {
            return Err(Error::invalid(format!(
                "{} holds no .vcf files: crm import contacts DIR reads a vdir (one vCard per .vcf file).",
                dir.display()
            )));
        }
        // File name order: the same folder imports the same way every time.
        files.sort();
        Ok(VdirReader {
            files: files.into(),
            current: None,
            len,
        })
    }
}

impl std::io::Read for VdirReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(file) = &mut self.current {
                let n = file.read(buf)?;
                if n > 0 {
                    return Ok(n);
                }
                self.current = None;
                // A file whose last line has no line break must not run into the next.
                if buf.len() >= 2 {
                    buf[..2].copy_from_slice(b"\r\n");
                    return Ok(2);
                }
            }
            let Some(path) = self.files.pop_front() else {
                return Ok(0);
            };
            self.current =
                Some(std::fs::File::open(&path).map_err(|e| {
                    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
                })?);
        }
    }
}

/// A bar on stderr over the file's bytes, with the rate and the time left; hidden when
/// stderr is not a terminal (or `--quiet`), so pipes and logs get only the summary.
fn progress_bar(show: bool, len: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr_with_hz(4),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "importing {wide_bar} {bytes}/{total_bytes} {bytes_per_sec}, {eta} left",
    ) {
        bar.set_style(style);
    }
    bar
}

/// `--stage-map "Their Stage=ours"`.
fn stage_map(spec: &str) -> Result<(String, String)> {
    match spec.split_once('=') {
        Some((theirs, ours)) if !theirs.trim().is_empty() && !ours.trim().is_empty() => {
            Ok((theirs.trim().to_string(), ours.trim().to_string()))
        }
        _ => Err(Error::invalid(format!(
            "--stage-map {spec:?} must be written THEIRS=OURS, e.g. --stage-map \"Demo Booked=qualified\"."
        ))),
    }
}
