use std::process::ExitCode;

use clap::Parser;
use source_zoho_desk::cli::Cli;
use source_zoho_desk::protocol::{Emitter, FailureType};
use source_zoho_desk::redact::Redactor;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let emitter = Emitter::stdout(Redactor::default());
    source_zoho_desk::logging::init(emitter.clone());
    // A panic is a bug; the platform still gets a TRACE ERROR that says so.
    std::panic::set_hook(Box::new(|info| {
        if let Some(em) = source_zoho_desk::logging::emitter() {
            let _ = em.error_trace(
                "The connector stopped on an internal error (a bug); please report it with the logs",
                Some(&info.to_string()),
                FailureType::SystemError,
                None,
            );
            let _ = em.flush();
        }
    }));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let _ = emitter.error_trace(
                "Could not start the async runtime",
                Some(&e.to_string()),
                FailureType::SystemError,
                None,
            );
            let _ = emitter.flush();
            return ExitCode::from(1);
        }
    };
    let code = runtime.block_on(source_zoho_desk::run(cli.command, emitter.clone()));
    let _ = emitter.flush();
    // Don't wait for idle pooled connections to close.
    runtime.shutdown_background();
    ExitCode::from(code)
}
