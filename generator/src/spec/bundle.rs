//! Stage 1b: a spec split over several files becomes one document.
//!
//! A `$ref` to another file (`common.yaml#/components/schemas/Error`, `./pet.yaml`) is
//! replaced by a local one: the node it names is copied into the main document's
//! `components` (under the kind its pointer names, or the kind its place implies, and a
//! name that does not collide), and the references inside the copied node are rewritten the
//! same way, relative to the file it came from. Path items are copied in place, since
//! OpenAPI 3.0 has no component for them. Where each copied node came from is recorded (in
//! [`FileOrigins`]), so that a problem found later is shown in the file and at the line where
//! it is written. The files themselves are read by the caller ([`crate::gather_files`]); this
//! module only works on their text.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Problem};
use crate::spec::load::Source;
use crate::spec::origins::FileOrigins;
use crate::spec::pointer::{push_token, split_pointer};
use crate::spec::walk::{self, Position, Walk};

/// A `$ref` to another file, or, in a file other than the main one, to a place in its own file
/// (which must be read too, for the files it names in turn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileRef {
    /// The file, resolved against the referring file's directory.
    pub file: String,
    /// The pointer after `#`; empty for the whole file.
    pub fragment: String,
    /// Where the target stands: where a schema does, or in the structure.
    pub position: Position,
    /// The pointer of the `$ref` in the referring file.
    pub at: String,
}

/// The `$ref`s to files in the node at `start` of `value` (a node at `position`, in the file
/// `base`), in the order found. With `local`, references into `base` itself (`#/...`) count
/// too.
pub(crate) fn file_refs(
    value: &Value,
    base: &str,
    start: &str,
    position: Position,
    local: bool,
) -> Vec<FileRef> {
    let mut out = Vec::new();
    for site in walk::refs_from(value, start, position) {
        let file = match file_part(&site.reference) {
            Some(file) => join(base, file),
            None if local && site.reference.starts_with("#/") => base.to_owned(),
            None => continue,
        };
        out.push(FileRef {
            file,
            fragment: site
                .reference
                .split_once('#')
                .map_or("", |(_, f)| f)
                .to_owned(),
            position: if site.in_schema {
                Position::Schema
            } else {
                Position::Structure
            },
            at: push_token(&site.pointer, "$ref"),
        });
    }
    out
}

/// The file part of a reference to another file: `a.yaml` in `a.yaml#/b`; `None` for a local
/// reference, and for `$id`-style absolute paths (`/api/schemas/pet`), which name schemas.
fn file_part(reference: &str) -> Option<&str> {
    let file = reference.split('#').next().unwrap_or_default();
    let is_file = !file.is_empty()
        && !file.starts_with('/')
        && (file.ends_with(".yaml")
            || file.ends_with(".yml")
            || file.ends_with(".json")
            || file.starts_with("./")
            || file.starts_with("../"));
    is_file.then_some(file)
}

/// `dir/of/base` joined with a relative path, with `.` and `..` segments resolved.
pub(crate) fn join(base: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") && !parts.is_empty() {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// What kind of component a node is, from where it is referred to.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Schema,
    Parameter,
    Response,
    RequestBody,
    Header,
    PathItem,
}

/// Where a document keeps its components: OpenAPI 3 under `components/<kind>`, Swagger 2.0 at
/// the top level (`definitions`, `parameters`, `responses`), which has no place for request
/// bodies or headers: those are copied in place.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    OpenApi3,
    Swagger2,
}

impl Layout {
    fn of(document: &Value) -> Self {
        if crate::spec::upgrade::is_swagger(document) {
            Layout::Swagger2
        } else {
            Layout::OpenApi3
        }
    }

    /// The pointer of the map that holds components of `place`, if the layout has one.
    fn home(self, place: Place) -> Option<String> {
        match self {
            Layout::OpenApi3 => Some(format!("/components/{}", place.components_key())),
            Layout::Swagger2 => match place {
                Place::Schema => Some("/definitions".to_owned()),
                Place::Parameter => Some("/parameters".to_owned()),
                Place::Response => Some("/responses".to_owned()),
                Place::RequestBody | Place::Header | Place::PathItem => None,
            },
        }
    }

    /// The place of the component that `tokens` (a fragment's pointer) names, with its name.
    fn component(self, tokens: &[String]) -> Option<(Option<Place>, String)> {
        match (self, tokens) {
            (_, [components, kind, name]) if components == "components" => {
                Some((Place::from_components_key(kind), name.clone()))
            }
            (Layout::Swagger2, [kind, name]) => Some((
                match kind.as_str() {
                    "definitions" => Some(Place::Schema),
                    "parameters" => Some(Place::Parameter),
                    "responses" => Some(Place::Response),
                    _ => None,
                },
                name.clone(),
            )),
            _ => None,
        }
    }
}

