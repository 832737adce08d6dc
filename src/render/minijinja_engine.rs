//! The MiniJinja backend.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use minijinja::value::{Serde, Value, merge_maps};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use super::functions::Functions;
use super::views::{PageContext, SharedContext};
use super::{Engine, Prepared, escape, template_error};
use crate::error::{Diagnostics, Error};
use crate::theme::Theme;

/// Bounds one render: a template that loops or recurses forever runs out of fuel instead of hanging.
const FUEL_PER_RENDER: u64 = 50_000_000;

#[derive(Debug)]
pub(super) struct MiniJinja {
    env: Environment<'static>,
    origins: BTreeMap<String, PathBuf>,
}

/// How many "included from" places an error names before it counts the rest.
const SHOWN_INCLUDES: usize = 3;

impl MiniJinja {
    pub(super) fn new(theme: &Theme, functions: &Arc<Functions>) -> Result<Self, Diagnostics> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL_PER_RENDER));
        env.set_recursion_limit(100);
        // Keep the final newline of a template, as Tera does, so both engines give the same bytes.
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build();
        env.set_syntax(syntax.expect("the default delimiters are valid"));
        env.set_formatter(|out, state, value| {
            if *state.auto_escape() == AutoEscape::Html
                && !value.is_safe()
                && let Some(text) = value.as_str()
            {
                return out.write_str(&escape(text)).map_err(minijinja::Error::from);
            }
            minijinja::escape_formatter(out, state, value)
        });
        let origins: BTreeMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|(name, t)| (name.clone(), t.origin.clone()))
            .collect();
        let mut diagnostics = Diagnostics::new();
        for (name, template) in &theme.templates {
            if let Err(error) = env.add_template_owned(name.clone(), template.text.clone()) {
                diagnostics.error(convert(&error, &origins, &template.text));
            }
        }
        diagnostics.check()?;
        register(&mut env, functions);
        Ok(MiniJinja { env, origins })
    }
}

fn register(env: &mut Environment<'static>, functions: &Arc<Functions>) {
    let f = Arc::clone(functions);
    env.add_function("url", move |path: &str| f.url(path).map_err(invalid));
    let f = Arc::clone(functions);
    env.add_function("asset", move |path: &str| f.asset(path).map_err(invalid));
    let f = Arc::clone(functions);
    env.add_function("integrity", move |path: &str| f.integrity(path).to_owned());
    let f = Arc::clone(functions);
    env.add_filter("tel", move |phone: &str| f.tel(phone).map_err(invalid));
    let f = Arc::clone(functions);
    env.add_filter("format_date", move |date: Value, lang: &str| {
        let iso = date
            .get_attr("iso")
            .ok()
            .filter(|v| !v.is_undefined())
            .unwrap_or(date);
        f.format_date(iso.as_str().unwrap_or_default(), lang)
            .map_err(invalid)
    });
    let f = Arc::clone(functions);
    env.add_filter("markdown", move |text: &str| {
        Value::from_safe_string(f.markdown(text))
    });
}

fn invalid(message: String) -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, message)
}

impl Engine for MiniJinja {
    fn prepare(&self, shared: &SharedContext<'_>) -> Result<Prepared, Error> {
        Ok(Prepared::new(Value::from(Serde(shared))))
    }

    fn render(
        &self,
        template: &str,
        shared: &Prepared,
        page: &PageContext<'_>,
    ) -> Result<String, Error> {
        // A merged map looks names up in the page's variables, then the shared ones, without copying
        // either.
        let context = merge_maps([Value::from(Serde(page)), shared.get::<Value>().clone()]);
        let result = self
            .env
            .get_template(template)
            .and_then(|t| t.render(context));
        result.map_err(|error| {
            // An error inside an included template arrives wrapped: report the innermost one, where the
            // mistake is, and name the including places as notes.
            let mut chain = vec![&error];
            let mut cause = std::error::Error::source(&error);
            while let Some(inner) = cause.and_then(|c| c.downcast_ref::<minijinja::Error>()) {
                chain.push(inner);
                cause = std::error::Error::source(inner);
            }
            let innermost = chain
                .iter()
                .rev()
                .find(|e| e.line().is_some())
                .copied()
                .unwrap_or(&error);
            let mut converted = self.convert(innermost);
            let places: Vec<String> = chain
                .iter()
                .filter(|e| !std::ptr::eq(**e, innermost))
                .filter_map(|outer| {
                    let (name, line) = (outer.name()?, outer.line()?);
                    let path = self
                        .origins
                        .get(name)
                        .map_or_else(|| name.to_owned(), |p| p.display().to_string());
                    Some(format!("included from {path}:{line}"))
                })
                .collect();
            if converted.help().is_none() && converted.message().contains("recursion limit") {
                converted = converted.with_help(
                    "a template includes itself, or a macro calls itself, with no end: give it a condition that stops",
                );
            }
            // A template that includes itself forever would list every level: the first few tell.
            for place in places.iter().take(SHOWN_INCLUDES) {
                converted = converted.with_note(place.clone());
            }
            if places.len() > SHOWN_INCLUDES {
                let more = places.len() - SHOWN_INCLUDES;
                converted = converted.with_note(format!("... and {more} more includes"));
            }
            converted
        })
    }

    fn has_template(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }
}

impl MiniJinja {
    fn convert(&self, error: &minijinja::Error) -> Error {
        let source = error
            .name()
            .and_then(|n| self.env.get_template(n).ok())
            .map(|t| t.source().to_owned());
        convert(error, &self.origins, source.as_deref().unwrap_or_default())
    }
}

fn convert(error: &minijinja::Error, origins: &BTreeMap<String, PathBuf>, source: &str) -> Error {
    let column = error.range().map(|range| {
        let before = source.get(..range.start).unwrap_or(source);
        before.chars().rev().take_while(|&c| c != '\n').count() + 1
    });
    let message = match error.detail() {
        Some(detail) => format!("{}: {detail}", error.kind()),
        None => error.kind().to_string(),
    };
    let name = error.name().unwrap_or_default();
    template_error(
        message,
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name)),
        error.line(),
        column,
        source,
    )
}
