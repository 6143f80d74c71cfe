//! Times on the wire are milliseconds since the Unix epoch; a few places (custom status expiry)
//! carry RFC 3339 text as Go writes it. Calendar arithmetic is here, without a date crate.

/// Now, in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A point in time as Go's `time.Time` reads and writes it in JSON (RFC 3339, keeping the
/// offset it was given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoTime {
    /// Seconds since the Unix epoch (UTC).
    secs: i64,
    nanos: u32,
    /// Seconds east of UTC.
    offset: i64,
}

impl GoTime {
    /// A UTC time from Unix seconds.
    pub fn from_unix_secs(secs: i64) -> GoTime {
        GoTime {
            secs,
            nanos: 0,
            offset: 0,
        }
    }

    /// `0001-01-01T00:00:00Z`.
    pub const ZERO: GoTime = GoTime {
        secs: -62_135_596_800,
        nanos: 0,
        offset: 0,
    };

    pub fn is_zero(self) -> bool {
        self.secs == Self::ZERO.secs && self.nanos == 0
    }

    pub fn unix_ms(self) -> i64 {
        self.secs
            .saturating_mul(1000)
            .saturating_add(i64::from(self.nanos / 1_000_000))
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    pub fn parse(s: &str) -> Option<GoTime> {
        let field = |from: usize, to: usize| -> Option<i64> {
            let t = s.get(from..to)?;
            t.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| t.parse().ok())
                .flatten()
        };
        let sep = |at: usize, c: u8| s.as_bytes().get(at) == Some(&c);
        let (year, month, day) = (field(0, 4)?, field(5, 7)?, field(8, 10)?);
        let (hour, min, sec) = (field(11, 13)?, field(14, 16)?, field(17, 19)?);
        if !(sep(4, b'-') && sep(7, b'-') && sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
            return None;
        }
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || min > 59
            || sec > 59
        {
            return None;
        }
        let mut rest = s.get(19..)?;
        let mut nanos = 0u32;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let mut nine = frac.get(..digits.min(9))?.to_owned();
            while nine.len() < 9 {
                nine.push('0');
            }
            nanos = nine.parse().ok()?;
            rest = frac.get(digits..)?;
        }
        let offset = match rest {
            "Z" => 0,
            _ => {
                let sign = match rest.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return None,
                };
                let f = |from: usize, to: usize| -> Option<i64> {
                    let t = rest.get(from..to)?;
                    t.bytes()
                        .all(|b| b.is_ascii_digit())
                        .then(|| t.parse().ok())
                        .flatten()
                };
                let (h, m) = (f(1, 3)?, f(4, 6)?);
                if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') || h > 23 || m > 59 {
                    return None;
                }
                sign * (h * 3600 + m * 60)
            }
        };
        let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec;
        Some(GoTime {
            secs: local - offset,
            nanos,
            offset,
        })
    }

    /// Go's `RFC3339Nano`: trailing zeros of the fraction dropped, `Z` for UTC.
    pub fn format(self) -> String {
        let local = self.secs + self.offset;
        let (year, month, day) = civil_from_days(local.div_euclid(86_400));
        let t = local.rem_euclid(86_400);
        let mut out = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            t / 3600,
            t % 3600 / 60,
            t % 60
        );
        if self.nanos > 0 {
            let frac = format!("{:09}", self.nanos);
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
        if self.offset == 0 {
            out.push('Z');
        } else {
            let sign = if self.offset < 0 { '-' } else { '+' };
            let o = self.offset.abs();
            out.push_str(&format!("{sign}{:02}:{:02}", o / 3600, o % 3600 / 60));
        }
        out
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(s: &str) -> Option<String> {
        GoTime::parse(s).map(GoTime::format)
    }

    #[test]
    fn times_read_and_write_as_go_does() {
        assert_eq!(
            roundtrip("0001-01-01T00:00:00Z").as_deref(),
            Some("0001-01-01T00:00:00Z")
        );
        assert_eq!(GoTime::parse("0001-01-01T00:00:00Z"), Some(GoTime::ZERO));
        assert!(GoTime::ZERO.is_zero());
        assert_eq!(
            roundtrip("2024-02-29T23:59:59.500Z").as_deref(),
            Some("2024-02-29T23:59:59.5Z")
        );
        assert_eq!(
            roundtrip("2030-01-01T10:00:00.000+02:00").as_deref(),
            Some("2030-01-01T10:00:00+02:00")
        );
        assert_eq!(
            roundtrip("1999-12-31T23:00:00-05:30").as_deref(),
            Some("1999-12-31T23:00:00-05:30")
        );
        assert_eq!(
            GoTime::parse("1970-01-01T00:00:01.25Z").map(GoTime::unix_ms),
            Some(1250)
        );
        assert_eq!(
            GoTime::parse("1970-01-01T02:00:00+02:00").map(GoTime::unix_ms),
            Some(0)
        );
        for bad in [
            "",
            "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00+0200",
            "2024-1-01T00:00:00Z",
            "tomorrow",
            "2024-01-01T00:00:00Zé",
        ] {
            assert_eq!(GoTime::parse(bad), None, "{bad}");
        }
    }
}
