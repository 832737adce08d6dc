//! One writer per host: the same header rules, redirects and 404 page, in each host's own format.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::headers::Rule;

/// What every adapter needs.
#[derive(Debug)]
pub(super) struct Plan<'a> {
    pub(super) rules: &'a [Rule],
    /// Old address to new address, both with the base URL's subpath.
    pub(super) redirects: &'a [(String, String)],
    /// The 404 page, with the subpath.
    pub(super) not_found: &'a str,
    /// Each other language's folder and its own 404 page (`/es/`, `/es/404.html`), with the subpath.
    pub(super) not_found_by_language: &'a [(String, String)],
}

/// Netlify and Cloudflare Pages read the same files, but find a language's own 404 page differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PagesHost {
    /// Serves `/404.html` only, unless `_redirects` names another for a folder (with status 404).
    Netlify,
    /// Serves the nearest `404.html` up the folder tree by itself; its `_redirects` takes no 404 rules.
    CloudflarePages,
}

/// Netlify and Cloudflare Pages read the same two files, but combine the `_headers` rules that match a
/// path differently: on Netlify a later rule's value replaces an earlier one's, on Cloudflare Pages the
/// values of every matching rule are joined with commas (`public, max-age=0, must-revalidate, public,
/// max-age=31536000, immutable`). So the file is written to mean the same under both: the catch-all
/// rule carries only the headers that are the same on every path, and a header that varies by path
/// (`Cache-Control`, `Referrer-Policy`) is set only on the narrower rule that needs it, never on two
/// rules that match one path. Paths no narrower rule covers get the host's own value for those two
/// headers, which is the value Portico wants there: both hosts send `Cache-Control: public, max-age=0,
/// must-revalidate` by default, and browsers default to `strict-origin-when-cross-origin`.
pub(super) fn netlify(plan: &Plan<'_>, host: PagesHost) -> Vec<(String, Vec<u8>)> {
    let mut headers = String::new();
    for rule in layered(plan.rules) {
        let path = if rule.path.ends_with('/') && rule.path.len() > 1 {
            format!("{}*", rule.path)
        } else {
            rule.path.clone()
        };
        let _ = writeln!(headers, "{path}");
        for (name, value) in &rule.headers {
            let _ = writeln!(headers, "  {name}: {value}");
        }
    }
    let mut redirects = String::new();
    for (from, to) in plan.redirects {
        let _ = writeln!(redirects, "{from} {to} 301");
    }
    // Both hosts serve /404.html for a missing page by themselves. Netlify applies a rule that is not
    // forced (no `!`) only where no file matches, so these catch exactly the missing pages.
    if host == PagesHost::Netlify {
        for (folder, page) in plan.not_found_by_language {
            let _ = writeln!(redirects, "{folder}* {page} 404");
        }
    }
    vec![
        ("_headers".to_owned(), headers.into_bytes()),
        ("_redirects".to_owned(), redirects.into_bytes()),
    ]
}

/// The rules with no header set twice on one path: the first (catch-all) rule keeps the headers no
/// other rule changes, and each other rule keeps only the headers it changes. The narrower rules must
/// not overlap each other, which holds for Portico's (`/css/`, `/js/`, `/images/` and page folders).
pub(super) fn layered(rules: &[Rule]) -> Vec<Rule> {
    let Some((all, narrower)) = rules.split_first() else {
        return Vec::new();
    };
    let varies = |name: &str| {
        narrower.iter().any(|rule| {
            rule.headers
                .iter()
                .any(|(n, v)| n == name && !all.headers.contains(&(n.clone(), v.clone())))
        })
    };
    let mut out = vec![Rule {
        path: all.path.clone(),
        headers: all
            .headers
            .iter()
            .filter(|(n, _)| !varies(n))
            .cloned()
            .collect(),
    }];
    for rule in narrower {
        out.push(Rule {
            path: rule.path.clone(),
            headers: rule
                .headers
                .iter()
                .filter(|header| !all.headers.contains(header))
                .cloned()
                .collect(),
        });
    }
    out
}

pub(super) fn vercel(plan: &Plan<'_>) -> Vec<(String, Vec<u8>)> {
    let headers: Vec<Value> = plan
        .rules
        .iter()
        .map(|rule| json!({ "source": vercel_source(&rule.path), "headers": pairs(&rule.headers, "key", "value") }))
        .collect();
    let redirects: Vec<Value> = plan
        .redirects
        .iter()
        .map(|(from, to)| json!({ "source": from, "destination": to, "permanent": true }))
        .collect();
    // Vercel serves /404.html for a missing page by itself.
    let config = json!({ "trailingSlash": true, "headers": headers, "redirects": redirects });
    vec![("vercel.json".to_owned(), pretty(&config))]
}

fn vercel_source(path: &str) -> String {
    if let Some(folder) = path.strip_suffix('*') {
        format!("{folder}(.*)")
    } else {
        format!("{path}(.*)")
    }
}

