//! The upgrade, construct by construct, on small documents.

use super::*;

fn upgraded(mut document: Value) -> (Value, Upgrade) {
    let upgrade = upgrade(&mut document);
    (document, upgrade)
}

fn messages(upgrade: &Upgrade) -> Vec<(String, String)> {
    upgrade
        .problems
        .iter()
        .map(|p| (p.pointer.clone(), p.message.clone()))
        .collect()
}

#[test]
fn servers_come_from_host_base_path_and_schemes() {
    let base = json!({ "swagger": "2.0", "info": { "title": "t", "version": "1" }, "paths": {} });
    let with = |fields: Value| {
        let mut document = base.clone();
        for (key, value) in fields.as_object().unwrap() {
            document[key] = value.clone();
        }
        upgraded(document)
    };
    let (document, upgrade) = with(json!({
        "host": "api.example.com/", "basePath": "/v1/", "schemes": ["http", "https"]
    }));
    assert_eq!(
        document["servers"],
        json!([{ "url": "http://api.example.com/v1" }, { "url": "https://api.example.com/v1" }])
    );
    assert!(upgrade.problems.is_empty());
    // No host: relative to wherever the API is served, whatever the schemes.
    let (document, _) = with(json!({ "basePath": "v1", "schemes": ["http"] }));
    assert_eq!(document["servers"], json!([{ "url": "/v1" }]));
    let (document, _) = with(json!({ "basePath": "/" }));
    assert_eq!(document.get("servers"), None);
    // A host without schemes: https is assumed, with a warning at the host.
    let (document, upgrade) = with(json!({ "host": "h.example" }));
    assert_eq!(document["servers"], json!([{ "url": "https://h.example" }]));
    assert_eq!(messages(&upgrade)[0].0, "/host");
    assert!(!upgrade.problems[0].is_error());
    // YAML's unquoted `swagger: 2.0` is a number.
    let (document, _) = with(json!({ "swagger": 2.0 }));
    assert_eq!(document["openapi"], json!(UPGRADED_VERSION));
}

#[test]
fn other_versions_and_missing_targets_are_errors_and_leave_the_document() {
    let original = json!({ "swagger": "1.2", "info": {}, "paths": {} });
    let (document, upgrade) = upgraded(original.clone());
    assert_eq!(document, original);
    assert_eq!(messages(&upgrade)[0].0, "/swagger");
    let original = json!({
        "swagger": "2.0",
        "paths": { "/a": { "get": { "responses": {
            "200": { "description": "d", "schema": { "$ref": "#/definitions/A~1B" } },
            "404": { "$ref": "#/responses/Gone" }
        } } } },
        "definitions": { "A/B": {} }
    });
    let (document, upgrade) = upgraded(original.clone());
    assert_eq!(document, original);
    assert_eq!(
        messages(&upgrade),
        [(
            "/paths/~1a/get/responses/404/$ref".to_owned(),
            "`$ref: #/responses/Gone` points at no response of this document".to_owned()
        )]
    );
    // A 3.x document with a stray `swagger` field is read as 3.x.
    let original = json!({ "openapi": "3.0.3", "swagger": "2.0", "paths": {} });
    let (document, upgrade) = upgraded(original.clone());
    assert_eq!(document, original);
    assert!(upgrade.problems.is_empty());
}

