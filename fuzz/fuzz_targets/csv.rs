//! The CSV import: encoding detection, layout and header sniffing, format detection, mapping, rows.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crm::fuzzing::csv(data));