pub(super) fn azure(plan: &Plan<'_>) -> Vec<(String, Vec<u8>)> {
    let global = plan
        .rules
        .first()
        .map(|r| object(&r.headers))
        .unwrap_or_default();
    let mut routes: Vec<Value> = plan
        .redirects
        .iter()
        .map(|(from, to)| json!({ "route": from, "redirect": to, "statusCode": 301 }))
        .collect();
    for rule in plan.rules.iter().skip(1) {
        routes
            .push(json!({ "route": format!("{}*", rule.path), "headers": object(&rule.headers) }));
    }
    let config = json!({
        "globalHeaders": global,
        "routes": routes,
        "responseOverrides": { "404": { "rewrite": plan.not_found } },
    });
    vec![("staticwebapp.config.json".to_owned(), pretty(&config))]
}

/// GitHub Pages sends no headers of the site's: `.nojekyll` makes it serve files as they are; the CSP
/// goes into each page as a `<meta>` tag (done by the caller).
pub(super) fn github_pages() -> Vec<(String, Vec<u8>)> {
    vec![(".nojekyll".to_owned(), Vec::new())]
}

/// A snippet to `include` inside an nginx `server { }` block whose `root` is the output folder.
pub(super) fn nginx(plan: &Plan<'_>) -> Vec<(String, Vec<u8>)> {
    let mut conf = String::from(
        "# Generated by Portico: include this inside your `server { ... }` block, with `root` set to the\n\
         # built site. Every location repeats all headers, because nginx does not inherit add_header.\n\
         location ~ /\\. { deny all; return 404; }\n",
    );
    let _ = writeln!(conf, "error_page 404 {};", plan.not_found);
    for (from, to) in plan.redirects {
        let _ = writeln!(conf, "location = {from} {{ return 301 {to}; }}");
    }
    for rule in plan.rules {
        let location = rule.path.trim_end_matches('*');
        let _ = writeln!(conf, "location {location} {{");
        for (name, value) in &rule.headers {
            let _ = writeln!(
                conf,
                "    add_header {name} \"{}\" always;",
                value.replace('"', "\\\"")
            );
        }
        let _ = writeln!(conf, "    try_files $uri $uri/ =404;\n}}");
    }
    vec![(".portico/nginx.conf".to_owned(), conf.into_bytes())]
}

pub(super) fn apache(plan: &Plan<'_>) -> Vec<(String, Vec<u8>)> {
    let mut conf = format!(
        "# Generated by Portico. Needs mod_headers and mod_alias.\nErrorDocument 404 {}\n",
        plan.not_found
    );
    for (from, to) in plan.redirects {
        let _ = writeln!(conf, "Redirect 301 {from} {to}");
    }
    if let Some(rule) = plan.rules.first() {
        for (name, value) in &rule.headers {
            let _ = writeln!(
                conf,
                "Header always set {name} \"{}\"",
                value.replace('"', "\\\"")
            );
        }
    }
    for rule in plan.rules.iter().skip(1) {
        let _ = writeln!(
            conf,
            "<If \"%{{REQUEST_URI}} =~ m#^{}#\">",
            rule.path.trim_end_matches('*')
        );
        for (name, value) in &rule.headers {
            let _ = writeln!(
                conf,
                "    Header always set {name} \"{}\"",
                value.replace('"', "\\\"")
            );
        }
        conf.push_str("</If>\n");
    }
    vec![(".htaccess".to_owned(), conf.into_bytes())]
}