#[test]
fn bodies_follow_consumes_and_files_make_multipart() {
    let (document, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "consumes": ["application/x-www-form-urlencoded", "multipart/form-data"],
        "paths": { "/a": {
            "parameters": [{ "name": "shared", "in": "body", "schema": { "type": "string" } }],
            "put": { "responses": {} },
            "post": {
                "consumes": [],
                "parameters": [{ "name": "own", "in": "body", "schema": { "type": "integer" } }],
                "responses": {}
            },
            "patch": {
                "parameters": [{ "name": "n", "in": "formData", "type": "string" }],
                "responses": {}
            },
            "delete": {
                "parameters": [
                    { "name": "n", "in": "formData", "type": "string" },
                    { "name": "f", "in": "formData", "type": "file" }
                ],
                "responses": { "200": { "description": "d", "schema": { "type": "file" } } }
            }
        } }
    }));
    // A path item's body parameter is each operation's body, unless it has its own.
    let replaced = |method: &str| {
        (
            format!("/paths/~1a/{method}/parameters/0"),
            "the operation has a body of its own, so the path item's `body` parameter \
             (`shared`) is not part of it"
                .to_owned(),
        )
    };
    assert_eq!(
        messages(&upgrade),
        [replaced("post"), replaced("patch"), replaced("delete")]
    );
    let paths = &document["paths"]["/a"];
    assert_eq!(paths.get("parameters"), None);
    let content = |method: &str| -> Vec<String> {
        paths[method]["requestBody"]["content"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(
        paths["put"]["requestBody"]["content"]["multipart/form-data"]["schema"],
        json!({ "type": "string" })
    );
    // An operation's empty `consumes` clears the document's.
    assert_eq!(
        paths["post"]["requestBody"]["content"],
        json!({ "application/json": { "schema": { "type": "integer" } } })
    );
    assert_eq!(
        content("patch"),
        ["application/x-www-form-urlencoded", "multipart/form-data"]
    );
    assert_eq!(content("delete"), ["multipart/form-data"]);
    // A file answer with nothing produced is an octet stream.
    assert_eq!(
        paths["delete"]["responses"]["200"]["content"]["application/octet-stream"]["schema"],
        json!({ "type": "string", "format": "binary" })
    );
    assert_eq!(
        upgrade
            .origins
            .source_of("/paths/~1a/put/requestBody/description"),
        "/paths/~1a/parameters/0/description"
    );
    assert_eq!(
        upgrade.origins.source_of(
            "/paths/~1a/delete/requestBody/content/multipart~1form-data/schema/properties/f"
        ),
        "/paths/~1a/delete/parameters/1"
    );
}

#[test]
fn form_parts_of_the_path_item_and_the_operation_make_one_form() {
    let (document, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "paths": { "/a": {
            "parameters": [
                { "name": "a", "in": "formData", "type": "string", "required": true },
                { "name": "b", "in": "formData", "type": "string" }
            ],
            "post": {
                "parameters": [
                    { "name": "b", "in": "formData", "type": "integer" },
                    { "name": "c", "in": "formData", "type": "array", "items": { "type": "string" } }
                ],
                "responses": {}
            }
        } }
    }));
    assert!(upgrade.problems.is_empty());
    let media = &document["paths"]["/a"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"];
    assert_eq!(
        media["schema"],
        json!({
            "type": "object",
            "properties": {
                "a": { "type": "string" },
                "b": { "type": "integer" },
                "c": { "type": "array", "items": { "type": "string" } }
            },
            "required": ["a"]
        })
    );
    // 2.0's default for arrays is comma-separated.
    assert_eq!(
        media["encoding"],
        json!({ "c": { "style": "form", "explode": false } })
    );
}

#[test]
fn a_response_ref_is_copied_where_other_media_types_are_produced() {
    let (document, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "produces": ["application/json"],
        "paths": { "/a": {
            "get": { "responses": { "default": { "$ref": "#/responses/E" } } },
            "put": {
                "produces": ["text/csv"],
                "responses": { "default": { "$ref": "#/responses/E" } }
            }
        } },
        "responses": { "E": { "description": "e", "schema": { "type": "string" } } }
    }));
    assert!(upgrade.problems.is_empty());
    let paths = &document["paths"]["/a"];
    assert_eq!(
        paths["get"]["responses"]["default"],
        json!({ "$ref": "#/components/responses/E" })
    );
    assert_eq!(
        paths["put"]["responses"]["default"]["content"]["text/csv"]["schema"],
        json!({ "type": "string" })
    );
    assert_eq!(
        upgrade
            .origins
            .source_of("/paths/~1a/put/responses/default/content/text~1csv/schema"),
        "/responses/E/schema"
    );
    assert_eq!(
        document["components"]["responses"]["E"]["content"]["application/json"]["schema"],
        json!({ "type": "string" })
    );
}

