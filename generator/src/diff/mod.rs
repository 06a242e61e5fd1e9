//! Semantic diff of two versions of one API: what changed, whether it breaks a client, and
//! which generated Rust items it touches.
//!
//! Both versions go through the whole pipeline first, so the comparison works on resolved
//! types: moving an inline schema into `components` changes a Rust name, not the API. The walk
//! starts at the operations (matched by method and path, or else by operationId) and follows
//! parameters, bodies and responses into the types they use, pairing old and new types by
//! where they are used rather than by name. Whether a change breaks depends on its direction:
//! a request that gets stricter breaks, a response that gets looser breaks.

mod compare;
mod kind;
mod report;

use std::fmt;

use crate::{ApiInput, Diagnostics};

/// How a change affects a client of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Requests that worked may fail, or responses may not decode.
    Breaking,
    /// The wire protocol would break a naive client, but the generated code takes it in (an
    /// enum value it keeps in the catch-all variant).
    Absorbed,
    /// Nothing a client does stops working.
    NonBreaking,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Breaking => "breaking",
            Severity::Absorbed => "absorbed by the generated code",
            Severity::NonBreaking => "non-breaking",
        })
    }
}

/// What happens to a generated Rust item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RustChange {
    /// It is new.
    Added,
    /// It is gone: code that uses it stops compiling.
    Removed,
    /// It has a new name: code that names it stops compiling.
    Renamed,
    /// Its type changed: code that uses it may stop compiling.
    Retyped,
    /// It is now `#[deprecated]`: code that uses it gets a warning.
    Deprecated,
    /// Its value changed, not its type.
    Changed,
}

impl fmt::Display for RustChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RustChange::Added => "added",
            RustChange::Removed => "removed",
            RustChange::Renamed => "renamed",
            RustChange::Retyped => "retyped",
            RustChange::Deprecated => "deprecated",
            RustChange::Changed => "changed",
        })
    }
}

/// One generated item a change touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustImpact {
    /// The item, e.g. `models::LoginRequest::access_key` or `operations::SsoLogin::new`.
    pub item: String,
    /// What happens to it.
    pub change: RustChange,
    /// Why it matters, where that is not obvious.
    pub note: Option<String>,
}

/// One change between the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// A stable kebab-case name of the kind of change, e.g. `request-property-added`.
    pub kind: &'static str,
    /// What the change belongs to: an operation (`POST /pets`) or a schema (`schema Pet`).
    pub group: String,
    /// The groups of operations, each a Cargo feature of the generated crate, whose code the
    /// change is in: the operation's, or those of the operations that use the schema. Empty
    /// for an API without groups, and for the API as a whole.
    pub features: Vec<String>,
    /// Where inside the group, in words (`request body › owner › name`).
    pub place: String,
    /// The JSON pointer of the changed node, in the new spec (in the old one for a removal).
    pub pointer: String,
    /// The old value, if the change has one.
    pub old: Option<String>,
    /// The new value, if the change has one.
    pub new: Option<String>,
    /// Whether it breaks a client.
    pub severity: Severity,
    /// Why it is classified so.
    pub reason: String,
    /// The generated items it touches.
    pub rust: Vec<RustImpact>,
}

/// Every change, in a defined order: by group, then as found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether any change breaks a client.
    pub fn has_breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.severity == Severity::Breaking)
    }
}

/// Compares two versions of an API. Each is read, validated and lowered as for generation;
/// problems in either are returned instead.
pub fn diff(old: &ApiInput, new: &ApiInput) -> Result<Report, Diagnostics> {
    let old_api = crate::parse_api(old);
    let new_api = crate::parse_api(new);
    let (old_api, new_api) = match (old_api, new_api) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(Diagnostics(mut a)), Err(Diagnostics(b))) => {
            a.extend(b);
            return Err(Diagnostics(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let mut report = compare::compare(&old_api, &new_api);
    // Each change is placed in the spec as written (a Swagger 2.0 one was compared as 3.0):
    // in the new spec, or in the old one for a removal.
    for change in &mut report.changes {
        let side = if change.new.is_none() {
            &old_api
        } else {
            &new_api
        };
        change.pointer = side.source_pointer(&change.pointer);
    }
    Ok(report)
}

pub use report::Format;

impl Report {
    /// The report in the given format; `color` adds ANSI colours to the text format.
    pub fn render(&self, format: Format, color: bool) -> String {
        match format {
            Format::Text => report::text(self, color),
            Format::Markdown => report::markdown(self),
            Format::Json => report::json(self),
        }
    }
}
