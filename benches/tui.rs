//! TUI costs on a small and a large database, side by side in one run:
//! one frame of the Contacts view, one filter keystroke, and start to first frame.
//! `cargo bench --bench tui` (set CRM_BENCH_DIR to keep the generated databases).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use crm::domain::currency::Currency;
use crm::ops::{demo, Now};
use crm::store::Store;
use crm::tui::app::App;
use crm::tui::keys::Keymap;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

const W: u16 = 160;
const H: u16 = 48;

/// A demo database of the given size, generated once and kept in the bench directory.
fn database(name: &str, size: demo::DemoSize) -> PathBuf {
    let dir = std::env::var_os("CRM_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("crm-bench"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.db"));
    if !path.exists() {
        let store = Store::open(&path).unwrap();
        demo::run(&store, &Now::system(), size, false).unwrap();
    }
    path
}

fn now() -> Now {
    Now::fixed(Utc::now(), chrono::FixedOffset::east_opt(0).unwrap())
}

/// What `crm` does at start: open the file and paint, before any query.
fn first_frame(path: &Path) {
    let store = Store::open(path).unwrap();
    let app = App::new(Keymap::default(), now(), Currency::usd(), (W, H));
    let mut terminal = Terminal::new(TestBackend::new(W, H)).unwrap();
    terminal.draw(|f| crm::tui::ui::draw(f, &app)).unwrap();
    drop(store);
}

/// Then the pipeline's data: the first frame with the kanban filled in.
fn pipeline_frame(path: &Path) {
    let store = Store::open(path).unwrap();
    let mut app = App::new(Keymap::default(), now(), Currency::usd(), (W, H));
    let mut terminal = Terminal::new(TestBackend::new(W, H)).unwrap();
    terminal.draw(|f| crm::tui::ui::draw(f, &app)).unwrap();
    crm::tui::start(&mut app, &store);
    terminal.draw(|f| crm::tui::ui::draw(f, &app)).unwrap();
}

fn contacts_app(path: &Path) -> (Store, App) {
    let store = Store::open(path).unwrap();
    let mut app = App::new(Keymap::default(), now(), Currency::usd(), (W, H));
    crm::tui::start(&mut app, &store);
    crm::tui::press(
        &mut app,
        &store,
        KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE),
    );
    (store, app)
}

fn benches(c: &mut Criterion) {
    if let Ok(spec) = std::env::var("CRM_BENCH_SCALE") {
        return scale(c, &spec);
    }
    let small = database(
        "small",
        demo::DemoSize {
            contacts: 1_000,
            deals: 200,
            interactions: 10_000,
            seed: 1,
        },
    );
    let large = database(
        "large",
        demo::DemoSize {
            contacts: 100_000,
            deals: 20_000,
            interactions: 1_000_000,
            seed: 1,
        },
    );
    let sizes = [
        ("1k contacts, 10k interactions", &small),
        ("100k contacts, 1M interactions", &large),
    ];

    let mut g = c.benchmark_group("contacts_frame");
    for (label, path) in sizes {
        let (_store, app) = contacts_app(path);
        let mut terminal = Terminal::new(TestBackend::new(W, H)).unwrap();
        g.bench_with_input(BenchmarkId::from_parameter(label), &app, |b, app| {
            b.iter(|| {
                terminal.draw(|f| crm::tui::ui::draw(f, app)).unwrap();
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("filter_keystroke");
    for (label, path) in sizes {
        let (store, mut app) = contacts_app(path);
        crm::tui::press(
            &mut app,
            &store,
            KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE),
        );
        g.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                // Type a letter, then take it back: two filter keystrokes.
                crm::tui::press(
                    &mut app,
                    &store,
                    KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE),
                );
                crm::tui::press(
                    &mut app,
                    &store,
                    KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
                );
            });
        });
    }
    g.finish();

    // What `crm` does at start: open the file and paint, before any query.
    let mut g = c.benchmark_group("start_to_first_frame");
    for (label, path) in sizes {
        g.bench_with_input(BenchmarkId::from_parameter(label), path, |b, path| {
            b.iter(|| first_frame(path));
        });
    }
    g.finish();

    // Then the pipeline's data: the first frame with the kanban filled in.
    let mut g = c.benchmark_group("start_to_pipeline_frame");
    for (label, path) in sizes {
        g.bench_with_input(BenchmarkId::from_parameter(label), path, |b, path| {
            b.iter(|| pipeline_frame(path));
        });
    }
    g.finish();
}

/// For benches/scale.sh: start to first frame, and to the filled pipeline, on the databases
/// it names (`CRM_BENCH_SCALE="10k=/path/a.db;100k=/path/b.db"`), labelled by size.
fn scale(c: &mut Criterion, spec: &str) {
    let dbs: Vec<(&str, PathBuf)> = spec
        .split(';')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k, PathBuf::from(v)))
        .collect();
    let mut g = c.benchmark_group("scale_first_frame");
    for (label, path) in &dbs {
        g.bench_with_input(BenchmarkId::from_parameter(label), path, |b, path| {
            b.iter(|| first_frame(path));
        });
    }
    g.finish();
    let mut g = c.benchmark_group("scale_pipeline_frame");
    for (label, path) in &dbs {
        g.bench_with_input(BenchmarkId::from_parameter(label), path, |b, path| {
            b.iter(|| pipeline_frame(path));
        });
    }
    g.finish();
}

criterion_group! {
    name = tui;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(tui);
