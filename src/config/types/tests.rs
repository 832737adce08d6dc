use super::*;

#[test]
fn unix_time_becomes_a_calendar_date() {
    assert_eq!(Date::from_unix_seconds(0).to_string(), "1970-01-01");
    assert_eq!(
        Date::from_unix_seconds(951_782_400).to_string(),
        "2000-02-29"
    );
    assert_eq!(
        Date::from_unix_seconds(1_795_564_800).to_string(),
        "2026-11-25"
    );
}

#[test]
fn months_are_counted_by_calendar() {
    let date = |s| Date::parse(s).unwrap();
    assert_eq!(date("2025-11-25").months_until(date("2026-11-25")), 12);
    assert_eq!(date("2025-11-26").months_until(date("2026-11-25")), 11);
    assert_eq!(date("2026-11-25").months_until(date("2026-10-01")), -2);
}

#[test]
fn base_url_keeps_the_subpath_without_a_trailing_slash() {
    let url = BaseUrl::parse("https://agency.github.io/riverbend/").unwrap();
    assert_eq!(url.origin(), "https://agency.github.io");
    assert_eq!(url.prefix(), "/riverbend");
    let about = UrlPath::dir("about").unwrap();
    assert_eq!(url.path_for(&about), "/riverbend/about/");
    assert_eq!(
        url.permalink(&about),
        "https://agency.github.io/riverbend/about/"
    );
}

#[test]
fn url_paths_cannot_leave_the_site() {
    for bad in [
        "../../etc",
        "/a/%2e%2e/b",
        "a\\b",
        "/a//b",
        "https://evil.example/",
        "/a/%2E%2E",
    ] {
        assert!(UrlPath::parse(bad).is_err(), "{bad} should be rejected");
    }
    assert_eq!(UrlPath::dir("about-us").unwrap().as_str(), "/about-us/");
    assert_eq!(UrlPath::dir("/").unwrap().file_path(), "index.html");
    assert_eq!(
        UrlPath::parse("/css/a.css").unwrap().file_path(),
        "css/a.css"
    );
}

#[test]
fn phone_numbers_become_tel_links() {
    let phone = Phone::parse("+1-503-555-0142").unwrap();
    assert_eq!(phone.tel_href(), "tel:+15035550142");
    assert_eq!(phone.display(), "(503) 555-0142");
    assert_eq!(
        Phone::parse("(503) 555.0142").unwrap().e164(),
        "+15035550142"
    );
    assert!(Phone::parse("call us").is_err());
    assert!(Phone::parse("555-0142").is_err());
}

#[test]
fn times_dates_slugs_and_colours_are_checked() {
    assert_eq!(
        TimeOfDay::parse("17:30").unwrap().twelve_hour("AM", "PM"),
        "5:30 PM"
    );
    assert_eq!(
        TimeOfDay::parse("00:15").unwrap().twelve_hour("AM", "PM"),
        "12:15 AM"
    );
    assert_eq!(
        TimeOfDay::parse("08:00")
            .unwrap()
            .twelve_hour("a. m.", "p. m."),
        "8:00 a. m."
    );
    assert!(TimeOfDay::parse("25:00").is_err());
    assert!(Date::parse("2026-02-30").is_err());
    assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
    assert!(Slug::parse("Flu Shots").is_err());
    assert_eq!(
        Slug::from_title("Flu Shots & Vaccines"),
        "flu-shots-vaccines"
    );
    assert_eq!(
        Slug::from_title("Vacunación infantil"),
        "vacunacion-infantil"
    );
    assert_eq!(Slug::from_title("Sức khỏe"), "suc-khoe");
    assert_eq!(Color::parse("#0B5FA5").unwrap().to_string(), "#0b5fa5");
    assert!(Color::parse("blue").is_err());
}

#[test]
fn rfc_3339_date_times_keep_their_date_and_full_text() {
    for (text, date, full) in [
        ("2026-09-15", "2026-09-15", None),
        (
            "2026-09-15T09:00:00-07:00",
            "2026-09-15",
            Some("2026-09-15T09:00:00-07:00"),
        ),
        (
            "2026-09-15t16:00:00z",
            "2026-09-15",
            Some("2026-09-15T16:00:00Z"),
        ),
        (
            "2026-09-15 16:00:00.250+01:00",
            "2026-09-15",
            Some("2026-09-15T16:00:00.250+01:00"),
        ),
    ] {
        let (d, t) =
            Date::parse_with_time(text).unwrap_or_else(|e| panic!("{text}: {}", e.message));
        assert_eq!(d.to_string(), date, "{text}");
        assert_eq!(t.as_deref(), full, "{text}");
    }
    for bad in [
        "2026-09-15T09:00",
        "2026-09-15T09:00:00",
        "2026-09-15T25:00:00Z",
        "2026-09-15T09:00:00+7",
        "2026-09-15T09:00:00.Z",
        "2026-02-30T09:00:00Z",
        "2026-09-15X09:00:00Z",
    ] {
        assert!(Date::parse_with_time(bad).is_err(), "{bad} passed");
    }
}

#[test]
fn language_codes_take_a_script_and_a_region() {
    for code in ["en", "es", "haw", "pt-BR", "zh-Hans", "zh-Hant-TW"] {
        assert_eq!(Lang::parse(code).ok().map(|l| l.0), Some(code.to_owned()));
    }
    for code in [
        "EN",
        "en-",
        "en-us",
        "zh-hans",
        "zh-Hans-tw",
        "pt-BR-x",
        "english",
    ] {
        assert!(Lang::parse(code).is_err(), "{code}");
    }
}
