//! Mutation testing of the library's promise that bad input gets a clear error, never a panic.
//!
//! A handful of small real specs are loaded as JSON values and mutated structurally with a tiny
//! deterministic PRNG (fixed seeds, no `rand`): values replaced by other JSON types, keys
//! deleted, renamed or duplicated under colliding names, `$ref`s pointed at missing or odd
//! targets, `$ref` cycles, `type` arrays, mixed `enum`s, odd `required`, `discriminator`s
//! mapping to missing schemas, empty compositions and so on, one to three per document. Every
//! mutated document is run through `parse_api`, and when that succeeds through `surface` and
//! `generate_module` (now and then the whole crate); some cases are also diffed against the
//! original, both ways. Panics, also those on the library's own worker threads, are caught,
//! grouped by location, and each location's smallest case is shrunk and printed. Every error
//! must be well-formed: each diagnostic has a message and a JSON pointer.
//!
//! The cases run in a child process (this binary, running the ignored `mutations_worker`) with
//! a watchdog, so that a case that runs away (no end, unbounded memory, a stack overflow) is
//! reported as one and the rest still run, in a new child, instead of the test hanging or the
//! machine running out of memory.
//!
//! Environment knobs, for investigating:
//! - `MUTATIONS_CASES=<n>`: cases per seed; `MUTATIONS_SALT=<n>`: other PRNG seeds;
//! - `MUTATIONS_ONLY=<PRNG seed in hex>`: run that case alone, and with `MUTATIONS_DUMP=<file>`
//!   write its document there;
//! - `MUTATIONS_TRACE=1`: print each case as it starts; `MUTATIONS_STATS=1`: print how often
//!   each kind of mutation still parses; `MUTATIONS_LOUD=1`: keep the default panic hook;
//! - `MUTATIONS_REPRO_DIR=<dir>`: write each reproducer there as `NN.json`;
//! - `MUTATIONS_FILE=<file>` with `--run-ignored only`: run one document through the pipeline
//!   with panics printed as usual (the ignored `run_mutations_file`).

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use oapigen::{ApiInput, ApiSettings, CrateSettings, Diagnostics, Source};
use oapigen_tests::workspace_root;
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------------
// PRNG

/// The workspace's fixed generator (SplitMix64), with what picking nodes and mutations needs.
struct Rng(xtask::random::SplitMix64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(xtask::random::SplitMix64::new(seed))
    }

    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..n`; `n` must not be 0.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

// ---------------------------------------------------------------------------------------------
// Paths into a JSON value

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

type Path = Vec<Seg>;

fn pointer(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        match seg {
            Seg::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn get<'a>(value: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.as_object()?.get(k),
        Seg::Index(i) => v.as_array()?.get(*i),
    })
}

fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.as_object_mut()?.get_mut(k),
        Seg::Index(i) => v.as_array_mut()?.get_mut(*i),
    })
}

/// Every node, root first, in pre-order.
fn all_paths(value: &Value) -> Vec<Path> {
    fn walk(value: &Value, path: &mut Path, out: &mut Vec<Path>) {
        out.push(path.clone());
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    path.push(Seg::Key(k.clone()));
                    walk(v, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    walk(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn key_at(path: &[Seg], from_end: usize) -> Option<&str> {
    match path.len().checked_sub(from_end + 1).map(|i| &path[i]) {
        Some(Seg::Key(k)) => Some(k),
        _ => None,
    }
}

/// Removes the node at `path` (an object key or an array element).
fn remove(doc: &mut Value, path: &[Seg]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    match (get_mut(doc, parent), last) {
        (Some(Value::Object(map)), Seg::Key(k)) => map.shift_remove(k).is_some(),
        (Some(Value::Array(items)), Seg::Index(i)) if *i < items.len() => {
            items.remove(*i);
            true
        }
        _ => false,
    }
}

/// Whether the node at `path` is, by where it sits, most likely a schema.
fn is_schema_path(path: &[Seg]) -> bool {
    let parent = key_at(path, 1);
    let last = key_at(path, 0);
    let data = path.iter().any(|s| {
        matches!(s, Seg::Key(k) if ["example", "examples", "enum", "default", "const"].contains(&k.as_str()))
    });
    if data {
        return false;
    }
    matches!(
        last,
        Some("schema" | "items" | "additionalProperties" | "not" | "contains" | "propertyNames")
    ) || matches!(
        parent,
        Some("properties" | "schemas" | "$defs" | "definitions" | "patternProperties")
    ) && last.is_some()
        || matches!(parent, Some("allOf" | "oneOf" | "anyOf" | "prefixItems"))
            && matches!(path.last(), Some(Seg::Index(_)))
}

fn schema_paths(doc: &Value) -> Vec<Path> {
    all_paths(doc)
        .into_iter()
        .filter(|p| is_schema_path(p) && get(doc, p).is_some_and(Value::is_object))
        .collect()
}

fn schema_names(doc: &Value) -> Vec<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn schema_ref(name: &str) -> String {
    format!("#/components/schemas/{}", escape_token(name))
}

fn components_schemas(doc: &mut Value) -> &mut Map<String, Value> {
    let root = doc.as_object_mut().expect("the seed is an object");
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        *components = json!({});
    }
    let schemas = components
        .as_object_mut()
        .unwrap()
        .entry("schemas")
        .or_insert_with(|| json!({}));
    if !schemas.is_object() {
        *schemas = json!({});
    }
    schemas.as_object_mut().unwrap()
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn operation_paths(doc: &Value) -> Vec<Path> {
    let mut out = Vec::new();
    for top in ["paths", "webhooks"] {
        if let Some(paths) = doc.get(top).and_then(Value::as_object) {
            for (p, item) in paths {
                if let Some(item) = item.as_object() {
                    for m in item.keys().filter(|m| METHODS.contains(&m.as_str())) {
                        out.push(vec![
                            Seg::Key(top.into()),
                            Seg::Key(p.clone()),
                            Seg::Key(m.clone()),
                        ]);
                    }
                }
            }
        }
    }
    out
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

// ---------------------------------------------------------------------------------------------
// Odd values and names

fn odd_value(rng: &mut Rng) -> Value {
    let values = [
        json!(null),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(1e308),
        json!(-1e308),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1e-300),
        json!(true),
        json!(false),
        json!(""),
        json!(" "),
        json!("\u{0}\n\t\"'\\`{}"),
        json!("🦀 ünïcödé \u{202e}"),
        json!("{id}"),
        json!("#/"),
        json!("r#type"),
        json!("0abc"),
        json!("a-b.c d"),
        json!([]),
        json!({}),
        json!([null]),
        json!({"": null}),
        json!([[]]),
        json!({"$ref": "#/components/schemas/Nope"}),
        json!({"type": "null"}),
    ];
    rng.pick(&values).clone()
}

const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "-",
    "1",
    "123abc",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "r#type",
    "fn",
    "async",
    "try",
    "dyn",
    "match",
    "None",
    "Some",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Option",
    "Result",
    "Box",
    "serde",
    "std",
    "core",
    "$ref",
    "a b",
    "a.b",
    "a-b",
    "a/b",
    "a~b",
    "🦀",
    "a²",
    "²",
    "½x",
    "Ⓐ",
    "ⓐb",
    "①",
    "x\u{345}",
    "\u{345}x",
    "〇",
    "ǅ",
    "Ⅻ",
    "ß",
    "İ",
    "e\u{301}",
    "a\"b",
    "a\\b",
    "line\nbreak",
    "\t",
    "#",
    "&anchor",
    "*alias",
    ": ",
    "- x",
    "?",
    "{a}",
    "[x]",
    "'q'",
    "\u{0}",
    "ünï",
    "x-",
    "kind",
    "default",
    "value",
    "Value",
    "models",
    "operations",
    "client",
];

fn collide(name: &str, rng: &mut Rng) -> String {
    let snake: String = name
        .chars()
        .flat_map(|c| {
            if c.is_uppercase() {
                vec!['_', c.to_ascii_lowercase()]
            } else {
                vec![c]
            }
        })
        .collect();
    let variants = [
        name.to_uppercase(),
        name.to_lowercase(),
        format!("{name}_"),
        format!("_{name}"),
        format!("{name}-"),
        name.replace('_', "-"),
        name.replace('-', "_"),
        snake,
        name.replace('_', ""),
        format!("{name}2"),
        format!("{name} "),
        format!("{name}."),
        format!("{name}s"),
        format!("{name}[]"),
    ];
    let out = rng.pick(&variants).clone();
    if out == name { format!("{name}_") } else { out }
}

/// A new key for the object that is the node at `parent_path`, fitting what the object is.
fn odd_key(parent_path: &[Seg], old: &str, rng: &mut Rng) -> String {
    if rng.chance(35) && !old.is_empty() {
        return collide(old, rng);
    }
    match key_at(parent_path, 0) {
        Some("paths") | Some("webhooks") => rng
            .pick(&[
                "/x/{id}",
                "/{",
                "/{}",
                "/{a}/{a}",
                "",
                "no-slash",
                "/x?y=1",
                "/a/{b}c{d}",
                "/{🦀}",
                "/",
                "//",
                "/a/{b}/{B}",
                "/a b",
            ])
            .to_string(),
        Some("responses") => rng
            .pick(&[
                "2XX", "5XX", "999", "0", "100", "204", "default", "abc", "200.0", "1XX", "-1", "",
                "20X", "DEFAULT",
            ])
            .to_string(),
        Some("content") => rng
            .pick(&[
                "application/json; charset=utf-8",
                "*/*",
                "",
                "text/plain",
                "multipart/form-data",
                "application/x-www-form-urlencoded",
                "application/octet-stream",
                "application/vnd.api+json",
                "application/problem+json",
                "text/*",
                "application/xml",
                "image/png",
                ";;",
            ])
            .to_string(),
        _ => rng.pick(ODD_NAMES).to_string(),
    }
}

