//! `locations:` — each office's address, phones, opening hours, holiday hours and access notes.
//!
//! Hours are where small typos mislead patients most, so they are checked hard: times on a 24-hour clock,
//! known day names, `closes` after `opens` (or `overnight: true` for hours that run past midnight),
//! no two ranges of one day overlapping (a lunch break is two ranges that do not touch), and holiday
//! dates in order.

use serde_saphyr::Spanned;

use super::raw::{RawHoliday, RawHours, RawLocation, RawLocationPhoto};
use super::yaml::YamlSource;
use super::{
    Date, Lang, Localized, Phone, Slug, TimeOfDay, UrlPath, Weekday, checked, localized, located,
};
use crate::error::{Diagnostics, Location};
use crate::images::Focus;

#[derive(Debug, Clone)]
pub struct PracticeLocation {
    pub id: Slug,
    pub name: String,
    pub address: Address,
    pub phone: Phone,
    pub fax: Option<Phone>,
    pub hours: Vec<Hours>,
    /// Days with other hours, or closed: holidays, staff training.
    pub holidays: Vec<Holiday>,
    pub geo: Option<Geo>,
    /// Step-free entry, elevators, accessible restrooms, ...
    pub accessibility: Option<Localized>,
    pub parking: Option<Localized>,
    pub photo: Option<LocationPhoto>,
}

