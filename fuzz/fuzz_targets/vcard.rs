//! The vCard reader, on raw bytes and on decoded text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crm::fuzzing::vcard(data));
