//! Import date cells in every style, and the dates, periods and durations typed on the command line.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crm::fuzzing::dates(data));
