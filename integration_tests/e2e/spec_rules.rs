//! The SPEC checked against the rules of Airbyte's acceptance `TestSpec` (airbyte-protocol.md
//! §2.3), re-implemented here because CAT needs Docker. Every rule has a negative case below, so
//! a checker that silently passes everything fails the suite. Rule tags: R1 urls/version,
//! R2 draft-07, R3 forbidden keywords, R4 additionalProperties, R5 types, R6 enums, R7 oneOf,
//! R8 secrets, R9 empty objects, R10 array items, R11 order/group/display_type, R12 date
//! patterns, R13 OAuth paths, R14 config validation; R15 (titles and descriptions) is our own;
//! R16 is the platform's declarative OAuth shape (`oauth_connector_input_specification`), whose
//! templates are rendered below for every data center the way the platform renders them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::{Value, json};
use source_zoho_desk::spec;

/// Property names CAT requires to be `airbyte_secret` when they hold a string or number.
const SECRET_NAMES: [&str; 17] = [
    "client_token",
    "access_token",
    "api_token",
    "token",
    "secret",
    "client_secret",
    "password",
    "key",
    "service_account_info",
    "service_account",
    "tenant_id",
    "certificate",
    "jwt",
    "credentials",
    "app_id",
    "appid",
    "refresh_token",
];

const FORBIDDEN: [&str; 13] = [
    "not",
    "anyOf",
    "patternProperties",
    "prefixItems",
    "allOf",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "$ref",
    "definitions",
    "$defs",
];

