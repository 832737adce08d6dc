//! The portal URL check: the one gate every portal, enrollment, bill-pay and scheduling link passes.
//!
//! A patient who clicks "Log in" on a practice's site types a password on the page it leads to, so a link
//! to a lookalike host is a phishing page with the practice's endorsement. The check parses the URL with the
//! `url` crate (the WHATWG parser browsers use, so we judge the host a browser would visit) and then
//! requires, in order: the text as given is plain ASCII with no spaces, control characters or backslashes;
//! `https`; no user name or password (`https://portal.athenahealth.com@evil.net/` visits `evil.net`); no
//! port other than 443; a domain name, not an IP address; no punycode labels (`xn--`: homographs of an
//! official name); no trailing dot; and a host that equals an allowed suffix or ends with `.` + suffix, so
//! `portal.athenahealth.com.evil.net` and `athenahealth.com-login.net` fail where a plain string test
//! would pass them.

use url::{Host, Url};

/// Which hosts a link may point at.
#[derive(Debug, Clone, Copy)]
pub enum Allowed<'a> {
    /// Hosts equal to one of these suffixes or under one of them.
    Hosts(&'a [&'a str]),
    /// Any host that passes the other checks (the `custom` vendor).
    AnyHost,
}

/// Why a URL was refused, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected(pub String);

/// Checks `text` and returns the parsed URL, whose `as_str()` is what pages link to.
pub fn check(text: &str, allowed: Allowed<'_>) -> Result<Url, Rejected> {
    let reject = |why: &str| Err(Rejected(why.to_owned()));
    if text.is_empty() {
        return reject("the address is empty");
    }
    if !text.is_ascii() {
        return reject(
            "the address has characters outside plain ASCII, as lookalike (homograph) addresses do",
        );
    }
    if text
        .chars()
        .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
    {
        return reject("the address has a space or a control character in it");
    }
    if text.contains('\\') {
        return reject("the address has a backslash in it");
    }
    let lower = text.to_ascii_lowercase();
    if !lower.starts_with("https://") {
        return if lower.starts_with("http://") {
            reject("the address uses http://, which is not encrypted: use the https:// address")
        } else {
            reject("the address must start with https://")
        };
    }
    if lower["https://".len()..].starts_with('/') {
        return reject("the address has an extra slash after https://");
    }
    let Ok(url) = Url::parse(text) else {
        return reject("the address cannot be read as a web address");
    };
    if !url.username().is_empty() || url.password().is_some() {
        return reject("the address has a user name or password before its host (`name@host`)");
    }
    if url.port().is_some() {
        return reject("the address names a port; portal addresses use the standard https port");
    }
    let host = match url.host() {
        Some(Host::Domain(host)) => host.to_owned(),
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => {
            return reject("the address is an IP address, not a host name");
        }
        None => return reject("the address has no host"),
    };
    if host.ends_with('.') {
        return reject("the host ends with a dot");
    }
    if host.split('.').any(|label| label.starts_with("xn--")) {
        return reject("the host is punycode (`xn--`), which lookalike addresses use");
    }
    if let Allowed::Hosts(suffixes) = allowed
        && !suffixes.iter().any(|suffix| host_is_under(&host, suffix))
    {
        return Err(Rejected(format!(
            "`{host}` is not one of the vendor's official hosts"
        )));
    }
    Ok(url)
}

/// `host` is `suffix` or a subdomain of it, compared label by label.
pub fn host_is_under(host: &str, suffix: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let suffix = suffix.to_ascii_lowercase();
    host == suffix
        || host
            .strip_suffix(&suffix)
            .is_some_and(|rest| rest.ends_with('.') && rest.len() > 1)
}

#[cfg(test)]
mod tests;
