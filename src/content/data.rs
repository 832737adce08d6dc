//! `data/`: YAML and JSON files whose values every template and component can read, as `data.NAME`
//! (`data/hours.yaml` is `data.hours`; a file in a folder, `data/team/nurses.yaml`, is
//! `data.team.nurses`).
//!
//! Read as strictly as `portico.yaml`: YAML through the same reader (its budgets against alias bombs,
//! its messages with file, line and column), JSON through serde_json with its line and column. Names
//! must be usable in a template (`data.flu_clinic`, not `data["flu-clinic"]`), so a name with anything
//! but lowercase letters, digits and `_` is an error, as are two files for one name (`hours.yaml` and
//! `hours.json`) and a file of any other kind: each would otherwise be a value a template silently
//! does not get.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::config::yaml::YamlSource;
use crate::error::{Diagnostics, Error, ErrorKind, Location};
use crate::site_files::{relative, walk};

/// The site's data folder, under its root.
pub const DATA_DIR: &str = "data";

/// Every file under `ROOT/data/`, as one map: `{ "hours": ..., "team": { "nurses": ... } }`. A site
/// without the folder has an empty map.
pub fn load(root: &Path) -> Result<BTreeMap<String, Value>, Diagnostics> {
    let dir = root.join(DATA_DIR);
    let mut data = Map::new();
    if !dir.is_dir() {
        return Ok(BTreeMap::new());
    }
    let mut diagnostics = Diagnostics::new();
    let mut files = walk(root, &dir, &mut diagnostics);
    files.sort();
    for path in files {
        match read(&dir, &path) {
            Ok((names, value)) => {
                if let Err(error) = insert(&mut data, &names, value, &path) {
                    diagnostics.error(error);
                }
            }
            Err(error) => diagnostics.error(error),
        }
    }
    diagnostics.check()?;
    Ok(data.into_iter().collect())
}

/// The names a file is read under (`["team", "nurses"]`) and its value.
fn read(dir: &Path, path: &Path) -> Result<(Vec<String>, Value), Error> {
    let rel = relative(dir, path).unwrap_or_default();
    let (stem, extension) = rel.rsplit_once('.').unwrap_or((rel.as_str(), ""));
    let names: Vec<String> = stem.split('/').map(str::to_owned).collect();
    if let Some(bad) = names.iter().find(|n| !is_name(n)) {
        return Err(Error::new(
            ErrorKind::Data,
            format!("`{bad}` cannot be a name in templates"),
        )
        .at(Location::file(path))
        .with_help("name data files and folders with lowercase letters, digits and _ (flu_clinic.yaml), so templates can write data.flu_clinic"));
    }
    let text = crate::fs::read_to_string(path)?;
    let value = match extension {
        "yaml" | "yml" => YamlSource::new(path, &text, ErrorKind::Data).parse::<Value>()?,
        "json" => serde_json::from_str(&text).map_err(|e| {
            // serde_json's message ends with the place, which the location already gives.
            let message = e.to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
            Error::new(ErrorKind::Data, format!("the JSON cannot be read: {message}"))
                .at(Location::at(path, e.line().max(1), e.column().max(1)))
                .with_source(&text)
                .with_help("check this line and the one above: a value missing after `:`, a comma after the last item, or a quote left open")
        })?,
        _ => {
            return Err(Error::new(
                ErrorKind::Data,
                "data files are YAML (.yaml) or JSON (.json)",
            )
            .at(Location::file(path))
            .with_help("convert the file to YAML or JSON, or keep it outside data/ (pictures and files belong in static/)"));
        }
    };
    Ok((names, value))
}

fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit()
}

/// Puts `value` at `names` in `data`, making a map for each folder.
fn insert(
    data: &mut Map<String, Value>,
    names: &[String],
    value: Value,
    path: &Path,
) -> Result<(), Error> {
    let clash = || {
        Error::new(
            ErrorKind::Data,
            format!("two data files are named `data.{}`", names.join(".")),
        )
        .at(Location::file(path))
        .with_help(
            "a file and a folder, or a .yaml and a .json file, share the name: rename one of them",
        )
    };
    let Some((last, folders)) = names.split_last() else {
        return Ok(());
    };
    let mut map = data;
    for folder in folders {
        let entry = map
            .entry(folder.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        map = entry.as_object_mut().ok_or_else(clash)?;
    }
    if map.contains_key(last) {
        return Err(clash());
    }
    map.insert(last.clone(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_what_a_template_can_write() {
        assert!(is_name("flu_clinic") && is_name("hours2"));
        assert!(!is_name("flu-clinic") && !is_name("2026") && !is_name("Hours") && !is_name(""));
    }

    #[test]
    fn a_folder_and_a_file_of_one_name_clash() {
        let mut data = Map::new();
        let at = Path::new("data/team.yaml");
        insert(&mut data, &["team".to_owned()], Value::Bool(true), at).unwrap();
        let names = ["team".to_owned(), "nurses".to_owned()];
        assert!(insert(&mut data, &names, Value::Null, at).is_err());
        assert!(insert(&mut data, &["team".to_owned()], Value::Null, at).is_err());
    }
}