fn types_of(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Checks one schema node and recurses into its properties, oneOf variants and items.
/// `prop` is the property name the node sits under (None for the root and variants).
fn check_node(
    node: &Value,
    path: &str,
    prop: Option<&str>,
    top_level: bool,
    out: &mut Vec<String>,
) {
    let Some(obj) = node.as_object() else {
        out.push(format!("R0 {path}: not an object schema"));
        return;
    };
    for k in FORBIDDEN {
        if obj.contains_key(k) {
            out.push(format!("R3 {path}: forbidden keyword {k}"));
        }
    }
    if let Some(ap) = obj.get("additionalProperties")
        && ap != &Value::Bool(true)
    {
        out.push(format!("R4 {path}: additionalProperties is {ap}"));
    }
    let types = types_of(node);
    match obj.get("type") {
        None | Some(Value::String(_)) => {}
        Some(Value::Array(ts)) => {
            let ok = ts.len() == 2 && ts[1] == "null" && ts[0] != "null";
            if !ok {
                out.push(format!(
                    "R5 {path}: type must be T or [T, \"null\"], got {ts:?}"
                ));
            }
        }
        Some(other) => out.push(format!("R5 {path}: type {other}")),
    }
    if let Some(Value::Array(values)) = obj.get("enum") {
        let unique: BTreeSet<String> = values.iter().map(Value::to_string).collect();
        if unique.len() != values.len() {
            out.push(format!("R6 {path}: duplicate enum values"));
        }
    }
    if prop.is_some() {
        for k in ["title", "description"] {
            let ok = obj
                .get(k)
                .and_then(Value::as_str)
                .is_some_and(|t| !t.trim().is_empty());
            if !ok {
                out.push(format!("R15 {path}: no {k} (the form shows it)"));
            }
        }
    }
    if let Some(name) = prop {
        let holds_text = types
            .iter()
            .any(|t| ["string", "number", "integer"].contains(t));
        let is_const = obj.contains_key("const");
        let secret = obj.get("airbyte_secret") == Some(&Value::Bool(true));
        if SECRET_NAMES.contains(&name) && holds_text && !is_const && !secret {
            out.push(format!(
                "R8 {path}: secret-looking field without airbyte_secret"
            ));
        }
        let non_secret_type = is_const || types.iter().any(|t| ["boolean", "object"].contains(t));
        if obj.contains_key("airbyte_secret") && non_secret_type {
            out.push(format!("R8 {path}: airbyte_secret on a non-secret type"));
        }
    }
    if let Some(f) = obj.get("format").and_then(Value::as_str)
        && (f == "date-time" || f == "date")
        && !obj.contains_key("pattern")
    {
        out.push(format!("R12 {path}: {f} without a UI pattern"));
    }
    if obj.contains_key("display_type") {
        let ok = obj.contains_key("oneOf")
            && ["dropdown", "radio"].contains(&obj["display_type"].as_str().unwrap_or(""));
        if !ok {
            out.push(format!(
                "R11 {path}: display_type only on oneOf, dropdown|radio"
            ));
        }
    }
    if obj.contains_key("group") && !top_level {
        out.push(format!("R11 {path}: group below the top level"));
    }
    if let Some(variants) = obj.get("oneOf") {
        check_one_of(obj, variants, path, out);
    }
    let has_props = obj
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    if types.contains(&"object") && prop.is_some() && !has_props && !obj.contains_key("oneOf") {
        out.push(format!("R9 {path}: object property without properties"));
    }
    if let Some(items) = obj.get("items") {
        let ok = items.is_object()
            && (items.get("enum").is_some()
                || types_of(items)
                    .iter()
                    .all(|t| ["object", "string", "number", "integer"].contains(t))
                    && !types_of(items).is_empty());
        if !ok {
            out.push(format!(
                "R10 {path}: array items must be one object/string/number/integer schema or an enum"
            ));
        }
    }
    if let Some(props) = obj.get("properties").and_then(Value::as_object) {
        let mut seen: BTreeSet<(String, i64)> = BTreeSet::new();
        for (k, p) in props {
            if let Some(order) = p.get("order").and_then(Value::as_i64) {
                let group = p
                    .get("group")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                if !seen.insert((group, order)) {
                    out.push(format!("R11 {path}/{k}: duplicate order {order}"));
                }
            }
            let is_top = prop.is_none() && path.is_empty();
            check_node(p, &format!("{path}/{k}"), Some(k), is_top, out);
        }
    }
    if let Some(Value::Array(variants)) = obj.get("oneOf") {
        for (i, v) in variants.iter().enumerate() {
            check_node(v, &format!("{path}/oneOf[{i}]"), None, false, out);
        }
    }
}

fn check_one_of(
    parent: &serde_json::Map<String, Value>,
    variants: &Value,
    path: &str,
    out: &mut Vec<String>,
) {
    if parent.get("type") != Some(&json!("object")) {
        out.push(format!("R7 {path}: oneOf parent must be type object"));
    }
    let Some(variants) = variants.as_array().filter(|v| !v.is_empty()) else {
        out.push(format!("R7 {path}: oneOf must be a non-empty array"));
        return;
    };
    let mut common: Option<BTreeSet<String>> = None;
    for (i, v) in variants.iter().enumerate() {
        let Some(props) = v.get("properties").and_then(Value::as_object) else {
            out.push(format!("R7 {path}/oneOf[{i}]: variant without properties"));
            return;
        };
        let keys: BTreeSet<String> = props.keys().cloned().collect();
        common = Some(match common {
            None => keys,
            Some(c) => c.intersection(&keys).cloned().collect(),
        });
    }
    let common = common.unwrap_or_default();
    if common.is_empty() {
        out.push(format!("R7 {path}: no property common to all variants"));
    }
    let consts: Vec<&String> = common
        .iter()
        .filter(|k| {
            variants
                .iter()
                .all(|v| v["properties"][k.as_str()].get("const").is_some())
        })
        .collect();
    if consts.len() != 1 {
        out.push(format!(
            "R7 {path}: {} common const properties, need exactly 1",
            consts.len()
        ));
    }
    for k in consts {
        for (i, v) in variants.iter().enumerate() {
            let p = &v["properties"][k.as_str()];
            let c = &p["const"];
            if p.get("default").is_some_and(|d| d != c) {
                out.push(format!(
                    "R7 {path}/oneOf[{i}]/{k}: default differs from const"
                ));
            }
            if p.get("enum").is_some_and(|e| e != &json!([c])) {
                out.push(format!("R7 {path}/oneOf[{i}]/{k}: enum beside const"));
            }
        }
    }
}

/// Whether a config path (e.g. ["credentials", "refresh_token"]) exists in the spec, looking
/// through `oneOf` variants.
fn path_exists(schema: &Value, path: &[Value]) -> bool {
    let Some((head, rest)) = path.split_first() else {
        return true;
    };
    let Some(name) = head.as_str() else {
        return false;
    };
    let mut candidates = vec![schema];
    if let Some(Value::Array(vs)) = schema.get("oneOf") {
        candidates.extend(vs.iter());
    }
    candidates.iter().any(|s| {
        s.get("properties")
            .and_then(|p| p.get(name))
            .is_some_and(|child| path_exists(child, rest))
    })
}

fn collect_paths<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            if let Some(p) = m.get("path_in_connector_config") {
                out.push(p);
            }
            m.values().for_each(|c| collect_paths(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| collect_paths(c, out)),
        _ => {}
    }
}

