//! Validated value types: once a config or front-matter value is one of these, it cannot be wrong.
//!
//! Raw structs hold strings as the user wrote them; conversion turns each into a type here, and a value that
//! does not parse becomes an error pointing at the value in its file. Later stages never re-check.

use std::fmt;

use serde::Serialize;

mod address;
mod civil;
mod focus;

pub use address::{BaseUrl, Slug, UrlPath};
pub use focus::RawFocus;

/// Why a value was rejected, and how to fix it. The caller adds the location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub message: String,
    pub help: String,
}

impl Invalid {
    pub(super) fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Invalid {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// A colour written `#rrggbb` (or `#rgb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let help = "write the colour as # and six hex digits, like #0b5fa5";
        let hex = text
            .trim()
            .strip_prefix('#')
            .ok_or_else(|| Invalid::new(format!("`{text}` is not a colour"), help))?;
        let expanded: String = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 => hex.to_owned(),
            _ => return Err(Invalid::new(format!("`{text}` is not a colour"), help)),
        };
        let channel = |i: usize| u8::from_str_radix(&expanded[i..i + 2], 16);
        match (channel(0), channel(2), channel(4)) {
            (Ok(r), Ok(g), Ok(b)) => Ok(Color { r, g, b }),
            _ => Err(Invalid::new(format!("`{text}` is not a colour"), help)),
        }
    }
}

/// `#0b5f73` in a theme's `theme.yaml`; a mistake is reported at its line like any other.
impl<'de> serde::Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Color::parse(&text).map_err(|invalid| crate::config::yaml::custom_error(&invalid))
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// A time of day on a 24-hour clock, `08:00` to `23:59`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay {
    pub hour: u8,
    pub minute: u8,
}

impl TimeOfDay {
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let help = "write the time on a 24-hour clock in quotes, like \"08:00\" or \"17:30\"";
        let bad = || Invalid::new(format!("`{text}` is not a time"), help);
        let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
        let hour: u8 = h.parse().map_err(|_| bad())?;
        let minute: u8 = m.parse().map_err(|_| bad())?;
        if hour > 23 || minute > 59 || m.len() != 2 {
            return Err(bad());
        }
        Ok(TimeOfDay { hour, minute })
    }

    /// `08:00`, as schema.org and `<time>` want it.
    pub fn iso(self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// `8:00 AM`, the way US patients read times.
    /// The time on a 12-hour clock with the language's own markers: `5:30 PM`, `5:30 p. m.`.
    pub fn twelve_hour(self, am: &str, pm: &str) -> String {
        let (hour, half) = match self.hour {
            0 => (12, am),
            h @ 1..=11 => (h, am),
            12 => (12, pm),
            h => (h - 12, pm),
        };
        format!("{hour}:{:02} {half}", self.minute)
    }
}

/// A day of the week, written as schema.org's two-letter codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, Serialize)]
pub enum Weekday {
    Mo,
    Tu,
    We,
    Th,
    Fr,
    Sa,
    Su,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mo,
        Weekday::Tu,
        Weekday::We,
        Weekday::Th,
        Weekday::Fr,
        Weekday::Sa,
        Weekday::Su,
    ];

    pub fn code(self) -> &'static str {
        ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"][self as usize]
    }
}

/// A phone number, kept as the digits a `tel:` link needs and shown the way people read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// `+15035550142`
    e164: String,
    /// `(503) 555-0142`
    display: String,
}

impl Phone {
    /// Accepts digits with spaces, dashes, dots and parentheses, and an optional leading `+`. Ten digits
    /// without a country code are taken as a US number, as a US practice writes them.
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let help =
            "write the number with its area code, like \"+1-503-555-0142\" or \"(503) 555-0142\"";
        let trimmed = text.trim();
        if trimmed
            .chars()
            .any(|c| !(c.is_ascii_digit() || " -.()+".contains(c)))
            || trimmed.chars().skip(1).any(|c| c == '+')
        {
            return Err(Invalid::new(
                format!("`{text}` is not a phone number"),
                help,
            ));
        }
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        let e164 = match (trimmed.starts_with('+'), digits.len()) {
            (false, 10) => format!("+1{digits}"),
            (false, 11) if digits.starts_with('1') => format!("+{digits}"),
            (true, 8..=15) => format!("+{digits}"),
            _ => {
                return Err(Invalid::new(
                    format!("`{text}` does not have the right number of digits"),
                    help,
                ));
            }
        };
        let display = match e164.strip_prefix("+1") {
            Some(us) if us.len() == 10 => format!("({}) {}-{}", &us[..3], &us[3..6], &us[6..]),
            _ => trimmed.to_owned(),
        };
        Ok(Phone { e164, display })
    }

    pub fn tel_href(&self) -> String {
        format!("tel:{}", self.e164)
    }

    pub fn display(&self) -> &str {
        &self.display
    }

    pub fn e164(&self) -> &str {
        &self.e164
    }
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let help = "write dates as year-month-day, like 2026-03-02";
        let bad = || Invalid::new(format!("`{text}` is not a date"), help);
        let mut parts = text.trim().splitn(3, '-');
        let mut next = |len: usize| {
            parts
                .next()
                .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(bad)
        };
        let year: u16 = next(4)?.parse().map_err(|_| bad())?;
        let month: u8 = next(2)?.parse().map_err(|_| bad())?;
        let day: u8 = next(2)?.parse().map_err(|_| bad())?;
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(bad()),
        };
        if day == 0 || day > days {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }
}

