//! The MiniJinja backend.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use minijinja::value::{Enumerator, Kwargs, Object, Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use super::functions::Functions;
use super::{Engine, Prepared, template_error};
use crate::error::{Diagnostics, Error};
use crate::html::escape;
use crate::theme::Theme;
use crate::views::{PageContext, SharedContext};

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
    env.add_function("url", move |path: Option<&str>, kwargs: Kwargs| {
        f.url(&named(path, &kwargs, "path")?).map_err(invalid)
    });
    let f = Arc::clone(functions);
    env.add_function("asset", move |path: Option<&str>, kwargs: Kwargs| {
        f.asset(&named(path, &kwargs, "path")?).map_err(invalid)
    });
    let f = Arc::clone(functions);
    env.add_function("integrity", move |path: Option<&str>, kwargs: Kwargs| {
        Ok::<_, minijinja::Error>(f.integrity(&named(path, &kwargs, "path")?).to_owned())
    });
    let f = Arc::clone(functions);
    env.add_function("vendor_href", move |url: Option<&str>, kwargs: Kwargs| {
        f.vendor_href(&named(url, &kwargs, "url")?)
            .map(Value::from_safe_string)
            .map_err(invalid)
    });
    let f = Arc::clone(functions);
    env.add_function("outbound_href", move |url: Option<&str>, kwargs: Kwargs| {
        f.outbound_href(&named(url, &kwargs, "url")?)
            .map(Value::from_safe_string)
            .map_err(invalid)
    });
    let f = Arc::clone(functions);
    env.add_function("image", move |src: Option<&str>, kwargs: Kwargs| {
        let src = match src {
            Some(src) => src.to_owned(),
            None => kwargs.get::<String>("src")?,
        };
        let slot: Option<String> = kwargs.get("slot")?;
        kwargs.assert_all_used()?;
        f.image(&src, slot.as_deref())
            .map(|view| Value::from(Serde(view)))
            .map_err(invalid)
    });
    let f = Arc::clone(functions);
    env.add_filter("tel", move |phone: &str| f.tel(phone).map_err(invalid));
    let f = Arc::clone(functions);
    env.add_filter(
        "format_date",
        move |date: Value, lang: Option<&str>, kwargs: Kwargs| {
            let iso = date
                .get_attr("iso")
                .ok()
                .filter(|v| !v.is_undefined())
                .unwrap_or(date);
            f.format_date(
                iso.as_str().unwrap_or_default(),
                &named(lang, &kwargs, "lang")?,
            )
            .map_err(invalid)
        },
    );
    let f = Arc::clone(functions);
    env.add_filter("markdown", move |text: &str| {
        Value::from_safe_string(f.markdown(text))
    });
    // MiniJinja's `split` takes the separator by position and gives an iterator; Tera's takes `pat=` and
    // gives a list. Both, as a list, so one template serves both engines.
    env.add_filter(
        "split",
        |text: &str, pat: Option<&str>, kwargs: Kwargs| -> Result<Vec<String>, minijinja::Error> {
            let pat = match pat {
                Some(pat) => Some(pat.to_owned()),
                None => kwargs.get::<Option<String>>("pat")?,
            };
            kwargs.assert_all_used()?;
            Ok(match pat {
                Some(pat) => text.split(pat.as_str()).map(str::to_owned).collect(),
                None => text.split_whitespace().map(str::to_owned).collect(),
            })
        },
    );
    // MiniJinja's `join` takes the separator by position only; Tera's by name (`sep=`). Both, so one
    // template serves both engines.
    env.add_filter(
        "join",
        |items: Value, sep: Option<&str>, kwargs: Kwargs| -> Result<String, minijinja::Error> {
            let sep = match sep {
                Some(sep) => sep.to_owned(),
                None => kwargs.get::<Option<String>>("sep")?.unwrap_or_default(),
            };
            kwargs.assert_all_used()?;
            if items.is_undefined() || items.is_none() {
                return Ok(String::new());
            }
            if let Some(text) = items.as_str() {
                let chars: Vec<String> = text.chars().map(String::from).collect();
                return Ok(chars.join(&sep));
            }
            let parts: Vec<String> = items.try_iter()?.map(|item| item.to_string()).collect();
            Ok(parts.join(&sep))
        },
    );
}

