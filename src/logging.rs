//! Diagnostics: every `tracing` event of this crate (and warnings of its dependencies) becomes an
//! Airbyte LOG message on stdout, passed through the redactor. Nothing goes to stderr as well:
//! the platform keeps both streams in its sync log, so a copy there printed every line twice.

use std::fmt::Write as _;
use std::sync::OnceLock;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

use crate::protocol::{Emitter, LogLevel};

static EMITTER: OnceLock<Emitter> = OnceLock::new();

/// The emitter the logger writes to; also used by the panic hook.
pub fn emitter() -> Option<&'static Emitter> {
    EMITTER.get()
}

struct AirbyteLayer {
    own_level: Level,
}

#[derive(Default)]
struct MessageVisitor {
    message: String,
    fields: String,
}

impl Visit for MessageVisitor {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={}", field.name(), value);
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={:?}", field.name(), value);
        }
    }
}

impl<S: Subscriber> Layer<S> for AirbyteLayer {
    fn enabled(&self, metadata: &tracing::Metadata<'_>, _: Context<'_, S>) -> bool {
        let own = metadata.target().starts_with("source_zoho_desk");
        let limit = if own { self.own_level } else { Level::WARN };
        *metadata.level() <= limit
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let Some(emitter) = EMITTER.get() else { return };
        let mut v = MessageVisitor::default();
        event.record(&mut v);
        let text = format!("{}{}", v.message, v.fields);
        let level = match *event.metadata().level() {
            Level::ERROR => LogLevel::Error,
            Level::WARN => LogLevel::Warn,
            Level::INFO => LogLevel::Info,
            Level::DEBUG => LogLevel::Debug,
            Level::TRACE => LogLevel::Trace,
        };
        let _ = emitter.log(level, &text);
    }
}

/// Installs the logger. `LOG_LEVEL` (error, warn, info, debug, trace; default info) sets this
/// crate's verbosity; dependencies only ever report warnings and errors.
pub fn init(emitter: Emitter) {
    let _ = EMITTER.set(emitter);
    let own_level = match std::env::var("LOG_LEVEL")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "error" => Level::ERROR,
        "warn" | "warning" => Level::WARN,
        "debug" => Level::DEBUG,
        "trace" => Level::TRACE,
        _ => Level::INFO,
    };
    let _ = tracing_subscriber::registry()
        .with(AirbyteLayer { own_level })
        .try_init();
}
