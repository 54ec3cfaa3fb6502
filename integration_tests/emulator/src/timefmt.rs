//! Zoho timestamps (`2024-01-15T10:20:30.000Z`) <-> epoch milliseconds.

use std::fmt::Write;

/// Days since 1970-01-01 -> (year, month, day). Howard Hinnant's civil_from_days.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Appends `ms` rendered as `yyyy-MM-ddTHH:mm:ss.SSSZ`.
pub fn push_ts(out: &mut String, ms: i64) {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    let _ = write!(
        out,
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z"
    );
}

/// `ms` as a Zoho timestamp string.
pub fn format_ts(ms: i64) -> String {
    let mut s = String::with_capacity(24);
    push_ts(&mut s, ms);
    s
}

/// Appends the date part only (`yyyy-MM-dd`), the format of date custom fields.
pub fn push_date(out: &mut String, ms: i64) {
    let (y, mo, d) = civil_from_days(ms.div_euclid(86_400_000));
    let _ = write!(out, "{y:04}-{mo:02}-{d:02}");
}

/// Parses an RFC 3339 timestamp in UTC with a literal `Z` (milliseconds optional).
/// Offsets other than `Z` are refused because Zoho only documents `Z`.
pub fn parse_ts(s: &str) -> Option<i64> {
    if !s.ends_with('Z') {
        return None;
    }
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

/// Wall-clock now in epoch ms.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instant() {
        // 2024-01-15T10:20:30.000Z
        assert_eq!(format_ts(1_705_314_030_000), "2024-01-15T10:20:30.000Z");
        assert_eq!(format_ts(1_705_314_030_118), "2024-01-15T10:20:30.118Z");
        assert_eq!(format_ts(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn parse_roundtrip_and_forms() {
        assert_eq!(
            parse_ts("2024-01-15T10:20:30.000Z"),
            Some(1_705_314_030_000)
        );
        assert_eq!(parse_ts("2024-01-15T10:20:30Z"), Some(1_705_314_030_000));
        assert_eq!(
            parse_ts("2024-01-15T10:20:30.118Z"),
            Some(1_705_314_030_118)
        );
        assert_eq!(parse_ts("2024-01-15T10:20:30+00:00"), None);
        assert_eq!(parse_ts("2024-01-15"), None);
        assert_eq!(parse_ts("garbage"), None);
        for ms in [1_672_531_200_000i64, 1_735_689_599_999, 1_709_164_800_123] {
            assert_eq!(parse_ts(&format_ts(ms)), Some(ms));
        }
    }

    #[test]
    fn date_only() {
        let mut s = String::new();
        push_date(&mut s, 1_705_314_030_000);
        assert_eq!(s, "2024-01-15");
    }
}
