//! The typed `provider:` block of a clinician's page: who they are, what they treat, where they work.
//!
//! It is parsed with the page's front matter (so errors are on the page's own lines) and keeps the place of
//! each value that can only be checked against the rest of the site — location ids and the photo file —
//! for the `providers` plugin to check once the whole site is known.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::config::yaml::{YamlSource, suggest};
use crate::config::{Invalid, RawFocus, UrlPath};
use crate::error::{Diagnostics, Location};
use crate::images::Focus;

/// The schema.org `MedicalSpecialty` values, which are what search engines read.
pub const SPECIALTIES: &[&str] = &[
    "Anesthesia",
    "Cardiovascular",
    "CommunityHealth",
    "Dentistry",
    "Dermatologic",
    "DietNutrition",
    "Emergency",
    "Endocrine",
    "Gastroenterologic",
    "Genetic",
    "Geriatric",
    "Gynecologic",
    "Hematologic",
    "Infectious",
    "LaboratoryScience",
    "Midwifery",
    "Musculoskeletal",
    "Neurologic",
    "Nursing",
    "Obstetric",
    "Oncologic",
    "Optometric",
    "Otolaryngologic",
    "Pathology",
    "Pediatric",
    "PharmacySpecialty",
    "Physiotherapy",
    "PlasticSurgery",
    "Podiatric",
    "PrimaryCare",
    "Psychiatric",
    "PublicHealth",
    "Pulmonary",
    "Radiography",
    "Renal",
    "RespiratoryTherapy",
    "Rheumatologic",
    "SpeechPathology",
    "Surgical",
    "Toxicologic",
    "Urologic",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProvider {
    name: String,
    #[serde(default)]
    credentials: Vec<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    specialties: Vec<Spanned<String>>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    photo: Option<RawPhoto>,
    #[serde(default)]
    npi: Option<Spanned<String>>,
    #[serde(default)]
    locations: Vec<Spanned<String>>,
    #[serde(default)]
    accepting_new_patients: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhoto {
    src: Spanned<String>,
    alt: Spanned<String>,
    #[serde(default)]
    focus: Option<Spanned<RawFocus>>,
}

/// A clinician, checked as far as the page alone allows.
#[derive(Debug, Clone, Serialize)]
pub struct Provider {
    pub name: String,
    pub credentials: Vec<String>,
    /// What they do here, in the page's language: "Family physician".
    pub role: Option<String>,
    pub specialties: Vec<String>,
    pub languages: Vec<String>,
    pub photo: Option<Photo>,
    pub npi: Option<String>,
    pub locations: Vec<String>,
    pub accepting_new_patients: Option<bool>,
    /// Where each location id is written, for the check against `locations:`.
    #[serde(skip)]
    pub location_places: Vec<Location>,
    #[serde(skip)]
    pub photo_place: Option<Location>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Photo {
    pub src: UrlPath,
    pub alt: String,
    /// The point a crop keeps in view (the face); the middle when the page gives none.
    #[serde(skip)]
    pub focus: Focus,
}

impl RawProvider {
    pub(super) fn check(
        self,
        source: &YamlSource<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Provider> {
        let before = diagnostics.errors().len();
        let mut error = |at: serde_saphyr::Location, invalid: Invalid| {
            diagnostics.error(source.error_at(at, invalid.message).with_help(invalid.help));
        };
        let mut specialties = Vec::new();
        for specialty in &self.specialties {
            if SPECIALTIES.contains(&specialty.value.as_str()) {
                specialties.push(specialty.value.clone());
            } else {
                let help = suggest(&specialty.value, SPECIALTIES.iter().copied()).map_or_else(
                    || format!("use a schema.org specialty: {}", SPECIALTIES.join(", ")),
                    |near| format!("did you mean `{near}`?"),
                );
                error(
                    specialty.referenced,
                    Invalid {
                        message: format!("unknown specialty `{}`", specialty.value),
                        help,
                    },
                );
            }
        }
        if let Some(npi) = &self.npi
            && let Err(invalid) = check_npi(&npi.value)
        {
            error(npi.referenced, invalid);
        }
        let photo = self.photo.and_then(|photo| {
            if photo.alt.value.trim().is_empty() {
                error(photo.alt.referenced, Invalid {
                    message: "the photo's `alt` text is empty".to_owned(),
                    help: "describe the photo for people who cannot see it, like \"Dr. Ortiz smiling in the clinic\"".to_owned(),
                });
            }
            let focus = match photo.focus {
                Some(focus) => match focus.value.check() {
                    Ok(focus) => focus,
                    Err(invalid) => {
                        error(focus.referenced, invalid);
                        Focus::default()
                    }
                },
                None => Focus::default(),
            };
            match UrlPath::parse(&photo.src.value) {
                Ok(src) => Some((
                    Photo {
                        src,
                        alt: photo.alt.value,
                        focus,
                    },
                    source.location(photo.src.referenced),
                )),
                Err(invalid) => {
                    error(photo.src.referenced, invalid);
                    None
                }
            }
        });
        if diagnostics.errors().len() > before {
            return None;
        }
        let (photo, photo_place) = photo.map_or((None, None), |(p, at)| (Some(p), Some(at)));
        Some(Provider {
            name: self.name,
            credentials: self.credentials,
            role: self.role,
            specialties,
            languages: self.languages,
            photo,
            npi: self.npi.map(|n| n.value),
            location_places: self
                .locations
                .iter()
                .map(|l| source.location(l.referenced))
                .collect(),
            locations: self.locations.into_iter().map(|l| l.value).collect(),
            accepting_new_patients: self.accepting_new_patients,
            photo_place,
        })
    }
}

/// A US National Provider Identifier: ten digits, the last a Luhn check digit computed over `80840` and
/// the first nine (the card-issuer prefix the NPI standard assigns).
pub fn check_npi(npi: &str) -> Result<(), Invalid> {
    let help = "copy the 10-digit number from the NPI registry (npiregistry.cms.hhs.gov)";
    if npi.len() != 10 || !npi.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid {
            message: format!("`{npi}` is not an NPI: it must be 10 digits"),
            help: help.to_owned(),
        });
    }
    let digits: Vec<u32> = format!("80840{npi}")
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect();
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    if sum.is_multiple_of(10) {
        Ok(())
    } else {
        Err(Invalid {
            message: format!("`{npi}` is not a valid NPI: its check digit is wrong"),
            help: help.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::check_npi;

    #[test]
    fn npi_check_digits_follow_the_standard() {
        // The worked example of the NPI check-digit standard: 123456789 gets check digit 3.
        assert!(check_npi("1234567893").is_ok());
        assert!(check_npi("1234567890").is_err());
        assert!(check_npi("123456789").is_err());
        assert!(check_npi("12345678a3").is_err());
    }
}
