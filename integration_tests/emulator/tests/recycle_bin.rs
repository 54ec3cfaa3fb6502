//! `GET /recycleBin`: every delete lands in the bin with its deletion time and module, the
//! endpoint is as strict as the others, and an admin purge empties it while the records stay
//! gone.

mod common;

use common::*;

#[test]
fn deletes_of_every_module_land_in_the_bin_and_leave_everything_else() {
    let emu = small();
    let mut d = Desk::new(&emu);
    // A new portal's bin holds old deletes, oldest first in the truth.
    let seeded = truth_ids(&emu, "recycle_bin");
    assert_eq!(seeded.len(), 16);
    assert_eq!(
        ids(&d.rows("/recycleBin?sortBy=deletedTime&limit=100")),
        seeded
    );
    let account = truth_ids(&emu, "accounts")[2].clone();
    let comments_before = emu.truth("account_comments").expect("truth");
    emu.delete_ids("accounts", std::slice::from_ref(&account))
        .expect("deleted");
    // The account leaves its list, its detail and its children.
    assert!(!ids(&d.rows("/accounts?from=1&limit=50")).contains(&account));
    assert_eq!(d.get(&format!("/accounts/{account}")).status, 404);
    assert_eq!(
        d.get(&format!("/accounts/{account}/comments?from=1&limit=10"))
            .status,
        404
    );
    let comments = emu.truth("account_comments").expect("truth");
    assert!(comments.len() <= comments_before.len());
    assert!(
        comments
            .iter()
            .all(|c| c.parent_id.as_deref() != Some(account.as_str()))
    );
    for module in [
        "tasks",
        "calls",
        "events",
        "contracts",
        "products",
        "contacts",
        "tickets",
    ] {
        let id = truth_ids(&emu, module)[0].clone();
        emu.delete_ids(module, &[id]).expect("deleted");
    }
    let rows = d.rows("/recycleBin?sortBy=-deletedTime&limit=100&include=deletedBy,department");
    assert_eq!(rows.len(), 8 + seeded.len());
    let times: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["deletedTime"].as_str())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    let accounts: Vec<&serde_json::Value> =
        rows.iter().filter(|r| r["type"] == "Accounts").collect();
    assert_eq!(accounts.len(), 3);
    assert_eq!(accounts[0]["id"], account.as_str(), "newest first");
    assert!(accounts[0]["deletedBy"]["id"].is_string());
    assert!(
        rows.iter()
            .any(|r| r["type"] == "Tickets" && r["department"]["id"].is_string())
    );
    // The module filter.
    let only = d.rows("/recycleBin?module=accounts&sortBy=-deletedTime&limit=100");
    assert_eq!(ids(&only)[0], account);
    assert_eq!(only.len(), 3, "the new delete and the two seeded ones");
    assert_eq!(d.get("/recycleBin?module=topics").status, 204);
    // Strict like every list.
    for bad in [
        "module=threads",
        "sortBy=modifiedTime",
        "limit=101",
        "limit=0",
        "include=owner",
        "moduleId=1",
        "bogus=1",
        "from=-1",
    ] {
        let r = d.get(&format!("/recycleBin?{bad}"));
        assert_eq!(r.status, 422, "{bad}: {}", r.text());
    }
    // Paged: two rows per page, in order, nothing lost.
    let mut paged = Vec::new();
    for from in (1..=rows.len()).step_by(2) {
        paged.extend(ids(&d.rows(&format!(
            "/recycleBin?sortBy=-deletedTime&from={from}&limit=2"
        ))));
    }
    assert_eq!(paged, ids(&rows));
    // A purge empties the bin; the records stay deleted.
    let r = admin_send(&emu, "POST", "/_admin/purge_bin", serde_json::json!({}));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["purged"], 24);
    assert_eq!(d.get("/recycleBin?limit=10").status, 204);
    assert_eq!(d.get(&format!("/accounts/{account}")).status, 404);
}