impl Place {
    fn components_key(self) -> &'static str {
        match self {
            Place::Schema | Place::PathItem => "schemas",
            Place::Parameter => "parameters",
            Place::Response => "responses",
            Place::RequestBody => "requestBodies",
            Place::Header => "headers",
        }
    }

    fn from_components_key(key: &str) -> Option<Place> {
        Some(match key {
            "schemas" => Place::Schema,
            "parameters" => Place::Parameter,
            "responses" => Place::Response,
            "requestBodies" => Place::RequestBody,
            "headers" => Place::Header,
            _ => return None,
        })
    }
}

struct Bundler<'a> {
    files: &'a BTreeMap<String, (Value, &'a Source)>,
    layout: Layout,
    /// `(file, pointer)` to the local reference that replaced it.
    hoisted: BTreeMap<(String, String), String>,
    /// Components to add: `(home, name, node)`, `home` the pointer of the map they go in.
    added: Vec<(String, String, Value)>,
    /// The names taken in each home.
    taken: BTreeMap<String, Vec<String>>,
    /// The `(file, pointer)`s being copied in place, outermost first.
    copying: Vec<(String, String)>,
    /// Where each copied node came from.
    origins: FileOrigins,
    diagnostics: Vec<Diagnostic>,
}

/// Replaces every reference to another file in `document` (read from `main`) by a local one,
/// and gives where each node copied from another file came from. `sources` are the other
/// files, by the names [`file_refs`] gave.
pub(crate) fn bundle(
    document: &mut Value,
    main: &Source,
    sources: &[Source],
) -> Result<FileOrigins, Vec<Diagnostic>> {
    if file_refs(document, &main.name, "", Position::Structure, false).is_empty() {
        return Ok(FileOrigins::default());
    }
    let mut files = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for source in sources {
        match crate::spec::load::load(source) {
            Ok(value) => {
                files.insert(source.name.clone(), (value, source));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    let layout = Layout::of(document);
    let mut taken: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for place in [
        Place::Schema,
        Place::Parameter,
        Place::Response,
        Place::RequestBody,
        Place::Header,
    ] {
        if let Some(home) = layout.home(place) {
            let names = document
                .pointer(&home)
                .and_then(Value::as_object)
                .map(|entries| entries.keys().cloned().collect())
                .unwrap_or_default();
            taken.insert(home, names);
        }
    }
    let mut bundler = Bundler {
        files: &files,
        layout,
        copying: Vec::new(),
        hoisted: BTreeMap::new(),
        added: Vec::new(),
        taken,
        origins: FileOrigins::default(),
        diagnostics,
    };
    bundler.rewrite(
        document,
        (&main.name, main),
        ("", ""),
        Place::Schema,
        Position::Structure,
    );
    let added = std::mem::take(&mut bundler.added);
    let origins = std::mem::take(&mut bundler.origins);
    let mut diagnostics = bundler.diagnostics;
    for (home, name, node) in added {
        if let Some(entries) = map_at(document, &home) {
            entries.insert(name, node);
        }
    }
    diagnostics.dedup();
    if diagnostics.is_empty() {
        Ok(origins)
    } else {
        Err(diagnostics)
    }
}

impl<'a> Bundler<'a> {
    /// Rewrites the references in `value`, which sits at `base` in `file` and at `bundled` in
    /// the bundled document (`(base, bundled)`), in `place` (the kind of component its
    /// references become) and `position` (how it is walked).
    fn rewrite(
        &mut self,
        value: &mut Value,
        (file, source): (&str, &Source),
        (base, bundled): (&str, &str),
        place: Place,
        position: Position,
    ) {
        walk::visit_mut(value, base, position, &mut |node, pointer, _| {
            let Some(object) = node.as_object_mut() else {
                return Walk::Into;
            };
            let Some(Value::String(reference)) = object.get("$ref").cloned() else {
                return Walk::Into;
            };
            let at = push_token(pointer, "$ref");
            let place = place_at(base, pointer, place);
            // Where the object holding the reference is in the bundled document.
            let object_at = format!("{bundled}{}", &pointer[base.len()..]);
            match self.resolve(&reference, (file, source), (&at, &object_at), place) {
                Some(Resolved::Reference(local)) => {
                    object.insert("$ref".to_owned(), Value::String(local));
                }
                Some(Resolved::Inline {
                    node,
                    file: from,
                    pointer: from_at,
                }) => {
                    object.remove("$ref");
                    if let Value::Object(content) = node {
                        for (key, child) in content {
                            // A member the referring object has itself stays its own.
                            if object.contains_key(&key) {
                                continue;
                            }
                            self.origins.record(
                                &push_token(&object_at, &key),
                                &from,
                                &push_token(&from_at, &key),
                            );
                            object.insert(key, child);
                        }
                    }
                }
                None => {}
            }
            Walk::Into
        });
    }

    /// The local replacement of `reference`, met at `at` in `file` (`(at, object_at)`, where
    /// `object_at` is the place of the object that holds it in the bundled document).
    fn resolve(
        &mut self,
        reference: &str,
        (file, source): (&str, &Source),
        (at, object_at): (&str, &str),
        place: Place,
    ) -> Option<Resolved> {
        let (target_file, fragment) = match file_part(reference) {
            Some(other) => (
                join(file, other),
                reference.split_once('#').map_or("", |(_, f)| f),
            ),
            // A local reference in the main document stays; one in another file points into
            // that file and must be copied too.
            None if file == source.name && self.is_main(file) => return None,
            None if reference.starts_with('#') => (file.to_owned(), &reference[1..]),
            None => return None,
        };
        let Some((target_doc, target_source)) = self.files.get(&target_file) else {
            self.diagnostics.push(source.diagnostic(Problem::new(
                at,
                format!(
                    "`$ref: {reference}` names the file `{target_file}`, which could not be read"
                ),
            )));
            return None;
        };
        let target_source: &Source = target_source;
        let Some(node) = target_doc.pointer(fragment) else {
            self.diagnostics.push(source.diagnostic(Problem::new(
                at,
                format!("`$ref: {reference}` points at nothing in `{target_file}`"),
            )));
            return None;
        };
        let mut node = node.clone();
        // Copied in place: a node that holds, through other files, a `$ref` to itself would
        // be copied into itself forever.
        // The target, `(file, pointer)`: the key of what is hoisted and of what is being copied.
        let target = (target_file.clone(), fragment.to_owned());
        let copy_in_place = |bundler: &mut Self, mut node: Value, kind: Place, position| {
            if bundler.copying.contains(&target) {
                bundler.diagnostics.push(source.diagnostic(Problem::new(
                    at,
                    format!("`$ref: {reference}` leads back to itself"),
                )));
                return None;
            }
            bundler.copying.push(target.clone());
            bundler.rewrite(
                &mut node,
                (&target.0, target_source),
                (&target.1, object_at),
                kind,
                position,
            );
            bundler.copying.pop();
            Some(Resolved::Inline {
                node,
                file: target.0.clone(),
                pointer: target.1.clone(),
            })
        };
        if place == Place::PathItem {
            return copy_in_place(self, node, Place::PathItem, Position::Structure);
        }
        if let Some(local) = self.hoisted.get(&target) {
            return Some(Resolved::Reference(local.clone()));
        }
        let tokens = split_pointer(fragment);
        let (kind, wanted) = match self.layout.component(&tokens) {
            Some((kind, name)) => (kind.unwrap_or(place), name),
            None => {
                let stem = target_file
                    .rsplit('/')
                    .next()
                    .and_then(|f| f.split('.').next())
                    .unwrap_or("Bundled");
                (
                    place,
                    tokens.last().cloned().unwrap_or_else(|| stem.to_owned()),
                )
            }
        };
        let position = if kind == Place::Schema {
            Position::Schema
        } else {
            Position::Structure
        };
        // A kind the layout keeps no components of is copied in place.
        let Some(home) = self.layout.home(kind) else {
            return copy_in_place(self, node, kind, position);
        };
        let taken = self.taken.entry(home.clone()).or_default();
        let mut name = wanted.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        taken.push(name.clone());
        let bundled = push_token(&home, &name);
        let local = format!("#{bundled}");
        // Recorded before the node is processed, so that a reference back to it resolves.
        self.hoisted.insert(target.clone(), local.clone());
        self.origins.record(&bundled, &target_file, fragment);
        self.rewrite(
            &mut node,
            (&target_file, target_source),
            (fragment, &bundled),
            kind,
            position,
        );
        self.added.push((home, name, node));
        Some(Resolved::Reference(local))
    }

    fn is_main(&self, file: &str) -> bool {
        !self.files.contains_key(file)
    }
}

/// The object at `pointer`, made (with the objects above it) where missing.
fn map_at<'v>(document: &'v mut Value, pointer: &str) -> Option<&'v mut Map<String, Value>> {
    let mut node = document;
    for token in split_pointer(pointer) {
        node = node
            .as_object_mut()?
            .entry(token)
            .or_insert_with(|| Value::Object(Map::new()));
    }
    node.as_object_mut()
}

enum Resolved {
    /// A local reference to the copy.
    Reference(String),
    /// The node to copy in place of the reference, and the file and place it is from.
    Inline {
        node: Value,
        file: String,
        pointer: String,
    },
}

/// The place of the node at `pointer`, inside a node at `base` in `place`.
fn place_at(base: &str, pointer: &str, mut place: Place) -> Place {
    let mut at = base.to_owned();
    for token in split_pointer(&pointer[base.len()..]) {
        // Array items are told by their tokens: the objects here (paths, callbacks, responses)
        // never have a key of digits alone, except status codes, which keep the place too.
        let index = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
        place = match index {
            // An item of an array: a parameter in a `parameters` list, else what the list is.
            true if at.ends_with("/parameters") => Place::Parameter,
            true => place,
            false => child_place(&at, &token, place),
        };
        at = push_token(&at, &token);
    }
    place
}

/// The place of a child node, from its key.
fn child_place(pointer: &str, key: &str, place: Place) -> Place {
    if pointer == "/paths" || pointer.ends_with("/callbacks") {
        return Place::PathItem;
    }
    match key {
        "schema"
        | "properties"
        | "items"
        | "allOf"
        | "oneOf"
        | "anyOf"
        | "not"
        | "additionalProperties"
        | "$defs" => Place::Schema,
        "requestBody" => Place::RequestBody,
        "responses" => Place::Response,
        "headers" => Place::Header,
        _ => match place {
            Place::PathItem => Place::Schema,
            other => other,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_against_the_referring_file() {
        assert_eq!(
            join("specs/api/openapi.yaml", "common.yaml"),
            "specs/api/common.yaml"
        );
        assert_eq!(
            join("specs/api/openapi.yaml", "./a/b.yaml"),
            "specs/api/a/b.yaml"
        );
        assert_eq!(
            join("specs/api/openapi.yaml", "../shared/c.yaml"),
            "specs/shared/c.yaml"
        );
        assert_eq!(join("openapi.yaml", "../c.yaml"), "../c.yaml");
    }

    #[test]
    fn only_references_to_files_count() {
        assert_eq!(
            file_part("common.yaml#/components/schemas/A"),
            Some("common.yaml")
        );
        assert_eq!(file_part("./pet.json"), Some("./pet.json"));
        assert_eq!(file_part("#/components/schemas/A"), None);
        assert_eq!(file_part("/api/v31/components/schemas/tag"), None);
    }

    #[test]
    fn files_named_under_properties_named_like_keywords_are_found() {
        let document = serde_json::json!({ "components": { "schemas": { "A": {
            "properties": {
                "enum": { "$ref": "kinds.yaml#/Kind" },
                "example": { "$ref": "samples.yaml#/Sample" }
            },
            "example": { "$ref": "never.yaml" }
        } } } });
        let found: Vec<(String, String, String)> =
            file_refs(&document, "specs/api.yaml", "", Position::Structure, false)
                .into_iter()
                .map(|r| (r.file, r.fragment, r.at))
                .collect();
        assert_eq!(
            found,
            [
                (
                    "specs/kinds.yaml".to_owned(),
                    "/Kind".to_owned(),
                    "/components/schemas/A/properties/enum/$ref".to_owned()
                ),
                (
                    "specs/samples.yaml".to_owned(),
                    "/Sample".to_owned(),
                    "/components/schemas/A/properties/example/$ref".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn another_file_is_walked_from_where_it_is_referred_to() {
        // `pet.yaml#/Pet` is a schema: its property named `x-tag` is a property, and its local
        // `$ref` to `#/Kind` counts, for the files `Kind` names in turn.
        let pet = serde_json::json!({
            "Pet": { "properties": {
                "x-tag": { "$ref": "tag.yaml" },
                "kind": { "$ref": "#/Kind" }
            } },
            "Kind": { "$ref": "kind.yaml" }
        });
        let found: Vec<(String, String, Position)> =
            file_refs(&pet, "specs/pet.yaml", "/Pet", Position::Schema, true)
                .into_iter()
                .map(|r| (r.file, r.fragment, r.position))
                .collect();
        assert_eq!(
            found,
            [
                ("specs/tag.yaml".to_owned(), String::new(), Position::Schema),
                (
                    "specs/pet.yaml".to_owned(),
                    "/Kind".to_owned(),
                    Position::Schema
                ),
            ]
        );
    }
}
