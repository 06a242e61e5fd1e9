//! The operations of one path item: a path template variable with no parameter is added as
//! one, a path parameter with no variable and a header parameter whose name no request can
//! carry are left out, and so is a request body with no content.

use serde_json::{Map, Value, json};

use crate::diagnostic::Problem;
use crate::spec::pointer::{push_token, resolve};
use crate::spec::walk::{METHODS, template_variables};

/// A parameter's name and location (`in`).
type ParameterKey = (String, String);

/// The object `value` is, or the one its `$ref` points at.
fn deref<'v>(document: &'v Value, value: &'v Value) -> Option<&'v Value> {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => resolve(document, reference.strip_prefix('#')?),
        None => Some(value),
    }
}

/// A parameter as declared (inline, or where its `$ref` points): its name and location.
fn parameter_key(document: &Value, parameter: &Value) -> Option<ParameterKey> {
    let parameter = deref(document, parameter)?;
    Some((
        parameter.get("name")?.as_str()?.to_owned(),
        parameter.get("in")?.as_str()?.to_owned(),
    ))
}

/// RFC 9110's `token`: the characters a header name may have.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Marks for removal, with a warning, the parameters of the list at `list_at` that no request
/// can carry: a header whose name is not a token, a path parameter the template `path` lacks.
fn leave_out(
    list_at: &str,
    keys: &[Option<ParameterKey>],
    path: &str,
    removals: &mut Vec<(String, usize)>,
    warnings: &mut Vec<Problem>,
) {
    let variables = template_variables(path);
    for (i, key) in keys.iter().enumerate() {
        let Some((name, location)) = key else {
            continue;
        };
        let (at, message) = match location.as_str() {
            "header" if !is_token(name) => (
                format!("{list_at}/{i}/name"),
                format!(
                    "header parameter name `{name}` is not a valid HTTP header name: the parameter is left out of the builder"
                ),
            ),
            "path" if !variables.contains(name) => (
                format!("{list_at}/{i}"),
                format!(
                    "path parameter `{name}` does not appear in the path template `{path}`: it is left out"
                ),
            ),
            _ => continue,
        };
        removals.push((list_at.to_owned(), i));
        warnings.push(Problem::warning(at, message));
    }
}

/// Repairs one path item's operations.
pub(super) fn path_item(document: &mut Value, path: &str, warnings: &mut Vec<Problem>) {
    let item_at = push_token("/paths", path);
    let Some(item) = document.pointer(&item_at) else {
        return;
    };
    if !item.is_object() || item.get("$ref").is_some() {
        return;
    }
    let variables = template_variables(path);
    let keys = |list: Option<&Value>| -> Vec<Option<ParameterKey>> {
        list.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| parameter_key(document, p))
            .collect()
    };
    let shared_at = format!("{item_at}/parameters");
    let shared = keys(item.get("parameters"));
    // (method, the pointer of its parameters, their keys)
    let operations: Vec<(&str, String, Vec<Option<ParameterKey>>)> = METHODS
        .iter()
        .filter_map(|m| {
            let own = keys(item.get(*m)?.get("parameters"));
            Some((*m, format!("{}/parameters", push_token(&item_at, m)), own))
        })
        .collect();
    let empty_bodies: Vec<&str> = METHODS
        .iter()
        .copied()
        .filter(|m| {
            item.get(*m)
                .and_then(|op| op.get("requestBody"))
                .and_then(|body| deref(document, body))
                .is_some_and(|body| {
                    body.get("content")
                        .and_then(Value::as_object)
                        .is_none_or(Map::is_empty)
                })
        })
        .collect();

    // What to remove (list pointer, index) and add (operation, variable), decided before the
    // document is changed.
    let mut removals: Vec<(String, usize)> = Vec::new();
    let mut additions: Vec<(&str, &String)> = Vec::new();
    for (method, own_at, own) in &operations {
        // An operation's parameter overrides a shared one of the same name and location.
        let declared = |variable: &String| {
            own.iter()
                .chain(&shared)
                .flatten()
                .any(|(name, location)| name == variable && location == "path")
        };
        for variable in variables.iter().filter(|v| !declared(v)) {
            additions.push((method, variable));
            warnings.push(Problem::warning(
                push_token(&item_at, method),
                format!("path template variable `{{{variable}}}` of `{path}` is not declared as a path parameter: it is added as a required string path parameter"),
            ));
        }
        leave_out(own_at, own, path, &mut removals, warnings);
    }
    leave_out(&shared_at, &shared, path, &mut removals, warnings);

    // Now change the document: removals from the back, so indices stay right.
    removals.sort();
    for (list, i) in removals.iter().rev() {
        if let Some(Value::Array(items)) = document.pointer_mut(list) {
            if *i < items.len() {
                items.remove(*i);
            }
        }
    }
    for (method, variable) in additions {
        let op_at = push_token(&item_at, method);
        if let Some(Value::Object(operation)) = document.pointer_mut(&op_at) {
            let parameters = operation
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(parameters) = parameters {
                parameters.push(json!({ "name": variable, "in": "path", "required": true,
                                        "schema": { "type": "string" } }));
            }
        }
    }
    for method in empty_bodies {
        let op_at = push_token(&item_at, method);
        warnings.push(Problem::warning(
            format!("{op_at}/requestBody"),
            "the request body has no `content` (no media type): the operation is generated without a body",
        ));
        if let Some(Value::Object(operation)) = document.pointer_mut(&op_at) {
            operation.shift_remove("requestBody");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_tokens() {
        assert!(is_token("X-Request-Id"));
        assert!(!is_token("X Request Id"));
        assert!(!is_token(""));
        assert!(!is_token("결제"));
    }
}
