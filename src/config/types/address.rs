//! Addresses: the site's base URL, paths inside the site and URL segments (slugs). Each refuses what could
//! leave the output folder or break on another system, so later stages can join them without checks.

use std::fmt;

use serde::Serialize;

use super::Invalid;

/// The site's public address: `https://host` plus an optional subpath, always without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    /// `""` for a site at the root of its host, or `/riverbend` for a subpath.
    prefix: String,
}

impl BaseUrl {
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let help = "write the full address, like https://www.example-clinic.com or https://agency.github.io/clinic/";
        let url = url::Url::parse(text.trim()).map_err(|e| {
            Invalid::new(format!("`{text}` is not a valid web address ({e})"), help)
        })?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(Invalid::new(
                format!("`{text}` must start with https://"),
                help,
            ));
        }
        if url.host_str().is_none() || !url.username().is_empty() || url.password().is_some() {
            return Err(Invalid::new(
                format!("`{text}` must name a host and no user or password"),
                help,
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Invalid::new(
                format!("`{text}` must not have a `?query` or `#fragment`"),
                help,
            ));
        }
        let origin = url.origin().ascii_serialization();
        let prefix = url.path().trim_end_matches('/').to_owned();
        Ok(BaseUrl { origin, prefix })
    }

    /// `https://host` with no path.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The subpath the site lives under (`/riverbend`), or `""`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The path a browser requests for a site path: `/about/` becomes `/riverbend/about/`.
    pub fn path_for(&self, path: &UrlPath) -> String {
        format!("{}{}", self.prefix, path.as_str())
    }

    /// A root-relative path written by a person (`/forms/a.pdf`), under the subpath: `/riverbend/forms/a.pdf`.
    /// Unlike [`Self::path_for`] it takes the text as written, for links in markdown.
    pub fn prefixed(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// The full address of a site path, for canonical links and the sitemap.
    pub fn permalink(&self, path: &UrlPath) -> String {
        format!("{}{}{}", self.origin, self.prefix, path.as_str())
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin, self.prefix)
    }
}

/// A name Windows keeps for devices (`con`, `nul`, `com1`, also with an extension): a site with such a
/// file or folder cannot be copied to, built on or served from Windows, where many agencies work.
fn windows_reserved(segment: &str) -> Option<Invalid> {
    let stem = segment
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let numbered = |prefix: &str| {
        stem.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
    };
    let reserved = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || numbered("com")
        || numbered("lpt");
    reserved.then(|| {
        Invalid::new(
            format!("`{segment}` is a name Windows keeps for a device, so the page could not be copied to a Windows computer"),
            format!("pick another name, like `{stem}-page`"),
        )
    })
}

/// A path inside the site, starting with `/`: `/`, `/about/`, `/css/clinic.css`.
///
/// It cannot climb out of the output folder: no `..` or `.` segments (also percent-encoded), no
/// backslashes, no empty segments, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct UrlPath(String);

impl UrlPath {
    pub fn root() -> Self {
        UrlPath("/".to_owned())
    }

    /// Parses a path as written by a user; a missing leading slash is added.
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let help = "use a path made of words and dashes, like /about-us/";
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(Invalid::new("the path is empty", help));
        }
        if trimmed.contains('\\') || trimmed.chars().any(char::is_control) {
            return Err(Invalid::new(
                format!("`{text}` has a backslash or a control character"),
                help,
            ));
        }
        if trimmed.contains("://") || trimmed.starts_with("//") {
            return Err(Invalid::new(
                format!("`{text}` is a full address, not a path inside the site"),
                help,
            ));
        }
        let with_slash = if trimmed.starts_with('/') {
            trimmed.to_owned()
        } else {
            format!("/{trimmed}")
        };
        for segment in with_slash.split('/').skip(1) {
            let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
            if decoded == "." || decoded == ".." {
                return Err(Invalid::new(
                    format!("`{text}` tries to leave the site with `..`"),
                    help,
                ));
            }
            if let Some(invalid) = windows_reserved(segment) {
                return Err(invalid);
            }
            if segment.contains('%') || segment.contains('?') || segment.contains('#') {
                return Err(Invalid::new(
                    format!("`{text}` has `%`, `?` or `#` in it"),
                    help,
                ));
            }
        }
        if with_slash.contains("//") {
            return Err(Invalid::new(
                format!("`{text}` has an empty part (`//`)"),
                help,
            ));
        }
        Ok(UrlPath(with_slash))
    }

    /// A directory path (`/about/`): what a page is served at.
    pub fn dir(text: &str) -> Result<Self, Invalid> {
        let path = Self::parse(text)?;
        Ok(if path.0.ends_with('/') {
            path
        } else {
            UrlPath(format!("{}/", path.0))
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Appends one more path, keeping the result inside the site.
    pub fn join(&self, rest: &str) -> Result<Self, Invalid> {
        let base = self.0.trim_end_matches('/');
        Self::parse(&format!("{base}/{}", rest.trim_start_matches('/')))
    }

    /// This path moved under `prefix` (`/css/a.css` under `/patient-portal/` is `/patient-portal/css/a.css`).
    pub fn join_under(&self, prefix: &str) -> Option<UrlPath> {
        UrlPath::dir(prefix).ok()?.join(&self.0).ok()
    }

    /// The file this path is written to, relative to the output folder: `/about/` is `about/index.html`.
    pub fn file_path(&self) -> String {
        let trimmed = self.0.trim_start_matches('/');
        if trimmed.is_empty() || trimmed.ends_with('/') {
            format!("{trimmed}index.html")
        } else {
            trimmed.to_owned()
        }
    }
}

impl fmt::Display for UrlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One URL segment: lowercase letters, digits and single dashes (`flu-shots`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let ok = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if let Some(invalid) = windows_reserved(text) {
            return Err(invalid);
        }
        if ok {
            Ok(Slug(text.to_owned()))
        } else {
            Err(Invalid::new(
                format!("`{text}` is not a valid slug"),
                format!(
                    "use lowercase letters, digits and dashes, like `{}`",
                    Self::from_title(text)
                ),
            ))
        }
    }

    /// Makes a slug out of any text: `Flu Shots & Vaccines` becomes `flu-shots-vaccines`. Letters with
    /// accents and other scripts are written in plain Latin letters first (`Vacunación` becomes
    /// `vacunacion`, not `vacunaci-n`), by the `deunicode` tables rather than a list of our own.
    pub fn from_title(text: &str) -> String {
        let plain = deunicode::deunicode(text);
        let mut slug = String::with_capacity(plain.len());
        for c in plain.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.trim_end_matches('-').to_owned()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
