//! The Content-Security-Policy and the sources a practice may add to it through `deploy.allow`.
//!
//! The policy is the site's main defence against injected scripts, so what `deploy.allow` may add is
//! parsed against the CSP source grammar (CSP Level 3, "source-list") rather than pasted in:
//!
//! - a **host source** is `https://host[:port][/path]` (`wss://` too, in `connect-src`). The host is parsed
//!   by the `url` crate (so it is lowercased and an international name becomes punycode). A leading `*.`
//!   is allowed only when what follows is a registrable domain or below one, found with the Public Suffix
//!   List (`psl`): `*.example-clinic.com` lets in one organisation's hosts, `*.com` or `*.co.uk` would
//!   let in everyone's. A bare `*`, `https://*`, a `*` anywhere else, an IP address, a user name, a query
//!   or a fragment are refused.
//! - a **scheme source** is allowed only where it cannot load code from anywhere: `data:` for pictures,
//!   fonts and media, `blob:` for pictures, media and `connect-src`. `https:` alone would allow every host.
//! - a **keyword** is allowed only where it does not undo the policy: `'self'` anywhere (it is already
//!   there), `'wasm-unsafe-eval'` in `script-src`. Keywords that allow inline or injected code
//!   (`'unsafe-inline'`, `'unsafe-eval'`, nonces, hashes) are refused: the built-in themes need none.
//!
//! Whitespace, `;` and `,` end a source, a directive or a policy in the header's own syntax, so a value
//! holding one could add a directive of its own (`https://a.example;script-src *`): none gets through.
//!
//! Every directive `deploy.allow` accepts is a row of [`DIRECTIVES`], and the policy is written from that
//! same table, so an accepted directive always reaches the policy.

use std::collections::BTreeMap;

/// A fetch directive that `deploy.allow` may add sources to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Directive(usize);

/// One fetch directive: its name, what the site itself needs in it, and what a practice may add.
#[derive(Debug)]
struct Spec {
    name: &'static str,
    base: &'static [&'static str],
    schemes: &'static [&'static str],
    keywords: &'static [&'static str],
}

/// The fetch directives, in the order the policy lists them. `frame-src` starts at `'none'`: the themes
/// embed nothing, and the first allowed source replaces it.
const DIRECTIVES: &[Spec] = &[
    Spec {
        name: "img-src",
        base: &["'self'", "data:"],
        schemes: &["data:", "blob:"],
        keywords: &["'self'"],
    },
    Spec {
        name: "style-src",
        base: &["'self'"],
        schemes: &[],
        keywords: &["'self'"],
    },
    Spec {
        name: "script-src",
        base: &["'self'"],
        schemes: &[],
        keywords: &["'self'", "'wasm-unsafe-eval'"],
    },
    Spec {
        name: "font-src",
        base: &["'self'"],
        schemes: &["data:"],
        keywords: &["'self'"],
    },
    Spec {
        name: "connect-src",
        base: &["'self'"],
        schemes: &["blob:"],
        keywords: &["'self'"],
    },
    Spec {
        name: "frame-src",
        base: &["'none'"],
        schemes: &[],
        keywords: &["'self'"],
    },
    Spec {
        name: "media-src",
        base: &["'self'"],
        schemes: &["data:", "blob:"],
        keywords: &["'self'"],
    },
];

impl Directive {
    /// The directive called `name`, when `deploy.allow` accepts it.
    pub fn named(name: &str) -> Option<Directive> {
        DIRECTIVES
            .iter()
            .position(|d| d.name == name)
            .map(Directive)
    }

    /// Every directive `deploy.allow` accepts.
    pub fn all() -> impl Iterator<Item = Directive> {
        (0..DIRECTIVES.len()).map(Directive)
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    fn spec(self) -> &'static Spec {
        &DIRECTIVES[self.0]
    }

