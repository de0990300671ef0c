//! `crm remind`: the time-based half of automation.
