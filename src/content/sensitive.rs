//! Sensitive pages: where patients type health or payment details. They load nothing from other sites
//! (`portico check`'s portal-safety rules), and the header's search box is left off them, so that a
//! patient about to sign in to the portal never has a text field there that is not the vendor's, and
//! nothing typed on them ends up in an address (`/search/?q=...`) that browsers and servers keep.
//!
//! A page is sensitive when it is rendered with the portal template, when its address has one of
//! [`SENSITIVE_WORDS`] as a word (`/services/telehealth/`, `/pay-my-bill/`), or when the site lists it
//! under `check.sensitive`.

use super::{PageId, Site};

/// The template of the portal entry page (the `portal` plugin's), which makes a page sensitive.
pub const PORTAL_TEMPLATE: &str = "portal.html";

/// Words of a page address that mark a page where patients enter health or payment information.
const SENSITIVE_WORDS: &[&str] = &[
    "appointment",
    "appointments",
    "schedule",
    "scheduling",
    "booking",
    "forms",
    "intake",
    "pay",
    "payment",
    "payments",
    "billpay",
    "telehealth",
    "telemedicine",
    "virtual",
    "video",
    "citas",
    "formularios",
    "pagos",
    "pagar",
    "telesalud",
];

/// Whether an address (`/pay-my-bill/`, `old/forms.html`) has one of [`SENSITIVE_WORDS`] as a word.
pub fn names_sensitive_page(address: &str) -> bool {
    address
        .split(['/', '-', '_', '.'])
        .any(|word| SENSITIVE_WORDS.contains(&word))
}

impl Site {
    /// Whether page `id` is a sensitive page (see the module's docs).
    pub fn is_sensitive(&self, id: PageId) -> bool {
        let page = &self.pages[id];
        page.meta
            .template
            .as_ref()
            .is_some_and(|(name, _)| name == PORTAL_TEMPLATE)
            || self.config.check.sensitive.contains(&page.url)
            || names_sensitive_page(page.url.as_str())
    }
}
