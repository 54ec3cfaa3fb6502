//! A strict local emulator of the Zoho Desk API (v1) and the Zoho accounts token endpoint.
//!
//! Every claim the connector makes is proven against this emulator, so it is at least as
//! strict as the real API (see the crate README for the choices made where the reference is
//! uncertain). Use [`Emulator::start`] in tests, or the `zoho-desk-emulator` binary by hand.

pub mod activities;
pub mod admin;
pub mod api;
pub mod bin;
pub mod client;
pub mod config;
pub mod contents;
pub mod dashboards;
pub mod data;
pub mod emulator;
pub mod json;
pub mod mutator;
pub mod oas;
pub mod render;
pub mod rng;
pub mod routes;
pub mod server;
pub mod state;
pub mod timefmt;

pub use admin::{AdminError, CreateRequest, Stamp, TouchRequest, TruthRecord};
pub use config::EmulatorConfig;
pub use emulator::Emulator;
pub use mutator::Mutator;
pub use state::{Settings, SettingsPatch, Stall, Stats, ThrottleStorm};
