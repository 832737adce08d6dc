//! `deploy`: the files each static host reads — security headers, alias redirects and the 404 page — for
//! every host in `deploy.targets`, built from one list of rules so that the headers mean the same on
//! each ([`headers`]), written in each host's format ([`adapters`]).

mod adapters;
pub mod csp;
pub mod headers;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Configured, Mode, OutgoingPage, Plugin, Setup};
use crate::config::{Config, UrlPath};
use crate::content::Site;
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::output::Output;
use adapters::{PagesHost, Plan};
use csp::Directive;
use headers::HeaderSettings;

/// A static host Portico writes files for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    Netlify,
    CloudflarePages,
    Vercel,
    AzureStaticWebApps,
    GithubPages,
    Nginx,
    Apache,
    S3Cloudfront,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeploy {
    #[serde(default)]
    targets: Vec<Target>,
    #[serde(default)]
    hsts: RawHsts,
    /// Extra origins per CSP directive: `img-src: [https://images.example-clinic.com]`.
    #[serde(default)]
    allow: std::collections::HashMap<Spanned<String>, Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHsts {
    #[serde(default = "year")]
    max_age: u64,
    #[serde(default = "yes")]
    include_subdomains: bool,
    #[serde(default)]
    preload: bool,
}

impl Default for RawHsts {
    fn default() -> Self {
        RawHsts {
            max_age: year(),
            include_subdomains: true,
            preload: false,
        }
    }
}

fn year() -> u64 {
    31_536_000
}

fn yes() -> bool {
    true
}

#[derive(Debug, Default)]
pub struct Deploy;

/// One site's hosts and header settings; nothing when it has no `deploy` table.
#[derive(Debug)]
struct SiteDeploy {
    targets: Vec<Target>,
    settings: Option<HeaderSettings>,
    /// The CSP as a `<meta>` tag for every page, when a target cannot send headers (GitHub Pages).
    meta_csp: Option<String>,
    /// A kit goes onto another website, which has its own hosting.
    files: bool,
}

impl Plugin for Deploy {
    fn name(&self) -> &'static str {
        "deploy"
    }

    fn configure(
        &self,
        config: &Config,
        setup: &Setup<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Box<dyn Configured> {
        let (mut targets, settings) = match read(config, diagnostics) {
            Some((targets, settings)) => (targets, Some(settings)),
            None => (Vec::new(), None),
        };
        targets.sort();
        targets.dedup();
        let files = setup.mode != Mode::Kit;
        let meta_csp = settings
            .as_ref()
            .filter(|_| files && targets.contains(&Target::GithubPages))
            .map(|settings| meta_csp_tag(&headers::content_security_policy(settings, false)));
        Box::new(SiteDeploy {
            targets,
            settings,
            meta_csp,
            files,
        })
    }
}

impl Configured for SiteDeploy {
    fn emit(&self, site: &Site, output: &mut Output, diagnostics: &mut Diagnostics) {
        let Some(settings) = self.settings.as_ref().filter(|_| self.files) else {
            return;
        };
        // Stylesheets and scripts carry their content hash (the `assets` plugin) unless it was turned off.
        let fingerprinted = output
            .paths()
            .filter(|p| p.ends_with(".css") || p.ends_with(".js"))
            .all(|p| {
                p.rsplit('.')
                    .nth(1)
                    .is_some_and(|h| h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            });
        let rules = headers::rules(site, settings, fingerprinted);
        let base = &site.config.base_url;
        let redirects: Vec<(String, String)> = site
            .pages
            .iter()
            .flat_map(|page| {
                page.meta
                    .aliases
                    .iter()
                    .map(move |(alias, _)| (base.path_for(alias), base.path_for(&page.url)))
            })
            .collect();
        let not_found = base.path_for(&UrlPath::parse("/404.html").expect("a valid path"));
        let not_found_by_language: Vec<(String, String)> = site
            .config
            .languages
            .iter()
            .map(|lang| {
                let folder = UrlPath::dir(&format!("/{lang}/")).expect("a valid path");
                let page = UrlPath::parse(&format!("/{lang}/404.html")).expect("a valid path");
                (base.path_for(&folder), base.path_for(&page))
            })
            .collect();
        let plan = Plan {
            rules: &rules,
            redirects: &redirects,
            not_found: &not_found,
            not_found_by_language: &not_found_by_language,
        };
        // One `_redirects` serves both hosts: Netlify's 404 rules when the site names Netlify
        // (Cloudflare Pages finds each language's 404 page without them).
        let pages_host = if self.targets.contains(&Target::Netlify) {
            PagesHost::Netlify
        } else {
            PagesHost::CloudflarePages
        };
        let mut files = Vec::new();
        for target in &self.targets {
            files.extend(match target {
                Target::Netlify | Target::CloudflarePages => adapters::netlify(&plan, pages_host),
                Target::Vercel => adapters::vercel(&plan),
                Target::AzureStaticWebApps => adapters::azure(&plan),
                Target::GithubPages => {
                    diagnostics.warn(
                        Error::new(ErrorKind::Config, "GitHub Pages cannot send the site's headers")
                            .at(Location::file(&site.config.source.path))
                            .with_help("the CSP goes into each page as a <meta> tag, but HSTS and frame-ancestors (clickjacking protection) are lost; a host that sends headers keeps them"),
                    );
                    adapters::github_pages()
                }
                Target::Nginx => adapters::nginx(&plan),
                Target::Apache => adapters::apache(&plan),
                Target::S3Cloudfront => adapters::s3_cloudfront(&plan),
            });
        }
        for (path, bytes) in files {
            output.insert_bytes(path, bytes);
        }
    }

    fn filter_page(&self, page: &OutgoingPage<'_>) -> Result<Option<String>, Error> {
        Ok(self
            .meta_csp
            .as_ref()
            .and_then(|tag| with_meta_csp(page.html, tag)))
    }
}

/// The `deploy` table read and checked: the targets in the order the practice wrote them, and the
/// header settings. `None` when the site has no `deploy` table or it could not be read.
fn read(config: &Config, diagnostics: &mut Diagnostics) -> Option<(Vec<Target>, HeaderSettings)> {
    let Some(Some(raw)) = diagnostics.take(config.source.table::<RawDeploy>("deploy")) else {
        return None;
    };
    let source = config.source.yaml();
    let mut allow: BTreeMap<Directive, Vec<String>> = BTreeMap::new();
    for (name, sources) in raw.allow {
        let Some(directive) = Directive::named(&name.value) else {
            let help = crate::config::yaml::did_you_mean(&name.value, csp::names(), || {
                format!(
                    "use one of: {}",
                    csp::names().collect::<Vec<_>>().join(", ")
                )
            });
            diagnostics.error(
                source
                    .error_at(
                        name.referenced,
                        format!("unknown CSP directive `{}` in `deploy.allow`", name.value),
                    )
                    .with_help(help),
            );
            continue;
        };
        for text in sources {
            match directive.source(&text.value) {
                Ok(written) => allow.entry(directive).or_default().push(written),
                Err(refusal) => diagnostics.error(
                    source
                        .error_at(
                            text.referenced,
                            format!("`deploy.allow.{}`: {}", name.value, refusal.problem),
                        )
                        .with_help(refusal.help),
                ),
            }
        }
    }
    if raw.hsts.preload && (raw.hsts.max_age < year() || !raw.hsts.include_subdomains) {
        diagnostics.error(
            Error::new(ErrorKind::Config, "`deploy.hsts.preload` needs `max_age` of a year or more and `include_subdomains`")
                .at(Location::file(&config.source.path))
                .with_help("the preload list refuses shorter policies; preloading is hard to undo, so only ask when sure"),
        );
    }
    Some((
        raw.targets,
        HeaderSettings {
            hsts_max_age: raw.hsts.max_age,
            hsts_include_subdomains: raw.hsts.include_subdomains,
            hsts_preload: raw.hsts.preload,
            allow,
        },
    ))
}

/// The header rules `portico serve` sends, so that the preview blocks what the live host will block:
/// those of the first target in `deploy.targets` (none for GitHub Pages, which sends no headers of the
/// site's: its pages carry the CSP as a `<meta>` tag instead), and Portico's defaults for a site with no
/// `deploy` table. Mistakes in the table were already reported by the build.
pub fn preview_rules(site: &Site) -> Vec<headers::Rule> {
    let (targets, settings) = read(&site.config, &mut Diagnostics::new()).unwrap_or_default();
    if targets.first() == Some(&Target::GithubPages) {
        return Vec::new();
    }
    headers::rules(site, &settings, false)
}

/// The CSP as a `<meta http-equiv>` tag, for hosts that cannot send headers.
fn meta_csp_tag(csp: &str) -> String {
    format!(
        "\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        crate::html::escape(csp)
    )
}

/// Puts `tag` into a page right after `<meta charset>` (or first in `<head>`); `None` when the page
/// cannot be parsed.
fn with_meta_csp(html: &str, tag: &str) -> Option<String> {
    use lol_html::html_content::ContentType;
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    let has_charset = html.contains("<meta charset");
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("meta[charset]", |el| {
            el.after(tag, ContentType::Html);
            Ok(())
        }))
        .append_element_content_handler(element!("head", |el| {
            if !has_charset {
                el.prepend(tag, ContentType::Html);
            }
            Ok(())
        }));
    rewrite_str(html, settings).ok()
}
