//! End-to-end tests: the real `source-zoho-desk` binary against the in-process emulator.
mod packaging;
mod spec_rules;

fn main() {}
