//! Stage 4: the `openapiv3` document to the IR, deciding every Rust name on the way.
//!
//! [`lower`] makes a [`Lowerer`], which walks the document: [`schemas`] turns schemas into
//! types (reading them through [`view`]), [`operations`] turns operations into builders (with
//! [`media`] deciding media types and status names), and [`passes`] then go over the types.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, StatusCode, Type,
};

use crate::diagnostic::Problem;
use crate::ir::*;
use crate::naming::{Namespace, field_name, method_name, type_name, variant_name};
use crate::settings::ApiSettings;
use crate::spec::document::{COMPONENT_SCHEMA, Spec};
use crate::spec::pointer::push_token;

mod arena;
mod groups;
mod media;
mod operations;
mod passes;
mod schemas;
mod view;

use arena::{Arena, Reserved};
use groups::*;
use media::*;
use passes::*;
use schemas::*;
use view::*;

/// Lowers a validated document. Every problem is collected and returned: the API comes back
/// when none of them is an error (warnings say what was repaired).
pub(crate) fn lower(spec: &Spec, settings: &ApiSettings) -> (Option<Api>, Vec<Problem>) {
    let document = &spec.openapi;
    let mut lowerer = Lowerer {
        document,
        settings,
        inner: &spec.schemas,
        inner_types: std::collections::HashMap::new(),
        inline_types: std::collections::HashMap::new(),
        part_components: std::collections::HashMap::new(),
        types: Arena::default(),
        schema_ids: IndexMap::new(),
        // The generic parameters that generated impls in the models file declare (`A` of
        // `from_object`, `D` of `deserialize`, `S` of `serialize`), whose bodies name model types.
        type_names: Namespace::with_reserved(&["A", "D", "S"]),
        problems: Vec::new(),
    };
    let mut api = lowerer.api(&spec.webhooks);
    // `serde_directions` keeps every derive sound; a gap would be generated code that does not
    // compile, so it is reported as the internal error it is.
    for (outer, inner, derive) in api.derive_gaps() {
        lowerer.problems.push(Problem::new(
            "",
            format!("internal error: `{outer}` derives {derive}, but `{inner}`, which it holds, does not"),
        ));
    }
    // One problem found from many places (an unsupported scheme every operation uses) is
    // reported once.
    let mut seen = std::collections::BTreeSet::new();
    lowerer
        .problems
        .retain(|p| seen.insert((p.pointer.clone(), p.message.clone())));
    let mut problems = lowerer.problems;
    if !problems.iter().any(Problem::is_error) {
        if let Some(auth) = &settings.auth {
            // Each scheme, and whether it carries a token (not HTTP basic's user and password).
            let schemes: Vec<(&str, bool)> = document
                .components
                .iter()
                .flat_map(|c| &c.security_schemes)
                .map(|(name, scheme)| {
                    let basic = matches!(
                        scheme,
                        ReferenceOr::Item(openapiv3::SecurityScheme::HTTP { scheme, .. })
                            if scheme.eq_ignore_ascii_case("basic")
                    );
                    (name.as_str(), !basic)
                })
                .collect();
            match crate::client_auth::resolve(auth, settings.file.as_deref(), &api, &schemes) {
                Ok(resolved) => api.auth = Some(resolved),
                Err(found) => problems.extend(found),
            }
        }
    }
    let api = (!problems.iter().any(Problem::is_error)).then_some(api);
    (api, problems)
}

struct Lowerer<'a> {
    document: &'a OpenAPI,
    settings: &'a ApiSettings,
    /// The schemas `$ref`s point at other than whole components, by `$ref` string.
    inner: &'a IndexMap<String, Schema>,
    /// What each of those lowered to (filled as they are first referred to).
    inner_types: std::collections::HashMap<(String, Read), Ty>,
    /// Inline types already made, by the pointer of their schema: a schema reached twice (a
    /// shared parameter, a property merged by two `allOf`s) gives one type.
    inline_types: std::collections::HashMap<(String, Read), TypeId>,
    /// The types of named schemas read as multipart parts, where that differs from JSON (a
    /// `format: binary` property is bytes there), by schema name.
    part_components: std::collections::HashMap<String, Ty>,
    /// Every type made so far.
    types: Arena,
    schema_ids: IndexMap<String, TypeId>,
    type_names: Namespace,
    problems: Vec<Problem>,
}

impl<'a> Lowerer<'a> {
    fn problem(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems.push(Problem::new(pointer, message));
    }

    fn api(&mut self, webhook_items: &'a [(String, openapiv3::PathItem)]) -> Api {
        let document = self.document;
        let schemas = document.components.as_ref().map(|c| &c.schemas);

        // Reserve an id and a name for every named schema before lowering any of them.
        for (name, schema) in schemas.into_iter().flat_map(|s| s.iter()) {
            let (doc, deprecated) = match schema {
                ReferenceOr::Reference { .. } => (None, false),
                ReferenceOr::Item(schema) => (doc_of(schema), schema.schema_data.deprecated),
            };
            let id = self.types.reserve(Reserved {
                name: self.type_names.claim(&type_name(name)),
                schema_name: Some(name.clone()),
                pointer: push_token("/components/schemas", name),
                doc,
                deprecated,
            });
            self.schema_ids.insert(name.clone(), id);
        }
        for (name, schema) in schemas.into_iter().flat_map(|s| s.iter()) {
            let id = self.schema_ids[name];
            let pointer = push_token("/components/schemas", name);
            let rust = self
                .types
                .get(id)
                .map(|t| t.name.clone())
                .unwrap_or_default();
            let kind = match schema {
                ReferenceOr::Reference { reference } => {
                    TypeKind::Alias(self.reference(reference, &pointer, Read::Json))
                }
                ReferenceOr::Item(schema) => {
                    self.define_or_alias(schema, &pointer, &rust, Read::Json)
                }
            };
            self.types.define(id, kind);
        }

        let operations = self.operations();
        let webhooks = self.webhooks(webhook_items);

        let types = std::mem::take(&mut self.types).into_types();
        let std_shadowed = types
            .iter()
            .map(|t| t.name.as_str())
            .chain(operations.iter().map(|o| o.name.as_str()))
            .chain(operations.iter().flat_map(|o| {
                [&o.success, &o.error]
                    .into_iter()
                    .filter_map(|outcome| match outcome {
                        Outcome::Enum { name, .. } => Some(name.as_str()),
                        _ => None,
                    })
            }))
            .any(|name| {
                crate::naming::PRELUDE_TYPES
                    .iter()
                    .any(|(short, _)| *short == name)
            });
        let mut api = Api {
            webhooks,
            std_shadowed,
            module: self.settings.module.clone(),
            feature: self.settings.feature_name(),
            title: document.info.title.clone(),
            version: document.info.version.clone(),
            doc: document.info.description.clone(),
            base_url: document
                .servers
                .first()
                .map(|s| s.url.clone())
                .unwrap_or_default(),
            types,
            operations,
            auth: None,
            warnings: Vec::new(),
            origins: Default::default(),
        };
        for pass in PASSES {
            let problems = pass(&mut api, self.settings);
            self.problems.extend(problems);
        }
        api
    }
}