/// A location's picture, prepared by the `images` plugin for the theme's location slots.
#[derive(Debug, Clone)]
pub struct LocationPhoto {
    pub src: UrlPath,
    /// What the picture shows, for people who cannot see it.
    pub alt: Localized,
    pub focus: Focus,
    /// Where `src` is written in `portico.yaml`, for a message about the file.
    pub at: Location,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Address {
    pub street: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

#[derive(Debug, Clone)]
pub struct Hours {
    pub days: Vec<Weekday>,
    pub opens: TimeOfDay,
    pub closes: TimeOfDay,
    /// The range ends after midnight, on the next day.
    pub overnight: bool,
}

/// A date range with its own hours; no hours means closed.
#[derive(Debug, Clone)]
pub struct Holiday {
    pub from: Date,
    pub through: Date,
    pub label: Option<Localized>,
    pub hours: Option<(TimeOfDay, TimeOfDay)>,
}

/// Where the office is on a map, for structured data.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    pub latitude: f64,
    pub longitude: f64,
}

pub(super) fn practice_location(
    raw: RawLocation,
    languages: &[&Lang],
    source: &YamlSource<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<PracticeLocation> {
    let id = checked(source, &raw.id, Slug::parse, diagnostics);
    let phone = checked(source, &raw.phone, Phone::parse, diagnostics);
    let fax = match &raw.fax {
        Some(fax) => Some(checked(source, fax, Phone::parse, diagnostics)?),
        None => None,
    };
    let hours: Vec<Hours> = raw
        .hours
        .iter()
        .filter_map(|h| hours(h, source, diagnostics))
        .collect();
    if hours.len() != raw.hours.len() || !no_overlaps(&hours, &raw.hours, source, diagnostics) {
        return None;
    }
    let mut holidays: Vec<Holiday> = raw
        .holidays
        .into_iter()
        .filter_map(|h| holiday(h, languages, source, diagnostics))
        .collect();
    holidays.sort_by_key(|h| h.from);
    let geo = match raw.geo {
        Some(geo)
            if (-90.0..=90.0).contains(&geo.value.latitude)
                && (-180.0..=180.0).contains(&geo.value.longitude) =>
        {
            Some(geo.value)
        }
        Some(geo) => {
            diagnostics.error(
                source
                    .error_at(geo.referenced, "the latitude or longitude is out of range")
                    .with_help("latitude is between -90 and 90, longitude between -180 and 180"),
            );
            None
        }
        None => None,
    };
    let photo = raw
        .photo
        .and_then(|photo| location_photo(photo, languages, source, diagnostics));
    let address = raw.address;
    Some(PracticeLocation {
        id: id?,
        name: raw.name,
        address: Address {
            street: address.street,
            city: address.city,
            region: address.region,
            postal_code: address.postal_code,
            country: address.country,
        },
        phone: phone?,
        fax,
        hours,
        holidays,
        geo,
        accessibility: localized(raw.accessibility, languages, source, diagnostics),
        parking: localized(raw.parking, languages, source, diagnostics),
        photo,
    })
}

fn location_photo(
    raw: RawLocationPhoto,
    languages: &[&Lang],
    source: &YamlSource<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<LocationPhoto> {
    let src = checked(source, &raw.src, UrlPath::parse, diagnostics);
    let focus = match raw.focus {
        Some(focus) => diagnostics.take(focus.value.check().map_err(|invalid| {
            source
                .error_at(focus.referenced, invalid.message)
                .with_help(invalid.help)
        }))?,
        None => Focus::default(),
    };
    let alt = localized(Some(raw.alt), languages, source, diagnostics)?;
    if alt.default.trim().is_empty() {
        diagnostics.error(
            source
                .error_at(raw.src.referenced, "the photo's `alt` text is empty")
                .with_help("say what the picture shows, like \"The front door on Main Street, with a ramp\""),
        );
        return None;
    }
    Some(LocationPhoto {
        at: source.location(raw.src.referenced),
        src: src?,
        alt,
        focus,
    })
}

fn hours(raw: &RawHours, source: &YamlSource<'_>, diagnostics: &mut Diagnostics) -> Option<Hours> {
    let opens = checked(source, &raw.opens, TimeOfDay::parse, diagnostics);
    let closes = checked(source, &raw.closes, TimeOfDay::parse, diagnostics);
    let (opens, closes) = (opens?, closes?);
    if closes <= opens && !raw.overnight {
        diagnostics.error(
            source
                .error_at(raw.closes.referenced, format!("closes at {} but opens at {}", closes.iso(), opens.iso()))
                .with_help("the closing time must be later than the opening time; for hours past midnight add `overnight: true`"),
        );
        return None;
    }
    if raw.overnight && closes > opens {
        diagnostics.error(
            source
                .error_at(
                    raw.closes.referenced,
                    "`overnight: true`, but these hours end the same day",
                )
                .with_help("remove `overnight`, or check the closing time"),
        );
        return None;
    }
    if raw.days.is_empty() {
        diagnostics.error(
            source
                .error_at(raw.opens.referenced, "these hours name no days")
                .with_help("add `days: [Mo, Tu, We, Th, Fr]`"),
        );
        return None;
    }
    Some(Hours {
        days: raw.days.clone(),
        opens,
        closes,
        overnight: raw.overnight,
    })
}

/// Two ranges of one day may not overlap: it is almost always a typo, and patients cannot read it.
fn no_overlaps(
    hours: &[Hours],
    raw: &[RawHours],
    source: &YamlSource<'_>,
    diagnostics: &mut Diagnostics,
) -> bool {
    let mut ok = true;
    for (i, a) in hours.iter().enumerate() {
        for (j, b) in hours.iter().enumerate().skip(i + 1) {
            let shared = a.days.iter().find(|d| b.days.contains(d));
            let end = |h: &Hours| {
                if h.overnight {
                    (24, 0)
                } else {
                    (h.closes.hour, h.closes.minute)
                }
            };
            let start = |h: &Hours| (h.opens.hour, h.opens.minute);
            if let Some(day) = shared
                && start(a) < end(b)
                && start(b) < end(a)
            {
                ok = false;
                diagnostics.error(
                    source
                        .error_at(
                            raw[j].opens.referenced,
                            format!("these hours overlap other hours on {}", day.code()),
                        )
                        .with_help(
                            "for a lunch break, end the morning before the afternoon starts",
                        ),
                );
            }
        }
    }
    ok
}

fn holiday(
    raw: RawHoliday,
    languages: &[&Lang],
    source: &YamlSource<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<Holiday> {
    let from = checked(source, &raw.from, Date::parse, diagnostics)?;
    let through = match &raw.through {
        Some(through) => checked(source, through, Date::parse, diagnostics)?,
        None => from,
    };
    if through < from {
        let at: &Spanned<String> = raw.through.as_ref().unwrap_or(&raw.from);
        diagnostics.error(located(
            source,
            at,
            super::Invalid {
                message: format!("the holiday ends ({through}) before it starts ({from})"),
                help: "`through` is the last day of the holiday".to_owned(),
            },
        ));
        return None;
    }
    let hours = match (&raw.opens, &raw.closes) {
        (None, None) => None,
        (Some(opens), Some(closes)) => {
            let opens = checked(source, opens, TimeOfDay::parse, diagnostics)?;
            let closes_at = checked(source, closes, TimeOfDay::parse, diagnostics)?;
            if closes_at <= opens {
                diagnostics.error(
                    source
                        .error_at(
                            closes.referenced,
                            format!("closes at {} but opens at {}", closes_at.iso(), opens.iso()),
                        )
                        .with_help("the closing time must be later than the opening time"),
                );
                return None;
            }
            Some((opens, closes_at))
        }
        (Some(time), None) | (None, Some(time)) => {
            diagnostics.error(
                source
                    .error_at(
                        time.referenced,
                        "a holiday needs both `opens` and `closes`, or neither (closed all day)",
                    )
                    .with_help("add the other time, or remove this one to mark the day closed"),
            );
            return None;
        }
    };
    Some(Holiday {
        from,
        through,
        label: localized(raw.label, languages, source, diagnostics),
        hours,
    })
}
