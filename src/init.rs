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
        // The build's output and the processed-image cache are made again by every build.
        (
            ".gitignore",
            "public/\n.public.portico-staging/\n.portico-cache/\n".to_owned(),
        ),
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
         # The 15 languages most spoken by people with limited English in your state (45 CFR 92.11): these\n\
         # are Oregon's; the language help page needs a tagline in each.\n\
         compliance:\n  taglines: [{taglines}]\n{portal}",
        taglines = TAGLINES
            .iter()
            .filter_map(|t| t.split('"').nth(1))
            .collect::<Vec<_>>()
            .join(", ")
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

/// Taglines in the 15 languages most spoken by people with limited English in Oregon (the sample
/// address's state): what 45 CFR 92.11 asks the language-assistance notice to carry. A practice
/// replaces them with its own state's 15 (HHS publishes the lists and sample taglines).
const TAGLINES: &[&str] = &[
    "<p lang=\"es\">Si habla español, puede recibir ayuda gratis con el idioma. Llame al 555-555-0100 (TTY: 711).</p>",
    "<p lang=\"vi\">Nếu quý vị nói tiếng Việt, quý vị có thể nhận trợ giúp ngôn ngữ miễn phí. Hãy gọi số 555-555-0100 (TTY: 711).</p>",
    "<p lang=\"zh\">如果您说中文，您可以免费获得语言协助服务。请致电 555-555-0100 (TTY: 711)。</p>",
    "<p lang=\"ru\">Если вы говорите по-русски, вам доступна бесплатная языковая помощь. Звоните по номеру 555-555-0100 (TTY: 711).</p>",
    "<p lang=\"ko\">한국어를 사용하시는 경우, 무료 언어 지원 서비스를 이용하실 수 있습니다. 555-555-0100 (TTY: 711)번으로 전화하십시오.</p>",
    "<p lang=\"uk\">Якщо ви розмовляєте українською, ви можете безкоштовно отримати мовну допомогу. Телефонуйте за номером 555-555-0100 (TTY: 711).</p>",
    "<p lang=\"ar\" dir=\"rtl\">إذا كنت تتحدث العربية، فإن خدمات المساعدة اللغوية متاحة لك مجانًا. اتصل بالرقم <span dir=\"ltr\">555-555-0100 (TTY: 711)</span>.</p>",
    "<p lang=\"so\">Haddii aad ku hadasho Af-Soomaali, waxaad heli kartaa caawimaad luqadeed oo bilaash ah. Wac 555-555-0100 (TTY: 711).</p>",
    "<p lang=\"ja\">日本語を話される方は、言語支援サービスを無料でご利用いただけます。555-555-0100 (TTY: 711) までお電話ください。</p>",
    "<p lang=\"ro\">Dacă vorbiți limba română, puteți primi gratuit ajutor lingvistic. Sunați la 555-555-0100 (TTY: 711).</p>",
    "<p lang=\"fa\" dir=\"rtl\">اگر به زبان فارسی صحبت می‌کنید، کمک زبانی رایگان در دسترس شماست. با شماره <span dir=\"ltr\">555-555-0100 (TTY: 711)</span> تماس بگیرید.</p>",
    "<p lang=\"km\">ប្រសិនបើអ្នកនិយាយភាសាខ្មែរ អ្នកអាចទទួលបានជំនួយផ្នែកភាសាដោយឥតគិតថ្លៃ។ សូមទូរស័ព្ទទៅលេខ 555-555-0100 (TTY: 711)។</p>",
    "<p lang=\"am\">አማርኛ የሚናገሩ ከሆነ፣ የቋንቋ እርዳታ በነፃ ማግኘት ይችላሉ። ወደ 555-555-0100 (TTY: 711) ይደውሉ።</p>",
    "<p lang=\"lo\">ຖ້າທ່ານເວົ້າພາສາລາວ, ທ່ານສາມາດຮັບການຊ່ວຍເຫຼືອດ້ານພາສາໂດຍບໍ່ເສຍຄ່າ. ໂທຫາ 555-555-0100 (TTY: 711).</p>",
    "<p lang=\"tl\">Kung nagsasalita ka ng Tagalog, may libreng tulong sa wika para sa iyo. Tumawag sa 555-555-0100 (TTY: 711).</p>",
];

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
/// The privacy notice has an effective-date line and the nondiscrimination notice a line each on free aids
/// and services, Section 504 and the grievance procedure, as `portico check` asks.
fn sample_notices() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for (stem, en, es) in NOTICES {
        let taglines = format!("\n{}\n", TAGLINES.join("\n"));
        let tagline = match *stem {
            "language-assistance" => taglines.as_str(),
            "notice-of-privacy-practices" => {
                "\n**Effective date:** (the date your notice takes effect)\n"
            }
            "nondiscrimination" => {
                "\nWe give free aids and services to people with disabilities, such as sign language \
                 interpreters and large print. Section 504 of the Rehabilitation Act protects the rights of \
                 people with disabilities. To ask for help, call (555) 555-0100 (TTY: 711).\n\n\
                 To file a grievance (a complaint) about unfair treatment, call our Section 1557 \
                 Coordinator at (555) 555-0100.\n"
            }
            _ => "",
        };
        files.push((
            format!("content/{stem}.md"),
            format!(
                "---\ntitle: {en}\ndescription: Sample page, to be replaced with the practice's own text.\nsample: true\n---\n\
                 > **Sample page.** Put your practice's own {en} here. Portico does not write legal \
                 notices: get the text from your lawyer or compliance officer, then remove `sample: true`.\n{tagline}"
            ),
        ));
        let taglines_es = format!(
            "{taglines}<p lang=\"en\">If you speak English, you can get free help with language. Call 555-555-0100 (TTY: 711).</p>\n"
        );
        let tagline = match *stem {
            "language-assistance" => taglines_es.as_str(),
            "notice-of-privacy-practices" => {
                "\n**Fecha de vigencia:** (la fecha en que su aviso entra en vigor)\n"
            }
            "nondiscrimination" => {
                "\nDamos ayudas y servicios gratis a las personas con discapacidad, como intérpretes de \
                 lenguaje de señas y letra grande. La Sección 504 de la Ley de Rehabilitación protege los \
                 derechos de las personas con discapacidad. Para pedir ayuda, llame al (555) 555-0100 \
                 (TTY: 711).\n\n\
                 Para presentar una queja por un trato injusto, llame a nuestro coordinador de la Sección \
                 1557 al (555) 555-0100.\n"
            }
            _ => "",
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
