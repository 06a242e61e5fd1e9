//! Stage 3: checks the whole document before anything is generated, and reports every problem
//! found, each with its JSON pointer.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Parameter, ReferenceOr};
use serde_json::Value;

use crate::diagnostic::Problem;
use crate::spec::pointer::{push_token, resolve};
use crate::spec::walk::{self, METHODS, template_variables};

/// Checks the normalised JSON value and the deserialised document.
pub(crate) fn validate(value: &Value, document: &OpenAPI) -> Vec<Problem> {
    let mut problems = Vec::new();
    version(document, &mut problems);
    references(value, &mut problems);
    operation_ids(document, &mut problems);
    path_parameters(document, &mut problems);
    status_codes(value, &mut problems);
    problems
}

/// Response keys must be status codes, ranges or `default` (`openapiv3` drops other keys
/// silently).
fn status_codes(value: &Value, problems: &mut Vec<Problem>) {
    for (path, item) in value
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let path_at = push_token("/paths", path);
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let at = push_token(&path_at, method);
            for code in operation
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
            {
                if !is_status_key(code) {
                    problems.push(Problem::new(
                        push_token(&format!("{at}/responses"), code),
                        format!("response key `{code}` is not a status code (100 to 599), a range like `4XX`, or `default`"),
                    ));
                }
            }
        }
    }
}

fn is_status_key(key: &str) -> bool {
    if key == "default" {
        return true;
    }
    let bytes = key.as_bytes();
    match bytes {
        [d @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => d.is_ascii_digit(),
        [_, _, _] => key
            .parse::<u16>()
            .is_ok_and(|code| (100..600).contains(&code)),
        _ => false,
    }
}

fn version(document: &OpenAPI, problems: &mut Vec<Problem>) {
    if !(document.openapi.starts_with("3.0") || document.openapi.starts_with("3.1")) {
        problems.push(Problem::new(
            "/openapi",
            format!(
                "OpenAPI version `{}` is not supported (3.0.x and 3.1.x are)",
                document.openapi
            ),
        ));
    }
}

/// Every `$ref` must point at something in this document.
fn references(root: &Value, problems: &mut Vec<Problem>) {
    for site in walk::refs(root) {
        let reference = &site.reference;
        let at = push_token(&site.pointer, "$ref");
        match reference.strip_prefix('#') {
            Some(target) if resolve(root, target).is_some() => {}
            Some(_) => problems.push(Problem::new(
                at,
                format!("`$ref: {reference}` points at nothing in this document"),
            )),
            None => problems.push(Problem::new(
                at,
                format!(
                    "`$ref: {reference}` refers to another document, which is not supported yet"
                ),
            )),
        }
    }
}

fn operation_ids(document: &OpenAPI, problems: &mut Vec<Problem>) {
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for (path, item) in document.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let Some(id) = operation.operation_id.as_deref() else {
                continue;
            };
            let pointer = push_token(&push_token("/paths", path), method);
            match seen.get(id) {
                Some(first) => problems.push(Problem::new(
                    format!("{pointer}/operationId"),
                    format!("operationId `{id}` is used twice; it was first used at #{first}"),
                )),
                None => {
                    seen.insert(id, pointer);
                }
            }
        }
    }
}

/// Every `{variable}` in a path template has a path parameter, and every path parameter
/// appears in the template.
fn path_parameters(document: &OpenAPI, problems: &mut Vec<Problem>) {
    let parameter_name = |p: &ReferenceOr<Parameter>| -> Option<String> {
        let parameter = match p {
            ReferenceOr::Item(p) => p,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                match document.components.as_ref()?.parameters.get(name)? {
                    ReferenceOr::Item(p) => p,
                    ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        matches!(parameter, Parameter::Path { .. })
            .then(|| parameter.parameter_data_ref().name.clone())
    };
    for (path, item) in document.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let variables = template_variables(path);
        for (method, operation) in item.iter() {
            let pointer = push_token(&push_token("/paths", path), method);
            let declared: Vec<String> = item
                .parameters
                .iter()
                .chain(&operation.parameters)
                .filter_map(parameter_name)
                .collect();
            for variable in &variables {
                if !declared.contains(variable) {
                    problems.push(Problem::new(
                        pointer.clone(),
                        format!("path template variable `{{{variable}}}` of `{path}` is not declared as a path parameter"),
                    ));
                }
            }
            for name in &declared {
                if !variables.contains(name) {
                    problems.push(Problem::new(
                        format!("{pointer}/parameters"),
                        format!(
                            "path parameter `{name}` does not appear in the path template `{path}`"
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems_of(value: Value) -> Vec<String> {
        let document: OpenAPI = serde_json::from_value(value.clone()).unwrap();
        validate(&value, &document)
            .into_iter()
            .map(|p| format!("{}: {}", p.pointer, p.message))
            .collect()
    }

    fn document(paths: Value) -> Value {
        json!({ "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": paths })
    }

    #[test]
    fn unresolved_and_external_references_are_reported() {
        let problems = problems_of(document(json!({ "/a": { "get": { "responses": { "200": {
            "description": "ok",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Missing" } } },
            "headers": { "X": { "schema": { "$ref": "other.yaml#/X" } } }
        } } } } })));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("points at nothing"), "{problems:?}");
        assert!(problems[1].contains("another document"), "{problems:?}");
    }

    #[test]
    fn properties_named_like_keywords_are_walked_and_examples_are_not() {
        let problems = problems_of(document(json!({ "/a": { "get": { "responses": { "200": {
            "description": "ok",
            "content": { "application/json": {
                "schema": { "type": "object", "properties": {
                    "enum": { "$ref": "#/components/schemas/NoEnum" },
                    "default": { "$ref": "#/components/schemas/NoDefault" },
                    "example": { "type": "string", "example": { "$ref": "#/data/only" } }
                } },
                "example": { "$ref": "#/data/too" }
            } }
        } } } } })));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("/properties/enum/$ref"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("/properties/default/$ref"),
            "{problems:?}"
        );
    }

    #[test]
    fn duplicate_operation_ids_are_reported() {
        let problems = problems_of(document(json!({
            "/a": { "get": { "operationId": "x", "responses": {} } },
            "/b": { "get": { "operationId": "x", "responses": {} } }
        })));
        assert_eq!(
            problems,
            [
                "/paths/~1b/get/operationId: operationId `x` is used twice; it was first used at #/paths/~1a/get"
            ]
        );
    }

    #[test]
    fn path_template_and_parameters_must_agree() {
        let problems = problems_of(document(json!({
            "/a/{id}": { "get": { "responses": {}, "parameters": [
                { "name": "other", "in": "path", "required": true, "schema": { "type": "string" } }
            ] } }
        })));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("`{id}`"));
        assert!(problems[1].contains("`other`"));
    }

    #[test]
    fn status_keys() {
        for ok in ["200", "599", "4XX", "2xx", "default"] {
            assert!(is_status_key(ok), "{ok}");
        }
        for bad in ["20O", "600", "099", "6XX", "", "2000", "DEFAULT"] {
            assert!(!is_status_key(bad), "{bad}");
        }
    }

    #[test]
    fn percent_encoded_pointers_resolve() {
        let root = json!({ "paths": { "/a b": { "x": 1 } } });
        assert_eq!(resolve(&root, "/paths/~1a%20b/x"), Some(&json!(1)));
    }
}
