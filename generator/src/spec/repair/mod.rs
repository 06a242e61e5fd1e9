//! Stage 2c: defects with one evident repair are repaired on the JSON value, before it is
//! deserialised, and each repair is reported as a located warning.
//!
//! Real specs are written in a hurry, and a user cannot fix a partner's spec. Where the intent
//! is plain (a path variable nobody declared is a path parameter; a header that no request can
//! carry is left out), the repair is made and the user is told; where it is not, the later
//! stages report an error.
//!
//! The repairs run in two places of [`crate::parse_api`]: [`canonical_refs`] before
//! `normalize`, then [`follow_refs`], [`repair_paths`] and [`deserialize`] after it. Each
//! family of repairs has a file: [`refs`] (where `$ref`s point), [`paths`] (the keys of
//! `paths`), [`operations`] (the parameters and bodies of a path item's operations) and
//! [`shapes`] (values of the wrong shape, found when the document is deserialised).

mod operations;
mod paths;
mod refs;
mod shapes;

pub(crate) use refs::{canonical_refs, follow_refs};
pub(crate) use shapes::deserialize;

use serde_json::Value;

use crate::diagnostic::Problem;

/// Repairs the operations of `paths`: query strings in path keys, path variables with no
/// parameter, path parameters with no variable, header parameters whose names no request can
/// carry, and request bodies with no content.
pub(crate) fn repair_paths(document: &mut Value) -> Vec<Problem> {
    let mut warnings = Vec::new();
    paths::paths_without_slash(document, &mut warnings);
    paths::split_query_strings(document, &mut warnings);
    let paths: Vec<String> = document
        .get("paths")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for path in paths {
        operations::path_item(document, &path, &mut warnings);
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    fn repaired(paths: Value) -> (Value, Vec<String>) {
        let mut document = json!({ "openapi": "3.0.3", "info": { "title": "t", "version": "1" },
                                    "paths": paths });
        let warnings = repair_paths(&mut document)
            .into_iter()
            .map(|p| format!("{}: {}", p.pointer, p.message))
            .collect();
        (document["paths"].clone(), warnings)
    }

    #[test]
    fn undeclared_path_variables_become_string_parameters() {
        let (paths, warnings) = repaired(json!({
            "/users/{id}/items/{item}": {
                "parameters": [{ "name": "id", "in": "path", "required": true,
                                 "schema": { "type": "integer" } }],
                "get": { "responses": { "204": { "description": "ok" } } }
            }
        }));
        let get = &paths["/users/{id}/items/{item}"]["get"];
        assert_eq!(get["parameters"][0]["name"], "item");
        assert_eq!(get["parameters"][0]["in"], "path");
        assert_eq!(get["parameters"].as_array().map(Vec::len), Some(1));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with(
            "/paths/~1users~1{id}~1items~1{item}/get: path template variable `{item}`"
        ));
    }

    #[test]
    fn query_strings_in_path_keys_become_query_parameters() {
        let (paths, warnings) = repaired(json!({
            "/a": { "get": { "responses": {} } },
            "/search?q={q}&format=json": {
                "get": {
                    "parameters": [{ "name": "q", "in": "path", "required": true,
                                     "schema": { "type": "string" } }],
                    "responses": {}
                }
            },
            "/z": { "get": { "responses": {} } }
        }));
        let keys: Vec<&String> = paths
            .as_object()
            .map(|p| p.keys().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            ["/a", "/search?q={q}&format=json", "/z"],
            "the keys and their order are kept"
        );
        let item = &paths["/search?q={q}&format=json"];
        assert_eq!(item["get"]["parameters"][0]["in"], "query");
        assert_eq!(item["parameters"][0]["name"], "format");
        assert_eq!(item["parameters"][0]["schema"]["enum"][0], "json");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("requests go to `/search`"),
            "{warnings:?}"
        );
    }

    #[test]
    fn stray_path_parameters_bad_headers_and_empty_bodies_are_left_out() {
        let (paths, warnings) = repaired(json!({
            "/a": {
                "post": {
                    "parameters": [
                        { "name": "X Request Id", "in": "header", "schema": { "type": "string" } },
                        { "name": "ghost", "in": "path", "required": true, "schema": { "type": "string" } },
                        { "name": "kept", "in": "query", "schema": { "type": "string" } }
                    ],
                    "requestBody": { "content": {} },
                    "responses": {}
                }
            }
        }));
        let post = &paths["/a"]["post"];
        assert_eq!(post["parameters"].as_array().map(Vec::len), Some(1));
        assert_eq!(post["parameters"][0]["name"], "kept");
        assert!(post.get("requestBody").is_none());
        assert_eq!(warnings.len(), 3, "{warnings:?}");
    }
}