    /// A source from `deploy.allow`, checked and written the way the policy needs it.
    pub fn source(self, text: &str) -> Result<String, Refusal> {
        let spec = self.spec();
        let name = spec.name;
        if text.is_empty() {
            return Err(Refusal::new(
                "an empty source",
                "write an https address such as https://maps.example-clinic.com",
            ));
        }
        if let Some(bad) = text
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || matches!(c, ';' | ','))
        {
            let shown = if bad.is_whitespace() || bad.is_control() {
                "a space".to_owned()
            } else {
                format!("`{bad}`")
            };
            return Err(Refusal::new(
                format!(
                    "`{text}` holds {shown}, which would end the source and let the rest become a policy of its own"
                ),
                "write one address per list item, such as https://maps.example-clinic.com",
            ));
        }
        if text.starts_with('\'') {
            return keyword(spec, text);
        }
        if text.contains(['\'', '"']) {
            return Err(Refusal::new(
                format!("`{text}` holds a quote"),
                "write the address without quotes",
            ));
        }
        if text == "*" {
            return Err(everyone(text));
        }
        match text.split_once("://") {
            Some((scheme, rest)) => host_source(name, scheme, rest, text),
            None if text.ends_with(':') => {
                let scheme = text.to_ascii_lowercase();
                if spec.schemes.contains(&scheme.as_str()) {
                    Ok(scheme)
                } else if matches!(scheme.as_str(), "https:" | "http:" | "wss:" | "ws:") {
                    Err(everyone(text))
                } else {
                    Err(Refusal::new(
                        format!("`{text}` is not allowed in `{name}`"),
                        if spec.schemes.is_empty() {
                            format!("`{name}` takes https addresses only")
                        } else {
                            format!(
                                "`{name}` takes https addresses and {}",
                                spec.schemes.join(", ")
                            )
                        },
                    ))
                }
            }
            None => Err(Refusal::new(
                format!("`{text}` has no scheme"),
                format!("write it with https:// in front: https://{text}"),
            )),
        }
    }
}

/// Why a source was refused, in the practice's words, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub problem: String,
    pub help: String,
}

impl Refusal {
    fn new(problem: impl Into<String>, help: impl Into<String>) -> Self {
        Refusal {
            problem: problem.into(),
            help: help.into(),
        }
    }
}

fn everyone(text: &str) -> Refusal {
    Refusal::new(
        format!("`{text}` would let any website's files into the site"),
        "name the one host you need, such as https://maps.example-clinic.com",
    )
}

fn keyword(spec: &Spec, text: &str) -> Result<String, Refusal> {
    let lower = text.to_ascii_lowercase();
    if spec.keywords.contains(&lower.as_str()) {
        return Ok(lower);
    }
    let help = match lower.as_str() {
        "'none'" => "leave the directive out of `deploy.allow`: it starts with only the site itself".to_owned(),
        "'unsafe-inline'" | "'unsafe-eval'" | "'unsafe-hashes'" | "'strict-dynamic'" => {
            "this keyword lets injected code run, which the policy is there to stop; the built-in themes need no inline code, so move the code into a file under static/".to_owned()
        }
        _ if lower.starts_with("'nonce-") || lower.starts_with("'sha") => {
            "a static site cannot give each visit a fresh nonce, and hashes of inline code go stale; move the code into a file under static/".to_owned()
        }
        _ => format!(
            "`{}` takes https addresses{}",
            spec.name,
            if spec.keywords.len() > 1 {
                format!(" and the keywords {}", spec.keywords.join(", "))
            } else {
                String::new()
            }
        ),
    };
    Err(Refusal::new(
        format!("the keyword {text} is not allowed in `{}`", spec.name),
        help,
    ))
}

fn host_source(directive: &str, scheme: &str, rest: &str, text: &str) -> Result<String, Refusal> {
    let scheme = scheme.to_ascii_lowercase();
    let secure = scheme == "https" || (scheme == "wss" && directive == "connect-src");
    if !secure {
        let allowed = if directive == "connect-src" {
            "https:// (or wss:// for a live connection)"
        } else {
            "https://"
        };
        return Err(Refusal::new(
            format!("`{text}` is not an https address"),
            format!(
                "`{directive}` takes addresses that start with {allowed}, so that nothing travels unencrypted"
            ),
        ));
    }
    let (wildcard, rest) = match rest.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    if rest.contains('*') || rest.is_empty() {
        return Err(everyone(text));
    }
    let url = url::Url::parse(&format!("{scheme}://{rest}")).map_err(|e| {
        Refusal::new(
            format!("`{text}` is not a web address ({e})"),
            "write the scheme and host, like https://maps.example-clinic.com",
        )
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::new(
            format!("`{text}` holds a user name"),
            "write the host only, without `name@`",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Refusal::new(
            format!("`{text}` holds a `?` or `#` part, which a policy cannot match"),
            "write the host, and a folder path if you need one, without `?` or `#`",
        ));
    }
    let Some(url::Host::Domain(host)) = url.host() else {
        return Err(Refusal::new(
            format!("`{text}` names a host by its IP address"),
            "write the host's name, which its certificate is issued for",
        ));
    };
    if psl::domain(host.as_bytes()).is_none() {
        let problem = if wildcard {
            format!(
                "`{text}` would let in every site under `.{host}`, which no one organisation owns"
            )
        } else {
            format!("`{text}` is not a host on the public web")
        };
        return Err(Refusal::new(
            problem,
            "name a host under a domain someone registered, such as *.example-clinic.com or maps.example-clinic.com",
        ));
    }
    // The parser maps some characters (full-width `；` `＊` `，`, by IDNA) to ASCII ones that end a source
    // or widen it, so what comes out is checked again: a host of letters, digits, `-` and `.`, and a
    // path without the characters the header's syntax gives a meaning to.
    let plain_host = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let plain_path = !url
        .path()
        .contains(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | '\'' | '"' | '*'));
    if !plain_host || !plain_path {
        return Err(Refusal::new(
            format!(
                "`{text}` holds characters that would change the policy once the address is read"
            ),
            "write the address in plain letters, digits, dots and dashes, like https://maps.example-clinic.com",
        ));
    }
    let mut source = format!("{scheme}://{}{host}", if wildcard { "*." } else { "" });
    if let Some(port) = url.port() {
        source = format!("{source}:{port}");
    }
    if url.path() != "/" {
        source.push_str(url.path());
    }
    Ok(source)
}

