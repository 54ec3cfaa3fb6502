//! Scalar shapes Zoho uses that JSON types alone cannot say. These types exist only for their
//! schemas: records are passed through verbatim and never deserialized into them.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

/// A record id: a 17–19 digit number that Zoho sends as a JSON string (it exceeds 2^53).
pub struct Id;

/// A counter Zoho sends as a string (`threadCount`, `accountCount`, happiness percentages).
pub struct Count;

/// An ISO-8601 UTC timestamp with milliseconds, e.g. `2024-01-15T10:20:30.000Z`.
pub struct DateTime;

/// A date-only value (`yyyy-MM-dd`), used by date custom fields.
pub struct Date;

/// A flag Zoho sometimes sends as a boolean and sometimes as `"true"` (account `isFollowing`).
pub struct BoolOrString;

/// A timestamp that Zoho's own OpenAPI examples show as epoch milliseconds (a JSON integer)
/// while its documentation and working clients show `…SSSZ` strings: time-entry `createdTime`,
/// `modifiedTime` and `executedTime` (zohodesk-oas TicketTimeEntry.json example vs schema). Both
/// are accepted, so no `format` can be promised.
pub struct DateTimeOrEpoch;

/// A value Zoho sends as a single string in some answers and as an array of strings in others:
/// time-entry `parent.type` (`"TICKETS"` in the documentation, `["TICKETS"]` in the OpenAPI example).
pub struct StringOrStrings;

/// Custom fields keyed by API name (`cf_*`) or label; typed per portal in a later version.
pub type CustomFields = Map<String, Value>;

macro_rules! scalar {
    ($ty:ty, $name:literal, $schema:tt) => {
        impl JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

scalar!(Id, "Id", {"type": "string"});
scalar!(Count, "Count", {"type": "string"});
scalar!(DateTime, "DateTime", {"type": "string", "format": "date-time"});
scalar!(Date, "Date", {"type": "string", "format": "date"});
scalar!(BoolOrString, "BoolOrString", {"type": ["boolean", "string"]});
scalar!(DateTimeOrEpoch, "DateTimeOrEpoch", {"type": ["string", "integer"]});
scalar!(StringOrStrings, "StringOrStrings", {"type": ["string", "array"], "items": {"type": "string"}});
