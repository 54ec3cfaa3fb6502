//! Zoho's own OpenAPI files (repository zoho/zohodesk-oas, folder v1.0) as request rules.
//!
//! `oas/facts.json` keeps, per endpoint the connector calls, the query parameters the OAS
//! declares (name, type, enum, minimum, maximum, default, required) and the response wrapper.
//! Every `/api/v1` request is checked against them before the route handler runs, so a request
//! the real API could refuse (an undocumented parameter, `from=0` where the minimum is 1, a
//! `sortBy` outside the enum) is caught here even where the handler itself is lenient.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::Deserialize;

/// The kept facts, embedded so the emulator binary carries them: one file per topic (each a
/// `Facts` object), so endpoints added for one feature do not touch the others' files.
const FACTS_FILES: &[(&str, &str)] = &[
    ("facts.json", include_str!("../oas/facts.json")),
    ("activities.json", include_str!("../oas/activities.json")),
    ("fields.json", include_str!("../oas/fields.json")),
    ("threads.json", include_str!("../oas/threads.json")),
    ("recycle_bin.json", include_str!("../oas/recycle_bin.json")),
    ("dashboards.json", include_str!("../oas/dashboards.json")),
];

/// Values of the `oas` setting.
pub const OAS_MODES: &[&str] = &["refuse", "record"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// Where the facts were read (repository, folder, commits).
    pub source: String,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub method: String,
    /// Full path as in the OAS, e.g. `/api/v1/tickets/{ticketId}/tags`.
    pub path: String,
    /// OAS file of the operation, e.g. `TicketTag.json`.
    pub file: String,
    /// Commit of zoho/zohodesk-oas the file was read at.
    pub commit: String,
    pub operation: String,
    /// Key of the rows in a 200 answer; `""` for a bare object; absent when not read.
    #[serde(default)]
    pub wrapper: Option<String>,
    pub params: Vec<Param>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: String,
    /// `integer`, `string`, `boolean` or `array` (comma-separated items).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub required: bool,
    /// Allowed values (of the items for an array).
    #[serde(default)]
    pub r#enum: Vec<String>,
    /// The OAS (description or pattern) allows a `-` prefix on the enum values (descending).
    #[serde(default)]
    pub desc_prefix: bool,
    #[serde(default)]
    pub minimum: Option<i64>,
    #[serde(default)]
    pub maximum: Option<i64>,
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    #[serde(default)]
    pub max_items: Option<usize>,
}

/// The parsed facts of every file, endpoints in file order (parsed once; a malformed file is a
/// build-time mistake, caught by tests).
pub fn facts() -> &'static Facts {
    static FACTS: OnceLock<Facts> = OnceLock::new();
    FACTS.get_or_init(|| {
        let mut all = Facts {
            source: String::new(),
            endpoints: Vec::new(),
        };
        for (name, text) in FACTS_FILES {
            match serde_json::from_str::<Facts>(text) {
                Ok(f) => {
                    if all.source.is_empty() {
                        all.source = f.source;
                    }
                    all.endpoints.extend(f.endpoints);
                }
                Err(e) => panic!("oas/{name} is malformed: {e}"),
            }
        }
        all
    })
}

/// `/api/v1/tickets/{ticketId}/tags` and `/api/v1/tickets/{id}/tags` name the same endpoint.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The facts of `method` + route `pattern` (relative to `/api/v1`), if kept.
pub fn endpoint(method: &str, pattern: &str) -> Option<&'static Endpoint> {
    let want = shape(&format!("/api/v1{pattern}"));
    facts()
        .endpoints
        .iter()
        .find(|e| e.method == method && shape(&e.path) == want)
}

/// Every way the query `pairs` break the endpoint's OAS facts, each naming the parameter.
pub fn violations(ep: &Endpoint, pairs: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    for p in ep.params.iter().filter(|p| p.required) {
        if !names.contains(p.name.as_str()) {
            out.push(format!(
                "The parameter '{}' is mandatory and is missing in the input.",
                p.name
            ));
        }
    }
    for (k, v) in pairs {
        let Some(p) = ep.params.iter().find(|p| &p.name == k) else {
            out.push(format!(
                "Extra query parameter '{k}' is present in the input."
            ));
            continue;
        };
        if let Some(msg) = value_violation(p, v) {
            out.push(msg);
        }
    }
    out
}

