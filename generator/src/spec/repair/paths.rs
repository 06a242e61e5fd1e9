//! The keys of `paths`: a path without its leading `/`, and a query string written into the
//! path, whose pairs become query parameters.

use serde_json::{Map, Value, json};

use crate::diagnostic::Problem;
use crate::spec::pointer::push_token;
use crate::spec::walk::METHODS;

/// Path keys must start with `/`; `openapiv3` passes over any other key without a word. A
/// key that is a path without its slash (`pets/{id}`) is that path; one with no path at all
/// (`?a=b`), or whose slashed form is taken, is left out. Each with a warning.
pub(super) fn paths_without_slash(document: &mut Value, warnings: &mut Vec<Problem>) {
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    let stray = |key: &String| !key.starts_with('/') && !key.starts_with("x-");
    if !paths.keys().any(stray) {
        return;
    }
    let mut out = Map::with_capacity(paths.len());
    let taken: Vec<String> = paths
        .keys()
        .filter(|k| k.starts_with('/'))
        .cloned()
        .collect();
    for (key, item) in std::mem::take(paths) {
        if !stray(&key) {
            out.insert(key, item);
            continue;
        }
        let at = push_token("/paths", &key);
        let slashed = format!("/{key}");
        let left_out = if key.is_empty() || key.starts_with('?') {
            Some(format!("`{key}` has no path (a path starts with `/`)"))
        } else if taken.contains(&slashed) {
            Some(format!(
                "`{key}` is no path (a path starts with `/`), and `{slashed}` is a path already"
            ))
        } else {
            None
        };
        if let Some(why) = left_out {
            warnings.push(Problem::warning(
                at,
                format!("{why}: its operations are left out"),
            ));
            continue;
        }
        warnings.push(Problem::warning(
            at,
            format!("`{key}` is no path (a path starts with `/`): it is read as `{slashed}`"),
        ));
        out.insert(slashed, item);
    }
    *paths = out;
}

/// `/search?q={q}&format=json`: the path is `/search`, and each pair of the query string is a
/// required query parameter, a template variable's of type string, a fixed value's an enum of
/// that one value.
pub(super) fn split_query_strings(document: &mut Value, warnings: &mut Vec<Problem>) {
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    // The key stays as it is, so that `$ref`s into the path item still resolve, and two keys
    // that differ only in their query strings stay two operations; lowering sends requests to
    // the part before `?`.
    for (key, item) in paths.iter_mut() {
        let Some((path, query)) = key.split_once('?') else {
            continue;
        };
        let mut added = Vec::new();
        if let Some(item) = item.as_object_mut() {
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                let variable = value.strip_prefix('{').and_then(|v| v.strip_suffix('}'));
                let parameter = match variable {
                    Some(variable) => {
                        // A parameter declared for the variable (often as `in: path`) becomes
                        // the query parameter; otherwise a string one is added.
                        if retarget(item, variable, name) {
                            added.push(format!("`{name}`"));
                            continue;
                        }
                        json!({ "name": name, "in": "query", "required": true,
                                "schema": { "type": "string" } })
                    }
                    None => json!({ "name": name, "in": "query", "required": true,
                                    "description": format!("Always `{value}`."),
                                    "schema": { "type": "string", "enum": [value] } }),
                };
                added.push(format!("`{name}`"));
                let parameters = item
                    .entry("parameters")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(parameters) = parameters {
                    parameters.push(parameter);
                }
            }
        }
        let what = if added.is_empty() {
            String::new()
        } else {
            format!(
                ", with the required query parameter(s) {}",
                added.join(", ")
            )
        };
        warnings.push(Problem::warning(
            push_token("/paths", key),
            format!("the path `{key}` carries a query string: requests go to `{path}`{what}"),
        ));
    }
}

/// Makes the inline parameter declared for `variable` (at path level or in any operation) the
/// query parameter `name`; whether there was one.
fn retarget(item: &mut Map<String, Value>, variable: &str, name: &str) -> bool {
    let mut found = false;
    let mut lists: Vec<&mut Value> = Vec::new();
    for (key, value) in item.iter_mut() {
        if key == "parameters" {
            lists.push(value);
        } else if METHODS.contains(&key.as_str()) {
            if let Some(parameters) = value.get_mut("parameters") {
                lists.push(parameters);
            }
        }
    }
    for list in lists {
        for parameter in list.as_array_mut().into_iter().flatten() {
            let matches = parameter.get("name").and_then(Value::as_str) == Some(variable)
                && matches!(
                    parameter.get("in").and_then(Value::as_str),
                    Some("path" | "query")
                );
            if let (true, Some(parameter)) = (matches, parameter.as_object_mut()) {
                parameter.insert("name".to_owned(), json!(name));
                parameter.insert("in".to_owned(), json!("query"));
                parameter.insert("required".to_owned(), json!(true));
                found = true;
            }
        }
    }
    found
}
