//! End-to-end tests: the real `source-zoho-desk` binary against the in-process emulator. Every
//! line the binary prints is validated with the official Airbyte protocol models and scanned for
//! the config's secrets (see `support::run`).

mod catalog;
mod commands;
mod expected;
mod packaging;
mod python;
mod read;
mod spec_rules;
mod support;
mod validator;
