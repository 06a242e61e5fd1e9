//! JSON pointers (RFC 6901): how the places of a spec are named, in diagnostics and in `$ref`s.
//!
//! Most of the pipeline passes pointers as text and uses the functions here to build, split and
//! resolve them. A walk over a whole document uses [`Pointer`], which grows and shrinks one
//! buffer as the walk goes down and back up, so that a pointer is only copied out for the nodes
//! that need one.

use serde_json::Value;

/// A JSON pointer built token by token during a walk.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pointer {
    text: String,
    /// Where each pushed token starts in `text`, to pop it again.
    starts: Vec<usize>,
}

impl Pointer {
    /// Starts at `base` (`""` for the document's root).
    pub fn new(base: &str) -> Self {
        Self {
            text: base.to_owned(),
            starts: Vec::new(),
        }
    }

    /// Goes down to the member `token` of an object.
    pub fn push(&mut self, token: &str) {
        self.starts.push(self.text.len());
        escape_into(&mut self.text, token);
    }

    /// Goes down to the item `index` of an array.
    pub fn push_index(&mut self, index: usize) {
        use std::fmt::Write;
        self.starts.push(self.text.len());
        let _ = write!(self.text, "/{index}");
    }

    /// Comes back up one token; at the base, does nothing.
    pub fn pop(&mut self) {
        if let Some(start) = self.starts.pop() {
            self.text.truncate(start);
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub(crate) fn push_token(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    escape_into(&mut out, token);
    out
}

/// Appends `/` and `token`, escaped.
fn escape_into(out: &mut String, token: &str) {
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Splits a JSON pointer into its unescaped reference tokens.
pub(crate) fn split_pointer(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Resolves a JSON pointer (the part of a `$ref` after `#`): as it is written, or else
/// percent-decoded. (Repair writes the pointers of local `$ref`s decoded, so a name with a `%`
/// of its own, `50%`, is found as it is; `Foo%20Bar` from a file is found as `Foo Bar`.)
pub(crate) fn resolve<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    // A pointer is empty or starts with `/`: `#components/schemas/A` points at nothing.
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return None;
    }
    root.pointer(pointer)
        .or_else(|| root.pointer(&percent_decode(pointer)?))
}

/// The pointer a `$ref`'s fragment means, as [`resolve`] reads it: as written if that
/// resolves, else percent-decoded.
pub(crate) fn fragment_pointer(root: &Value, fragment: &str) -> Option<String> {
    if root.pointer(fragment).is_some() {
        Some(fragment.to_owned())
    } else {
        percent_decode(fragment)
    }
}

/// A JSON pointer as a URI fragment: `%`, spaces and the other characters a fragment may not
/// hold are percent-encoded (`{` and `}`, common in paths, and non-ASCII letters stay).
pub(crate) fn to_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for c in pointer.chars() {
        if c.is_ascii_control()
            || matches!(
                c,
                '%' | ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '|' | '#'
            )
        {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` if one is malformed or the result is not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_round_trip_through_escaping() {
        let pointer = push_token(&push_token("", "paths"), "/users/{id}");
        assert_eq!(pointer, "/paths/~1users~1{id}");
        assert_eq!(split_pointer(&pointer), ["paths", "/users/{id}"]);
        assert_eq!(split_pointer(&push_token("", "a~b")), ["a~b"]);
        assert!(split_pointer("").is_empty());
    }

    #[test]
    fn a_walked_pointer_pops_back_to_its_base() {
        let mut pointer = Pointer::new("/components");
        pointer.push("schemas");
        pointer.push("a/b");
        pointer.push_index(3);
        assert_eq!(pointer.as_str(), "/components/schemas/a~1b/3");
        pointer.pop();
        pointer.pop();
        assert_eq!(pointer.as_str(), "/components/schemas");
        pointer.pop();
        pointer.pop();
        assert_eq!(pointer.as_str(), "/components");
    }

    #[test]
    fn percent_encoded_tokens_resolve() {
        let document = serde_json::json!({ "paths": { "/a/{id}": { "get": 1 } } });
        assert_eq!(
            resolve(&document, "/paths/~1a~1%7Bid%7D/get"),
            Some(&serde_json::json!(1))
        );
        assert_eq!(resolve(&document, "/paths/%zz"), None);
    }
}
