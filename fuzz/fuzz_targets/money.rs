//! Amounts and currency codes; an amount reads back from its own text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crm::fuzzing::money(data));
