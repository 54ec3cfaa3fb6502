use std::path::PathBuf;

use serde_json::{Value, json};

use super::*;

fn examples() -> Vec<(&'static str, Value)> {
    vec![
        (
            "tickets",
            serde_json::from_str(
                r#"{
                "id": "412500000019130011", "ticketNumber": "1042", "layoutId": "412500000000074011",
                "subject": "Export fails with timeout", "description": "<div>x</div>",
                "status": "Open", "statusType": "Open", "priority": "High", "channel": "Email",
                "category": "Technical", "subCategory": null, "classification": "Problem",
                "language": "English", "email": "mia.tanaka@example.org", "phone": null,
                "resolution": null, "sentiment": "NEGATIVE",
                "createdTime": "2024-01-15T10:20:30.000Z", "modifiedTime": "2024-01-16T08:02:11.000Z",
                "customerResponseTime": "2024-01-15T10:20:30.118Z", "dueDate": "2024-01-17T10:20:30.000Z",
                "responseDueDate": null, "closedTime": null, "onholdTime": null,
                "departmentId": "412500000000006907", "contactId": "412500000018990041",
                "accountId": "412500000018990002", "productId": null,
                "assigneeId": "412500000000139001", "teamId": "412500000000455001",
                "threadCount": "3", "commentCount": "1", "attachmentCount": "0", "taskCount": "0",
                "tagCount": "2", "isSpam": false, "isArchived": false, "isOverDue": false,
                "isResponseOverdue": false, "isEscalated": false, "isTrashed": false, "isRead": true,
                "webUrl": "https://desk.zoho.com/support/exampleco/ShowHomePage.do#Cases/dv/1",
                "source": {"type": "SYSTEM", "appName": null, "extId": null, "permalink": null, "appPhotoURL": null},
                "lastThread": {"channel": "EMAIL", "direction": "in", "isDraft": false, "isForward": false},
                "sharedDepartments": [{"id": "412500000000210001", "name": "Billing", "type": "READ_ONLY"}],
                "secondaryContacts": [], "entitySkills": [],
                "cf": {"cf_region": "APAC", "cf_contract_tier": "Gold", "cf_follow_up_date": "2024-01-20"},
                "customFields": {"Region": "APAC", "Contract Tier": "Gold", "Follow up date": "2024-01-20"},
                "contact": {"id": "412500000018990041", "firstName": "Mia", "lastName": "Tanaka",
                    "email": "mia.tanaka@example.org", "phone": null, "mobile": null, "type": null, "isSpam": false,
                    "account": {"id": "412500000018990002", "accountName": "Northwind Ltd", "website": "northwind.example"}},
                "assignee": {"id": "412500000000139001", "firstName": "Ravi", "lastName": "Kumar",
                    "emailId": "ravi@exampleco.com", "photoURL": null, "zuid": "70012345"},
                "department": {"id": "412500000000006907", "name": "Support"},
                "team": {"id": "412500000000455001", "name": "Tier 2"}
            }"#,
            )
            .unwrap(),
        ),
        (
            "contacts",
            json!({
                "id": "412500000018990041", "firstName": "Mia", "lastName": "Tanaka",
                "email": "mia.tanaka@example.org", "secondaryEmail": null, "phone": null,
                "mobile": "+81 90 0000 0000", "type": null, "ownerId": null,
                "accountId": "412500000018990002", "accountCount": "1",
                "createdTime": "2023-11-02T04:11:09.000Z", "isAnonymous": false, "isEndUser": true,
                "isSpam": false, "photoURL": null, "zohoCRMContact": null,
                "customerHappiness": {"badPercentage": "0", "okPercentage": "25", "goodPercentage": "75"},
                "webUrl": "https://desk.zoho.com/support/exampleco/ShowHomePage.do#Contacts/dv/1"
            }),
        ),
        (
            "accounts",
            json!({
                "id": "412500000018990002", "accountName": "Northwind Ltd", "email": "it@northwind.example",
                "phone": "+1 555 0100", "website": "northwind.example", "fax": null, "industry": "Logistics",
                "street": null, "city": "Seattle", "state": "WA", "country": "USA", "code": "98101",
                "description": null, "annualrevenue": null, "ownerId": "412500000000139001",
                "createdTime": "2023-10-01T09:00:00.000Z", "modifiedTime": "2024-01-10T12:30:00.000Z",
                "isDeleted": false, "isTrashed": false, "isFollowing": "true", "associatedSLAIds": [],
                "zohoCRMAccount": {"id": "5725767000000229001"},
                "customerHappiness": {"badPercentage": "0", "okPercentage": "0", "goodPercentage": "100"},
                "cf": {"cf_segment": "Mid-market"},
                "webUrl": "https://desk.zoho.com/support/exampleco/ShowHomePage.do#Accounts/dv/1"
            }),
        ),
        (
            "agents",
            json!({
                "id": "412500000000139001", "zuid": "70012345", "firstName": "Ravi", "lastName": "Kumar",
                "name": "Ravi Kumar", "emailId": "ravi@exampleco.com", "phone": "", "mobile": "", "extn": "",
                "status": "ACTIVE", "isConfirmed": true, "roleId": "412500000000056099",
                "profileId": "412500000000056091", "rolePermissionType": "Admin", "langCode": "en_US",
                "countryCode": "en_US", "timeZone": "Asia/Kolkata", "photoURL": null, "aboutInfo": null,
                "associatedDepartmentIds": ["412500000000006907", "412500000000210001"],
                "associatedChatDepartmentIds": [], "channelExpert": ["Email", "Phone", "Web"], "cf": {}
            }),
        ),
        (
            "departments",
            json!({
                "id": "412500000000006907", "name": "Support", "nameInCustomerPortal": "Customer Care",
                "sanitizedName": "support", "description": "Front-line support", "isEnabled": true,
                "isDefault": true, "isVisibleInCustomerPortal": true, "isAssignToTeamEnabled": true,
                "hasLogo": false, "chatStatus": "AVAILABLE", "creatorId": "412500000000139001",
                "createdTime": "2019-07-26T13:11:02.000Z"
            }),
        ),
        (
            "teams",
            json!({
                "id": "412500000000455001", "name": "Tier 2", "description": null,
                "departmentId": "412500000000006907", "agents": ["412500000000139001"],
                "derivedAgents": [], "roles": [], "rolesWithSubordinates": [], "subTeams": []
            }),
        ),
        (
            "organizations",
            json!({
                "id": 60001234567_i64, "companyName": "ExampleCo", "portalName": "exampleco",
                "portalURL": "https://desk.zoho.com/support/exampleco", "edition": "PROFESSIONAL",
                "isDefault": true, "isAdminInOrg": true, "isSandboxPortal": false
            }),
        ),
    ]
}

