//! source-zoho-desk: an Airbyte source for Zoho Desk.

pub mod config;
pub mod error;
pub mod protocol;
pub mod redact;
pub mod schemas;
pub mod spec;
pub mod timefmt;
