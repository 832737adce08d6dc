//! The Tera 2 backend. Tera passes function arguments by name: `url(path="/about/")`,
//! `date | format_date(lang=lang)`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::functions::Functions;
use super::{Engine, Prepared, template_error};
use crate::error::{Diagnostics, Error};
use crate::html::escape;
use crate::theme::Theme;
use crate::views::{PageContext, SharedContext};

#[derive(Debug)]
pub(super) struct TeraEngine {
    tera: Tera,
    origins: BTreeMap<String, PathBuf>,
    sources: BTreeMap<String, String>,
}

impl TeraEngine {
    pub(super) fn new(theme: &Theme, functions: &Arc<Functions>) -> Result<Self, Diagnostics> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml"]);
        tera.set_escape_fn(|text, out| out.write_all(escape(text).as_bytes()));
        register(&mut tera, functions);
        let origins: BTreeMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|(name, t)| (name.clone(), t.origin.clone()))
            .collect();
        let sources: BTreeMap<String, String> = theme
            .templates
            .iter()
            .map(|(name, t)| (name.clone(), t.text.clone()))
            .collect();
        if let Err(error) =
            tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            return Err(convert(&error, &origins, &sources).into());
        }
        Ok(TeraEngine {
            tera,
            origins,
            sources,
        })
    }
}

fn convert(
    error: &tera::Error,
    origins: &BTreeMap<String, PathBuf>,
    sources: &BTreeMap<String, String>,
) -> Error {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = report.filename();
            let span = report.span();
            template_error(
                report.message().to_owned(),
                origins
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(name)),
                Some(span.start_line),
                Some(span.start_col + 1),
                sources.get(name).map_or("", String::as_str),
            )
        }
        _ => template_error(
            error.to_string(),
            PathBuf::from("templates"),
            None,
            None,
            "",
        ),
    }
}

fn register(tera: &mut Tera, functions: &Arc<Functions>) {
    let f = Arc::clone(functions);
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            f.url(kwargs.must_get::<&str>("path")?)
                .map_err(tera::Error::message)
        },
    );
    let f = Arc::clone(functions);
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            f.asset(kwargs.must_get::<&str>("path")?)
                .map_err(tera::Error::message)
        },
    );
    let f = Arc::clone(functions);
    tera.register_function(
        "integrity",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            Ok(f.integrity(kwargs.must_get::<&str>("path")?).to_owned())
        },
    );
    let f = Arc::clone(functions);
    tera.register_function("vendor_href", move |kwargs: Kwargs, _: &State| {
        f.vendor_href(kwargs.must_get::<&str>("url")?)
            .map(|attributes| Value::safe_string(&attributes))
            .map_err(tera::Error::message)
    });
    let f = Arc::clone(functions);
    tera.register_function("outbound_href", move |kwargs: Kwargs, _: &State| {
        f.outbound_href(kwargs.must_get::<&str>("url")?)
            .map(|attributes| Value::safe_string(&attributes))
            .map_err(tera::Error::message)
    });
    let f = Arc::clone(functions);
    tera.register_function("image", move |kwargs: Kwargs, _: &State| {
        let slot = kwargs.get::<&str>("slot")?;
        f.image(kwargs.must_get::<&str>("src")?, slot)
            .map(|view| Value::from_serializable(&view))
            .map_err(tera::Error::message)
    });
    let f = Arc::clone(functions);
    tera.register_filter(
        "tel",
        move |phone: &str, _: Kwargs, _: &State| -> TeraResult<String> {
            f.tel(phone).map_err(tera::Error::message)
        },
    );
    let f = Arc::clone(functions);
    tera.register_filter(
        "format_date",
        move |date: &Value, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let iso = date.get_from_path("iso").unwrap_or(date);
            let lang = kwargs.must_get::<&str>("lang")?;
            f.format_date(iso.as_str().unwrap_or_default(), lang)
                .map_err(tera::Error::message)
        },
    );
    let f = Arc::clone(functions);
    tera.register_filter("markdown", move |text: &str, _: Kwargs, _: &State| {
        Value::safe_string(&f.markdown(text))
    });
}

impl Engine for TeraEngine {
    fn prepare(&self, shared: &SharedContext<'_>) -> Result<Prepared, Error> {
        tera::Context::from_serialize(shared)
            .map(Prepared::new)
            .map_err(|e| convert(&e, &self.origins, &self.sources))
    }

    fn render(
        &self,
        template: &str,
        shared: &Prepared,
        page: &PageContext<'_>,
    ) -> Result<String, Error> {
        // Tera's values share their contents, so copying the prepared context copies a dozen handles.
        let mut context = shared.get::<tera::Context>().clone();
        context.extend(
            tera::Context::from_serialize(page)
                .map_err(|e| convert(&e, &self.origins, &self.sources))?,
        );
        self.tera
            .render(template, &context)
            .map_err(|e| convert(&e, &self.origins, &self.sources))
    }

    fn has_template(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }
}