fn errors(stream: &str, record: &Value) -> Vec<String> {
    let v = validator(stream).expect("validator");
    v.iter_errors(record)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_stream_has_a_schema_and_no_other() {
    for s in STREAMS {
        assert!(schema(s).is_some(), "{s}");
        assert!(validator(s).is_some(), "{s}");
    }
    assert!(schema("threads").is_none());
}

#[test]
fn example_records_validate() {
    let examples = examples();
    // One example per stream, so a new stream without an example fails here.
    assert_eq!(examples.len(), STREAMS.len());
    for (stream, record) in examples {
        let errs = errors(stream, &record);
        assert!(errs.is_empty(), "{stream}: {errs:?}");
    }
}

#[test]
fn wrong_scalar_types_are_rejected() {
    let by_stream: std::collections::BTreeMap<_, _> = examples().into_iter().collect();
    let cases = [
        ("tickets", "/threadCount", json!(3)),
        ("tickets", "/id", json!(412500000019130011_i64)),
        ("tickets", "/id", Value::Null),
        ("tickets", "/modifiedTime", json!("yesterday")),
        ("tickets", "/isSpam", json!("false")),
        ("tickets", "/contact/id", json!(1)),
        ("tickets", "/sharedDepartments/0/id", json!(1)),
        ("contacts", "/customerHappiness/goodPercentage", json!(75)),
        ("accounts", "/isFollowing", json!(1)),
        ("agents", "/associatedDepartmentIds/0", json!(1)),
        ("organizations", "/id", json!("60001234567")),
        ("teams", "/departmentId", json!(5)),
    ];
    for (stream, pointer, bad) in cases {
        let mut record = by_stream[stream].clone();
        *record.pointer_mut(pointer).unwrap() = bad.clone();
        assert!(
            !errors(stream, &record).is_empty(),
            "{stream}{pointer} = {bad} should fail"
        );
    }
    let mut no_id = by_stream["tickets"].clone();
    no_id.as_object_mut().unwrap().remove("id");
    assert!(
        !errors("tickets", &no_id).is_empty(),
        "a record without id must fail"
    );
}

#[test]
fn nulls_unknown_fields_and_both_follow_flags_are_accepted() {
    let ok = [
        (
            "accounts",
            json!({"id": "1", "isFollowing": true, "cf": null, "brandNew": {"x": [1]}}),
        ),
        (
            "accounts",
            json!({"id": "1", "isFollowing": "false", "customerHappiness": null}),
        ),
        (
            "tickets",
            json!({"id": "1", "contact": {"id": "2", "unknown": 1, "account": null}}),
        ),
        (
            "tickets",
            json!({"id": "1", "cf": {"cf_n": 3, "cf_d": "2024-01-20"}}),
        ),
    ];
    for (stream, record) in ok {
        let errs = errors(stream, &record);
        assert!(errs.is_empty(), "{stream} {record}: {errs:?}");
    }
}

/// Walks every subschema and checks the conventions the connector promises for its catalog.
fn check_conventions(schema: &Value, path: &str, root: bool, problems: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        return;
    };
    for forbidden in [
        "$ref",
        "definitions",
        "$defs",
        "anyOf",
        "allOf",
        "oneOf",
        "not",
    ] {
        if obj.contains_key(forbidden) {
            problems.push(format!("{path}: has {forbidden}"));
        }
    }
    if let Some(f) = obj.get("format").and_then(Value::as_str)
        && f != "date-time"
        && f != "date"
    {
        problems.push(format!("{path}: format {f}"));
    }
    let types: Vec<&str> = match obj.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !root
        && !path.ends_with("/items")
        && path != "/properties/id"
        && types.first() != Some(&"null")
    {
        problems.push(format!("{path}: not nullable as [\"null\", T]: {types:?}"));
    }
    if types.contains(&"object") && obj.get("additionalProperties") != Some(&Value::Bool(true)) {
        problems.push(format!("{path}: object without additionalProperties: true"));
    }
    if !root && obj.contains_key("required") {
        problems.push(format!("{path}: nested required"));
    }
    if let Some(Value::Object(props)) = obj.get("properties") {
        for (k, p) in props {
            check_conventions(p, &format!("{path}/properties/{k}"), false, problems);
        }
    }
    if let Some(items) = obj.get("items") {
        check_conventions(items, &format!("{path}/items"), false, problems);
    }
}

