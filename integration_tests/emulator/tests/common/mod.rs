//! Shared helpers for the integration tests (included with `mod common;`).
#![allow(dead_code)]

use zoho_desk_emulator::client::{Conn, RawResponse};
use zoho_desk_emulator::{Emulator, EmulatorConfig};

pub const ORG: &str = "60001234567";

pub fn start(cfg: EmulatorConfig) -> Emulator {
    Emulator::start(cfg).expect("emulator starts")
}

pub fn small() -> Emulator {
    start(EmulatorConfig::default())
}

/// Gets a fresh access token through the real token endpoint.
pub fn token(emu: &Emulator) -> String {
    let mut c = Conn::new(emu.url());
    let r = c
        .request(
            "POST",
            "/oauth/v2/token",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            b"grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=rtok",
        )
        .expect("token request");
    r.json()["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

/// An authenticated Desk client.
pub struct Desk {
    pub conn: Conn,
    pub token: String,
}

impl Desk {
    pub fn new(emu: &Emulator) -> Desk {
        Desk {
            conn: Conn::new(emu.url()),
            token: token(emu),
        }
    }

    pub fn get(&mut self, path: &str) -> RawResponse {
        let auth = format!("Zoho-oauthtoken {}", self.token);
        self.conn
            .get(
                &format!("/api/v1{path}"),
                &[("Authorization", &auth), ("orgId", ORG)],
            )
            .expect("request")
    }

    /// Rows of a list/search page (empty on 204).
    pub fn rows(&mut self, path: &str) -> Vec<serde_json::Value> {
        let r = self.get(path);
        match r.status {
            204 => Vec::new(),
            200 => r.json()["data"].as_array().cloned().expect("data array"),
            s => panic!("GET {path} -> {s}: {}", r.text()),
        }
    }
}

pub fn admin_get(emu: &Emulator, path: &str) -> serde_json::Value {
    Conn::new(emu.url())
        .get(path, &[])
        .expect("admin get")
        .json()
}

pub fn admin_send(
    emu: &Emulator,
    method: &str,
    path: &str,
    body: serde_json::Value,
) -> RawResponse {
    Conn::new(emu.url())
        .request(
            method,
            path,
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
        .expect("admin request")
}

pub fn ids(rows: &[serde_json::Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["id"].as_str().expect("string id").to_string())
        .collect()
}

/// The ids of a truth module, in truth order.
pub fn truth_ids(emu: &Emulator, module: &str) -> Vec<String> {
    emu.truth(module)
        .unwrap_or_else(|e| panic!("truth {module}: {e}"))
        .into_iter()
        .map(|r| r.id)
        .collect()
}
