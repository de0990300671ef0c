//! crm's JSON and NDJSON import (`import contacts|deals|interactions` and `import all`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crm::fuzzing::json(data));
