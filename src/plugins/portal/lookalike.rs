//! Custom portal addresses that pose as a listed vendor's.
//!
//! `vendor: custom` switches the official-host check off, so it is exactly where a lookalike address
//! (`portal.athenahealth.com.evil.example`, or `12345.portal.athenaheaIth.com` with a capital I) would
//! slip through with only a warning. A custom address is refused when one of its host labels carries a
//! listed vendor's brand label (the registrable name of one of its official hosts: `athenahealth`,
//! `healow`), or a confusable of it by the Unicode TR39 skeleton (`unicode-security`): the practice should
//! name that vendor, so the address is checked against its real hosts.
//!
//! The skeleton is taken of the host as written too, not only of the parsed one, because the URL parser
//! lowercases it and the lowercase of a capital `I` (`i`) no longer looks like an `l`.

use unicode_security::confusable_detection::skeleton;

use super::registry::{Registry, Vendor};

/// Brand labels at least this long also match inside a label (`athenahealth-login`, `myathenahealth`);
/// shorter ones (`athena`, `healow`, `curemd`) only as a whole label or a dash-separated part of one, so
/// `athenawomenshealth` or `securemd` are not taken for them.
const SUBSTRING_MIN: usize = 8;

/// The listed vendor whose brand `text` (an https address that passed the URL check) carries, if any.
/// The host is looked at both as written (where a capital `I` still looks like an `l`) and as a browser
/// reads it (percent-escapes decoded, lowercased); each label is compared by its TR39 skeleton,
/// lowercased after (the skeleton of `0` is a capital `O`), with and without its dashes.
pub(crate) fn impersonated<'r>(registry: &'r Registry, text: &str) -> Option<&'r Vendor> {
    let rest = text.get("https://".len()..)?;
    let written = rest.split(['/', '?', '#', ':']).next()?;
    let parsed = url::Url::parse(text)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let labels: Vec<String> = written
        .split('.')
        .chain(parsed.split('.'))
        .flat_map(|label| [skel(label), skel(&label.to_ascii_lowercase())])
        .collect();
    registry
        .vendors()
        .iter()
        .filter(|vendor| !vendor.is_custom())
        .find(|vendor| brands(vendor).any(|brand| labels.iter().any(|l| carries(l, &skel(&brand)))))
}

/// Whether a host label carries `brand` (both as skeletons).
fn carries(label: &str, brand: &str) -> bool {
    let joined: String = label.chars().filter(|c| *c != '-').collect();
    label == brand
        || joined == brand
        || label.split('-').any(|part| part == brand)
        || (brand.len() >= SUBSTRING_MIN && joined.contains(brand))
}

/// The registrable name of each of the vendor's portal hosts: `athenahealth` for
/// `portal.athenahealth.com`. Bill-pay and scheduling hosts are left out: their names (`athena` of
/// `athena.io`) are common words a practice's own name may hold, and the portal hosts already carry
/// the vendor's brand.
fn brands(vendor: &Vendor) -> impl Iterator<Item = String> + '_ {
    vendor.hosts.iter().filter_map(|host| {
        let domain = psl::domain_str(host)?;
        domain.split('.').next().map(str::to_owned)
    })
}

fn skel(text: &str) -> String {
    skeleton(text).collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vendor_of(text: &str) -> Option<String> {
        let registry = Registry::built_in().expect("the built-in registry");
        impersonated(&registry, text).map(|v| v.id.clone())
    }

    #[test]
    fn hosts_that_carry_a_vendor_brand_are_caught() {
        for text in [
            "https://portal.athenahealth.com.evil.example/",
            "https://12345.portal.athenaheaIth.com/",
            "https://athenahealth-login.example/",
            "https://mychart.healow.example/",
            "https://www.nextmd.example/",
            "https://portal.athena%68ealth.com.evil.example/",
            "https://heal0w.example/",
            "https://athena-health.example/",
            "https://next-md.example/",
        ] {
            assert!(vendor_of(text).is_some(), "{text} passed");
        }
        assert_eq!(
            vendor_of("https://12345.portal.athenaheaIth.com/").as_deref(),
            Some("athenahealth")
        );
    }

    #[test]
    fn a_practices_own_portal_host_passes() {
        for text in [
            "https://portal.riverbend-family-medicine.example/",
            "https://mychart.emanuel-clinic.example/",
            "https://patients.maplestreetkids.example/login",
            "https://portal.athenawomenshealth.example/",
            "https://securemd.example/",
            "https://portal.athena-family-medicine.example/",
        ] {
            assert_eq!(vendor_of(text), None, "{text}");
        }
    }
}
