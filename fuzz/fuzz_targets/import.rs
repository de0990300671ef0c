//! The whole of `crm import` (`import all`, then `import contacts`) as a dry run on an
//! in-memory database: what the parsers' records go through after parsing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crm::fuzzing::import(data));