fn spec_violations(spec: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let url = spec["documentationUrl"].as_str().unwrap_or("");
    if !url.starts_with("https://") || url.contains(' ') {
        out.push(format!("R1 documentationUrl is not a URI: {url:?}"));
    }
    if spec["protocol_version"] != "0.2.0" {
        out.push("R1 protocol_version must be 0.2.0".into());
    }
    let cs = &spec["connectionSpecification"];
    if let Err(e) = jsonschema::draft7::meta::validate(cs) {
        out.push(format!(
            "R2 connectionSpecification is not valid draft-07: {e}"
        ));
    }
    if cs["type"] != "object" {
        out.push("R2 connectionSpecification must be type object".into());
    }
    check_node(cs, "", None, true, &mut out);

    let aa = &spec["advanced_auth"];
    if !aa.is_null() {
        let key = aa["predicate_key"].as_array().cloned().unwrap_or_default();
        if key.is_empty() || !path_exists(cs, &key) {
            out.push(format!("R13 predicate_key {key:?} not in the spec"));
        }
        let mut paths = Vec::new();
        collect_paths(&aa["oauth_config_specification"], &mut paths);
        if paths.is_empty() {
            out.push("R13 no path_in_connector_config".into());
        }
        for p in paths {
            let ok = p
                .as_array()
                .is_some_and(|p| !p.is_empty() && path_exists(cs, p));
            if !ok {
                out.push(format!("R13 path_in_connector_config {p} not in the spec"));
            }
        }
        // Declarative OAuth: the two URLs the platform requires, and every output the config
        // receives is extracted from the token response.
        let input = &aa["oauth_config_specification"]["oauth_connector_input_specification"];
        for key in ["consent_url", "access_token_url"] {
            if !input[key].is_string() {
                out.push(format!(
                    "R16 oauth_connector_input_specification.{key} missing"
                ));
            }
        }
        let extracted: Vec<&Value> = input["extract_output"]
            .as_array()
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        let outputs = &aa["oauth_config_specification"]["complete_oauth_output_specification"];
        for (name, p) in outputs["properties"].as_object().into_iter().flatten() {
            let from = p["path_in_oauth_response"].get(0).unwrap_or(&Value::Null);
            if from.is_null() || !extracted.contains(&from) {
                out.push(format!(
                    "R16 output {name} is not extracted from the token response"
                ));
            }
        }
        // OAuth must be the first option of the auth oneOf.
        if let [Value::String(parent), Value::String(field)] = key.as_slice() {
            let first = &cs["properties"][parent]["oneOf"][0]["properties"][field]["const"];
            if first != &aa["predicate_value"] {
                out.push("R13 the OAuth variant is not the first oneOf option".into());
            }
        }
    }
    out
}

/// A config as CAT validates it: keys starting with `_` dropped, then draft-07 validation.
fn config_violations(spec: &Value, config: &Value) -> Vec<String> {
    let mut config = config.clone();
    if let Some(m) = config.as_object_mut() {
        m.retain(|k, _| !k.starts_with('_'));
    }
    match jsonschema::draft7::new(&spec["connectionSpecification"]) {
        Ok(v) => v
            .iter_errors(&config)
            .map(|e| format!("R14 {} at {}", e, e.instance_path()))
            .collect(),
        Err(e) => vec![format!("R14 spec does not compile: {e}")],
    }
}

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("integration_tests")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn spec_passes_every_testspec_rule() {
    let s = spec::spec();
    let v = spec_violations(&s);
    assert!(v.is_empty(), "{v:#?}");
    for name in ["sample_config.json", "invalid_config.json"] {
        let v = config_violations(&s, &fixture(name));
        assert!(v.is_empty(), "{name}: {v:#?}");
    }
}

