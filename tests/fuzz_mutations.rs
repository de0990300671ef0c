//! A bounded run of every fuzz target in the ordinary suite: the seed corpus
//! (`fuzz/corpus/<target>/`), and mutations of it, through the same entry points the
//! cargo-fuzz targets call (`crm::fuzzing`). A panic anywhere in a parser fails the test
//! with the smallest mutation proptest finds. Case counts keep the whole file well under a
//! minute in a debug build on two cores; `cargo +nightly fuzz run` is the long version.

mod fuzz_mutate;

use fuzz_mutate::{apply, case, seeds};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// One target's entry point in `crm::fuzzing`.
type Parser = fn(&[u8]);

/// Runs `parse` on `cases` mutations of the target's seeds.
fn mutate(target: &str, cases: u32, huge: bool, parse: Parser) {
    let seeds = seeds(target);
    let config = Config {
        cases,
        failure_persistence: None,
        // Shrinking a slow case can take long; a few hundred steps find a small one.
        max_shrink_iters: 400,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&case(seeds.len(), huge), |(seed, mutations)| {
        let data = apply(&seeds, seed, &mutations);
        parse(&data);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{target}: {e}");
    }
}

#[test]
fn every_corpus_file_reads_clean() {
    // The corpus holds every input a fuzzer ever crashed on (README "Fuzzing and crashes").
    let targets: [(&str, Parser); 6] = [
        ("csv", crm::fuzzing::csv),
        ("vcard", crm::fuzzing::vcard),
        ("json", crm::fuzzing::json),
        ("dates", crm::fuzzing::dates),
        ("money", crm::fuzzing::money),
        ("import", crm::fuzzing::import),
    ];
    for (target, parse) in targets {
        for (name, data) in seeds(target) {
            let r = std::panic::catch_unwind(|| parse(&data));
            assert!(r.is_ok(), "fuzz/corpus/{target}/{name} panics");
        }
    }
}

#[test]
fn mutated_csv_files_never_panic() {
    mutate("csv", 96, true, crm::fuzzing::csv);
}

#[test]
fn mutated_vcards_never_panic() {
    mutate("vcard", 160, true, crm::fuzzing::vcard);
}

#[test]
fn mutated_json_never_panics() {
    mutate("json", 512, false, crm::fuzzing::json);
}

#[test]
fn mutated_dates_never_panic() {
    mutate("dates", 512, false, crm::fuzzing::dates);
}

#[test]
fn mutated_amounts_never_panic_and_read_back() {
    mutate("money", 512, false, crm::fuzzing::money);
}

#[test]
fn mutated_imports_never_panic_and_roll_back() {
    mutate("import", 128, false, crm::fuzzing::import);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any text at all, not only mutations of seeds.
    #[test]
    fn any_short_text_is_a_date_or_an_error(s in "\\PC{0,40}") {
        crm::fuzzing::dates(s.as_bytes());
        crm::fuzzing::money(s.as_bytes());
    }
}
