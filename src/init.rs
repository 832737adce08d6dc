//! `portico init`: a new site that builds at once — config, a home page, an about page and a contact page
//! in English and Spanish, a sample page for each notice a practice site must carry (marked
//! `sample: true`, so `portico check` reports each until the practice puts its own text there), and, when
//! a vendor is named, a checked `portal:` table.

use std::path::PathBuf;

use crate::config::{Date, Slug};
use crate::error::{Error, ErrorKind, Location};
use crate::fs;
use crate::plugins::portal::{Registry, describe};

/// What `portico init` needs.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    pub name: String,
    /// A records vendor id from the registry.
    pub vendor: Option<String>,
    pub theme: String,
    /// Today, for the `verified:` date the portal table's comment asks the practice to write.
    pub today: Date,
}

/// Writes the new site and returns the files written. The folder must be new or empty.
pub fn init(options: &InitOptions) -> Result<Vec<PathBuf>, Error> {
    let dir = &options.dir;
    if dir.exists() && std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(Error::new(ErrorKind::Config, "the folder is not empty")
            .at(Location::file(dir))
            .with_help("name a new folder; `portico init` never overwrites files"));
    }
    let portal = match &options.vendor {
        None => String::new(),
        Some(id) => {
            let registry = Registry::built_in()?;
            let vendor = registry.get(id).ok_or_else(|| {
                let near = registry
                    .suggest(id)
                    .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
                Error::new(
                    ErrorKind::Config,
                    format!("there is no records vendor `{id}`{near}"),
                )
                .with_help("run `portico vendors` for the list")
            })?;
            format!(
                "\n# Your patient portal. Replace the example address with your portal's login page,\n# then run `portico vendors {id}` to see what else you can set.\n{}",
                describe::snippet(vendor, options.today)
            )
        }
    };
    let slug = Slug::from_title(&options.name);
    let slug = if slug.is_empty() {
        "clinic".to_owned()
    } else {
        slug
    };
    let name = options.name.replace('"', "'");
    let files = [
        (
            "portico.yaml",
            config(&name, &slug, &options.theme, &portal),
        ),
        ("content/_index.md", HOME_EN.replace("{name}", &name)),
        ("content/_index.es.md", HOME_ES.replace("{name}", &name)),
        ("content/about.md", ABOUT_EN.replace("{name}", &name)),
        ("content/about.es.md", ABOUT_ES.replace("{name}", &name)),
        ("content/contact.md", CONTACT_EN.to_owned()),
        ("content/contact.es.md", CONTACT_ES.to_owned()),
        ("static/.gitkeep", String::new()),
    ];
    let notices = sample_notices();
    let mut written = Vec::new();
    let files = files.into_iter().map(|(rel, text)| (rel.to_owned(), text));
    for (rel, text) in files.chain(notices) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

fn config(name: &str, slug: &str, theme: &str, portal: &str) -> String {
    format!(
        "# Your site's settings. Every key is checked: a typo is an error with a suggestion.\n\
         base_url: https://www.{slug}.example\n\
         language: en\n\
         languages: [es]\n\
         theme: {theme}\n\
         practice:\n  name: \"{name}\"\n  phone: \"(555) 555-0100\"\n  accepting_new_patients: true\n\
         locations:\n  - id: main\n    name: Main office\n\
         \x20   address: {{ street: 100 Main St, city: Springfield, region: OR, postal_code: \"97477\" }}\n\
         \x20   phone: \"(555) 555-0100\"\n\
         \x20   hours:\n      - {{ days: [Mo, Tu, We, Th, Fr], opens: \"08:00\", closes: \"17:00\" }}\n\
         # The notices a practice site must carry: each a page under content/ (samples for now).\n\
         # List the languages most spoken in your state; the language help page needs a tagline in each.\n\
         compliance:\n  taglines: [es]\n{portal}"
    )
}

