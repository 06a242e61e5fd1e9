//! `securityDefinitions` as 3.0 security schemes: `basic` is HTTP basic, `apiKey` is the same,
//! and `oauth2` gets its one flow under the 3.0 name of that flow.

use serde_json::{Map, Value, json};

use super::Upgrader;
use crate::diagnostic::Problem;
use crate::spec::pointer::push_token;

/// The 2.0 name of each OAuth 2 flow, its 3.0 name, and the URLs it has.
const FLOWS: &[(&str, &str, &[&str])] = &[
    ("implicit", "implicit", &["authorizationUrl"]),
    ("password", "password", &["tokenUrl"]),
    ("application", "clientCredentials", &["tokenUrl"]),
    (
        "accessCode",
        "authorizationCode",
        &["authorizationUrl", "tokenUrl"],
    ),
];

impl Upgrader<'_> {
    pub(super) fn security_schemes(&mut self, definitions: &Value) -> Map<String, Value> {
        let mut out = Map::new();
        let Some(definitions) = definitions.as_object() else {
            self.problems.push(Problem::new(
                "/securityDefinitions",
                "`securityDefinitions` must be a map of security schemes",
            ));
            return out;
        };
        for (name, definition) in definitions {
            let at = push_token("/securityDefinitions", name);
            let new_at = push_token("/components/securitySchemes", name);
            self.origins.record(&new_at, &at);
            if let Some(scheme) = self.security_scheme(definition, &at, &new_at) {
                out.insert(name.clone(), scheme);
            }
        }
        out
    }

    fn security_scheme(&mut self, definition: &Value, at: &str, new_at: &str) -> Option<Value> {
        let Some(definition) = definition.as_object() else {
            self.problems
                .push(Problem::new(at, "a security definition must be an object"));
            return None;
        };
        let mut out = Map::new();
        let kind = definition.get("type").and_then(Value::as_str);
        match kind {
            Some("basic") => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            Some("apiKey") => {
                out.insert("type".into(), json!("apiKey"));
                for key in ["name", "in"] {
                    if let Some(value) = definition.get(key) {
                        out.insert(key.into(), value.clone());
                    }
                }
            }
            Some("oauth2") => {
                out.insert("type".into(), json!("oauth2"));
                let flow = definition.get("flow").and_then(Value::as_str);
                let Some((_, name, urls)) = FLOWS.iter().find(|(old, ..)| Some(*old) == flow)
                else {
                    self.problems.push(Problem::new(
                        push_token(at, "flow"),
                        format!(
                            "an OAuth 2 definition needs a `flow`: `implicit`, `password`, \
                             `application` or `accessCode`, not {}",
                            definition
                                .get("flow")
                                .map_or("none".to_owned(), Value::to_string)
                        ),
                    ));
                    return None;
                };
                let mut flow = Map::new();
                for url in *urls {
                    if let Some(value) = definition.get(*url) {
                        flow.insert((*url).into(), value.clone());
                    }
                }
                flow.insert(
                    "scopes".into(),
                    definition.get("scopes").cloned().unwrap_or(json!({})),
                );
                // The flow's URLs and scopes were the definition's own.
                self.origins.record(&format!("{new_at}/flows/{name}"), at);
                out.insert("flows".into(), json!({ *name: flow }));
            }
            _ => {
                self.problems.push(Problem::new(
                    push_token(at, "type"),
                    format!(
                        "a security definition's `type` is `basic`, `apiKey` or `oauth2`, not {}",
                        definition
                            .get("type")
                            .map_or("none".to_owned(), Value::to_string)
                    ),
                ));
                return None;
            }
        }
        for (key, value) in definition {
            if key == "description" || key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Some(Value::Object(out))
    }
}
