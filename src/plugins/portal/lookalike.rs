//! Custom portal addresses that pose as a listed vendor's.
//!
//! `vendor: custom` switches the official-host check off, so it is exactly where a lookalike address
//! (`portal.athenahealth.com.evil.example`, or `12345.portal.athenaheaIth.com` with a capital I) would
//! slip through with only a warning. A custom address is refused when one of its host labels carries a
//! listed vendor's brand label (the registrable name of one of its official hosts: `athenahealth`,
//! `healow`), or a confusable of it by the Unicode TR39 skeleton (`unicode-security`): the practice should
//! name that vendor, so the address is checked against its real hosts.
//!
//! The skeleton is taken of the host as written, before the URL parser lowercases it, because the
//! lowercase of a capital `I` (`i`) no longer looks like an `l`.

use unicode_security::confusable_detection::skeleton;

use super::registry::{Registry, Vendor};

/// Brand labels shorter than this must match a whole label (`ema` of `ema.md` is part of many words);
/// longer ones also match inside a label (`athenahealth-login`).
const SUBSTRING_MIN: usize = 6;

/// The listed vendor whose brand `text` (an https address that passed the URL check) carries, if any.
pub(super) fn impersonated<'r>(registry: &'r Registry, text: &str) -> Option<&'r Vendor> {
    let rest = text.get("https://".len()..)?;
    let written = rest.split(['/', '?', '#', ':']).next()?;
    let labels: Vec<(String, String)> = written
        .split('.')
        .map(|label| {
            let lower = label.to_ascii_lowercase();
            (skel(label), skel(&lower))
        })
        .collect();
    registry
        .vendors()
        .iter()
        .filter(|vendor| !vendor.is_custom())
        .find(|vendor| {
            brands(vendor).any(|brand| {
                let brand = skel(&brand);
                labels.iter().any(|(as_written, lower)| {
                    [as_written, lower].into_iter().any(|label| {
                        *label == brand || (brand.len() >= SUBSTRING_MIN && label.contains(&brand))
                    })
                })
            })
        })
}

/// The registrable name of each of the vendor's official hosts: `athenahealth` for
/// `portal.athenahealth.com`.
fn brands(vendor: &Vendor) -> impl Iterator<Item = String> + '_ {
    vendor
        .hosts
        .iter()
        .chain(&vendor.billpay_hosts)
        .chain(&vendor.scheduling_hosts)
        .filter_map(|host| {
            let domain = psl::domain_str(host)?;
            domain.split('.').next().map(str::to_owned)
        })
}

fn skel(text: &str) -> String {
    skeleton(text).collect()
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
        ] {
            assert_eq!(vendor_of(text), None, "{text}");
        }
    }
}