/// S3 behind CloudFront. CloudFront attaches one response-headers policy to each cache behaviour (a path
/// pattern), so the rules become one policy per distinct set of headers (`cloudfront/policy-NAME.json`,
/// each ready for `aws cloudfront create-response-headers-policy --response-headers-policy-config
/// file://...`) and `cloudfront/behaviors.json` says which path pattern takes which policy. Redirects
/// are a CloudFront Function (`cloudfront/viewer-request.js`, runtime cloudfront-js-2.0) rather than S3
/// routing rules: those match by key prefix (`about-us/` would also catch `about-us/team/`) and, behind
/// CloudFront, send visitors to the bucket's own address. The function matches each old address
/// exactly, answers with the new one on the host the visitor asked for, over https, and maps folder
/// addresses to their `index.html` for an S3 REST origin.
pub(super) fn s3_cloudfront(plan: &Plan<'_>) -> Vec<(String, Vec<u8>)> {
    // Policy name, its headers, and the path patterns that take it.
    let mut groups: Vec<PolicyGroup<'_>> = Vec::new();
    for (index, rule) in plan.rules.iter().enumerate() {
        let pattern = if index == 0 {
            "default".to_owned()
        } else {
            format!("{}*", rule.path.trim_end_matches('*'))
        };
        if let Some(group) = groups.iter_mut().find(|g| g.1 == rule.headers.as_slice()) {
            group.2.push(pattern);
            continue;
        }
        let name = if index == 0 {
            "portico-default".to_owned()
        } else {
            let slug: String = rule
                .path
                .trim_matches(['/', '*'])
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            format!("portico-{slug}")
        };
        groups.push((name, &rule.headers, vec![pattern]));
    }
    let mut files = Vec::new();
    let mut behaviors = Vec::new();
    for (name, headers, patterns) in &groups {
        let file = format!(
            ".portico/cloudfront/policy-{}.json",
            name.trim_start_matches("portico-")
        );
        files.push((file.clone(), pretty(&cloudfront_policy(name, headers))));
        for pattern in patterns {
            behaviors.push(json!({ "PathPattern": pattern, "ResponseHeadersPolicy": name, "PolicyFile": file.trim_start_matches(".portico/cloudfront/") }));
        }
    }
    files.push((
        ".portico/cloudfront/behaviors.json".to_owned(),
        pretty(&json!({ "CacheBehaviors": behaviors })),
    ));
    // CloudFront hands the function the address as the browser sent it, percent-encoded; encoding
    // the keys the same way also keeps characters out of the script that ES5 strings cannot hold.
    let encoded = |path: &str| {
        percent_encoding::utf8_percent_encode(path, percent_encoding::CONTROLS).to_string()
    };
    let redirects: serde_json::Map<String, Value> = plan
        .redirects
        .iter()
        .map(|(from, to)| (encoded(from), Value::String(encoded(to))))
        .collect();
    let function = format!(
        "// Generated by Portico: a CloudFront Function (runtime cloudfront-js-2.0) for the viewer-request\n\
         // event of every cache behaviour. It sends each old address to its new one (an exact match, on the\n\
         // host the visitor asked for, over https) and serves a folder's index.html.\n\
         var REDIRECTS = {};\n\n\
         function handler(event) {{\n\
         \x20 var request = event.request;\n\
         \x20 var to = Object.prototype.hasOwnProperty.call(REDIRECTS, request.uri) ? REDIRECTS[request.uri] : undefined;\n\
         \x20 if (to !== undefined) {{\n\
         \x20   return {{\n\
         \x20     statusCode: 301,\n\
         \x20     statusDescription: 'Moved Permanently',\n\
         \x20     headers: {{ location: {{ value: 'https://' + request.headers.host.value + to }} }},\n\
         \x20   }};\n\
         \x20 }}\n\
         \x20 if (request.uri.endsWith('/')) {{\n\
         \x20   request.uri += 'index.html';\n\
         \x20 }}\n\
         \x20 return request;\n\
         }}\n",
        serde_json::to_string_pretty(&Value::Object(redirects)).unwrap_or_default()
    );
    files.push((
        ".portico/cloudfront/viewer-request.js".to_owned(),
        function.into_bytes(),
    ));
    let website = json!({
        "IndexDocument": { "Suffix": "index.html" },
        "ErrorDocument": { "Key": plan.not_found.trim_start_matches('/') },
    });
    files.push((".portico/s3-website.json".to_owned(), pretty(&website)));
    files
}

type PolicyGroup<'a> = (String, &'a [(String, String)], Vec<String>);

/// One CloudFront response-headers policy.
fn cloudfront_policy(name: &str, headers: &[(String, String)]) -> Value {
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let hsts = get("Strict-Transport-Security");
    let custom: Vec<Value> = ["Permissions-Policy", "Cache-Control"]
        .iter()
        .map(|name| json!({ "Header": name, "Value": get(name), "Override": true }))
        .collect();
    json!({
        "Name": name,
        "Comment": "Generated by Portico: the same headers as every other host gets.",
        "SecurityHeadersConfig": {
            "ContentSecurityPolicy": { "ContentSecurityPolicy": get("Content-Security-Policy"), "Override": true },
            "StrictTransportSecurity": {
                "AccessControlMaxAgeSec": hsts
                    .split(';').next().and_then(|m| m.trim().strip_prefix("max-age=")).and_then(|m| m.parse::<u64>().ok()).unwrap_or(31_536_000),
                "IncludeSubdomains": hsts.contains("includeSubDomains"),
                "Preload": hsts.contains("preload"),
                "Override": true,
            },
            "ReferrerPolicy": { "ReferrerPolicy": get("Referrer-Policy"), "Override": true },
            "ContentTypeOptions": { "Override": true },
            "FrameOptions": { "FrameOption": "DENY", "Override": true },
        },
        "CustomHeadersConfig": { "Quantity": custom.len(), "Items": custom },
    })
}

fn pairs(headers: &[(String, String)], key: &str, value: &str) -> Vec<Value> {
    headers
        .iter()
        .map(|(n, v)| json!({ key: n, value: v }))
        .collect()
}

fn object(headers: &[(String, String)]) -> Value {
    Value::Object(
        headers
            .iter()
            .map(|(n, v)| (n.clone(), Value::String(v.clone())))
            .collect(),
    )
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}
