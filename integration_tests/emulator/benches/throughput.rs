//! Throughput benchmark: prints figures, asserts nothing about speed.
//!
//! `cargo bench -p zoho-desk-emulator --bench throughput` (release profile). Knobs via env:
//! `BENCH_TICKETS` (default 1,000,000), `BENCH_REQUESTS` (default 20,000 per phase),
//! `BENCH_CLIENTS` (default 2 client threads, keep-alive connections).

use std::time::{Duration, Instant};

use zoho_desk_emulator::client::Conn;
use zoho_desk_emulator::data::Store;
use zoho_desk_emulator::rng::Rng;
use zoho_desk_emulator::{Emulator, EmulatorConfig};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Fires `total` requests from `clients` threads; `path(i, rng)` builds request i.
fn phase(
    name: &str,
    emu: &Emulator,
    token: &str,
    (clients, total, tickets): (usize, usize, usize),
    path: fn(&mut Rng, usize) -> String,
) {
    let per = total / clients;
    let start = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let url = emu.url().to_string();
            let auth = format!("Zoho-oauthtoken {token}");
            std::thread::spawn(move || {
                let mut conn = Conn::new(&url);
                let mut rng = Rng::new(c as u64 + 1);
                let mut lat = Vec::with_capacity(per);
                let (mut ok, mut bytes) = (0usize, 0usize);
                for _ in 0..per {
                    let p = path(&mut rng, tickets);
                    let t = Instant::now();
                    match conn.get(&p, &[("Authorization", &auth), ("orgId", "60001234567")]) {
                        Ok(r) => {
                            if r.status == 200 {
                                ok += 1;
                            }
                            bytes += r.body.len();
                        }
                        Err(e) => eprintln!("request failed: {e}"),
                    }
                    lat.push(t.elapsed());
                }
                (lat, ok, bytes)
            })
        })
        .collect();
    let mut lat = Vec::new();
    let (mut ok, mut bytes) = (0, 0);
    for h in handles {
        if let Ok((l, o, b)) = h.join() {
            lat.extend(l);
            ok += o;
            bytes += b;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    lat.sort_unstable();
    println!(
        "{name:<34} {:>6} req in {secs:>6.2}s = {:>7.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({ok} x 200, {:.0} KiB/page)",
        lat.len(),
        lat.len() as f64 / secs,
        percentile(&lat, 0.50).as_secs_f64() * 1e3,
        percentile(&lat, 0.99).as_secs_f64() * 1e3,
        bytes as f64 / lat.len().max(1) as f64 / 1024.0,
    );
}

fn list_page(rng: &mut Rng, n: usize) -> String {
    format!(
        "/api/v1/tickets?from={}&limit=100",
        1 + rng.below(n.saturating_sub(100) as u64)
    )
}

fn list_desc_page(rng: &mut Rng, n: usize) -> String {
    format!(
        "/api/v1/tickets?sortBy=-createdTime&from={}&limit=100",
        1 + rng.below(n.saturating_sub(100) as u64)
    )
}

fn search_page(rng: &mut Rng, _: usize) -> String {
    // A one-week modifiedTime window somewhere in 2023-2024, a page inside its first 1,000 rows
    // (Search.json caps search `from` at 999).
    let start = 1_672_531_200_000i64 + rng.below(700) as i64 * 86_400_000;
    let from = zoho_desk_emulator::timefmt::format_ts(start);
    let to = zoho_desk_emulator::timefmt::format_ts(start + 7 * 86_400_000);
    format!(
        "/api/v1/tickets/search?modifiedTimeRange={from},{to}&sortBy=modifiedTime&from={}&limit=100",
        rng.below(10) * 100
    )
}

fn main() {
    let tickets = env("BENCH_TICKETS", 1_000_000);
    let requests = env("BENCH_REQUESTS", 20_000);
    let clients = env("BENCH_CLIENTS", 2).max(1);
    let cfg = EmulatorConfig {
        tickets,
        contacts: tickets / 4,
        accounts: tickets / 10,
        worker_threads: 1,
        concurrency_limit: 0,
        credit_budget: u64::MAX / 2,
        ..Default::default()
    };
    println!(
        "zoho-desk-emulator throughput: {tickets} tickets, server on ONE tokio worker thread, {clients} client threads"
    );

    let t = Instant::now();
    let store = Store::generate(&cfg);
    println!(
        "generate (store only)              {:.2}s  ({} tickets, {} threads, {} comments, {} contacts)",
        t.elapsed().as_secs_f64(),
        store.len(zoho_desk_emulator::data::Module::Tickets),
        store.len(zoho_desk_emulator::data::Module::Threads),
        store.len(zoho_desk_emulator::data::Module::Comments),
        store.len(zoho_desk_emulator::data::Module::Contacts),
    );
    drop(store);

    let t = Instant::now();
    let emu = match Emulator::start(cfg) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("cannot start emulator: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "Emulator::start (generate + bind)  {:.2}s",
        t.elapsed().as_secs_f64()
    );
    let mut c = Conn::new(emu.url());
    let token = c
        .request(
            "POST",
            "/oauth/v2/token",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            b"grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=rtok",
        )
        .ok()
        .and_then(|r| r.json()["access_token"].as_str().map(str::to_string))
        .unwrap_or_default();

    phase(
        "list /tickets limit=100 (random from)",
        &emu,
        &token,
        (clients, requests, tickets),
        list_page,
    );
    phase(
        "list /tickets sortBy=-createdTime",
        &emu,
        &token,
        (clients, requests, tickets),
        list_desc_page,
    );
    phase(
        "search modifiedTimeRange limit=100",
        &emu,
        &token,
        (clients, requests, tickets),
        search_page,
    );

    let t = Instant::now();
    let _ = emu.touch("tickets", 1000);
    println!(
        "touch 1000 tickets                 {:.3}s",
        t.elapsed().as_secs_f64()
    );
    let s = emu.stats();
    println!("statuses {:?}", s.statuses);
}
