//! Entry points for the fuzz targets (`fuzz/`) and the mutation tests (`tests/fuzz_*.rs`):
//! each feeds arbitrary bytes to one parser the way `crm` does and drains what it yields.
//! They return nothing; a bug shows as a panic (or as a broken invariant, asserted here).
//! Not part of crm's interface.

use std::io::{Cursor, Read};

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::section::Section;
use crate::import::dates::DateStyle;
use crate::import::{self, CsvImport, Entity, Format, ImportOptions, Layout, Parsed};

/// The moment relative dates are read against: fixed, so a finding reproduces.
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 14)
        .and_then(|d| d.and_hms_opt(15, 9, 26))
        .unwrap_or_default()
}

/// Drains an iterator of parsed rows, checking what every row carries.
fn drain<T>(rows: impl Iterator<Item = Parsed<T>>) -> usize {
    let mut n = 0;
    for row in rows {
        if let Parsed::Invalid { error, .. } = &row {
            assert!(!error.reason.is_empty(), "a refused row without a reason");
        }
        n += 1;
    }
    n
}

/// The CSV reader as `crm import` drives it: encoding detection and layout sniffing, then
/// header sniffing, format detection, mapping and rows, for each entity and for tasks.
pub fn csv(data: &[u8]) {
    let entities = [Entity::Contacts, Entity::Deals, Entity::Interactions];
    for (i, entity) in entities.into_iter().enumerate() {
        let opts = ImportOptions {
            entity,
            // One pass without a header, as `--no-header --map 1=name,2=email` reads it.
            no_header: i == 2,
            maps: if i == 2 {
                vec!["1=name".into(), "2=email".into()]
            } else {
                Vec::new()
            },
            ..ImportOptions::default()
        };
        let Ok((layout, reader)) = import::detect(Cursor::new(data), &opts) else {
            continue;
        };
        if layout != Layout::Csv {
            continue;
        }
        let decoding = reader.get_ref().decoding();
        if let Ok(csv) = CsvImport::new(reader, &opts) {
            let _ = (csv.format(), csv.headers().len(), csv.mapping());
            let usage = csv.column_usage();
            match entity {
                Entity::Contacts => drain(csv.contacts()),
                Entity::Deals => drain(csv.deals()),
                Entity::Interactions => drain(csv.interactions()),
            };
            let _ = usage.report();
        }
        let _ = (decoding.warnings(), decoding.row_errors());
    }
    // A named vendor format on the raw bytes (no layout sniffing first).
    let opts = ImportOptions {
        format: Format::Outlook,
        encoding: None,
        ..ImportOptions::default()
    };
    if let Ok(csv) = CsvImport::new(Cursor::new(data), &opts) {
        drain(csv.contacts());
    }
    if let Ok(rows) = import::task_rows(Cursor::new(data)) {
        drain(rows);
    }
}

/// The vCard reader, on the raw bytes (it finds the encoding itself) and as `crm import`
/// feeds it (decoded first).
pub fn vcard(data: &[u8]) {
    let _ = import::looks_like_vcard(data);
    drain(import::vcards(Cursor::new(data)));
    if let Ok(mut decoded) = import::decode(Cursor::new(data)) {
        let file = decoded.encoding();
        let mut text = Vec::new();
        if decoded.read_to_end(&mut text).is_ok() {
            drain(import::vcards_decoded(Cursor::new(text), file));
        }
    }
}

/// crm's JSON and NDJSON import (`import contacts|deals|interactions` and `import all`).
pub fn json(data: &[u8]) {
    for default in [None, Some(Section::Contacts), Some(Section::Deals)] {
        let mut items = 0usize;
        let _ = import::json::read(Cursor::new(data), default, |_item| {
            items += 1;
            Ok(())
        });
    }
}

/// The import's date cells (every style) and the dates, periods and durations typed on
/// the command line. The input is read as lines: each is one date.
pub fn dates(data: &[u8]) {
    use crate::domain::{dates as typed, period};
    let text = String::from_utf8_lossy(data);
    let now = now();
    for line in text.lines().take(64) {
        for style in [DateStyle::Any, DateStyle::MonthFirst, DateStyle::DayFirst] {
            let value = import::dates::parse(line, style);
            let _ = (value.problem(line), value.day(), value.text());
        }
        let _ = typed::parse_when(line, now);
        let _ = typed::parse_date(line, now);
        let _ = typed::parse_duration_min(line);
        let _ = period::parse_span(line, now.date());
        let _ = period::parse_since(line, now);
        let _ = period::parse_until(line, now);
    }
}

/// Amounts and currency codes. An amount read back from its own text is the same amount.
pub fn money(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for line in text.lines().take(64) {
        let (code, amount) = line.split_once(' ').unwrap_or(("", line));
        let currencies = [
            Currency::parse(code).ok(),
            Some(Currency::usd()),
            Currency::parse("JPY").ok(),
            Currency::parse("KWD").ok(),
        ];
        for currency in currencies.into_iter().flatten() {
            for input in [amount, line] {
                if let Ok(m) = Money::parse(input, currency) {
                    assert!(m.minor >= 0, "{input:?} read as a negative amount");
                    let again = Money::parse(&m.amount_text(), currency);
                    assert_eq!(again.ok(), Some(m), "{input:?} does not read back");
                    let _ = (m.to_string(), m.major_f64());
                }
            }
        }
    }
}

/// The whole of `crm import` on an in-memory database, as a dry run (rolled back, so the
/// database stays empty between inputs): `import all` of the bytes, then `import contacts`.
/// This reaches what the JSON reader's records go through (ids, links, stages, checks).
pub fn import(data: &[u8]) {
    use crate::ops::import::{import, ImportRequest};
    use crate::ops::Now;
    use crate::store::Store;
    thread_local! {
        static STORE: Option<Store> = Store::open_in_memory().ok();
    }
    let utc = chrono::DateTime::from_naive_utc_and_offset(now(), chrono::Utc);
    let now = Now::fixed(utc, chrono::Offset::fix(&chrono::Utc));
    let requests = [
        ImportRequest {
            everything: true,
            ..ImportRequest::default()
        },
        ImportRequest {
            skip_invalid: true,
            ..ImportRequest::default()
        },
    ];
    STORE.with(|store| {
        let Some(store) = store else { return };
        for req in requests {
            let req = ImportRequest {
                dry_run: true,
                file_name: "fuzz".into(),
                ..req
            };
            let _ = import(store, &now, Cursor::new(data), &req);
        }
        assert!(
            store.read().is_empty().unwrap_or(true),
            "a dry run left records behind"
        );
    });
}
