//! `zoho-desk-emulator`: serve the emulator by hand (see `--help` and the README).

use std::io::Write;

use clap::Parser;
use zoho_desk_emulator::{Emulator, EmulatorConfig};

fn main() -> std::process::ExitCode {
    let cfg = EmulatorConfig::parse();
    match Emulator::start(cfg) {
        Ok(emu) => {
            // Tooling reads this exact first line to find the port.
            let mut out = std::io::stdout();
            let _ = writeln!(out, "listening on {}", emu.url());
            let _ = out.flush();
            loop {
                std::thread::park();
            }
        }
        Err(e) => {
            eprintln!("zoho-desk-emulator: cannot start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