/// The Content-Security-Policy: only the site itself, plus what the practice allowed. No `unsafe-inline`
/// or `unsafe-eval` anywhere: the built-in themes need neither. `frame_ancestors` is left out for the
/// `<meta>` form, which browsers do not accept it in.
pub fn policy(allow: &BTreeMap<Directive, Vec<String>>, frame_ancestors: bool) -> String {
    let mut parts = vec!["default-src 'self'".to_owned()];
    for directive in Directive::all() {
        let extra = allow.get(&directive).map_or(&[][..], Vec::as_slice);
        let base = directive.spec().base;
        let mut sources: Vec<&str> = if extra.is_empty() {
            base.to_vec()
        } else {
            base.iter().copied().filter(|s| *s != "'none'").collect()
        };
        for source in extra {
            if !sources.contains(&source.as_str()) {
                sources.push(source);
            }
        }
        parts.push(format!("{} {}", directive.name(), sources.join(" ")));
    }
    parts.extend(["object-src 'none'", "base-uri 'self'", "form-action 'self'"].map(str::to_owned));
    if frame_ancestors {
        parts.push("frame-ancestors 'none'".to_owned());
    }
    parts.push("upgrade-insecure-requests".to_owned());
    parts.join("; ")
}

/// The names `deploy.allow` accepts, for messages.
pub fn names() -> impl Iterator<Item = &'static str> {
    DIRECTIVES.iter().map(|d| d.name)
}

/// What the live preview tells the practice when the browser blocked something under the policy: the
/// `deploy.allow` line that would let it in, or why none can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advice {
    /// Add this source under this directive.
    Allow {
        directive: Directive,
        source: String,
    },
    /// Nothing in `deploy.allow` can let this in; the text says what to do instead.
    Refused(String),
}

impl Advice {
    /// Advice for a violation the browser reported: `effective` is the report's `effectiveDirective`
    /// (`script-src-elem`, `frame-src`, ...), `blocked` its `blockedURI` (an address, or `inline` or
    /// `eval`).
    pub fn for_violation(effective: &str, blocked: &str) -> Advice {
        let name = effective
            .strip_suffix("-elem")
            .or_else(|| effective.strip_suffix("-attr"))
            .unwrap_or(effective);
        if matches!(blocked, "inline" | "eval") || blocked.is_empty() {
            return Advice::Refused(
                "code written into the page itself is blocked on every host Portico deploys to; move it into a file under static/ and load it by its address".to_owned(),
            );
        }
        let Some(directive) = Directive::named(name) else {
            return Advice::Refused(format!(
                "Portico keeps `{name}` closed to other sites; `deploy.allow` opens only {}",
                names().collect::<Vec<_>>().join(", ")
            ));
        };
        let origin = match url::Url::parse(blocked) {
            Ok(url) if url.scheme() == "data" || url.scheme() == "blob" => {
                format!("{}:", url.scheme())
            }
            Ok(url) => url.origin().ascii_serialization(),
            Err(_) => blocked.to_owned(),
        };
        match directive.source(&origin) {
            Ok(source) => Advice::Allow { directive, source },
            Err(refusal) => Advice::Refused(format!("{}: {}", refusal.problem, refusal.help)),
        }
    }
}

impl std::fmt::Display for Advice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Advice::Allow { directive, source } => write!(
                f,
                "to allow it, add to portico.yaml:\ndeploy:\n  allow:\n    {}: [{source}]",
                directive.name()
            ),
            Advice::Refused(why) => f.write_str(why),
        }
    }
}

#[cfg(test)]
mod tests;
