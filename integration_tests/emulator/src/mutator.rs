//! The `mutator` setting: the data changes while a connector reads it, counted in requests
//! (never in wall-clock time) so a test run is reproducible.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use serde::{Deserialize, Deserializer, Serialize};

use crate::admin::module;
use crate::data::{MAX_CREATE, Module, Selection};
use crate::state::{Shared, lock, read, write};

/// After every `every`-th /api/v1 request: touch `touch[module]` random records per module
/// (as `POST /_admin/touch`, parents move), add `create_threads` threads to random live
/// tickets (the tickets move), create `create[module]` records (as `POST /_admin/create`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Mutator {
    pub every: u64,
    #[serde(default)]
    pub touch: BTreeMap<String, usize>,
    #[serde(default)]
    pub create_threads: usize,
    #[serde(default)]
    pub create: BTreeMap<String, usize>,
    /// Deletes `delete[module]` random live records per round (as `POST /_admin/delete`).
    #[serde(default)]
    pub delete: BTreeMap<String, usize>,
}

impl Mutator {
    pub fn validate(&self) -> Result<(), String> {
        if self.every == 0 {
            return Err("mutator: 'every' must be at least 1".into());
        }
        check("touch", &self.touch, Module::has_modified, "touched")?;
        check("create", &self.create, Module::creatable, "created")?;
        check("delete", &self.delete, Module::deletable, "deleted")?;
        if self.create_threads > MAX_CREATE {
            return Err(format!("mutator.create_threads: more than {MAX_CREATE}"));
        }
        Ok(())
    }
}

/// Every module of `counts` resolves and `can` do the operation; counts stay sane.
fn check(
    what: &str,
    counts: &BTreeMap<String, usize>,
    can: fn(Module) -> bool,
    done: &str,
) -> Result<(), String> {
    for (name, &k) in counts {
        let m = module(name).map_err(|e| format!("mutator.{what}: {e}"))?;
        if !can(m) {
            return Err(format!("mutator.{what}: '{name}' cannot be {done}"));
        }
        if k > MAX_CREATE {
            return Err(format!("mutator.{what}: {k} is more than {MAX_CREATE}"));
        }
    }
    Ok(())
}

/// Tells an absent key (keep the mutator) from `null` (switch it off) in a settings patch.
pub fn some_or_null<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

impl Shared {
    /// Counts one answered /api/v1 request and runs a mutation round on every `every`-th.
    /// The round holds the store's write lock, so concurrent requests see it all or nothing.
    pub fn after_desk_request(&self) {
        let Some(mu) = read(&self.settings).mutator.clone() else {
            return;
        };
        let n = self.mutator_requests.fetch_add(1, Ordering::SeqCst) + 1;
        if !n.is_multiple_of(mu.every) {
            return;
        }
        let mut store = write(&self.store);
        // Names and counts were validated when the setting was accepted, and `AtMost`
        // never asks for more than exists, so an error here is a bug worth seeing.
        let mut failures = Vec::new();
        for (name, &k) in &mu.touch {
            if let Err(e) = module(name).and_then(|m| Ok(store.touch(m, Selection::AtMost(k))?)) {
                failures.push(e.to_string());
            }
        }
        if let Err(e) = store.create_threads(mu.create_threads) {
            failures.push(e.to_string());
        }
        for (name, &k) in &mu.create {
            if let Err(e) = module(name).and_then(|m| Ok(store.create(m, k)?)) {
                failures.push(e.to_string());
            }
        }
        for (name, &k) in &mu.delete {
            if let Err(e) = module(name).and_then(|m| Ok(store.delete(m, Selection::AtMost(k))?)) {
                failures.push(e.to_string());
            }
        }
        drop(store);
        let mut s = lock(&self.stats);
        s.mutations += 1;
        let room = 100usize.saturating_sub(s.mutation_errors.len());
        s.mutation_errors.extend(failures.into_iter().take(room));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_refuses_what_a_round_could_not_do() {
        let ok = Mutator {
            every: 1,
            touch: [
                ("tickets".to_string(), 2),
                ("ticket_comments".to_string(), 1),
            ]
            .into(),
            create_threads: 1,
            create: [("tickets".to_string(), 1)].into(),
            delete: [("contacts".to_string(), 1)].into(),
        };
        assert_eq!(ok.validate(), Ok(()));
        let bad = |f: fn(&mut Mutator)| {
            let mut m = ok.clone();
            f(&mut m);
            m.validate().expect_err("refused")
        };
        assert!(bad(|m| m.every = 0).contains("every"));
        assert!(
            bad(|m| {
                m.touch.insert("threads".into(), 1);
            })
            .contains("threads")
        );
        assert!(
            bad(|m| {
                m.touch.insert("nope".into(), 1);
            })
            .contains("nope")
        );
        assert!(
            bad(|m| {
                m.create.insert("agents".into(), 1);
            })
            .contains("agents")
        );
        assert!(
            bad(|m| {
                m.delete.insert("threads".into(), 1);
            })
            .contains("threads")
        );
        assert!(bad(|m| m.create_threads = MAX_CREATE + 1).contains("create_threads"));
    }

    #[test]
    fn patch_tells_absent_from_null() {
        use crate::state::SettingsPatch;
        let p: SettingsPatch = serde_json::from_str("{}").expect("patch");
        assert_eq!(p.mutator, None);
        let p: SettingsPatch = serde_json::from_str(r#"{"mutator":null}"#).expect("patch");
        assert_eq!(p.mutator, Some(None));
        let p: SettingsPatch =
            serde_json::from_str(r#"{"mutator":{"every":3,"touch":{"tickets":1}}}"#)
                .expect("patch");
        assert_eq!(p.mutator.flatten().map(|m| m.every), Some(3));
        let bad: Result<SettingsPatch, _> = serde_json::from_str(r#"{"mutator":{"evry":3}}"#);
        assert!(bad.is_err(), "unknown keys are refused");
    }

    #[test]
    fn modules_resolve_like_the_admin_api() {
        assert_eq!(module("ticket_comments").ok(), Some(Module::Comments));
    }
}