/// Each mutation breaks one rule; the checker must report that rule's tag.
#[test]
fn each_rule_catches_its_violation() {
    type Mutation = fn(&mut Value);
    let cases: Vec<(&str, Mutation)> = vec![
        ("R1", |s| s["documentationUrl"] = json!("see the readme")),
        ("R1", |s| s["protocol_version"] = json!("0.18.0")),
        ("R2", |s| {
            s["connectionSpecification"]["type"] = json!("objekt")
        }),
        ("R3", |s| {
            s["connectionSpecification"]["properties"]["page_size"]["anyOf"] =
                json!([{"type": "integer"}])
        }),
        ("R3", |s| {
            s["connectionSpecification"]["properties"]["credentials"]["oneOf"][0]["properties"]["client_id"] =
                json!({"$ref": "#/definitions/Id"})
        }),
        ("R4", |s| {
            s["connectionSpecification"]["additionalProperties"] = json!(false)
        }),
        ("R4", |s| {
            s["connectionSpecification"]["properties"]["credentials"]["oneOf"][0]["additionalProperties"] =
                json!(false)
        }),
        ("R5", |s| {
            s["connectionSpecification"]["properties"]["start_date"]["type"] =
                json!(["null", "string"])
        }),
        ("R6", |s| {
            s["connectionSpecification"]["properties"]["data_center"]["enum"] = json!(["US", "US"])
        }),
        ("R7", |s| {
            s["connectionSpecification"]["properties"]["credentials"]["oneOf"][0]["properties"]["auth_type"]
                ["default"] = json!("oauth")
        }),
        ("R7", |s| {
            let creds = &mut s["connectionSpecification"]["properties"]["credentials"];
            let mut second = creds["oneOf"][0].clone();
            second["properties"]["auth_type"]
                .as_object_mut()
                .unwrap()
                .remove("const");
            creds["oneOf"].as_array_mut().unwrap().push(second);
        }),
        ("R7", |s| {
            s["connectionSpecification"]["properties"]["credentials"]["type"] = json!("string")
        }),
        ("R8", |s| {
            s["connectionSpecification"]["properties"]["credentials"]["oneOf"][0]["properties"]
                ["refresh_token"]
                .as_object_mut()
                .unwrap()
                .remove("airbyte_secret");
        }),
        ("R8", |s| {
            s["connectionSpecification"]["properties"]["api_token"] =
                json!({"type": "string", "order": 50})
        }),
        (
            "R8",
            |s| {
                s["connectionSpecification"]["properties"]["flag"] =
                    json!({"type": "boolean", "airbyte_secret": true, "order": 51})
            },
        ),
        ("R9", |s| {
            s["connectionSpecification"]["properties"]["extra"] =
                json!({"type": "object", "order": 52})
        }),
        (
            "R10",
            |s| {
                s["connectionSpecification"]["properties"]["ids"] =
                    json!({"type": "array", "items": {"type": "array"}, "order": 53})
            },
        ),
        ("R11", |s| {
            s["connectionSpecification"]["properties"]["page_size"]["order"] = json!(0)
        }),
        ("R11", |s| {
            s["connectionSpecification"]["properties"]["credentials"]["oneOf"][0]["properties"]["client_id"]
                ["group"] = json!("auth")
        }),
        ("R11", |s| {
            s["connectionSpecification"]["properties"]["data_center"]["display_type"] =
                json!("dropdown")
        }),
        ("R12", |s| {
            s["connectionSpecification"]["properties"]["start_date"]
                .as_object_mut()
                .unwrap()
                .remove("pattern");
        }),
        ("R13", |s| {
            s["advanced_auth"]["predicate_key"] = json!(["credentials", "kind"])
        }),
        ("R13", |s| {
            s["advanced_auth"]["oauth_config_specification"]["complete_oauth_output_specification"]
                ["properties"]["refresh_token"]["path_in_connector_config"] =
                json!(["refresh_token"])
        }),
        ("R16", |s| {
            s["advanced_auth"]["oauth_config_specification"]["oauth_connector_input_specification"]
                .as_object_mut()
                .unwrap()
                .remove("consent_url");
        }),
        ("R16", |s| {
            s["advanced_auth"]["oauth_config_specification"]["oauth_connector_input_specification"]
                ["extract_output"] = json!(["access_token"])
        }),
        ("R13", |s| {
            let creds = &mut s["connectionSpecification"]["properties"]["credentials"];
            let mut other = creds["oneOf"][0].clone();
            other["properties"]["auth_type"]["const"] = json!("api_key");
            other["title"] = json!("API key");
            creds["oneOf"].as_array_mut().unwrap().insert(0, other);
        }),
    ];
    let base = spec::spec();
    for (i, (rule, mutate)) in cases.into_iter().enumerate() {
        let mut s = base.clone();
        mutate(&mut s);
        assert_ne!(s, base, "case {i} ({rule}) changed nothing");
        let v = spec_violations(&s);
        assert!(
            v.iter().any(|m| m.starts_with(&format!("{rule} "))),
            "case {i}: {rule} not reported; got {v:#?}"
        );
    }
}