#[test]
fn schemas_follow_catalog_conventions() {
    for stream in STREAMS {
        let s = schema(stream).unwrap();
        assert!(jsonschema::draft7::meta::validate(&s).is_ok(), "{stream}");
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(s["required"], json!(["id"]), "{stream}");
        let id_type = if *stream == "organizations" {
            "integer"
        } else {
            "string"
        };
        assert_eq!(s["properties"]["id"]["type"], id_type, "{stream}");
        let mut problems = Vec::new();
        check_conventions(&s, "", true, &mut problems);
        assert!(problems.is_empty(), "{stream}: {problems:#?}");
    }
    for stream in ["tickets", "contacts", "accounts"] {
        let s = schema(stream).unwrap();
        assert_eq!(
            s["properties"]["modifiedTime"]["type"],
            json!(["null", "string"])
        );
        assert_eq!(s["properties"]["modifiedTime"]["format"], "date-time");
    }
    let t = schema("tickets").unwrap();
    assert_eq!(
        t["properties"]["cf"],
        json!({"type": ["null", "object"], "additionalProperties": true})
    );
    assert_eq!(
        t["properties"]["threadCount"]["type"],
        json!(["null", "string"])
    );
    assert_eq!(
        schema("accounts").unwrap()["properties"]["isFollowing"]["type"],
        json!(["null", "boolean", "string"])
    );
}

#[test]
fn convention_checker_catches_violations() {
    let bad = json!({
        "type": "object",
        "properties": {
            "a": {"type": ["string", "null"]},
            "b": {"type": ["null", "object"]},
            "c": {"$ref": "#/definitions/X"},
            "d": {"type": ["null", "integer"], "format": "int64"},
            "e": {"type": ["null", "object"], "additionalProperties": true, "required": ["x"]}
        }
    });
    let mut problems = Vec::new();
    check_conventions(&bad, "", true, &mut problems);
    for field in ["/a:", "/b:", "/c:", "/d:", "/e:"] {
        assert!(
            problems.iter().any(|p| p.contains(field)),
            "{field} not caught: {problems:?}"
        );
    }
}

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

/// `schemas/<stream>.json` are the reviewed, committed form of the generated schemas: this test
/// fails on any drift, and `UPDATE_SCHEMAS=1 cargo test --lib schemas` rewrites them.
#[test]
fn committed_schema_files_match_generated() {
    let update = std::env::var("UPDATE_SCHEMAS").is_ok_and(|v| v == "1");
    let dir = schema_dir();
    let mut stale = Vec::new();
    for stream in STREAMS {
        let mut text = serde_json::to_string_pretty(&schema(stream).unwrap()).unwrap();
        text.push('\n');
        let path = dir.join(format!("{stream}.json"));
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != text {
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    let mut extra = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let known = name
                .strip_suffix(".json")
                .is_some_and(|s| STREAMS.contains(&s));
            if !known {
                extra.push(name);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "schema files differ from the generated schemas (run UPDATE_SCHEMAS=1 cargo test --lib schemas): {stale:?}"
    );
    assert!(
        extra.is_empty(),
        "files in schemas/ without a stream: {extra:?}"
    );
}