#[test]
fn a_chain_of_response_refs_that_comes_back_is_an_error() {
    let (_, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "produces": ["application/json"],
        "paths": { "/a": { "get": {
            "produces": ["text/plain"],
            "responses": { "200": { "$ref": "#/responses/A" } }
        } } },
        "responses": { "A": { "$ref": "#/responses/B" }, "B": { "$ref": "#/responses/A" } }
    }));
    // Each place of the cycle, and each use of it.
    let at = |pointer: &str, target: &str| {
        (
            pointer.to_owned(),
            format!("`$ref: #/responses/{target}` leads back to itself"),
        )
    };
    assert_eq!(
        messages(&upgrade),
        [
            at("/responses/A/$ref", "B"),
            at("/responses/B/$ref", "A"),
            at("/paths/~1a/get/responses/200/$ref", "A")
        ]
    );
    assert!(upgrade.problems.iter().all(Problem::is_error));
}

#[test]
fn refs_into_places_that_moved_follow_them() {
    let (document, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "parameters": {
            "Body": { "name": "b", "in": "body", "schema": { "type": "object" } },
            "Q": { "$ref": "#/parameters/R" },
            "R": { "name": "r", "in": "query", "type": "string" }
        },
        "responses": { "Ok": { "description": "ok", "schema": { "type": "integer" } } },
        "paths": { "/a": { "post": {
            "parameters": [
                { "$ref": "#/parameters/Body" },
                { "$ref": "#/parameters/Q" },
                { "name": "p", "in": "query", "type": "string" },
                { "$ref": "#/paths/~1a/post/parameters/2" }
            ],
            "responses": {
                "200": { "description": "d", "schema": { "$ref": "#/responses/Ok/schema" } },
                "201": { "description": "d", "schema": { "$ref": "#/parameters/Body/schema" } },
                "202": { "description": "d", "schema": { "$ref": "#/paths/~1a/post/responses/200/schema" } }
            }
        } } }
    }));
    assert!(upgrade.problems.is_empty(), "{:?}", messages(&upgrade));
    let operation = &document["paths"]["/a"]["post"];
    let schema_ref = |status: &str| {
        operation["responses"][status]["content"]["application/json"]["schema"]["$ref"].clone()
    };
    assert_eq!(
        schema_ref("200"),
        json!("#/components/responses/Ok/content/application~1json/schema")
    );
    assert_eq!(
        schema_ref("201"),
        json!("#/paths/~1a/post/requestBody/content/application~1json/schema")
    );
    assert_eq!(
        schema_ref("202"),
        json!("#/paths/~1a/post/responses/200/content/application~1json/schema")
    );
    // A `$ref` to a parameter of an operation is the parameter, copied; one to a top-level
    // parameter that is a `$ref` goes where that one leads.
    assert_eq!(
        operation["parameters"],
        json!([
            { "$ref": "#/components/parameters/R" },
            { "name": "p", "in": "query", "schema": { "type": "string" } },
            { "name": "p", "in": "query", "schema": { "type": "string" } }
        ])
    );
    assert_eq!(document["components"]["parameters"].get("Q"), None);
}

#[test]
fn forms_keep_tabs_refuse_twins_and_warn_where_multipart_cannot_delimit() {
    let (document, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "paths": {
            "/form": { "post": {
                "parameters": [
                    { "name": "t", "in": "formData", "type": "array", "collectionFormat": "tsv",
                      "items": { "type": "string" } }
                ],
                "responses": {}
            } },
            "/parts": { "post": {
                "parameters": [
                    { "name": "f", "in": "formData", "type": "file" },
                    { "name": "ids", "in": "formData", "type": "array", "collectionFormat": "pipes",
                      "items": { "type": "integer" } },
                    { "name": "tags", "in": "formData", "type": "array", "items": { "type": "string" } }
                ],
                "responses": {}
            } },
        }
    }));
    assert_eq!(
        document["paths"]["/form"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
            ["encoding"],
        json!({ "t": { "style": "form", "explode": false, "x-collectionFormat": "tsv" } })
    );
    let found = messages(&upgrade);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "/paths/~1parts/post/parameters/1");
    assert!(!upgrade.problems[0].is_error());
    let (_, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "paths": { "/twins": { "post": {
            "parameters": [
                { "name": "n", "in": "formData", "type": "string" },
                { "name": "n", "in": "formData", "type": "integer" }
            ],
            "responses": {}
        } } }
    }));
    assert_eq!(messages(&upgrade)[0].0, "/paths/~1twins/post/parameters/1");
    assert!(upgrade.problems[0].is_error());
}

