//! source-zoho-desk: an Airbyte source for Zoho Desk.

pub mod config;
pub mod error;
pub mod protocol;
pub mod redact;
pub mod timefmt;
