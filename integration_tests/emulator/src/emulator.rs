//! In-process handle: start on a free port on its own thread and runtime, shut down on drop.

use std::sync::Arc;
use std::thread::JoinHandle;

use crate::admin::{
    AdminError, CreateRequest, Deleted, PurgeRequest, Stamp, TouchRequest, TruthRecord,
};
use crate::config::EmulatorConfig;
use crate::server::router;
use crate::state::{Settings, SettingsPatch, Shared, Stats};

/// A running emulator. Usable from sync tests and from `#[tokio::test]` alike because the
/// server never shares the caller's runtime.
pub struct Emulator {
    url: String,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Generates the data, binds 127.0.0.1:`cfg.port` and starts serving.
    pub fn start(cfg: EmulatorConfig) -> std::io::Result<Emulator> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", cfg.port))?;
        listener.set_nonblocking(true)?;
        let url = format!("http://{}", listener.local_addr()?);
        let workers = cfg.worker_threads.max(1);
        let shared = Arc::new(
            Shared::new(cfg)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?,
        );
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .thread_name("zoho-desk-emulator")
            .enable_all()
            .build()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = router(shared.clone());
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<std::io::Result<()>>();
        let thread = std::thread::Builder::new()
            .name("zoho-desk-emulator".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(l) => {
                            let _ = ready_tx.send(Ok(()));
                            l
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                            return;
                        }
                    };
                    tokio::select! {
                        _ = axum::serve(listener, app) => {}
                        _ = rx => {}
                    }
                });
                // Dropping the runtime here cancels every connection task.
                runtime.shutdown_background();
            })?;
        ready_rx
            .recv()
            .map_err(|_| std::io::Error::other("emulator thread died at start"))??;
        Ok(Emulator {
            url,
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`: both the accounts server and the Desk host.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Port the emulator listens on.
    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    pub fn config(&self) -> &EmulatorConfig {
        &self.shared.cfg
    }

    /// The whole HTML body of a thread (what `…/fullContent` serves), by thread id.
    pub fn thread_body(&self, thread_id: &str) -> Option<String> {
        let st = crate::state::read(&self.shared.store);
        let i = st.find(crate::data::Module::Threads, thread_id)?;
        Some(crate::contents::body(&st, i, st.body_sizes))
    }

    /// Ground truth of `module` (same as `GET /_admin/truth/{module}`).
    pub fn truth(&self, module: &str) -> Result<Vec<TruthRecord>, AdminError> {
        self.shared.truth(module)
    }

    /// Moves `count` random records' modifiedTime to now (`POST /_admin/touch`).
    pub fn touch(&self, module: &str, count: usize) -> Result<Vec<Stamp>, AdminError> {
        self.shared.touch(&TouchRequest {
            module: module.into(),
            count: Some(count),
            ids: None,
        })
    }

    /// Moves the given records' modifiedTime to now.
    pub fn touch_ids(&self, module: &str, ids: &[String]) -> Result<Vec<Stamp>, AdminError> {
        self.shared.touch(&TouchRequest {
            module: module.into(),
            count: None,
            ids: Some(ids.to_vec()),
        })
    }

    /// Deletes the given records (`POST /_admin/delete` with `ids`).
    pub fn delete_ids(&self, module: &str, ids: &[String]) -> Result<Vec<Deleted>, AdminError> {
        self.shared.delete(&TouchRequest {
            module: module.into(),
            count: None,
            ids: Some(ids.to_vec()),
        })
    }

    /// Empties the recycle bin (`POST /_admin/purge_bin`): Zoho's retention or an admin.
    pub fn purge_bin(&self) -> usize {
        self.shared.purge_bin(&PurgeRequest::default())
    }

    /// Creates `count` records now (`POST /_admin/create`).
    pub fn create(&self, module: &str, count: usize) -> Result<Vec<Stamp>, AdminError> {
        self.shared.create(&CreateRequest {
            module: module.into(),
            count,
        })
    }

    pub fn settings(&self) -> Settings {
        self.shared.settings()
    }

    /// Partial settings update (`PUT /_admin/settings`).
    pub fn update_settings(&self, patch: SettingsPatch) -> Result<Settings, AdminError> {
        self.shared.update_settings(patch)
    }

    pub fn stats(&self) -> Stats {
        self.shared.stats()
    }

    pub fn reset_stats(&self) {
        self.shared.reset_stats()
    }

    /// Revokes every access token issued so far.
    pub fn revoke_tokens(&self) {
        self.shared.revoke_tokens()
    }

    /// The truth of a dashboard metric: the body `GET /api/v1{path}?{query}` answers now.
    pub fn dashboard(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<serde_json::Value, crate::api::ApiError> {
        let pairs: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let store = crate::state::read(&self.shared.store);
        crate::dashboards::compute(&store, path, &pairs)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
