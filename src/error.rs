//! One error type with a location, and a collector that gathers many of them.
//!
//! Every user-facing problem is an [`Error`]: a kind, a message in plain words, where it happened in the
//! user's own file (path, line and column counted from the top of that file, not from the top of a YAML
//! block inside it), and a one-line fix where we know one. The plain `Display` form is a short report; the
//! alternate form (`{:#}`) adds the offending source line with a caret under the column.
//!
//! A build does not stop at the first broken link or bad page: stages push errors into [`Diagnostics`] and
//! the build fails once, at the end of the stage, with all of them.

use std::fmt;
use std::path::PathBuf;

use crate::rules::{Level, Levels, RuleId};

/// What went wrong, broadly. Callers match on this; the message says the details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing a file failed.
    Io,
    /// `portico.yaml` (or a plugin's table in it) is malformed or invalid.
    Config,
    /// A page's front matter is malformed or invalid.
    FrontMatter,
    /// A content file cannot be used (not UTF-8, unknown language suffix, ...).
    Content,
    /// An internal link (`@/page.md`, `#anchor`) leads nowhere.
    Link,
    /// Two files claim one output URL.
    DuplicateUrl,
    /// A theme is missing or malformed.
    Theme,
    /// A template failed to parse or render.
    Template,
    /// The output folder could not be replaced.
    Output,
    /// A picture cannot be read, is too large, or is in a format a website cannot use.
    Image,
    /// A component in a page's text is mistyped, unknown, or a template tag from another tool.
    Component,
    /// A site to import (a WordPress export, a Hugo or Zola folder) cannot be read or moved in.
    Import,
    /// A file under `data/` cannot be read, or its name cannot be used in templates.
    Data,
}

/// A place in a user's file. Lines and columns are 1-based and count from the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// The library's error. Boxed so that `Result<T, Error>` stays one pointer wide.
pub struct Error {
    repr: Box<Repr>,
}

struct Repr {
    kind: ErrorKind,
    message: String,
    location: Option<Location>,
    help: Option<String>,
    /// The text of the line at `location`, for the alternate display.
    excerpt: Option<String>,
    /// Other places involved (the second file of a duplicate URL, ...).
    related: Vec<(String, Location)>,
    notes: Vec<String>,
    /// The `portico check` rule this problem belongs to, whose level the site may set.
    rule: Option<RuleId>,
    /// More problems found in the same read (every unknown key of one file), reported as errors of
    /// their own when this one is recorded in a [`Diagnostics`].
    also: Vec<Error>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            repr: Box::new(Repr {
                kind,
                message: message.into(),
                location: None,
                help: None,
                excerpt: None,
                related: Vec::new(),
                notes: Vec::new(),
                rule: None,
                also: Vec::new(),
            }),
        }
    }

    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.repr.location = Some(location);
        self
    }

    /// Carries more problems of the same read, so a function that returns one `Error` still reports them
    /// all.
    #[must_use]
    pub fn with_also(mut self, more: Vec<Error>) -> Self {
        self.repr.also.extend(more);
        self
    }

    /// This error and the ones it carries, each on its own.
    fn flatten(mut self) -> Vec<Error> {
        let more = std::mem::take(&mut self.repr.also);
        let mut all = vec![self];
        all.extend(more.into_iter().flat_map(Error::flatten));
        all
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.repr.help = Some(help.into());
        self
    }

    /// Attaches the source line that `location` points into, taken from the file's full text.
    #[must_use]
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(line) = self.repr.location.as_ref().and_then(|l| l.line) {
            self.repr.excerpt = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        }
        self
    }

    #[must_use]
    pub fn with_related(mut self, label: impl Into<String>, location: Location) -> Self {
        self.repr.related.push((label.into(), location));
        self
    }

    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.repr.notes.push(note.into());
        self
    }

    /// Marks the problem as a finding of the `portico check` rule `id`.
    #[must_use]
    pub fn with_rule(mut self, id: RuleId) -> Self {
        self.repr.rule = Some(id);
        self
    }

    /// The `portico check` rule this problem belongs to.
    pub fn rule(&self) -> Option<RuleId> {
        self.repr.rule
    }

    /// Whether two errors report the same mistake at the same place (one template error hit by many pages).
    pub fn same_problem(&self, other: &Error) -> bool {
        self.repr.kind == other.repr.kind
            && self.repr.message == other.repr.message
            && self.repr.location == other.repr.location
    }

    pub fn kind(&self) -> ErrorKind {
        self.repr.kind
    }

    pub fn message(&self) -> &str {
        &self.repr.message
    }

    pub fn location(&self) -> Option<&Location> {
        self.repr.location.as_ref()
    }

    pub fn help(&self) -> Option<&str> {
        self.repr.help.as_deref()
    }

    /// Shifts the line by `lines`, for errors found in a block that starts further down its file.
    #[must_use]
    pub fn offset_lines(mut self, lines: usize) -> Self {
        if let Some(line) = self.repr.location.as_mut().and_then(|l| l.line.as_mut()) {
            *line += lines;
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let repr = &self.repr;
        write!(f, "{}", repr.message)?;
        if let Some(location) = &repr.location {
            write!(f, "\n  --> {location}")?;
        }
        if f.alternate()
            && let Some(excerpt) = &repr.excerpt
            && let Some(line) = repr.location.as_ref().and_then(|l| l.line)
        {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            let column = repr.location.as_ref().and_then(|l| l.column);
            let (shown, column) = window(excerpt, column);
            write!(f, "\n {pad} |\n {number} | {shown}")?;
            if let Some(column) = column {
                let indent: String = shown
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n {pad} | {indent}^")?;
            }
        }
        for (label, location) in &repr.related {
            write!(f, "\n  {label}: {location}")?;
        }
        for note in &repr.notes {
            write!(f, "\n  note: {note}")?;
        }
        if let Some(help) = &repr.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// At most [`WINDOW`] characters of a long line around `column` (a minified or generated line can be
/// megabytes long), with `…` where it is cut, and the column within what is shown.
fn window(line: &str, column: Option<usize>) -> (String, Option<usize>) {
    const WINDOW: usize = 100;
    let count = line.chars().count();
    if count <= WINDOW {
        return (line.to_owned(), column);
    }
    let at = column.unwrap_or(1).saturating_sub(1).min(count);
    let start = at.saturating_sub(WINDOW / 2).min(count - WINDOW);
    let body: String = line.chars().skip(start).take(WINDOW).collect();
    let (before, after) = (start > 0, start + WINDOW < count);
    let shown = format!(
        "{}{body}{}",
        if before { "…" } else { "" },
        if after { "…" } else { "" }
    );
    (shown, column.map(|c| c - start + usize::from(before)))
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.repr.kind)
            .field("message", &self.repr.message)
            .field("location", &self.repr.location)
            .field("help", &self.repr.help)
            .finish_non_exhaustive()
    }
}