#[test]
fn config_validation_catches_bad_configs() {
    let s = spec::spec();
    let good = fixture("sample_config.json");
    let mut with_private = good.clone();
    with_private["_comment"] = json!(1);
    assert!(config_violations(&s, &with_private).is_empty());
    let mutations: [(&str, Value); 5] = [
        ("/organization_id", json!("org-1")),
        ("/data_center", json!("UK")),
        ("/start_date", json!("2024-01-01")),
        ("/credentials/auth_type", json!("api_key")),
        ("/page_size", json!(0)),
    ];
    for (pointer, bad) in mutations {
        let mut c = good.clone();
        match c.pointer_mut(pointer) {
            Some(slot) => *slot = bad.clone(),
            None => c[pointer.trim_start_matches('/')] = bad.clone(),
        }
        assert!(
            !config_violations(&s, &c).is_empty(),
            "{pointer} = {bad} accepted"
        );
    }
    let mut missing = good.clone();
    missing["credentials"]
        .as_object_mut()
        .unwrap()
        .remove("refresh_token");
    assert!(
        !config_violations(&s, &missing).is_empty(),
        "missing refresh_token accepted"
    );
}

/// `integration_tests/spec.json` is what CAT compares the SPEC output with (`spec_path`).
/// It must equal `spec::spec()`; `UPDATE_SCHEMAS=1` rewrites it.
#[test]
fn committed_spec_file_matches() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("integration_tests/spec.json");
    let mut text = serde_json::to_string_pretty(&spec::spec()).unwrap();
    text.push('\n');
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != text {
        if std::env::var("UPDATE_SCHEMAS").is_ok_and(|v| v == "1") {
            std::fs::write(&path, &text).unwrap();
        } else {
            panic!(
                "integration_tests/spec.json differs from spec::spec(); run UPDATE_SCHEMAS=1 cargo test --test e2e spec_rules"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Declarative OAuth templates, rendered as the platform does (DeclarativeOAuthSpecHandler: a
// Jinjava template over the connector input, the user's OAuth inputs and the flow's values).

/// `java.net.URLEncoder.encode(s, UTF_8)`, which the platform applies to `redirect_uri_param`
/// and `scope_param`: alphanumerics and `.-*_` kept, space as `+`, the rest `%XX`.
fn java_url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The variables the platform offers a template: every key of the connector input and of the
/// user's OAuth input as text, the key names (`client_id_key` ...), `*_value` and the
/// `key=value` `*_param` forms (redirect URI and scope URL-encoded).
fn template_values(
    input: &Value,
    user: &[(&str, &str)],
    flow: &[(&str, &str)],
) -> BTreeMap<String, String> {
    let mut v: BTreeMap<String, String> = BTreeMap::new();
    for (k, val) in input.as_object().into_iter().flatten() {
        let text = match val {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        v.insert(k.clone(), text);
    }
    for (k, val) in user {
        v.insert((*k).into(), (*val).into());
    }
    for (name, default) in [
        ("client_id", "client_id"),
        ("client_secret", "client_secret"),
        ("auth_code", "code"),
        ("redirect_uri", "redirect_uri"),
        ("scope", "scope"),
        ("state", "state"),
    ] {
        let key_name = format!("{name}_key");
        let key = v
            .get(&key_name)
            .cloned()
            .unwrap_or_else(|| default.to_string());
        v.insert(key_name, key.clone());
        if let Some((_, value)) = flow.iter().find(|(n, _)| *n == name) {
            v.insert(key.clone(), (*value).to_string());
        }
        let value = v.get(&key).cloned();
        if let Some(value) = value {
            let encoded = if name == "redirect_uri" || name == "scope" {
                java_url_encode(&value)
            } else {
                value.clone()
            };
            v.insert(format!("{name}_param"), format!("{key}={encoded}"));
            v.insert(format!("{name}_value"), value);
        }
    }
    v
}

/// Renders the Jinja subset the spec's templates may use: `{{ name }}` (an unknown name is an
/// error, not an empty string) and `{% if name == 'x' %} … {% elif … %} … {% else %} …
/// {% endif %}` (an unset name compares unequal). Any other tag is an error.
fn render(template: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    // Per open `if`: (a branch was taken already, this branch emits).
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let emitting = |stack: &[(bool, bool)]| stack.iter().all(|(_, on)| *on);
    let mut out = String::new();
    let mut rest = template;
    while !rest.is_empty() {
        let next = [rest.find("{{"), rest.find("{%")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else {
            if emitting(&stack) {
                out.push_str(rest);
            }
            break;
        };
        if emitting(&stack) {
            out.push_str(&rest[..at]);
        }
        let is_var = rest[at..].starts_with("{{");
        let close = if is_var { "}}" } else { "%}" };
        let end = rest[at..].find(close).ok_or("unclosed tag")? + at;
        let body = rest[at + 2..end].trim();
        rest = &rest[end + 2..];
        if is_var {
            let value = vars.get(body).ok_or(format!("unknown variable `{body}`"))?;
            if emitting(&stack) {
                out.push_str(value);
            }
            continue;
        }
        let test = |cond: &str| -> Result<bool, String> {
            let (name, lit) = cond
                .split_once("==")
                .ok_or(format!("unsupported test `{cond}`"))?;
            let lit = lit.trim().trim_matches('\'');
            Ok(vars.get(name.trim()).is_some_and(|v| v == lit))
        };
        if let Some(cond) = body.strip_prefix("if ") {
            let on = test(cond)?;
            stack.push((on, on));
        } else if let Some(cond) = body.strip_prefix("elif ") {
            let top = stack.last_mut().ok_or("elif without if")?;
            let on = !top.0 && test(cond)?;
            *top = (top.0 || on, on);
        } else if body == "else" {
            let top = stack.last_mut().ok_or("else without if")?;
            *top = (true, !top.0);
        } else if body == "endif" {
            stack.pop().ok_or("endif without if")?;
        } else {
            return Err(format!("unsupported tag `{body}`"));
        }
    }
    if !stack.is_empty() {
        return Err("unclosed if".into());
    }
    Ok(out)
}

fn query(url: &reqwest::Url) -> BTreeMap<String, String> {
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let map: BTreeMap<String, String> = pairs.iter().cloned().collect();
    assert_eq!(
        map.len(),
        pairs.len(),
        "a repeated query parameter in {url}"
    );
    map
}

const REDIRECT: &str = "https://airbyte.example.com/auth_flow?x=1&y=a b";

/// The consent and token URLs for every data center: Zoho's accounts server of that data
/// center, the authorization-code parameters Zoho needs to return a refresh token, and the
/// Desk read scopes every stream needs.
#[test]
fn oauth_templates_render_for_every_data_center() {
    use source_zoho_desk::config::DataCenter;
    let s = spec::spec();
    let input =
        &s["advanced_auth"]["oauth_config_specification"]["oauth_connector_input_specification"];
    let user_input = &s["advanced_auth"]["oauth_config_specification"]["oauth_user_input_from_connector_config_specification"]
        ["properties"];
    assert_eq!(
        user_input["data_center"]["path_in_connector_config"],
        json!(["data_center"])
    );

    let mut want_scopes: Vec<&str> = source_zoho_desk::streams::STREAMS
        .iter()
        .map(|d| d.scope)
        .filter(|s| !s.is_empty())
        .collect();
    want_scopes.sort_unstable();
    want_scopes.dedup();
    assert!(
        want_scopes.contains(&"Desk.search.READ") && want_scopes.contains(&"Desk.tickets.READ")
    );

    let mut cases: Vec<(Option<String>, &str)> = DataCenter::ALL
        .iter()
        .map(|dc| (Some(format!("{dc:?}")), dc.hosts().0))
        .collect();
    // No data center in the form: the config's default, US.
    cases.push((None, DataCenter::US.hosts().0));
    for (dc, accounts) in cases {
        let user: Vec<(&str, &str)> = dc.iter().map(|d| ("data_center", d.as_str())).collect();
        let consent_vars = template_values(
            input,
            &user,
            &[
                ("client_id", "1000.CID"),
                ("redirect_uri", REDIRECT),
                ("state", "st4te-_."),
            ],
        );
        let consent = render(input["consent_url"].as_str().unwrap(), &consent_vars)
            .unwrap_or_else(|e| panic!("{dc:?}: {e}"));
        let url = reqwest::Url::parse(&consent).unwrap_or_else(|e| panic!("{consent}: {e}"));
        let host = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""));
        assert_eq!(host, accounts, "{dc:?}: {consent}");
        assert_eq!(url.path(), "/oauth/v2/auth");
        let q = query(&url);
        let scope = q.get("scope").cloned().unwrap_or_default();
        let scopes: Vec<&str> = scope.split(',').collect();
        assert_eq!(scopes, want_scopes, "{consent}");
        let expected: BTreeMap<String, String> = [
            ("response_type", "code"),
            ("client_id", "1000.CID"),
            ("scope", scope.as_str()),
            ("redirect_uri", REDIRECT),
            ("state", "st4te-_."),
            ("access_type", "offline"),
            ("prompt", "consent"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(q, expected, "{dc:?}: {consent}");

        let token_vars = template_values(
            input,
            &user,
            &[
                ("client_id", "1000.CID"),
                ("client_secret", "s3cr3t"),
                ("auth_code", "1000.code.xyz"),
                ("redirect_uri", REDIRECT),
                ("state", "st4te-_."),
            ],
        );
        let token = render(input["access_token_url"].as_str().unwrap(), &token_vars)
            .unwrap_or_else(|e| panic!("{dc:?}: {e}"));
        let url = reqwest::Url::parse(&token).unwrap_or_else(|e| panic!("{token}: {e}"));
        assert_eq!(
            format!("{}://{}", url.scheme(), url.host_str().unwrap_or("")),
            accounts
        );
        assert_eq!(url.path(), "/oauth/v2/token");
        let expected: BTreeMap<String, String> = [
            ("grant_type", "authorization_code"),
            ("client_id", "1000.CID"),
            ("client_secret", "s3cr3t"),
            ("code", "1000.code.xyz"),
            ("redirect_uri", REDIRECT),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(query(&url), expected, "{dc:?}: {token}");
    }
    // What the token response yields lands in the config's refresh token.
    let out =
        &s["advanced_auth"]["oauth_config_specification"]["complete_oauth_output_specification"];
    assert_eq!(
        out["properties"]["refresh_token"]["path_in_connector_config"],
        json!(["credentials", "refresh_token"])
    );
    assert_eq!(input["extract_output"], json!(["refresh_token"]));
}

/// The renderer refuses what the platform could not render to the intended URL.
#[test]
fn oauth_renderer_rejects_unknown_names_and_tags() {
    let vars = template_values(
        &json!({"scope": "a b"}),
        &[("data_center", "EU")],
        &[("client_id", "c")],
    );
    assert_eq!(
        render("x{{ client_id_param }}", &vars).unwrap(),
        "xclient_id=c"
    );
    assert_eq!(render("{{ scope_param }}", &vars).unwrap(), "scope=a+b");
    assert_eq!(
        render(
            "{% if data_center == 'EU' %}e{% elif data_center == 'IN' %}i{% else %}u{% endif %}",
            &vars
        )
        .unwrap(),
        "e"
    );
    assert_eq!(
        render("{% if region == 'EU' %}e{% else %}u{% endif %}", &vars).unwrap(),
        "u"
    );
    for bad in [
        "{{ client_idparam }}",
        "{{ scope_value | urlEncoder }}",
        "{% for x in y %}",
        "{% if data_center == 'EU' %}e",
    ] {
        assert!(render(bad, &vars).is_err(), "{bad} rendered");
    }
}
