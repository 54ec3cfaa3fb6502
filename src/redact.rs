//! Scrubs secrets from any free text the connector writes.
//!
//! Error messages are built from many places (HTTP bodies, library errors, URLs); rather than
//! trusting each one, every LOG, TRACE and CONNECTION_STATUS text passes through here. The set
//! grows at run time: each access token is added as soon as it is minted.

use std::sync::{Arc, RwLock};

#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Arc<RwLock<Vec<String>>>,
}

/// Values shorter than this are not treated as secrets: replacing every "a" or "1" in a message
/// would destroy it, and such values cannot be real credentials.
const MIN_SECRET_LEN: usize = 4;

impl Redactor {
    pub fn new<I, S>(secrets: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let r = Redactor::default();
        for s in secrets {
            r.add(s);
        }
        r
    }

    pub fn add(&self, secret: impl Into<String>) {
        let secret = secret.into();
        if secret.len() < MIN_SECRET_LEN {
            return;
        }
        let mut list = self.secrets.write().unwrap_or_else(|p| p.into_inner());
        if !list.contains(&secret) {
            list.push(secret);
            // Longest first, so a secret that contains another is replaced whole.
            list.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    pub fn redact(&self, text: &str) -> String {
        let list = self.secrets.read().unwrap_or_else(|p| p.into_inner());
        let mut out = text.to_string();
        for s in list.iter() {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), "****");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_every_occurrence_longest_first() {
        let r = Redactor::new(["abcd", "abcdef"]);
        assert_eq!(r.redact("x abcdef y abcd"), "x **** y ****");
    }

    #[test]
    fn ignores_trivial_values_and_grows() {
        let r = Redactor::new(["a"]);
        assert_eq!(r.redact("a cat"), "a cat");
        r.add("1000.tok");
        assert_eq!(r.redact("Bearer 1000.tok"), "Bearer ****");
    }
}
