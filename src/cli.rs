//! The Airbyte source command line: `spec`, `check`, `discover`, `read`. Arguments are paths to
//! JSON files (never inline JSON), as the platform, PyAirbyte and the acceptance tests pass them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "source-zoho-desk",
    version,
    about = "Airbyte source connector for Zoho Desk"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the connector specification (the config form).
    Spec,
    /// Validate the config and the credentials against Zoho Desk.
    Check {
        #[arg(long)]
        config: PathBuf,
    },
    /// Print the catalog of streams with their schemas.
    Discover {
        #[arg(long)]
        config: PathBuf,
    },
    /// Read the configured streams, resuming from a state if given.
    Read {
        #[arg(long)]
        config: PathBuf,
        #[arg(long)]
        catalog: PathBuf,
        #[arg(long)]
        state: Option<PathBuf>,
    },
}