impl Date {
    /// A date, or an RFC 3339 date-time (`2026-09-15T09:00:00-07:00`, `2026-09-15T16:00:00Z`) whose date,
    /// as written, is kept for display and whose full text (with an upper-case `T` and `Z`) comes back
    /// for feeds and sitemaps, which say when to the second. Hand-written rather than a date-time crate:
    /// this one format is all a page gives, and Portico never computes with times.
    pub fn parse_with_time(text: &str) -> Result<(Date, Option<String>), Invalid> {
        let text = text.trim();
        let help = "write dates as year-month-day, like 2026-03-02, or with a time and an offset from UTC, like 2026-03-02T09:00:00-07:00";
        let bad = || Invalid::new(format!("`{text}` is not a date"), help);
        if text.len() <= 10 {
            return Date::parse(text).map(|d| (d, None)).map_err(|_| bad());
        }
        let (day, rest) = text.split_at_checked(10).ok_or_else(bad)?;
        let date = Date::parse(day).map_err(|_| bad())?;
        let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(bad)?;
        let two = |part: &str, max: u8| {
            (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u8>().ok())
                .flatten()
                .filter(|n| *n <= max)
        };
        let clock = rest.get(..8).ok_or_else(bad)?;
        let mut fields = clock.split(':');
        let (Some(h), Some(m), Some(sec)) = (fields.next(), fields.next(), fields.next()) else {
            return Err(bad());
        };
        two(h, 23)
            .zip(two(m, 59))
            .zip(two(sec, 60))
            .ok_or_else(bad)?;
        let mut zone = &rest[8..];
        let mut fraction = "";
        if let Some(after) = zone.strip_prefix('.') {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad());
            }
            fraction = &zone[..=digits];
            zone = &after[digits..];
        }
        let zone = if zone.eq_ignore_ascii_case("z") {
            "Z".to_owned()
        } else {
            let sign = zone
                .get(..1)
                .filter(|s| *s == "+" || *s == "-")
                .ok_or_else(bad)?;
            let (oh, om) = zone[1..].split_once(':').ok_or_else(bad)?;
            two(oh, 23).zip(two(om, 59)).ok_or_else(bad)?;
            format!("{sign}{oh}:{om}")
        };
        Ok((date, Some(format!("{day}T{clock}{fraction}{zone}"))))
    }

    /// The calendar date of a Unix time (seconds since 1970-01-01 UTC).
    pub fn from_unix_seconds(seconds: u64) -> Date {
        let days = i64::try_from(seconds / 86_400).unwrap_or(i64::MAX / 2);
        let (year, month, day) = civil::civil_from_days(days);
        Date {
            year: u16::try_from(year).unwrap_or(u16::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// Today, by the system clock (UTC).
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_unix_seconds(seconds)
    }

    /// Whole months from `self` to `later` (negative when `later` is earlier), counting a month only once
    /// its day is reached.
    pub fn months_until(self, later: Date) -> i32 {
        let months = (i32::from(later.year) - i32::from(self.year)) * 12 + i32::from(later.month)
            - i32::from(self.month);
        if later.day < self.day {
            months - 1
        } else {
            months
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A language code as used in `lang` and `hreflang`: `en`, `es`, `pt-BR`, `zh-Hans` (a script: Chinese
/// in simplified characters), `zh-Hant-TW`. The part of BCP 47 that websites use: a language, then an
/// optional script, then an optional region, each written in its usual case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let mut parts = text.split('-');
        let base = parts.next().unwrap_or_default();
        let mut rest = parts.peekable();
        // The script, if any (`Hans`), is well formed by being taken here.
        let _script = rest.next_if(|p| {
            p.len() == 4
                && p.starts_with(|c: char| c.is_ascii_uppercase())
                && p[1..].bytes().all(|b| b.is_ascii_lowercase())
        });
        let region = rest.next();
        let base_ok = (2..=3).contains(&base.len()) && base.bytes().all(|b| b.is_ascii_lowercase());
        let region_ok =
            region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()));
        if base_ok && region_ok && rest.next().is_none() {
            Ok(Lang(text.to_owned()))
        } else {
            Err(Invalid::new(
                format!("`{text}` is not a language code"),
                "use a code like en, es, pt-BR or zh-Hans",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests;
