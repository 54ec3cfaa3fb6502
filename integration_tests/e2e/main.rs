//! End-to-end tests: the real `source-zoho-desk` binary against the in-process emulator. Every
//! line the binary prints is validated with the official Airbyte protocol models and scanned for
//! the config's secrets (see `support::run`).

mod bad_inputs;
mod cat_rules;
mod catalog;
mod child_errors;
mod client_answers;
mod commands;
mod credit_reserve;
mod cursor_ties;
mod dashboards;
mod deletes;
mod expected;
mod field_metadata;
mod limiter;
mod list_deletes;
mod live_edits;
mod more_incremental;
mod oas;
mod packaging;
mod protocol_polish;
mod python;
mod read;
mod shared_roots;
mod short_pages;
mod sigkill;
mod spec_rules;
mod split_walks;
mod support;
mod thread_contents;
mod token_bursts;
mod validator;