fn odd_ref(doc: &Value, rng: &mut Rng) -> String {
    let names = schema_names(doc);
    let mut refs: Vec<String> = [
        "#/components/schemas/Nope",
        "#/",
        "#",
        "",
        "#/paths",
        "other.yaml#/x",
        "#/components/schemas/~1~0",
        "#/components/schemas/",
        "#components/schemas/X",
        "http://example.com/x.json#/Y",
        "#/components/schemas/%20",
        "#/info",
        "#/components/schemas/A~2",
        "../x.json",
        "#/components/responses/Nope",
        "#/components/parameters/Nope",
        "#/components",
        "#/openapi",
        "#/paths/~1nope/get",
        "#/components/schemas/a/b/c",
        "#/$defs/x",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if !names.is_empty() {
        let name = rng.pick(&names).clone();
        refs.push(format!("#/components/responses/{}", escape_token(&name)));
        refs.push(format!("{}/properties", schema_ref(&name)));
        refs.push(format!("{}/type", schema_ref(&name)));
        refs.push(format!("{}/", schema_ref(&name)));
        refs.push(format!("#/components/schemas/{name}"));
        refs.push(format!("{}#", schema_ref(&name)));
        let first_prop = doc
            .pointer(&format!(
                "/components/schemas/{}/properties",
                escape_token(&name)
            ))
            .and_then(Value::as_object)
            .and_then(|props| props.keys().next());
        if let Some(prop) = first_prop {
            refs.push(format!(
                "{}/properties/{}",
                schema_ref(&name),
                escape_token(prop)
            ));
        }
    }
    if let Some(p) = doc
        .get("paths")
        .and_then(Value::as_object)
        .and_then(|m| m.keys().next())
    {
        refs.push(format!("#/paths/{}", escape_token(p)));
    }
    rng.pick(&refs).clone()
}

// ---------------------------------------------------------------------------------------------
// Mutations. Each returns what it did, or None when the document has nothing it applies to.

type Mutator = fn(&mut Value, &mut Rng) -> Option<String>;

fn replace_any(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let paths = all_paths(doc);
    if paths.len() < 2 {
        return None;
    }
    let path = rng.pick(&paths[1..]).clone();
    let value = odd_value(rng);
    let desc = format!("replace {} with {}", pointer(&path), short(&value));
    *get_mut(doc, &path)? = value;
    Some(desc)
}

fn delete_any(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let paths = all_paths(doc);
    if paths.len() < 2 {
        return None;
    }
    let path = rng.pick(&paths[1..]).clone();
    remove(doc, &path).then(|| format!("delete {}", pointer(&path)))
}

fn rename_key(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let paths: Vec<Path> = all_paths(doc)
        .into_iter()
        .filter(|p| matches!(p.last(), Some(Seg::Key(_))))
        .collect();
    if paths.is_empty() {
        return None;
    }
    let path = rng.pick(&paths).clone();
    let (Seg::Key(old), parent) = path.split_last()? else {
        return None;
    };
    let new = odd_key(parent, old, rng);
    let map = get_mut(doc, parent)?.as_object_mut()?;
    let index = map.keys().position(|k| k == old)?;
    let value = map.shift_remove(old)?;
    map.shift_remove(&new);
    map.shift_insert(index.min(map.len()), new.clone(), value);
    Some(format!("rename {} to {new:?}", pointer(&path)))
}

fn duplicate_sibling(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let paths: Vec<Path> = all_paths(doc)
        .into_iter()
        .filter(|p| matches!(p.last(), Some(Seg::Key(_))))
        .collect();
    if paths.is_empty() {
        return None;
    }
    // Names, properties and paths are where collisions matter most; pick among them half the time.
    let named: Vec<Path> = paths
        .iter()
        .filter(|p| {
            matches!(
                key_at(p, 1),
                Some("schemas" | "properties" | "paths" | "responses" | "parameters")
            )
        })
        .cloned()
        .collect();
    let path = if !named.is_empty() && rng.chance(50) {
        rng.pick(&named).clone()
    } else {
        rng.pick(&paths).clone()
    };
    let (Seg::Key(old), parent) = path.split_last()? else {
        return None;
    };
    let new = if rng.chance(60) {
        collide(old, rng)
    } else {
        odd_key(parent, old, rng)
    };
    let map = get_mut(doc, parent)?.as_object_mut()?;
    let value = map.get(old)?.clone();
    map.insert(new.clone(), value);
    Some(format!("duplicate {} as {new:?}", pointer(&path)))
}

fn graft(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let paths = all_paths(doc);
    if paths.len() < 2 {
        return None;
    }
    let from = rng.pick(&paths[1..]).clone();
    let to = rng.pick(&paths[1..]).clone();
    let value = get(doc, &from)?.clone();
    *get_mut(doc, &to)? = value;
    Some(format!("copy {} over {}", pointer(&from), pointer(&to)))
}

fn bad_ref(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let target = odd_ref(doc, rng);
    let refs: Vec<Path> = all_paths(doc)
        .into_iter()
        .filter(|p| key_at(p, 0) == Some("$ref"))
        .collect();
    if !refs.is_empty() && rng.chance(70) {
        let path = rng.pick(&refs).clone();
        *get_mut(doc, &path)? = json!(target);
        return Some(format!("set {} to {target:?}", pointer(&path)));
    }
    let schemas = schema_paths(doc);
    let candidates = if schemas.is_empty() {
        all_paths(doc).split_off(1)
    } else {
        schemas
    };
    if candidates.is_empty() {
        return None;
    }
    let path = rng.pick(&candidates).clone();
    *get_mut(doc, &path)? = json!({ "$ref": target });
    Some(format!(
        "replace {} with a $ref to {target:?}",
        pointer(&path)
    ))
}

fn ref_cycle(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let mut names = schema_names(doc);
    if rng.chance(15) {
        // A cycle among other components, or a path item that refers to itself.
        let kind = *rng.pick(&[
            "responses",
            "parameters",
            "requestBodies",
            "headers",
            "pathItems",
            "examples",
            "securitySchemes",
        ]);
        let root = doc.as_object_mut()?;
        let components = root.entry("components").or_insert_with(|| json!({}));
        if !components.is_object() {
            *components = json!({});
        }
        let comps = components.as_object_mut()?;
        let section = comps.entry(kind).or_insert_with(|| json!({}));
        if !section.is_object() {
            *section = json!({});
        }
        let section = section.as_object_mut()?;
        section.insert(
            "Loop".into(),
            json!({ "$ref": format!("#/components/{kind}/Loop2") }),
        );
        section.insert(
            "Loop2".into(),
            json!({ "$ref": format!("#/components/{kind}/Loop") }),
        );
        if let Some(op) = operation_paths(doc).first().cloned() {
            let op = get_mut(doc, &op)?.as_object_mut()?;
            match kind {
                "responses" => {
                    op.insert(
                        "responses".into(),
                        json!({"200": {"$ref": "#/components/responses/Loop"}}),
                    );
                }
                "parameters" => {
                    op.insert(
                        "parameters".into(),
                        json!([{"$ref": "#/components/parameters/Loop"}]),
                    );
                }
                "requestBodies" => {
                    op.insert(
                        "requestBody".into(),
                        json!({"$ref": "#/components/requestBodies/Loop"}),
                    );
                }
                _ => {}
            }
        }
        if kind == "pathItems" {
            if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
                paths.insert("/loop".into(), json!({"$ref": "#/paths/~1loop"}));
            }
        }
        return Some(format!("add a $ref cycle in components/{kind}"));
    }
    if names.len() < 2 {
        let schemas = components_schemas(doc);
        schemas
            .entry("A")
            .or_insert_with(|| json!({"type": "object"}));
        schemas
            .entry("B")
            .or_insert_with(|| json!({"type": "object"}));
        names = schema_names(doc);
    }
    let a = rng.pick(&names).clone();
    let b = rng.pick(&names).clone();
    let (ra, rb) = (schema_ref(&a), schema_ref(&b));
    let variants: [(Value, Option<Value>, &str); 9] = [
        (json!({"$ref": ra}), None, "A = $ref A"),
        (
            json!({"$ref": rb}),
            Some(json!({"$ref": ra})),
            "A = $ref B, B = $ref A",
        ),
        (json!({"allOf": [{"$ref": ra}]}), None, "A = allOf [A]"),
        (
            json!({"allOf": [{"$ref": rb}]}),
            Some(json!({"allOf": [{"$ref": ra}]})),
            "A = allOf [B], B = allOf [A]",
        ),
        (
            json!({"oneOf": [{"$ref": ra}, {"type": "string"}]}),
            None,
            "A = oneOf [A, string]",
        ),
        (
            json!({"type": "object", "required": ["x"], "properties": {"x": {"$ref": ra}}}),
            None,
            "A.x: A, required",
        ),
        (
            json!({"type": "array", "items": {"$ref": ra}}),
            None,
            "A = array of A",
        ),
        (
            json!({"type": "object", "additionalProperties": {"$ref": ra}}),
            None,
            "A = map of A",
        ),
        (
            json!({"anyOf": [{"$ref": rb}]}),
            Some(json!({"allOf": [{"$ref": ra}], "nullable": true})),
            "A = anyOf [B], B = allOf [A]",
        ),
    ];
    let (va, vb, what) = rng.pick(&variants).clone();
    let schemas = components_schemas(doc);
    schemas.insert(a.clone(), va);
    if let Some(vb) = vb {
        schemas.insert(b.clone(), vb);
    }
    Some(format!("cycle {what} with A = {a:?}, B = {b:?}"))
}

fn pick_schema(doc: &mut Value, rng: &mut Rng) -> Option<Path> {
    let schemas = schema_paths(doc);
    if schemas.is_empty() {
        return None;
    }
    Some(rng.pick(&schemas).clone())
}

/// Sets `key` of the object at `path` to `value`, and says so.
fn set_key(doc: &mut Value, path: &[Seg], key: &str, value: Value) -> Option<String> {
    let desc = format!("set {}/{key} to {}", pointer(path), short(&value));
    get_mut(doc, path)?
        .as_object_mut()?
        .insert(key.to_owned(), value);
    Some(desc)
}

fn set_in_schema(doc: &mut Value, rng: &mut Rng, key: &str, values: &[Value]) -> Option<String> {
    let path = pick_schema(doc, rng)?;
    let value = rng.pick(values).clone();
    set_key(doc, &path, key, value)
}

fn type_array(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    set_in_schema(
        doc,
        rng,
        "type",
        &[
            json!(["string", "null", "integer"]),
            json!(["null"]),
            json!([]),
            json!(["object", "array"]),
            json!(["string", "string"]),
            json!(["foo"]),
            json!("foo"),
            json!(5),
            json!("array"),
            json!(["array", "null"]),
            json!(["integer", "number"]),
            json!(["boolean", "null"]),
            json!(["object", "null"]),
            json!("null"),
            json!("object"),
            json!("integer"),
            json!([null]),
            json!(["string", 1]),
        ],
    )
}

fn mixed_enum(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let key = if rng.chance(80) {
        "enum"
    } else {
        *rng.pick(&["x-enum-varnames", "x-enumNames", "const"])
    };
    set_in_schema(
        doc,
        rng,
        key,
        &[
            json!([1, "a", null, true, 1.5, {}, []]),
            json!([]),
            json!([null]),
            json!(["a", "a"]),
            json!(["", " ", "-", "_"]),
            json!(["1", "2", "1.0"]),
            json!([1, -1, 1e300, 1.5, u64::MAX, i64::MIN]),
            json!(["A", "a"]),
            json!(["foo-bar", "foo_bar", "FooBar", "fooBar"]),
            json!(["🦀", "ü", "\u{202e}"]),
            json!(["²", "Ⓐ", "½", "ⓐ", "①"]),
            json!(["a²", "a2"]),
            json!([true, false]),
            json!([{"a": 1}]),
            json!(["Self", "self", "type", "None", "Other", "Unknown"]),
            json!("a"),
            json!(null),
            json!({}),
            json!(["A"]),
        ],
    )
}