fn value_violation(p: &Param, v: &str) -> Option<String> {
    let name = &p.name;
    let items: Vec<&str> = if p.kind == "array" {
        v.split(',').collect()
    } else {
        vec![v]
    };
    if let Some(max) = p.max_items
        && items.len() > max
    {
        return Some(format!(
            "The parameter '{name}' takes at most {max} values."
        ));
    }
    for item in items {
        match p.kind.as_str() {
            "integer" => {
                let Ok(n) = item.parse::<i64>() else {
                    return Some(format!("The value of '{name}' must be an integer."));
                };
                let bound = match (p.minimum, p.maximum) {
                    (Some(lo), Some(hi)) if n < lo || n > hi => format!("in the range {lo}-{hi}"),
                    (Some(lo), None) if n < lo => format!("at least {lo}"),
                    (None, Some(hi)) if n > hi => format!("at most {hi}"),
                    _ => String::new(),
                };
                if !bound.is_empty() {
                    return Some(format!("The value of '{name}' must be {bound}, got {n}."));
                }
            }
            "boolean" if item != "true" && item != "false" => {
                return Some(format!("The value of '{name}' must be true or false."));
            }
            _ => {}
        }
        if !p.r#enum.is_empty() {
            let bare = if p.desc_prefix {
                item.strip_prefix('-').unwrap_or(item)
            } else {
                item
            };
            if !p.r#enum.iter().any(|e| e == bare) {
                return Some(format!(
                    "The value '{item}' of '{name}' is not one of {}.",
                    p.r#enum.join(",")
                ));
            }
        }
    }
    None
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Query pairs as the server hands them to the checks.
    pub(crate) fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn facts_parse_and_name_their_files() {
        let f = facts();
        assert!(f.source.contains("zoho/zohodesk-oas"));
        let mut seen = BTreeSet::new();
        for e in &f.endpoints {
            assert!(e.path.starts_with("/api/v1/"), "{}", e.path);
            assert!(e.file.ends_with(".json"), "{}", e.path);
            assert!(
                seen.insert((&e.method, shape(&e.path))),
                "twice: {}",
                e.path
            );
            for p in &e.params {
                assert!(
                    ["integer", "string", "boolean", "array"].contains(&p.kind.as_str()),
                    "{} {}",
                    e.path,
                    p.name
                );
            }
        }
    }

    /// The emulator serves the rows under the wrapper the OAS documents.
    #[test]
    fn routes_use_the_documented_wrappers() {
        let mut compared = 0;
        for r in crate::routes::ROUTES {
            if let Some(w) = endpoint(r.method, r.pattern).and_then(|e| e.wrapper.as_deref()) {
                assert_eq!(r.wrapper, w, "{}", r.pattern);
                compared += 1;
            }
        }
        assert!(compared >= 10, "{compared}");
    }

    #[test]
    fn the_issue_cases_are_violations() {
        let hc = endpoint("GET", "/helpCenters").expect("helpCenters facts");
        assert_eq!(
            violations(hc, &q(&[("from", "0"), ("limit", "50")])),
            vec!["The value of 'from' must be at least 1, got 0."]
        );
        assert!(violations(hc, &q(&[("from", "1"), ("limit", "50")])).is_empty());
        assert_eq!(
            violations(hc, &q(&[("limit", "51")])),
            vec!["The value of 'limit' must be in the range 1-50, got 51."]
        );
        let contracts = endpoint("GET", "/contracts").expect("contracts facts");
        assert_eq!(
            violations(contracts, &q(&[("departmentId", "1")])),
            vec!["Extra query parameter 'departmentId' is present in the input."]
        );
        assert!(violations(contracts, &q(&[("departmentIds", "1,2")])).is_empty());
        let tags = endpoint("GET", "/tickets/{ticketId}/tags").expect("tags facts");
        assert_eq!(tags.wrapper.as_deref(), Some("tags"));
        let feedback = endpoint("GET", "/articleFeedbacks").expect("feedback facts");
        assert!(violations(feedback, &q(&[("sortBy", "-createdTime")])).is_empty());
        assert_eq!(
            violations(feedback, &q(&[("sortBy", "modifiedTime")])).len(),
            1
        );
        assert_eq!(
            violations(feedback, &q(&[("include", "ticket,x")])).len(),
            1
        );
        let ticket_tags = endpoint("GET", "/ticketTags").expect("ticketTags facts");
        assert_eq!(
            violations(ticket_tags, &q(&[])),
            vec!["The parameter 'departmentId' is mandatory and is missing in the input."]
        );
    }
}
