//! A few mutated seed files through the real `crm import`: it exits 0, or 1 with a message
//! and the database as it was; never 101 (a panic). Few cases: each is a process and a
//! database (tests/fuzz_mutations.rs runs hundreds in-process).

mod common;
mod fuzz_mutate;

use common::Env;
use fuzz_mutate::{apply, case, seeds};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// `cases` mutated seeds of `target` imported with `crm import ARGS FILE`, into one database.
fn import_mutations(target: &str, args: &[&str], cases: usize, rng_seed: u8) {
    let seeds = seeds(target);
    let env = Env::seeded();
    // Deterministic: a failure here names its case, and the next run repeats it.
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[rng_seed; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = case(seeds.len(), false);
    for i in 0..cases {
        let (seed, mutations) = strategy.new_tree(&mut runner).unwrap().current();
        let data = apply(&seeds, seed, &mutations);
        let path = env.dir.path().join(format!("{target}-{i}"));
        std::fs::write(&path, &data).unwrap();
        let file = path.display().to_string();
        let mut a = vec!["import"];
        a.extend_from_slice(args);
        a.push(&file);
        let before = env.dump();
        let out = env.cmd(&a).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let what = format!(
            "crm {a:?} on seed {} with {mutations:?}:\n{err}",
            seeds[seed].0
        );
        match out.status.code() {
            Some(0) => {}
            Some(1) => {
                assert!(!err.trim().is_empty(), "exit 1 without a message: {what}");
                assert_eq!(env.dump(), before, "a refused import wrote: {what}");
            }
            other => panic!("exit {other:?}: {what}"),
        }
        assert!(!err.contains("panicked"), "{what}");
    }
}

#[test]
fn mutated_csv_imports_exit_0_or_1() {
    import_mutations("csv", &["contacts"], 3, 1);
    import_mutations("csv", &["deals", "--skip-invalid"], 2, 2);
}

#[test]
fn mutated_vcard_imports_exit_0_or_1() {
    import_mutations("vcard", &["contacts", "--skip-invalid"], 3, 3);
}

#[test]
fn mutated_json_imports_exit_0_or_1() {
    import_mutations("json", &["all"], 3, 4);
}