/// The one argument of a function or filter, given by position (`asset("x")`) or by `name`
/// (`asset(path="x")`, as Tera writes it).
fn named(
    positional: Option<&str>,
    kwargs: &Kwargs,
    name: &str,
) -> Result<String, minijinja::Error> {
    let value = match positional {
        Some(value) => Some(value.to_owned()),
        None => kwargs.get::<Option<String>>(name)?,
    };
    kwargs.assert_all_used()?;
    value.ok_or_else(|| invalid(format!("missing argument `{name}`")))
}

fn invalid(message: String) -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, message)
}

/// The variables every page of a language shares, keyed by plain strings.
///
/// A map made by serializing (`Value::from(Serde(..))`) is keyed by `Value`s: every lookup of a name
/// (`t`, `site`, `portal`) first makes a `Value` of the name, then compares it with the keys one by one
/// in the engine's generic ordering, and the string table `t` alone has two hundred keys. That was a
/// quarter of a page's template time (callgrind, 1,000 pages). Keyed by `String`, a lookup is a plain
/// string search in a B-tree, and iteration keeps the same (sorted) order as before.
#[derive(Debug)]
struct Shared {
    vars: BTreeMap<String, Value>,
}

impl Shared {
    fn new(shared: &SharedContext<'_>) -> Self {
        // The plugins' views become top-level variables, each converted like a plugin's data always was.
        let plugins = match serde_json::to_value(shared.plugins) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        let mut vars: BTreeMap<String, Value> = plugins
            .iter()
            .map(|(name, value)| (name.clone(), from_json(value)))
            .collect();
        let table: BTreeMap<String, Value> = shared
            .t
            .iter()
            .map(|(key, text)| (key.clone(), Value::from(text.as_str())))
            .collect();
        vars.insert("t".to_owned(), Value::from_object(table));
        vars.insert("lang".to_owned(), Value::from(shared.lang));
        vars.insert("site".to_owned(), Value::from(Serde(shared.site)));
        let data: BTreeMap<String, Value> = shared
            .data
            .iter()
            .map(|(name, value)| (name.clone(), from_json(value)))
            .collect();
        vars.insert("data".to_owned(), Value::from_object(data));
        Shared { vars }
    }
}

/// A plugin's data as template values, its maps keyed by `String` (see [`Shared`]).
fn from_json(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Array(items) => items.iter().map(from_json).collect::<Vec<_>>().into(),
        serde_json::Value::Object(map) => Value::from_object(
            map.iter()
                .map(|(key, value)| (key.clone(), from_json(value)))
                .collect::<BTreeMap<String, Value>>(),
        ),
        other => Value::from(Serde(other)),
    }
}

/// What one render sees: the page's own variables, then the shared ones. Looked up by name without
/// making a `Value` of the name first (MiniJinja's `merge_maps` does, for every variable a template
/// reads).
#[derive(Debug)]
struct Scope {
    page: Value,
    shared: Arc<Shared>,
}

impl Object for Scope {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        match self.page.get_attr(key) {
            Ok(value) if !value.is_undefined() => Some(value),
            _ => self.shared.vars.get(key).cloned(),
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let mut names: Vec<Value> = self.page.try_iter().into_iter().flatten().collect();
        names.extend(self.shared.vars.keys().map(|k| Value::from(k.as_str())));
        Enumerator::Values(names)
    }
}

impl Engine for MiniJinja {
    fn prepare(&self, shared: &SharedContext<'_>) -> Result<Prepared, Error> {
        Ok(Prepared::new(Arc::new(Shared::new(shared))))
    }

    fn render(
        &self,
        template: &str,
        shared: &Prepared,
        page: &PageContext<'_>,
    ) -> Result<String, Error> {
        // The page's variables, then the shared ones, without copying either.
        let context = Value::from_object(Scope {
            page: Value::from(Serde(page)),
            shared: Arc::clone(shared.get::<Arc<Shared>>()),
        });
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