const HOME_EN: &str = "---\ntitle: Welcome\ndescription: Care for you and your family, close to home.\n---\n\
Welcome to {name}. We care for people of all ages. Call us to make an appointment.\n\n\
In a medical emergency, call 911.\n";
const HOME_ES: &str = "---\ntitle: Bienvenidos\ndescription: Atención para usted y su familia, cerca de su casa.\n---\n\
Bienvenido a {name}. Atendemos a personas de todas las edades. Llámenos para pedir una cita.\n\n\
En una emergencia médica, llame al 911.\n";
const ABOUT_EN: &str = "---\ntitle: About us\ndescription: Who we are and how we care for you.\nweight: 20\n---\n\
## Our team\n\nTell patients about your doctors, nurses and staff here.\n\n\
## Our care\n\nSay what kind of care you give and who you see.\n";
const ABOUT_ES: &str = "---\ntitle: Sobre nosotros\ndescription: Quiénes somos y cómo le cuidamos.\nweight: 20\n---\n\
## Nuestro equipo\n\nAquí cuente a sus pacientes sobre sus médicos, enfermeras y personal.\n\n\
## Nuestra atención\n\nDiga qué tipo de atención da y a quién atiende.\n";
const CONTACT_EN: &str = "---\ntitle: Contact us\ndescription: How to reach us by phone or in person.\nweight: 30\ntemplate: contact.html\n---\n\
The fastest way to reach us is by phone. Please do not send health details by email.\n";
const CONTACT_ES: &str = "---\ntitle: Contáctenos\ndescription: Cómo comunicarse con nosotros por teléfono o en persona.\nweight: 30\ntemplate: contact.html\n---\n\
La forma más rápida de comunicarse con nosotros es por teléfono. Por favor, no envíe datos de salud por correo electrónico.\n";

/// The notices (file stem, English title, Spanish title), in the order of the `compliance` plugin.
const NOTICES: &[(&str, &str, &str)] = &[
    (
        "notice-of-privacy-practices",
        "Notice of Privacy Practices",
        "Aviso de Prácticas de Privacidad",
    ),
    (
        "nondiscrimination",
        "Nondiscrimination notice",
        "Aviso de no discriminación",
    ),
    ("language-assistance", "Language help", "Ayuda en su idioma"),
    (
        "billing-rights",
        "Your rights about surprise bills",
        "Sus derechos frente a las facturas médicas sorpresa",
    ),
    (
        "good-faith-estimate",
        "Good faith estimate",
        "Estimación de buena fe",
    ),
    ("accessibility", "Accessibility", "Accesibilidad"),
];

/// One sample page per notice and language. Portico never writes a practice's legal text: each page only
/// says what belongs there, and the language page carries the one tagline `compliance.taglines` asks for.
fn sample_notices() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for (stem, en, es) in NOTICES {
        let tagline = if *stem == "language-assistance" {
            "\n<p lang=\"es\">Si habla español, le damos ayuda gratis con el idioma. Llame al (555) 555-0100.</p>\n"
        } else {
            ""
        };
        files.push((
            format!("content/{stem}.md"),
            format!(
                "---\ntitle: {en}\ndescription: Sample page, to be replaced with the practice's own text.\nsample: true\n---\n\
                 > **Sample page.** Put your practice's own {en} here. Portico does not write legal \
                 notices: get the text from your lawyer or compliance officer, then remove `sample: true`.\n{tagline}"
            ),
        ));
        let tagline = if *stem == "language-assistance" {
            "\n<p lang=\"en\">If you speak English, we give free language help. Call (555) 555-0100.</p>\n"
        } else {
            ""
        };
        files.push((
            format!("content/{stem}.es.md"),
            format!(
                "---\ntitle: {es}\ndescription: Página de muestra, para reemplazar con el texto de la práctica.\nsample: true\n---\n\
                 > **Página de muestra.** Ponga aquí el texto de su práctica: {es}. Portico no escribe \
                 avisos legales: pida el texto a su abogado o encargado de cumplimiento y luego quite \
                 `sample: true`.\n{tagline}"
            ),
        ));
    }
    files
}