fn bad_required(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let path = pick_schema(doc, rng)?;
    let props: Vec<String> = get(doc, &path)?
        .get("properties")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let first = props.first().cloned().unwrap_or_else(|| "x".into());
    let values = [
        json!([1, null, "missing", "missing"]),
        json!("id"),
        json!([]),
        json!([[]]),
        json!([""]),
        json!([first, first]),
        json!(true),
        json!(props),
        json!(["missing"]),
        json!(null),
    ];
    let value = rng.pick(&values).clone();
    set_key(doc, &path, "required", value)
}

fn discriminator(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let names = schema_names(doc);
    let some = names.first().map(|n| schema_ref(n)).unwrap_or_default();
    let other = names.last().map(|n| schema_ref(n)).unwrap_or_default();
    let discriminators = [
        json!({"propertyName": "kind", "mapping": {"a": "#/components/schemas/Nope", "b": "Nope"}}),
        json!({"propertyName": ""}),
        json!({"propertyName": 5}),
        json!({"mapping": {"a": some}}),
        json!({"propertyName": "kind", "mapping": {"x": some, "y": some}}),
        json!({"propertyName": "kind", "mapping": {"x": other, "": "", "z": "#/"}}),
        json!({"propertyName": "type"}),
        json!(null),
        json!("kind"),
        json!({"propertyName": "kind", "mapping": {"x": 1}}),
    ];
    let path = pick_schema(doc, rng)?;
    let d = rng.pick(&discriminators).clone();
    let mut desc = format!("set {}/discriminator to {}", pointer(&path), short(&d));
    let schema = get_mut(doc, &path)?.as_object_mut()?;
    schema.insert("discriminator".into(), d);
    if rng.chance(60) {
        let key = *rng.pick(&["oneOf", "anyOf", "allOf"]);
        let mut members: Vec<Value> = Vec::new();
        for _ in 0..rng.below(4) {
            if names.is_empty() {
                members.push(json!({"type": "object"}));
            } else {
                members.push(json!({"$ref": schema_ref(rng.pick::<String>(&names))}));
            }
        }
        if rng.chance(20) {
            members.push(json!({"type": "string"}));
        }
        let _ = write!(
            desc,
            " with {key} {}",
            short(&Value::Array(members.clone()))
        );
        schema.insert(key.into(), Value::Array(members));
    }
    Some(desc)
}

fn composition(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let names = schema_names(doc);
    let existing = names
        .first()
        .map(|n| json!({"$ref": schema_ref(n)}))
        .unwrap_or(json!({}));
    let key = *rng.pick(&["oneOf", "allOf", "anyOf", "not"]);
    set_in_schema(
        doc,
        rng,
        key,
        &[
            json!([]),
            json!([{}]),
            json!([true]),
            json!([false]),
            json!([null]),
            json!({}),
            json!("x"),
            json!([{"type": "null"}]),
            json!([{"type": "null"}, {"type": "null"}]),
            json!([existing, existing]),
            json!([{"$ref": "#/components/schemas/Nope"}]),
            json!([{"type": "string"}, {"type": "string"}]),
            json!([{"enum": []}]),
            json!([{"not": {}}]),
            json!([{"type": "string"}, {"type": "integer"}, {"type": "null"}]),
            json!([{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "object", "properties": {"a": {"type": "integer"}}}]),
            json!([{"allOf": [{"oneOf": []}]}]),
            json!([{"type": "array"}, {"type": "array", "items": {"type": "array"}}]),
        ],
    )
}

fn odd_property(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let path = pick_schema(doc, rng)?;
    let name = rng.pick(ODD_NAMES).to_string();
    let names = schema_names(doc);
    let existing = names
        .first()
        .map(|n| json!({"$ref": schema_ref(n)}))
        .unwrap_or(json!({}));
    let schemas = [
        json!({}),
        json!({"type": "string"}),
        existing,
        json!(true),
        json!(false),
        json!(null),
        json!({"type": "array"}),
        json!({"type": "object", "properties": {"": {}}}),
        json!({"type": "string", "format": "password"}),
        json!({"type": "integer", "format": "int128"}),
    ];
    let schema_value = rng.pick(&schemas).clone();
    let required = rng.chance(50);
    let desc = format!(
        "add property {name:?} = {} to {}{}",
        short(&schema_value),
        pointer(&path),
        if required { ", required" } else { "" }
    );
    let schema = get_mut(doc, &path)?.as_object_mut()?;
    let props = schema.entry("properties").or_insert_with(|| json!({}));
    if !props.is_object() {
        *props = json!({});
    }
    props.as_object_mut()?.insert(name.clone(), schema_value);
    if required {
        match schema.entry("required").or_insert_with(|| json!([])) {
            Value::Array(items) => items.push(json!(name)),
            other => *other = json!([name]),
        }
    }
    Some(desc)
}

fn odd_keyword(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let pairs: Vec<(&str, Value)> = vec![
        ("items", json!([])),
        ("items", json!({})),
        ("items", json!(true)),
        ("items", json!(false)),
        ("items", json!([{"type": "string"}])),
        ("additionalProperties", json!(false)),
        ("additionalProperties", json!(true)),
        ("additionalProperties", json!({})),
        (
            "additionalProperties",
            json!({"$ref": "#/components/schemas/Nope"}),
        ),
        ("additionalProperties", json!("x")),
        ("nullable", json!("yes")),
        ("nullable", json!(true)),
        ("const", json!(null)),
        ("const", json!({})),
        ("const", json!(1)),
        ("format", json!("int128")),
        ("format", json!("uint8")),
        ("format", json!("date-time")),
        ("format", json!("binary")),
        ("format", json!("byte")),
        ("format", json!("int64")),
        ("format", json!("")),
        ("format", json!("🦀")),
        ("format", json!("password")),
        ("default", json!({})),
        ("default", json!([])),
        ("default", json!(null)),
        ("default", json!("wrong type")),
        ("minimum", json!(1e308)),
        ("maximum", json!(-1e308)),
        ("maxLength", json!(-1)),
        ("minItems", json!(1.5)),
        ("multipleOf", json!(0)),
        ("pattern", json!("(")),
        ("readOnly", json!(true)),
        ("writeOnly", json!(true)),
        ("properties", json!({})),
        ("properties", json!([])),
        ("properties", json!(null)),
        ("properties", json!({"a": true})),
        ("properties", json!({"a": null})),
        ("prefixItems", json!([{}])),
        ("$defs", json!({"x": {"$ref": "#"}})),
        ("$ref", json!("#")),
        ("examples", json!([])),
        ("example", json!({"deep": [1, {"x": null}]})),
        ("title", json!("")),
        ("title", json!("🦀 Odd Title!")),
        ("description", json!("*/ /* \u{0} ```rust\npanic!()\n```")),
        ("deprecated", json!("yes")),
        ("type", json!("object")),
    ];
    let (key, value) = rng.pick(&pairs).clone();
    set_in_schema(doc, rng, key, &[value])
}

fn path_template(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let paths: Vec<String> = doc.get("paths")?.as_object()?.keys().cloned().collect();
    if paths.is_empty() {
        return None;
    }
    let old = rng.pick(&paths).clone();
    let new = match rng.below(3) {
        0 => format!("{old}/{{id}}"),
        1 => format!("{old}/{{"),
        _ => odd_key(&[Seg::Key("paths".into())], &old, rng),
    };
    let map = doc.get_mut("paths")?.as_object_mut()?;
    let index = map.keys().position(|k| *k == old)?;
    let value = map.shift_remove(&old)?;
    map.shift_remove(&new);
    map.shift_insert(index.min(map.len()), new.clone(), value);
    Some(format!("rename path {old:?} to {new:?}"))
}

fn parameter(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let params: Vec<Path> = all_paths(doc)
        .into_iter()
        .filter(|p| {
            key_at(p, 1) == Some("parameters")
                || (key_at(p, 2) == Some("parameters") && matches!(p.last(), Some(Seg::Index(_))))
        })
        .filter(|p| get(doc, p).is_some_and(Value::is_object))
        .collect();
    let ops = operation_paths(doc);
    if params.is_empty() && ops.is_empty() {
        return None;
    }
    if params.is_empty() || (!ops.is_empty() && rng.chance(25)) {
        // Add a parameter to an operation.
        let op = rng.pick(&ops).clone();
        let extra = [
            json!({"name": "zzz", "in": "path", "required": true, "schema": {"type": "string"}}),
            json!({"name": "id", "in": "query", "schema": {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "object"}}}}}),
            json!({"name": "Content-Type", "in": "header", "schema": {"type": "string"}}),
            json!({"name": "c", "in": "cookie", "schema": {"type": "string"}}),
            json!({"name": "b", "in": "body", "schema": {"type": "string"}}),
            json!({"name": "q", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}}),
            json!({"name": "q", "in": "query", "schema": {"type": "string"}, "content": {"text/plain": {}}}),
            json!({"name": "q", "in": "query"}),
            json!({"$ref": "#/components/parameters/Nope"}),
            json!({"name": "", "in": "query", "schema": {}}),
            json!({"name": "a-b", "in": "query", "schema": {"type": "string"}}),
            json!({"name": "a_b", "in": "query", "schema": {"type": "string"}}),
        ];
        let p = rng.pick(&extra).clone();
        return add_parameter(doc, &op, p);
    }
    let path = rng.pick(&params).clone();
    let (key, values): (&str, Vec<Value>) = match rng.below(6) {
        0 => (
            "in",
            vec![
                json!("body"),
                json!("formData"),
                json!("cookie"),
                json!("header"),
                json!("query"),
                json!("path"),
                json!(""),
                json!(5),
            ],
        ),
        1 => (
            "name",
            vec![
                json!(""),
                json!("a b"),
                json!("Content-Type"),
                json!("Accept"),
                json!("Authorization"),
                json!("{id}"),
                json!("self"),
                json!("🦀"),
                json!(1),
            ],
        ),
        2 => ("required", vec![json!(false), json!("yes"), json!(null)]),
        3 => (
            "style",
            vec![
                json!("deepObject"),
                json!("matrix"),
                json!("label"),
                json!("form"),
                json!("spaceDelimited"),
                json!("pipeDelimited"),
                json!("simple"),
                json!("foo"),
            ],
        ),
        4 => ("explode", vec![json!("x"), json!(true), json!(false)]),
        _ => (
            "schema",
            vec![
                json!(null),
                json!({}),
                json!({"type": "object"}),
                json!({"type": "array"}),
                json!({"type": "array", "items": {"type": "array", "items": {}}}),
                json!({"$ref": "#/components/schemas/Nope"}),
            ],
        ),
    };
    let value = rng.pick(&values).clone();
    set_key(doc, &path, key, value)
}

/// Adds `p` to the parameters of the operation at `op`.
fn add_parameter(doc: &mut Value, op: &[Seg], p: Value) -> Option<String> {
    let desc = format!("add parameter {} to {}", short(&p), pointer(op));
    let op = get_mut(doc, op)?.as_object_mut()?;
    match op.entry("parameters").or_insert_with(|| json!([])) {
        Value::Array(items) => items.push(p),
        other => *other = json!([p]),
    }
    Some(desc)
}

