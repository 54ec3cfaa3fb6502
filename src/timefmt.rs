//! Zoho timestamps: `2024-01-15T10:20:30.000Z` (UTC, milliseconds, literal `Z`), handled as epoch
//! milliseconds inside the connector so that comparisons are exact and cheap.
//! Source: zoho-desk-api.md §4 ([doc] every response example; range filters use the same form).

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Formats epoch milliseconds the way Zoho writes and accepts timestamps.
pub fn format_zoho(ms: i64) -> String {
    let dt = OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let fmt =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    dt.format(&fmt)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".to_string())
}

/// Parses a timestamp as Zoho sends it (RFC 3339; any offset accepted, milliseconds optional).
pub fn parse_zoho(text: &str) -> Option<i64> {
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .map(|dt| (dt.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// Parses a user-supplied date or date-time: `2024-01-01`, `2024-01-01T00:00:00Z`, with
/// fractions or offsets, or without a zone (taken as UTC).
pub fn parse_user(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Some(ms) = parse_zoho(text) {
        return Some(ms);
    }
    let date_only = format_description!("[year]-[month]-[day]");
    if let Ok(d) = Date::parse(text, &date_only) {
        return Some(
            PrimitiveDateTime::new(d, Time::MIDNIGHT)
                .assume_utc()
                .unix_timestamp()
                * 1000,
        );
    }
    let naive = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    PrimitiveDateTime::parse(text, &naive)
        .ok()
        .map(|dt| dt.assume_offset(UtcOffset::UTC).unix_timestamp() * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_zoho_format() {
        let ms = parse_zoho("2024-01-15T10:20:30.118Z").unwrap();
        assert_eq!(format_zoho(ms), "2024-01-15T10:20:30.118Z");
        assert_eq!(format_zoho(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn user_forms() {
        let midnight = parse_user("2024-01-01T00:00:00Z").unwrap();
        assert_eq!(parse_user("2024-01-01"), Some(midnight));
        assert_eq!(parse_user("2024-01-01T00:00:00"), Some(midnight));
        assert_eq!(parse_user("2024-01-01T01:00:00+01:00"), Some(midnight));
        assert_eq!(parse_user("2024-01-01T00:00:00.000Z"), Some(midnight));
        assert_eq!(parse_user("yesterday"), None);
        assert_eq!(parse_user("2024-13-01"), None);
    }
}