#[test]
fn an_operations_own_lists_replace_the_documents_even_empty() {
    let (document, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "host": "api.x.io/",
        "basePath": "v1",
        "schemes": ["https"],
        "produces": ["application/xml"],
        "paths": { "/a": { "get": {
            "produces": [],
            "schemes": ["http"],
            "responses": { "200": { "description": "d", "schema": { "type": "string" } } }
        } } }
    }));
    assert!(upgrade.problems.is_empty(), "{:?}", messages(&upgrade));
    let operation = &document["paths"]["/a"]["get"];
    assert_eq!(
        operation["responses"]["200"]["content"],
        json!({ "application/json": { "schema": { "type": "string" } } })
    );
    assert_eq!(
        operation["servers"],
        json!([{ "url": "http://api.x.io/v1" }])
    );
    assert_eq!(
        document["servers"],
        json!([{ "url": "https://api.x.io/v1" }])
    );
}

#[test]
fn a_top_level_ref_to_another_is_that_one() {
    let (document, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "parameters": {
            "Limit": { "$ref": "#/parameters/Max" },
            "Max": { "name": "max", "in": "query", "type": "integer" }
        },
        "responses": {
            "Gone": { "$ref": "#/responses/NotFound" },
            "NotFound": { "description": "nothing" },
            "Pet": { "$ref": "#/definitions/Pet" }
        },
        "definitions": { "Pet": { "type": "object" } },
        "paths": { "/a": { "get": {
            "parameters": [{ "$ref": "#/parameters/Limit" }],
            "responses": {
                "404": { "$ref": "#/responses/Gone" },
                "200": { "$ref": "#/responses/Pet" }
            }
        } } }
    }));
    assert!(upgrade.problems.is_empty(), "{:?}", messages(&upgrade));
    let operation = &document["paths"]["/a"]["get"];
    assert_eq!(
        operation["parameters"],
        json!([{ "$ref": "#/components/parameters/Max" }])
    );
    assert_eq!(
        operation["responses"]["404"],
        json!({ "$ref": "#/components/responses/NotFound" })
    );
    let components = &document["components"];
    assert_eq!(components["parameters"].get("Limit"), None);
    assert_eq!(components["responses"].get("Gone"), None);
    // A response that is a schema stays a `$ref`, which repair reads as the body.
    assert_eq!(
        components["responses"]["Pet"],
        json!({ "$ref": "#/components/schemas/Pet" })
    );
}

#[test]
fn a_ref_to_a_place_the_upgrade_leaves_out_is_an_error() {
    let (_, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "paths": { "/a": {
            "parameters": [
                { "name": "payload", "in": "body", "schema": { "type": "object" } },
                { "name": "q", "in": "query", "type": "string" }
            ],
            "post": {
                "parameters": [{ "name": "own", "in": "body",
                    "schema": { "$ref": "#/paths/~1a/parameters/0/schema" } }],
                "responses": {}
            }
        } }
    }));
    let found = messages(&upgrade);
    assert_eq!(
        found.last().map(|(at, _)| at.as_str()),
        Some("/paths/~1a/post/parameters/0/schema/$ref"),
        "{found:?}"
    );
    assert!(upgrade.problems.iter().any(Problem::is_error));
}

#[test]
fn rewritten_refs_are_uri_fragments() {
    let (document, upgrade) = upgraded(json!({
        "swagger": "2.0",
        "definitions": { "Foo Bar": { "type": "object" }, "50%": { "type": "object" } },
        "responses": { "R": { "description": "r", "schema": { "$ref": "#/definitions/Foo%20Bar" } } },
        "paths": { "/a": { "get": { "responses": {
            "200": { "description": "d", "schema": { "$ref": "#/definitions/50%25" } },
            "201": { "description": "d", "schema": { "$ref": "#/responses/R/schema" } }
        } } } }
    }));
    assert!(upgrade.problems.is_empty(), "{:?}", messages(&upgrade));
    let schema = |status: &str| {
        document["paths"]["/a"]["get"]["responses"][status]["content"]["application/json"]["schema"]
            ["$ref"]
            .clone()
    };
    assert_eq!(schema("200"), json!("#/components/schemas/50%25"));
    assert_eq!(
        schema("201"),
        json!("#/components/responses/R/content/application~1json/schema")
    );
    assert_eq!(
        document["components"]["responses"]["R"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/Foo%20Bar" })
    );
}