fn operation_id(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let ops = operation_paths(doc);
    if ops.is_empty() {
        return None;
    }
    let ids: Vec<String> = ops
        .iter()
        .filter_map(|p| get(doc, p)?.get("operationId")?.as_str().map(str::to_owned))
        .collect();
    let path = rng.pick(&ops).clone();
    let mut values = vec![
        json!(""),
        json!("  "),
        json!("123"),
        json!("self"),
        json!("a-b"),
        json!("🦀"),
        json!(5),
        json!(null),
        json!("new"),
        json!("send"),
        json!("client"),
        json!("a²"),
        json!("Ⓐ"),
        json!("x\u{345}"),
        json!(rng.pick(ODD_NAMES).to_string()),
    ];
    if !ids.is_empty() {
        let id = rng.pick(&ids).clone();
        values.push(json!(id));
        values.push(json!(collide(&id, rng)));
    }
    let value = rng.pick(&values).clone();
    set_key(doc, &path, "operationId", value)
}

fn response(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let ops = operation_paths(doc);
    if ops.is_empty() {
        return None;
    }
    let op = rng.pick(&ops).clone();
    let values = [
        json!({}),
        json!({"default": {}}),
        json!({"200": {"$ref": "#/components/responses/Nope"}}),
        json!({"200": {"description": "ok", "content": {}}}),
        json!({"200": {"description": "ok", "content": {"application/json": {}}}}),
        json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "integer"}}}}}),
        json!({"2XX": {"description": "ok"}, "200": {"description": "ok"}, "default": {"description": "x", "content": {"*/*": {"schema": {}}}}}),
        json!({"204": {"description": "none", "content": {"application/json": {"schema": {"type": "object"}}}}}),
        json!({"999": {"description": "odd"}}),
        json!({"200": {"description": "h", "headers": {"X-A": {"schema": {"type": "object"}}, "": {}, "Content-Type": {"schema": {"type": "string"}}}}}),
        json!({"200": {"description": "ok", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}),
        json!([]),
    ];
    let value = rng.pick(&values).clone();
    let key = if rng.chance(70) {
        "responses"
    } else {
        "requestBody"
    };
    let value = if key == "requestBody" {
        let bodies = [
            json!({}),
            json!({"content": {}}),
            json!({"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"f": {"type": "string", "format": "binary"}, "g": {"type": "array", "items": {"type": "object"}}}}}}}),
            json!({"content": {"application/x-www-form-urlencoded": {"schema": {"type": "array"}}}}),
            json!({"content": {"application/json": {"schema": {"type": "null"}}}}),
            json!({"content": {"text/plain": {"schema": {"type": "object"}}}}),
            json!({"$ref": "#/components/requestBodies/Nope"}),
            json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}}}),
        ];
        rng.pick(&bodies).clone()
    } else {
        value
    };
    set_key(doc, &op, key, value)
}

fn security(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let requirements = [
        json!([{"nope": []}]),
        json!([{}]),
        json!([]),
        json!({"x": 1}),
        json!([{"a": "b"}]),
        json!([{"bearerAuth": ["scope"]}, {}]),
    ];
    let schemes = [
        json!({"type": "apiKey", "in": "cookie", "name": "sid"}),
        json!({"type": "apiKey", "in": "query"}),
        json!({"type": "http", "scheme": "digest"}),
        json!({"type": "http"}),
        json!({"type": "oauth2"}),
        json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "", "scopes": {}}}}),
        json!({"type": "openIdConnect", "openIdConnectUrl": ""}),
        json!({"type": "mutualTLS"}),
        json!({"type": "weird"}),
        json!({"$ref": "#/components/securitySchemes/Nope"}),
    ];
    if rng.chance(50) {
        let value = rng.pick(&requirements).clone();
        let ops = operation_paths(doc);
        let target = if ops.is_empty() || rng.chance(40) {
            Vec::new()
        } else {
            rng.pick(&ops).clone()
        };
        set_key(doc, &target, "security", value)
    } else {
        let name = rng
            .pick(&["bearerAuth", "nope", "a", "", "api-key", "apiKey"])
            .to_string();
        let value = rng.pick(&schemes).clone();
        let desc = format!("set securityScheme {name:?} to {}", short(&value));
        let root = doc.as_object_mut()?;
        let components = root.entry("components").or_insert_with(|| json!({}));
        if !components.is_object() {
            *components = json!({});
        }
        let section = components
            .as_object_mut()?
            .entry("securitySchemes")
            .or_insert_with(|| json!({}));
        if !section.is_object() {
            *section = json!({});
        }
        section.as_object_mut()?.insert(name, value);
        Some(desc)
    }
}

fn version(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let values = [
        json!("3.0.0"),
        json!("3.0.3"),
        json!("3.1.0"),
        json!("3.1.1"),
        json!("2.0"),
        json!("4.0.0"),
        json!("3.1"),
        json!(3.1),
        json!(""),
        json!(null),
    ];
    let value = rng.pick(&values).clone();
    let root = doc.as_object_mut()?;
    let desc = format!("set /openapi to {}", short(&value));
    if value.is_null() {
        root.shift_remove("openapi");
    } else {
        root.insert("openapi".into(), value);
    }
    if rng.chance(30) {
        let extra = *rng.pick(&[
            "webhooks",
            "jsonSchemaDialect",
            "servers",
            "info",
            "tags",
            "components",
            "paths",
        ]);
        let v = odd_value(rng);
        let desc = format!("{desc}, and /{extra} to {}", short(&v));
        root.insert(extra.into(), v);
        return Some(desc);
    }
    Some(desc)
}

/// Swagger 2.0 constructs, in a 2.0 document: parameters moved between `body`, `formData`
/// and the others, odd `collectionFormat`s and `type: file` where they do not belong, odd
/// media type lists, hosts and schemes, references to top-level definitions, parameters and
/// responses that may not exist, odd security definitions and extensions.
fn swagger2(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    doc.get("swagger")?;
    let params: Vec<Path> = all_paths(doc)
        .into_iter()
        .filter(|p| {
            matches!(p.last(), Some(Seg::Index(_)))
                && key_at(p, 1) == Some("parameters")
                && get(doc, p).is_some_and(Value::is_object)
        })
        .collect();
    let ops = operation_paths(doc);
    match rng.below(8) {
        0 if !params.is_empty() => {
            let path = rng.pick(&params).clone();
            let values = [
                json!("csv"),
                json!("ssv"),
                json!("tsv"),
                json!("pipes"),
                json!("multi"),
                json!("commas"),
                json!(5),
                json!(null),
            ];
            let value = rng.pick(&values).clone();
            if rng.chance(50) {
                let _ = set_key(doc, &path, "type", json!("array"));
            }
            set_key(doc, &path, "collectionFormat", value)
        }
        1 if !params.is_empty() => {
            let path = rng.pick(&params).clone();
            let (key, values) = if rng.chance(50) {
                (
                    "in",
                    vec![
                        json!("body"),
                        json!("formData"),
                        json!("query"),
                        json!("path"),
                    ],
                )
            } else {
                (
                    "type",
                    vec![json!("file"), json!("array"), json!("object"), json!(null)],
                )
            };
            let value = rng.pick(&values).clone();
            set_key(doc, &path, key, value)
        }
        2 if !ops.is_empty() => {
            let op = rng.pick(&ops).clone();
            let extra = [
                json!({"name": "f", "in": "formData", "type": "file"}),
                json!({"name": "g", "in": "formData", "type": "array", "items": {"type": "file"}}),
                json!({"name": "b", "in": "body"}),
                json!({"name": "b", "in": "body", "schema": {"type": "file"}}),
                json!({"name": "h", "in": "header", "type": "array", "collectionFormat": "multi"}),
                json!({"name": "p", "in": "path", "type": "string"}),
                json!({"$ref": "#/parameters/Nope"}),
                json!({"$ref": "#/definitions/Nope"}),
            ];
            let p = rng.pick(&extra).clone();
            add_parameter(doc, &op, p)
        }
        3 => {
            let key = *rng.pick(&["consumes", "produces"]);
            let values = [
                json!([]),
                json!(["multipart/form-data"]),
                json!(["application/x-www-form-urlencoded", "multipart/form-data"]),
                json!("application/json"),
                json!([5, null]),
                json!(["*/*"]),
            ];
            let value = rng.pick(&values).clone();
            let at = if ops.is_empty() || rng.chance(40) {
                Vec::new()
            } else {
                rng.pick(&ops).clone()
            };
            set_key(doc, &at, key, value)
        }
        4 => {
            let key = *rng.pick(&["host", "basePath", "schemes"]);
            let values = [
                json!(""),
                json!("/"),
                json!("example.com:8080/"),
                json!(["wss", "ftp"]),
                json!([]),
                json!(7),
                json!("no slash"),
            ];
            let value = rng.pick(&values).clone();
            set_key(doc, &[], key, value)
        }
        5 => {
            let schemas = schema_paths(doc);
            if schemas.is_empty() {
                return None;
            }
            let path = rng.pick(&schemas).clone();
            let reference = *rng.pick(&[
                "#/definitions/Nope",
                "#/parameters/Nope",
                "#/responses/Nope",
                "#/definitions",
                "#/components/schemas/Nope",
            ]);
            let defined: Vec<String> = doc
                .get("definitions")
                .and_then(Value::as_object)
                .map(|d| d.keys().cloned().collect())
                .unwrap_or_default();
            let target = if !defined.is_empty() && rng.chance(50) {
                let name: &String = rng.pick(&defined);
                format!("#/definitions/{}", escape_token(name))
            } else {
                reference.to_owned()
            };
            let desc = format!("point {} at {target}", pointer(&path));
            *get_mut(doc, &path)? = json!({ "$ref": target });
            Some(desc)
        }
        6 => {
            let values = [
                json!({"type": "oauth2"}),
                json!({"type": "oauth2", "flow": "magic", "scopes": {}}),
                json!({"type": "oauth2", "flow": "accessCode"}),
                json!({"type": "apiKey"}),
                json!({"type": "bearer"}),
                json!("basic"),
            ];
            let value = rng.pick(&values).clone();
            let desc = format!("add security definition {}", short(&value));
            let root = doc.as_object_mut()?;
            match root
                .entry("securityDefinitions")
                .or_insert_with(|| json!({}))
            {
                Value::Object(definitions) => {
                    definitions.insert("odd".into(), value);
                }
                other => *other = json!({ "odd": value }),
            }
            root.insert("security".into(), json!([{ "odd": ["a"] }]));
            Some(desc)
        }
        _ => {
            let schemas = schema_paths(doc);
            if schemas.is_empty() {
                return None;
            }
            let path = rng.pick(&schemas).clone();
            let (key, values) = match rng.below(3) {
                0 => ("x-nullable", vec![json!(true), json!("yes"), json!(null)]),
                1 => ("discriminator", vec![json!("kind"), json!(""), json!(3)]),
                _ => ("x-example", vec![json!(null), json!({"a": 1})]),
            };
            let value = rng.pick(&values).clone();
            set_key(doc, &path, key, value)
        }
    }
}