impl std::error::Error for Error {}

/// `n` and the noun, in the singular for one: "1 error", "2 errors", "1 page".
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Warnings and errors gathered over a stage, so one run reports every problem at once.
#[derive(Debug, Default)]
pub struct Diagnostics {
    errors: Vec<Error>,
    warnings: Vec<Error>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    pub fn error(&mut self, error: Error) {
        self.errors.extend(error.flatten());
    }

    pub fn warn(&mut self, warning: Error) {
        self.warnings.push(warning);
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn errors(&self) -> &[Error] {
        &self.errors
    }

    pub fn warnings(&self) -> &[Error] {
        &self.warnings
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    /// Records a problem of `portico check`'s rule `id` at the level the site set for it: an error, a
    /// warning, or nothing when the site allows it.
    pub fn by_rule(&mut self, levels: &Levels, id: RuleId, problem: Error) {
        let problem = problem.with_rule(id);
        match levels.level(id) {
            Level::Deny => self.error(problem),
            Level::Warn => self.warn(problem),
            Level::Allow => {}
        }
    }

    /// Records the error of a `Result`, keeping its value otherwise.
    pub fn take<T>(&mut self, result: Result<T, Error>) -> Option<T> {
        result.map_err(|error| self.error(error)).ok()
    }

    /// Ends a stage: `Err(self)` when any error was recorded, so the caller stops before the next stage.
    pub fn check(self) -> Result<Diagnostics, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(self)
        }
    }

    /// Sorts errors and warnings by file and line, so reports are stable whatever the thread order.
    pub fn sort(&mut self) {
        let key = |e: &Error| {
            let l = e.location();
            (
                l.map(|l| l.path.clone()),
                l.and_then(|l| l.line),
                l.and_then(|l| l.column),
                e.message().to_owned(),
            )
        };
        self.errors.sort_by_key(key);
        self.warnings.sort_by_key(key);
    }
}

impl From<Error> for Diagnostics {
    fn from(error: Error) -> Self {
        Diagnostics {
            errors: error.flatten(),
            warnings: Vec::new(),
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {error:#}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
