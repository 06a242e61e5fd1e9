//! Stage 1: the bytes of a spec file to a JSON value, from JSON or YAML.

use serde_json::{Map, Number, Value};

use crate::diagnostic::{Diagnostic, Location};

/// How a spec is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML (a superset of JSON, read by a YAML parser).
    Yaml,
}

impl Format {
    /// Guesses the format from the file name, then from the first character of the text.
    pub fn detect(file_name: &str, text: &str) -> Self {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Self::Json
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Self::Yaml
        } else if text.trim_start().starts_with('{') {
            Self::Json
        } else {
            Self::Yaml
        }
    }
}

/// A spec file: its name (used in diagnostics) and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name shown in diagnostics.
    pub name: String,
    /// The whole text.
    pub text: String,
    /// JSON or YAML.
    pub format: Format,
}

impl Source {
    /// A source whose format is detected from its name and content.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let text = text.into();
        let format = Format::detect(&name, &text);
        Self { name, text, format }
    }

    /// Places a pointer in this file, with line and column when they can be found.
    pub fn location(&self, pointer: &str) -> Location {
        let position = crate::locate::locate(&self.text, self.format, pointer);
        Location {
            file: self.name.clone(),
            pointer: pointer.to_owned(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
        }
    }

    pub(crate) fn diagnostic(&self, problem: crate::diagnostic::Problem) -> Diagnostic {
        Diagnostic {
            severity: problem.severity,
            location: self.location(&problem.pointer),
            message: problem.message,
        }
    }
}

/// Parses the text. Both parsers bound nesting depth, and the YAML parser bounds alias
/// expansion, so hostile input fails with an error instead of exhausting the stack or memory.
pub fn load(source: &Source) -> Result<Value, Diagnostic> {
    let at = |line: usize, column: usize, message: String| Diagnostic {
        severity: crate::diagnostic::Severity::Error,
        message,
        location: Location {
            file: source.name.clone(),
            pointer: String::new(),
            line: Some(line),
            column: Some(column),
        },
    };
    match source.format {
        Format::Json => serde_json::from_str(&source.text)
            .map_err(|e| at(e.line(), e.column(), format!("invalid JSON: {e}"))),
        Format::Yaml => {
            let yaml: serde_yaml::Value = serde_yaml::from_str(&source.text).map_err(|e| {
                let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
                at(line, column, format!("invalid YAML: {e}"))
            })?;
            let mut path = Vec::new();
            yaml_to_json(yaml, &mut path).map_err(|(pointer, message)| {
                source.diagnostic(crate::diagnostic::Problem::new(pointer, message))
            })
        }
    }
}

/// Converts a YAML value to JSON: mapping keys must be scalars and become strings (YAML reads
/// the response code `200:` as a number), and non-finite floats are refused.
fn yaml_to_json(
    yaml: serde_yaml::Value,
    path: &mut Vec<String>,
) -> Result<Value, (String, String)> {
    let here = |path: &[String]| {
        path.iter()
            .fold(String::new(), |p, t| crate::diagnostic::push_token(&p, t))
    };
    Ok(match yaml {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Value::Number(Number::from_f64(f).ok_or_else(|| {
                    (
                        here(path),
                        format!("the number `{n}` cannot be represented in JSON"),
                    )
                })?)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                path.push(i.to_string());
                out.push(yaml_to_json(item, path)?);
                path.pop();
            }
            Value::Array(out)
        }
        serde_yaml::Value::Mapping(mapping) => {
            let mut out = Map::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key = match key {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    serde_yaml::Value::Null => "null".to_owned(),
                    _ => {
                        return Err((
                            here(path),
                            "a mapping key must be a string, number or boolean".to_owned(),
                        ));
                    }
                };
                path.push(key.clone());
                let value = yaml_to_json(value, path)?;
                path.pop();
                out.insert(key, value);
            }
            Value::Object(out)
        }
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value, path)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_numeric_keys_become_strings() {
        let source = Source::new("a.yaml", "responses:\n  200:\n    description: ok\n");
        let value = load(&source).unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let source = Source::new("a.json", "{\n  \"a\": ,\n}");
        let error = load(&source).unwrap_err();
        assert_eq!(error.location.line, Some(2));
        assert!(
            error.message.starts_with("invalid JSON"),
            "{}",
            error.message
        );
    }

    #[test]
    fn format_is_detected_from_name_then_content() {
        assert_eq!(Format::detect("x.yml", "{"), Format::Yaml);
        assert_eq!(Format::detect("x", " {\"a\":1}"), Format::Json);
        assert_eq!(Format::detect("x", "a: 1"), Format::Yaml);
    }
}