/// Renames every `$ref` target `old` (a JSON pointer fragment, `#/...`) to `new`, and the
/// subtrees below it. Discriminator mappings hold refs under arbitrary keys, so every string
/// equal to such a ref is retargeted; specs rarely hold them anywhere else.
fn retarget_refs(doc: &mut Value, old: &str, new: &str) {
    match doc {
        Value::Object(map) => {
            for v in map.values_mut() {
                match v {
                    Value::String(s) => {
                        if s == old {
                            *s = new.to_owned();
                        } else if let Some(rest) = s.strip_prefix(&format!("{old}/")) {
                            *s = format!("{new}/{rest}");
                        }
                    }
                    _ => retarget_refs(v, old, new),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget_refs(v, old, new)),
        _ => {}
    }
}

/// Names that the generator itself uses, or that collide after case conversion.
const GENERATED_NAMES: &[&str] = &[
    "Client",
    "Error",
    "Response",
    "Request",
    "Unknown",
    "Other",
    "Empty",
    "Unnamed",
    "Value",
    "SecretString",
    "Envelope",
    "Operation",
    "Body",
    "Params",
    "Query",
    "Headers",
    "Status",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Into",
    "AsRef",
    "Self",
    "self",
    "crate",
    "T1",
    "V1",
    "runtime",
    "models",
    "operations",
    "serde",
    "std",
    "core",
    "chrono",
    "http",
];

fn rename_component(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let kinds: Vec<String> = doc
        .get("components")?
        .as_object()?
        .iter()
        .filter(|(_, v)| v.as_object().is_some_and(|m| !m.is_empty()))
        .map(|(k, _)| k.clone())
        .collect();
    if kinds.is_empty() {
        return None;
    }
    // Schemas are where names matter most.
    let kind = if kinds.iter().any(|k| k == "schemas") && rng.chance(75) {
        "schemas".to_owned()
    } else {
        rng.pick(&kinds).clone()
    };
    let names: Vec<String> = doc["components"][&kind]
        .as_object()?
        .keys()
        .cloned()
        .collect();
    let old = rng.pick(&names).clone();
    let new = match rng.below(4) {
        0 => collide(&old, rng),
        1 => rng.pick(GENERATED_NAMES).to_string(),
        2 => {
            // Another component's name in another case, or an inline type's name.
            let other = rng.pick(&names).clone();
            collide(&other, rng)
        }
        _ => rng.pick(ODD_NAMES).to_string(),
    };
    let map = doc["components"][&kind].as_object_mut()?;
    let index = map.keys().position(|k| *k == old)?;
    let value = map.shift_remove(&old)?;
    map.shift_remove(&new);
    map.shift_insert(index.min(map.len()), new.clone(), value);
    retarget_refs(
        doc,
        &format!("#/components/{kind}/{}", escape_token(&old)),
        &format!("#/components/{kind}/{}", escape_token(&new)),
    );
    Some(format!(
        "rename components/{kind}/{old:?} to {new:?}, and its $refs"
    ))
}

fn rename_property(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let props: Vec<Path> = all_paths(doc)
        .into_iter()
        .filter(|p| key_at(p, 1) == Some("properties") && matches!(p.last(), Some(Seg::Key(_))))
        .filter(|p| is_schema_path(p))
        .collect();
    if props.is_empty() {
        return None;
    }
    let path = rng.pick(&props).clone();
    let (Seg::Key(old), parent) = path.split_last()? else {
        return None;
    };
    let siblings: Vec<String> = get(doc, parent)?.as_object()?.keys().cloned().collect();
    let new = match rng.below(4) {
        0 => collide(old, rng),
        1 => {
            let other = rng.pick(&siblings).clone();
            collide(&other, rng)
        }
        2 => rng.pick(GENERATED_NAMES).to_string(),
        _ => rng.pick(ODD_NAMES).to_string(),
    };
    let keep = rng.chance(50);
    let map = get_mut(doc, parent)?.as_object_mut()?;
    let value = map.get(old)?.clone();
    if !keep {
        map.shift_remove(old);
    }
    map.insert(new.clone(), value);
    // Keep `required` in step, so that the document stays valid.
    let schema_path = &parent[..parent.len() - 1];
    if let Some(Value::Array(required)) =
        get_mut(doc, schema_path).and_then(|s| s.get_mut("required"))
    {
        if required.iter().any(|r| r == old) {
            required.push(json!(new));
            if !keep {
                required.retain(|r| r != old);
            }
        }
    }
    Some(format!(
        "{} property {} as {new:?}",
        if keep { "copy" } else { "rename" },
        pointer(&path)
    ))
}

fn typed_enum(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let path = pick_schema(doc, rng)?;
    let variants: [(Value, Value, &str); 10] = [
        (
            json!("string"),
            json!(["a", "A", "a_", "a-", "a ", "_a"]),
            "",
        ),
        (json!("string"), json!(["+1", "-1", "1", "1.0", "01"]), ""),
        (json!("string"), json!(["", "_", "-", " ", "__"]), ""),
        (
            json!("string"),
            json!(["Unknown", "Other", "unknown", "Self", "self", "type"]),
            "",
        ),
        (
            json!("string"),
            json!(["²", "Ⓐ", "½", "ⓐ", "①", "x\u{345}"]),
            "",
        ),
        (
            json!("integer"),
            json!([0, -1, 1, i64::MAX, i64::MIN]),
            "int64",
        ),
        (json!("integer"), json!([u64::MAX, 0]), "int64"),
        (json!("integer"), json!([1.5, 2]), "int32"),
        (json!("number"), json!([0.5, -1e308, 1e308]), "double"),
        (json!("boolean"), json!([true]), ""),
    ];
    let (ty, values, format) = rng.pick(&variants).clone();
    let desc = format!(
        "set {} to type {ty} enum {}",
        pointer(&path),
        short(&values)
    );
    let schema = get_mut(doc, &path)?.as_object_mut()?;
    schema.retain(|k, _| k.starts_with("x-") || k == "description" || k == "nullable");
    schema.insert("type".into(), ty);
    schema.insert("enum".into(), values);
    if !format.is_empty() {
        schema.insert("format".into(), json!(format));
    }
    if rng.chance(30) {
        schema.insert("x-enum-varnames".into(), json!(["A", "A", "", "Self"]));
    }
    Some(desc)
}

fn default_mismatch(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let path = pick_schema(doc, rng)?;
    let defaults = [
        json!("abc\"quote"),
        json!(-1),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(1e308),
        json!(1.5),
        json!(true),
        json!([1, "a"]),
        json!({"a": {"b": null}}),
        json!(null),
        json!(""),
        json!("*/ `code` </html>"),
    ];
    let value = rng.pick(&defaults).clone();
    let key = *rng.pick(&[
        "default",
        "example",
        "const",
        "minimum",
        "maximum",
        "maxLength",
        "minLength",
    ]);
    set_key(doc, &path, key, value)
}

/// Adds a component named like an inline type, so that generated names collide.
fn inline_collision(doc: &mut Value, rng: &mut Rng) -> Option<String> {
    let inline: Vec<Path> = schema_paths(doc)
        .into_iter()
        .filter(|p| p.len() > 3)
        .collect();
    if inline.is_empty() {
        return None;
    }
    let path = rng.pick(&inline).clone();
    let skip = [
        "components",
        "schemas",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "paths",
        "content",
        "schema",
        "responses",
        "requestBody",
    ];
    let name: String = path
        .iter()
        .filter_map(|s| match s {
            Seg::Key(k) if !skip.contains(&k.as_str()) => Some(k.clone()),
            _ => None,
        })
        .map(|k| {
            let mut c = k.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    let schema = get(doc, &path)?.clone();
    let value = if rng.chance(50) {
        schema
    } else {
        json!({"type": "string"})
    };
    components_schemas(doc).insert(name.clone(), value);
    Some(format!(
        "add components/schemas/{name:?} named like the inline {}",
        pointer(&path)
    ))
}

const MUTATORS: &[(u32, &str, Mutator)] = &[
    (8, "rename_component", rename_component),
    (6, "rename_property", rename_property),
    (5, "typed_enum", typed_enum),
    (5, "default_mismatch", default_mismatch),
    (4, "inline_collision", inline_collision),
    (18, "replace", replace_any),
    (8, "delete", delete_any),
    (8, "rename", rename_key),
    (7, "duplicate", duplicate_sibling),
    (5, "graft", graft),
    (10, "bad_ref", bad_ref),
    (7, "ref_cycle", ref_cycle),
    (7, "type_array", type_array),
    (6, "mixed_enum", mixed_enum),
    (5, "bad_required", bad_required),
    (6, "discriminator", discriminator),
    (7, "composition", composition),
    (5, "odd_property", odd_property),
    (8, "odd_keyword", odd_keyword),
    (3, "path_template", path_template),
    (5, "parameter", parameter),
    (3, "operation_id", operation_id),
    (4, "response", response),
    (3, "security", security),
    (2, "version", version),
    (8, "swagger2", swagger2),
];

fn mutate_once(doc: &mut Value, rng: &mut Rng) -> String {
    let total: u32 = MUTATORS.iter().map(|m| m.0).sum();
    for _ in 0..8 {
        let mut roll = (rng.next() % u64::from(total)) as u32;
        let (_, name, mutator) = MUTATORS
            .iter()
            .find(|(w, _, _)| {
                if roll < *w {
                    true
                } else {
                    roll -= w;
                    false
                }
            })
            .expect("the weights add up");
        if let Some(desc) = mutator(doc, rng) {
            return format!("{name}: {desc}");
        }
    }
    format!("replace: {}", replace_any(doc, rng).unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// Catching panics

#[derive(Clone, Debug)]
struct PanicRecord {
    /// The entry point that panicked; `[worker thread]` when the panic happened in a thread the
    /// library spawned (the library turns that into an "internal error", but it is a panic).
    stage: String,
    message: String,
    location: String,
    /// The innermost frame in the generator's own source, when the panic is elsewhere (in a
    /// dependency, or in std without `#[track_caller]`).
    generator_frame: Option<String>,
}

/// A panic seen by the hook while [`catch`] runs, on whichever thread.
struct Seen {
    thread: ThreadId,
    message: String,
    location: String,
    generator_frame: Option<String>,
}

/// Whether [`catch`] is running: panics on any thread (the library formats on worker threads)
/// are then recorded instead of printed. The test itself runs on one thread.
static CATCHING: AtomicBool = AtomicBool::new(false);
static SEEN: Mutex<Vec<Seen>> = Mutex::new(Vec::new());
/// The generator frame found for each panic location outside the generator: capturing and
/// resolving a backtrace is slow, so it is done once per location.
static FRAMES: Mutex<BTreeMap<String, Option<String>>> = Mutex::new(BTreeMap::new());

fn payload_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_owned()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn quiet_hook(info: &PanicHookInfo<'_>) {
    let message = payload_message(info.payload());
    let location = info
        .location()
        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
        .unwrap_or_else(|| "<unknown>".to_owned());
    let generator_frame = if location.contains("generator/src/") {
        None
    } else {
        let cached = lock(&FRAMES).get(&location).cloned();
        cached.unwrap_or_else(|| {
            let trace = std::backtrace::Backtrace::force_capture().to_string();
            let frame = trace
                .lines()
                .map(str::trim)
                .filter_map(|l| l.strip_prefix("at "))
                .find(|l| l.contains("generator/src/"))
                .map(|l| l[l.find("generator/src/").unwrap_or(0)..].to_owned());
            lock(&FRAMES).insert(location.clone(), frame.clone());
            frame
        })
    };
    lock(&SEEN).push(Seen {
        thread: std::thread::current().id(),
        message,
        location,
        generator_frame,
    });
}

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Silences the panics that [`catch`] catches while it lives (others still go to the previous
/// hook), and puts the previous hook back when dropped.
struct QuietPanics(Option<Arc<Hook>>);

impl QuietPanics {
    fn install() -> Self {
        if std::env::var_os("MUTATIONS_LOUD").is_some() {
            return Self(None);
        }
        let previous: Arc<Hook> = Arc::new(panic::take_hook());
        let forward = Arc::clone(&previous);
        panic::set_hook(Box::new(move |info| {
            if CATCHING.load(Ordering::SeqCst) {
                quiet_hook(info);
            } else {
                forward(info);
            }
        }));
        Self(Some(previous))
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        // The hook cannot be changed while this thread panics; ours forwards such panics anyway.
        if std::thread::panicking() {
            return;
        }
        if let Some(previous) = self.0.take() {
            drop(panic::take_hook());
            match Arc::try_unwrap(previous) {
                Ok(previous) => panic::set_hook(previous),
                Err(shared) => panic::set_hook(Box::new(move |info| shared(info))),
            }
        }
    }
}

/// Runs `f`, recording into `panics` the panic it ends with, if any, and every panic on the
/// library's worker threads meanwhile.
fn catch<T>(stage: &str, panics: &mut Vec<PanicRecord>, f: impl FnOnce() -> T) -> Option<T> {
    lock(&SEEN).clear();
    CATCHING.store(true, Ordering::SeqCst);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.store(false, Ordering::SeqCst);
    let seen = std::mem::take(&mut *lock(&SEEN));
    let me = std::thread::current().id();
    let mut own = None;
    for s in seen {
        if s.thread == me {
            own = Some(s);
        } else {
            panics.push(PanicRecord {
                stage: format!("{stage} [worker thread]"),
                message: s.message,
                location: s.location,
                generator_frame: s.generator_frame,
            });
        }
    }
    match result {
        Ok(value) => Some(value),
        Err(payload) => {
            let record = match own {
                Some(s) => PanicRecord {
                    stage: stage.to_owned(),
                    message: s.message,
                    location: s.location,
                    generator_frame: s.generator_frame,
                },
                None => PanicRecord {
                    stage: stage.to_owned(),
                    message: payload_message(&*payload),
                    location: "<unknown>".to_owned(),
                    generator_frame: None,
                },
            };
            panics.push(record);
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Running one document

#[derive(Default)]
struct Outcome {
    panics: Vec<PanicRecord>,
    bad_diagnostics: Vec<String>,
    internal_errors: Vec<String>,
    parsed: bool,
}

fn check_diagnostics(stage: &str, diagnostics: &Diagnostics, out: &mut Outcome) {
    if diagnostics.0.is_empty() {
        out.bad_diagnostics
            .push(format!("{stage}: an error with no diagnostic"));
    }
    for d in &diagnostics.0 {
        if d.message.trim().is_empty() {
            out.bad_diagnostics.push(format!(
                "{stage}: a diagnostic with an empty message at {}",
                d.location
            ));
        }
        if !d.location.pointer.is_empty() && !d.location.pointer.starts_with('/') {
            out.bad_diagnostics.push(format!(
                "{stage}: a diagnostic whose pointer {:?} is not a JSON pointer: {d}",
                d.location.pointer
            ));
        }
    }
}

struct Options {
    /// Diff the original against the mutant (and, with `reverse`, the mutant against the
    /// original).
    diff: bool,
    reverse: bool,
    /// Generate the whole crate rather than the module.
    whole_crate: bool,
    form: Form,
}

/// How the mutant is written: the locator that places diagnostics reads the text.
#[derive(Clone, Copy, Debug)]
enum Form {
    PrettyJson,
    CompactJson,
    /// JSON text named `.yaml`, so that the YAML parser and locator read it.
    JsonAsYaml,
}

/// The mutant's file name and text.
fn render(doc: &Value, options: &Options) -> (&'static str, String) {
    match options.form {
        Form::PrettyJson => (
            "mutant.json",
            serde_json::to_string_pretty(doc).expect("serialisable"),
        ),
        Form::CompactJson => (
            "mutant.json",
            serde_json::to_string(doc).expect("serialisable"),
        ),
        Form::JsonAsYaml => (
            "mutant.yaml",
            serde_json::to_string_pretty(doc).expect("serialisable"),
        ),
    }
}

fn run_document(
    text: &str,
    settings: &ApiSettings,
    original: &ApiInput,
    options: &Options,
) -> Outcome {
    let mut out = Outcome::default();
    let panics = &mut Vec::new();
    let name = match options.form {
        Form::JsonAsYaml => "mutant.yaml",
        Form::PrettyJson | Form::CompactJson => "mutant.json",
    };
    let input = ApiInput::new(Source::new(name, text), settings.clone());
    match catch("parse_api", panics, || oapigen::parse_api(&input)) {
        None => {}
        Some(Err(d)) => check_diagnostics("parse_api", &d, &mut out),
        Some(Ok(api)) => {
            out.parsed = true;
            catch("surface", panics, || oapigen::surface(&api));
            let generated = if options.whole_crate {
                let crate_settings = CrateSettings {
                    name: "mutant-apis".into(),
                    version: "0.1.0".into(),
                    description: "mutated".into(),
                    regenerate_command: "cargo test".into(),
                    own_workspace: true,
                    group_features: true,
                };
                catch("generate_crate", panics, || {
                    oapigen::generate_crate_from(&crate_settings, std::slice::from_ref(&api))
                        .map(drop)
                })
            } else {
                catch("generate_module", panics, || {
                    oapigen::generate_module(&api, "cargo test").map(drop)
                })
            };
            if let Some(Err(d)) = generated {
                check_diagnostics("generate_module", &d, &mut out);
                out.internal_errors.push(d.to_string());
            }
        }
    }
    if options.diff {
        let (old, new) = if options.reverse {
            (&input, original)
        } else {
            (original, &input)
        };
        match catch("diff", panics, || oapigen::diff::diff(old, new)) {
            None => {}
            Some(Err(d)) => check_diagnostics("diff", &d, &mut out),
            Some(Ok(report)) => {
                use oapigen::diff::Format;
                for (format, color) in [
                    (Format::Text, false),
                    (Format::Markdown, false),
                    (Format::Json, true),
                ] {
                    catch("diff render", panics, || report.render(format, color));
                }
                catch("diff has_breaking", panics, || report.has_breaking());
            }
        }
    }
    out.panics = std::mem::take(panics);
    out
}

// ---------------------------------------------------------------------------------------------
// Shrinking a panicking document

/// Removes nodes, largest first, as long as the same panic (by location) still happens.
fn shrink(
    doc: &Value,
    key: &str,
    settings: &ApiSettings,
    original: &ApiInput,
    options: &Options,
    budget: Duration,
    on_progress: &mut dyn FnMut(&Value),
) -> Value {
    let start = Instant::now();
    let still_panics = |candidate: &Value| {
        let (_, text) = render(candidate, options);
        run_document(&text, settings, original, options)
            .panics
            .iter()
            .any(|p| location_key(p) == key)
    };
    let mut best = doc.clone();
    loop {
        let mut progress = false;
        let mut paths = all_paths(&best);
        // Shallow nodes first: removing them removes the most.
        paths.sort_by_key(Vec::len);
        let mut i = 1;
        while i < paths.len() {
            if start.elapsed() > budget {
                return best;
            }
            let mut candidate = best.clone();
            if remove(&mut candidate, &paths[i]) && still_panics(&candidate) {
                best = candidate;
                on_progress(&best);
                progress = true;
                paths = all_paths(&best);
                paths.sort_by_key(Vec::len);
                continue;
            }
            // Empty a container instead of removing it.
            let mut candidate = best.clone();
            if let Some(node) = get_mut(&mut candidate, &paths[i]) {
                let emptied = match node {
                    Value::Object(m) if m.len() > 1 => Some(json!({})),
                    Value::Array(a) if a.len() > 1 => Some(json!([])),
                    Value::String(s) if s.len() > 12 => Some(json!("x")),
                    _ => None,
                };
                if let Some(e) = emptied {
                    *node = e;
                    if still_panics(&candidate) {
                        best = candidate;
                        on_progress(&best);
                        progress = true;
                        paths = all_paths(&best);
                        paths.sort_by_key(Vec::len);
                        continue;
                    }
                }
            }
            i += 1;
        }
        if !progress {
            return best;
        }
    }
}

fn location_key(p: &PanicRecord) -> String {
    match &p.generator_frame {
        Some(frame) => format!("{} (via {frame})", p.location),
        None => p.location.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Seeds

struct Seed {
    /// The seed's place in the full list, present or not, so that PRNG seeds do not depend on
    /// which optional corpus files are there.
    id: usize,
    name: String,
    value: Value,
    original: ApiInput,
    /// The spec's own settings (envelope, auth), when it has an `oapigen.toml`.
    own_settings: Option<ApiSettings>,
}

fn seeds() -> Vec<Seed> {
    let root = workspace_root();
    let mut files: Vec<(String, std::path::PathBuf, bool)> = vec![
        (
            "specs/portone-v1/openapi.yaml".into(),
            root.join("specs/portone-v1/openapi.yaml"),
            false,
        ),
        (
            "specs/portone-v2/openapi.yaml".into(),
            root.join("specs/portone-v2/openapi.yaml"),
            false,
        ),
        (
            "specs/archisketch/openapi.json".into(),
            root.join("specs/archisketch/openapi.json"),
            false,
        ),
    ];
    for fixture in [
        "unions.yaml",
        "allof.yaml",
        "operations.yaml",
        "recursion.yaml",
        "nullable.yaml",
        "bodies.yaml",
        "security.yaml",
        "defs.yaml",
        "enums.yaml",
        "components.yaml",
    ] {
        let name = format!("tests/fixtures/{fixture}");
        files.push((name.clone(), root.join(&name), false));
    }
    for corpus in [
        "oai-tictactoe-3.1.json",
        "swagger-petstore-3.0.yaml",
        "swagger2/oai-petstore-2.0.json",
    ] {
        files.push((
            format!("../shared/corpus/{corpus}"),
            root.join("../shared/corpus").join(corpus),
            true,
        ));
    }
    // Swagger 2.0 seeds, after the others so that their PRNG seeds stay as they were.
    for fixture in [
        "swagger2-bodies.yaml",
        "swagger2-parameters.yaml",
        "swagger2-components.yaml",
    ] {
        let name = format!("tests/fixtures/{fixture}");
        files.push((name.clone(), root.join(&name), false));
    }
    let mut seeds = Vec::new();
    for (id, (name, path, optional)) in files.into_iter().enumerate() {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(_) if optional => continue,
            Err(e) => panic!("cannot read {}: {e}", path.display()),
        };
        let source = Source::new(name.clone(), text);
        let value = oapigen::load::load(&source).unwrap_or_else(|d| panic!("{name}: {d}"));
        assert!(value.is_object(), "{name} is not an object");
        let own_settings = path
            .parent()
            .map(|dir| dir.join("oapigen.toml"))
            .filter(|p| name.starts_with("specs/") && p.is_file())
            .map(|p| {
                let toml = std::fs::read_to_string(&p).expect("readable settings");
                ApiSettings::from_toml(&toml).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            });
        let settings = own_settings
            .clone()
            .unwrap_or_else(|| ApiSettings::new(name.clone(), "api"));
        seeds.push(Seed {
            id,
            original: ApiInput::new(source, settings),
            name,
            value,
            own_settings,
        });
    }
    seeds
}

// ---------------------------------------------------------------------------------------------
// Cases

/// About this many documents are run in all, spread evenly over the seeds that are present.
const DOCUMENTS: usize = 3150;

fn cases_per_seed(seeds: usize) -> usize {
    std::env::var("MUTATIONS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| DOCUMENTS.div_ceil(seeds.max(1)))
}

struct Case {
    seed: usize,
    prng_seed: u64,
    mutations: Vec<String>,
    doc: Value,
    text: String,
    settings: ApiSettings,
    options: Options,
}

/// Case `index` of the run: the same document, mutations and settings every time.
fn make_case(seeds: &[Seed], per_seed: usize, index: usize) -> Case {
    let (seed_index, case) = (index / per_seed, index % per_seed);
    let seed = &seeds[seed_index];
    let salt: u64 = std::env::var("MUTATIONS_SALT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let prng_seed = 0x5EED_0000_0000_0000 ^ (salt << 48) ^ ((seed.id as u64) << 32) ^ case as u64;
    let mut rng = Rng::new(prng_seed);
    let mut doc = seed.value.clone();
    let count = 1 + rng.below(3);
    let mutations: Vec<String> = (0..count)
        .map(|_| mutate_once(&mut doc, &mut rng))
        .collect();
    let settings = match &seed.own_settings {
        Some(own) if case % 2 == 0 => own.clone(),
        _ => ApiSettings::new(seed.name.clone(), "api"),
    };
    let options = Options {
        diff: case % 4 == 1,
        reverse: case % 8 == 5,
        whole_crate: case % 40 == 3,
        form: match case % 8 {
            6 => Form::CompactJson,
            7 => Form::JsonAsYaml,
            _ => Form::PrettyJson,
        },
    };
    let (_, text) = render(&doc, &options);
    Case {
        seed: seed_index,
        prng_seed,
        mutations,
        doc,
        text,
        settings,
        options,
    }
}

// ---------------------------------------------------------------------------------------------
// The worker: a child process that runs the cases, so that a case that never ends or eats all
// memory (or overflows the stack) is reported instead of taking the test, or the machine, down.

/// A case that runs longer than this, or a worker bigger than `RSS_LIMIT_KB`, is a runaway.
const TIME_LIMIT: Duration = Duration::from_secs(5);
const RSS_LIMIT_KB: u64 = 512 * 1024;

/// The case the worker is running (`usize::MAX` for none), and since when (ms since `EPOCH`).
static CURRENT: AtomicUsize = AtomicUsize::new(usize::MAX);
static CURRENT_SINCE_MS: AtomicU64 = AtomicU64::new(0);
static EPOCH: OnceLock<Instant> = OnceLock::new();

fn now_ms() -> u64 {
    EPOCH.get_or_init(Instant::now).elapsed().as_millis() as u64
}

/// The resident set size in KiB, where the OS tells it.
fn rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Results, one JSON object a line, written as they happen so that they survive the worker.
#[derive(Clone)]
struct Out(Arc<Mutex<std::fs::File>>);

impl Out {
    fn create(path: &std::path::Path) -> Self {
        Self(Arc::new(Mutex::new(
            std::fs::File::create(path).expect("the results file is writable"),
        )))
    }

    fn line(&self, value: Value) {
        use std::io::Write as _;
        let mut file = lock(&self.0);
        let _ = writeln!(file, "{value}");
        let _ = file.flush();
    }
}

/// Watches the case being run; ends the process when it runs away.
fn start_watchdog(out: Out) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(25));
            let case = CURRENT.load(Ordering::SeqCst);
            if case == usize::MAX {
                continue;
            }
            let elapsed = now_ms().saturating_sub(CURRENT_SINCE_MS.load(Ordering::SeqCst));
            let rss = rss_kb().unwrap_or(0);
            let reason = if elapsed > TIME_LIMIT.as_millis() as u64 {
                format!("still running after {elapsed} ms")
            } else if rss > RSS_LIMIT_KB {
                format!("the process grew to {} MiB after {elapsed} ms", rss / 1024)
            } else {
                continue;
            };
            out.line(json!({"runaway": {"case": case, "reason": reason}}));
            std::process::exit(3);
        }
    });
}

fn set_current(case: usize) {
    CURRENT_SINCE_MS.store(now_ms(), Ordering::SeqCst);
    CURRENT.store(case, Ordering::SeqCst);
}

fn record_json(p: &PanicRecord) -> Value {
    json!({
        "stage": p.stage,
        "message": p.message,
        "location": p.location,
        "frame": p.generator_frame,
    })
}

fn record_from_json(v: &Value) -> PanicRecord {
    let text = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
    PanicRecord {
        stage: text("stage"),
        message: text("message"),
        location: text("location"),
        generator_frame: v["frame"].as_str().map(str::to_owned),
    }
}

/// Runs every case from `from` on, writing what happens to `out`.
fn run_cases(from: usize, out: &Out) {
    let seeds = seeds();
    let per_seed = cases_per_seed(seeds.len());
    let total = seeds.len() * per_seed;
    let trace = std::env::var_os("MUTATIONS_TRACE").is_some();
    let only: Option<u64> = std::env::var("MUTATIONS_ONLY")
        .ok()
        .and_then(|v| u64::from_str_radix(v.trim_start_matches("0x"), 16).ok());
    let dump = std::env::var_os("MUTATIONS_DUMP");
    let quiet = QuietPanics::install();
    start_watchdog(out.clone());
    for index in from..total {
        let case = make_case(&seeds, per_seed, index);
        if only.is_some_and(|only| only != case.prng_seed) {
            continue;
        }
        if let Some(dump) = &dump {
            std::fs::write(dump, &case.text).expect("the dump file is writable");
        }
        if trace {
            eprintln!(
                "case {index}: {} seed {:#x}: {:?}",
                seeds[case.seed].name, case.prng_seed, case.mutations
            );
        }
        out.line(json!({"start": index}));
        set_current(index);
        let started = Instant::now();
        let outcome = run_document(
            &case.text,
            &case.settings,
            &seeds[case.seed].original,
            &case.options,
        );
        let ms = started.elapsed().as_millis() as u64;
        CURRENT.store(usize::MAX, Ordering::SeqCst);
        for p in &outcome.panics {
            out.line(
                json!({"panic": {"case": index, "len": case.text.len(), "record": record_json(p)}}),
            );
        }
        for d in &outcome.bad_diagnostics {
            out.line(json!({"bad_diagnostic": {"case": index, "text": d}}));
        }
        for e in &outcome.internal_errors {
            out.line(json!({"internal_error": {"case": index, "text": e.lines().next().unwrap_or_default()}}));
        }
        let kinds: Vec<&str> = case
            .mutations
            .iter()
            .map(|m| m.split(':').next().unwrap_or_default())
            .collect();
        out.line(
            json!({"end": {"case": index, "parsed": outcome.parsed, "ms": ms, "kinds": kinds}}),
        );
    }
    drop(quiet);
    out.line(json!({"done": true}));
}

/// Shrinks the document of case `index` while the panic `key` still happens, writing each
/// smaller document to `out_path`.
fn run_shrink(index: usize, key: &str, out_path: &std::path::Path, budget: Duration) {
    let seeds = seeds();
    let case = make_case(&seeds, cases_per_seed(seeds.len()), index);
    let quiet = QuietPanics::install();
    let out = Out::create(&out_path.with_extension("progress"));
    start_watchdog(out);
    set_current(index);
    std::fs::write(out_path, &case.text).expect("writable");
    let mut write = |doc: &Value| {
        // A fresh deadline for every smaller document: only one candidate must not run away.
        set_current(index);
        let _ = std::fs::write(
            out_path,
            serde_json::to_string_pretty(doc).expect("serialisable"),
        );
    };
    shrink(
        &case.doc,
        key,
        &case.settings,
        &seeds[case.seed].original,
        &case.options,
        budget,
        &mut write,
    );
    CURRENT.store(usize::MAX, Ordering::SeqCst);
    drop(quiet);
}

/// The worker's entry: does nothing unless the parent test started this process as a worker.
#[test]
#[ignore = "started by mutated_specs_never_panic in a child process"]
fn mutations_worker() {
    let Some(role) = std::env::var_os("MUTATIONS_WORKER") else {
        return;
    };
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is set"));
    let out_path = std::path::PathBuf::from(var("MUTATIONS_OUT"));
    if role == "shrink" {
        let budget = Duration::from_millis(var("MUTATIONS_BUDGET_MS").parse().expect("a number"));
        run_shrink(
            var("MUTATIONS_CASE").parse().expect("a number"),
            &var("MUTATIONS_KEY"),
            &out_path,
            budget,
        );
    } else {
        run_cases(
            var("MUTATIONS_FROM").parse().expect("a number"),
            &Out::create(&out_path),
        );
    }
}

/// Starts this test binary as a worker with `env`, and waits for it; returns its stderr and
/// how it ended.
fn spawn_worker(env: &[(&str, String)]) -> (std::process::ExitStatus, String) {
    // Through /proc where there is one: it still runs this binary if a concurrent build has
    // replaced the file meanwhile.
    let proc_exe = std::path::Path::new("/proc/self/exe");
    let exe = if proc_exe.exists() {
        proc_exe.to_path_buf()
    } else {
        std::env::current_exe().expect("the test binary's path")
    };
    let mut command = std::process::Command::new(exe);
    command
        .args([
            "mutations_worker",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null());
    if std::env::var_os("MUTATIONS_TRACE").is_some() {
        command.stderr(std::process::Stdio::inherit());
    } else {
        command.stderr(std::process::Stdio::piped());
    }
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("the worker starts");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status, stderr)
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn truncated(json: &str, limit: usize) -> String {
    if json.len() > limit {
        let mut end = limit;
        while !json.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}\n… ({} more bytes)", &json[..end], json.len() - end)
    } else {
        json.to_owned()
    }
}

// ---------------------------------------------------------------------------------------------
// The test

/// One distinct panic: the smallest case that shows it, and how many cases did.
struct Found {
    record: PanicRecord,
    count: usize,
    case: usize,
    len: usize,
}

#[test]
fn mutated_specs_never_panic() {
    let seeds = seeds();
    assert!(seeds.len() >= 10, "only {} seeds", seeds.len());
    let per_seed = cases_per_seed(seeds.len());
    let total = seeds.len() * per_seed;
    let only = std::env::var_os("MUTATIONS_ONLY").is_some();
    let started = Instant::now();
    let scratch = std::env::temp_dir().join(format!("oapigen-mutations-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch directory");

    let mut found: BTreeMap<(String, String), Found> = BTreeMap::new();
    let mut bad_diagnostics: Vec<String> = Vec::new();
    let mut internal_errors: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut runaways: Vec<(usize, String)> = Vec::new();
    let mut slow: Vec<(usize, u64)> = Vec::new();
    let mut per_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut documents, mut parsed) = (0usize, 0usize);

    // Run the cases in a worker; when it dies on a case, note that case and go on after it.
    let mut from = 0;
    let mut workers = 0;
    while from < total {
        workers += 1;
        let out_path = scratch.join(format!("run-{workers}.jsonl"));
        let (status, stderr) = spawn_worker(&[
            ("MUTATIONS_WORKER", "run".into()),
            ("MUTATIONS_FROM", from.to_string()),
            ("MUTATIONS_OUT", out_path.display().to_string()),
        ]);
        let results = std::fs::read_to_string(&out_path).unwrap_or_default();
        let (mut done, mut open, mut runaway_reason) = (false, None, None);
        for line in results.lines() {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            if let Some(i) = v["start"].as_u64() {
                open = Some(i as usize);
            } else if let Some(p) = v.get("panic") {
                let record = record_from_json(&p["record"]);
                let case = p["case"].as_u64().unwrap_or_default() as usize;
                let len = p["len"].as_u64().unwrap_or_default() as usize;
                let entry = found
                    .entry((location_key(&record), record.message.clone()))
                    .or_insert(Found {
                        record: record.clone(),
                        count: 0,
                        case,
                        len,
                    });
                entry.count += 1;
                if len < entry.len {
                    (entry.case, entry.len, entry.record) = (case, len, record);
                }
            } else if let Some(d) = v.get("bad_diagnostic") {
                bad_diagnostics.push(format!(
                    "case {}: {}",
                    d["case"],
                    d["text"].as_str().unwrap_or_default()
                ));
            } else if let Some(e) = v.get("internal_error") {
                let text: String = e["text"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(160)
                    .collect();
                let case = e["case"].as_u64().unwrap_or_default() as usize;
                internal_errors.entry(text).or_insert((0, case)).0 += 1;
            } else if let Some(e) = v.get("end") {
                open = None;
                documents += 1;
                let ok = e["parsed"].as_bool().unwrap_or_default();
                parsed += usize::from(ok);
                let case = e["case"].as_u64().unwrap_or_default() as usize;
                let ms = e["ms"].as_u64().unwrap_or_default();
                if ms > 1000 {
                    slow.push((case, ms));
                }
                for kind in e["kinds"].as_array().into_iter().flatten() {
                    let entry = per_kind
                        .entry(kind.as_str().unwrap_or_default().to_owned())
                        .or_insert((0, 0));
                    entry.0 += 1;
                    entry.1 += usize::from(ok);
                }
            } else if let Some(r) = v.get("runaway") {
                runaway_reason = r["reason"].as_str().map(str::to_owned);
            } else if v.get("done").is_some() {
                done = true;
            }
        }
        if done {
            break;
        }
        let Some(case) = open else {
            panic!(
                "the mutation worker failed before it ran a case ({status}):\n{}",
                tail(&stderr, 30)
            );
        };
        documents += 1;
        let reason = runaway_reason.unwrap_or_else(|| format!("the worker died ({status})"));
        runaways.push((
            case,
            format!(
                "{reason}\n    worker's last words: {}",
                tail(&stderr, 4).replace('\n', "\n        ")
            ),
        ));
        from = case + 1;
        assert!(workers < 100, "too many runaway cases; stopping");
    }
    let run_time = started.elapsed();

    let repro_dir = std::env::var_os("MUTATIONS_REPRO_DIR").map(std::path::PathBuf::from);
    let mut number = 0;
    let mut write_repro = |json: &str| {
        number += 1;
        if let Some(dir) = &repro_dir {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join(format!("{number:02}.json")), json);
        }
        number
    };
    let describe = |case: usize| {
        let c = make_case(&seeds, per_seed, case);
        format!(
            "case {case}: seed spec {}, PRNG seed {:#x}, {} settings, {}, {}, {:?}\n    mutations: {:#?}",
            seeds[c.seed].name,
            c.prng_seed,
            if c.settings.module == "api" {
                "default"
            } else {
                "the spec's own"
            },
            match (c.options.diff, c.options.reverse) {
                (false, _) => "no diff",
                (true, false) => "diff original -> mutant",
                (true, true) => "diff mutant -> original",
            },
            if c.options.whole_crate {
                "whole crate"
            } else {
                "module"
            },
            c.options.form,
            c.mutations,
        )
    };

    // Distinct panics are grouped by location, since the message often names something in the
    // document; each location gets one reproducer, the smallest case shrunk further.
    let mut by_location: BTreeMap<&str, Vec<(&str, &Found)>> = BTreeMap::new();
    for ((location, message), f) in &found {
        by_location.entry(location).or_default().push((message, f));
    }
    let shrink_start = Instant::now();
    let mut report = String::new();
    for (n, (location, panics)) in by_location.iter().enumerate() {
        let smallest = panics
            .iter()
            .map(|(_, f)| f)
            .min_by_key(|f| f.len)
            .expect("a location has a panic");
        let out_path = scratch.join(format!("shrink-{n}.json"));
        if shrink_start.elapsed() < Duration::from_secs(60) {
            spawn_worker(&[
                ("MUTATIONS_WORKER", "shrink".into()),
                ("MUTATIONS_CASE", smallest.case.to_string()),
                ("MUTATIONS_KEY", (*location).to_owned()),
                ("MUTATIONS_BUDGET_MS", "5000".into()),
                ("MUTATIONS_OUT", out_path.display().to_string()),
            ]);
        }
        let json = std::fs::read_to_string(&out_path)
            .unwrap_or_else(|_| make_case(&seeds, per_seed, smallest.case).text);
        let number = write_repro(&json);
        let cases: usize = panics.iter().map(|(_, f)| f.count).sum();
        let mut stages: Vec<&str> = panics
            .iter()
            .map(|(_, f)| f.record.stage.as_str())
            .collect();
        stages.sort_unstable();
        stages.dedup();
        let _ = writeln!(
            report,
            "\n=== panic {number} at {location}\n    in {} ({cases} case(s), {} distinct message(s)):",
            stages.join(", "),
            panics.len(),
        );
        for (message, f) in panics.iter().take(12) {
            let _ = writeln!(
                report,
                "      {message}  ({} case(s), e.g. case {})",
                f.count, f.case
            );
        }
        if panics.len() > 12 {
            let _ = writeln!(report, "      … and {} more messages", panics.len() - 12);
        }
        let _ = writeln!(
            report,
            "    the smallest: {}\n    shrunk reproducer (mutant.json):\n{}",
            describe(smallest.case),
            truncated(&json, 4000),
        );
    }
    // Runaways are not shrunk (each try might run away again); the smallest few are shown.
    let mut runaways: Vec<(usize, String, String)> = runaways
        .into_iter()
        .map(|(case, reason)| (case, reason, make_case(&seeds, per_seed, case).text))
        .collect();
    runaways.sort_by_key(|(_, _, text)| text.len());
    for (i, (case, reason, text)) in runaways.iter().enumerate() {
        if i < 3 {
            let number = write_repro(text);
            let _ = writeln!(
                report,
                "\n=== runaway {number}: {reason}\n    {}\n    document (mutant.json):\n{}",
                describe(*case),
                truncated(text, 4000),
            );
        } else {
            let _ = writeln!(
                report,
                "\n=== runaway: {}; {}",
                reason.lines().next().unwrap_or_default(),
                describe(*case)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);

    eprintln!(
        "mutations: {documents} documents from {} seeds in {workers} worker(s), {parsed} parsed, {} distinct panics, {} runaways, {} malformed diagnostics, {} internal-error kinds; {run_time:?} running, {:?} shrinking",
        seeds.len(),
        found.len(),
        runaways.len(),
        bad_diagnostics.len(),
        internal_errors.len(),
        shrink_start.elapsed(),
    );
    for (first_line, (count, case)) in &internal_errors {
        eprintln!("internal error ({count}x, e.g. case {case}): {first_line}");
    }
    if std::env::var_os("MUTATIONS_STATS").is_some() {
        for (kind, (applied, parsed)) in &per_kind {
            eprintln!("  {kind:>16}: {applied:>5} applied, {parsed:>5} of those parsed");
        }
    }
    for (case, ms) in &slow {
        eprintln!("slow: case {case} took {ms} ms");
    }
    assert!(
        documents >= 3000 || only,
        "only {documents} documents were run"
    );
    let mut failures = String::new();
    if !found.is_empty() || !runaways.is_empty() {
        let _ = writeln!(
            failures,
            "{} distinct panic(s) at {} location(s), and {} runaway case(s):{report}",
            found.len(),
            by_location.len(),
            runaways.len()
        );
    }
    if !bad_diagnostics.is_empty() {
        bad_diagnostics.sort();
        bad_diagnostics.dedup();
        let _ = writeln!(
            failures,
            "\n{} malformed diagnostic(s):",
            bad_diagnostics.len()
        );
        for d in bad_diagnostics.iter().take(20) {
            let _ = writeln!(failures, "  {d}");
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

/// Runs one document through the pipeline with panics printed as usual, for reproducing:
/// `MUTATIONS_FILE=/tmp/mutation-repros/01.json cargo test -p oapigen-tests --test mutations
/// run_mutations_file -- --ignored --nocapture`.
#[test]
#[ignore = "a tool: runs the document named by MUTATIONS_FILE"]
fn run_mutations_file() {
    let Some(path) = std::env::var_os("MUTATIONS_FILE") else {
        return;
    };
    let path = std::path::PathBuf::from(path);
    let text = std::fs::read_to_string(&path).expect("MUTATIONS_FILE is readable");
    let name = path.to_string_lossy().into_owned();
    let input = ApiInput::new(
        Source::new(name.clone(), text),
        ApiSettings::new(name, "api"),
    );
    match oapigen::parse_api(&input) {
        Err(d) => eprintln!("parse_api: error:\n{d}"),
        Ok(api) => {
            eprintln!("parse_api: ok");
            match oapigen::generate_module(&api, "cargo test") {
                Ok(_) => eprintln!("generate_module: ok"),
                Err(d) => eprintln!("generate_module: error:\n{d}"),
            }
        }
    }
}
