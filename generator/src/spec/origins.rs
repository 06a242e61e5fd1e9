//! Where the nodes of a rewritten document were before the rewrite, so that a problem found
//! later is reported at the line and column where its node is written: the upgrade of a
//! Swagger 2.0 document records where each 3.0 node came from, and `normalize` where it moved
//! a `$ref` that had siblings.

use std::collections::BTreeMap;

/// A map from places of the rewritten document to places of the one before (the upgraded
/// document and the 2.0 one, say). Only the places that
/// moved are recorded: a node's members go where the node went (`requestBody/description` of
/// a body made from `parameters/2` is `parameters/2/description`), and a place under no
/// recorded one stayed where it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Origins {
    /// Where each moved node came from.
    moved: BTreeMap<String, String>,
    /// Where each node of the 2.0 document went: the first place it was written, if it was
    /// written in several (a schema under each media type).
    went: BTreeMap<String, String>,
}

impl Origins {
    /// Whether nothing moved: the document was not rewritten.
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty() && self.went.is_empty()
    }

    /// Records that the node now at `new` was at `old`.
    pub fn record(&mut self, new: &str, old: &str) {
        self.went
            .entry(old.to_owned())
            .or_insert_with(|| new.to_owned());
        self.record_copy(new, old);
    }

    /// Records that the node at `new` is a copy of the one at `old`, which has a place of its
    /// own in the upgraded document (where a `$ref` to it points).
    pub fn record_copy(&mut self, new: &str, old: &str) {
        if new != old {
            self.moved.insert(new.to_owned(), old.to_owned());
        } else {
            self.moved.remove(new);
        }
    }

    /// Records that a `$ref` to the node at `old` goes to `new` (`old` is a `$ref` to the node
    /// now at `new`, and has no place of its own).
    pub fn alias(&mut self, old: &str, new: &str) {
        self.went
            .entry(old.to_owned())
            .or_insert_with(|| new.to_owned());
    }

    /// The items of the list at `list` each moved one place on (an item was put before them):
    /// what was recorded of the nodes in them moves with them.
    pub fn renumber(&mut self, list: &str) {
        let prefix = format!("{list}/");
        let inside: Vec<String> = self
            .moved
            .range(prefix.clone()..)
            .map(|(key, _)| key)
            .take_while(|key| key.starts_with(&prefix))
            .cloned()
            .collect();
        let mut renumbered = Vec::new();
        for key in inside {
            let rest = &key[prefix.len()..];
            let (index, after) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            if let (Ok(index), Some(old)) = (index.parse::<usize>(), self.moved.remove(&key)) {
                renumbered.push((format!("{prefix}{}{after}", index + 1), old));
            }
        }
        self.moved.extend(renumbered);
    }

    /// Where the node at `pointer` in the 2.0 document is in the upgraded one, if it moved:
    /// where its nearest moved ancestor went, with the rest of the pointer after it.
    pub fn destination_of(&self, pointer: &str) -> Option<String> {
        nearest(&self.went, pointer)
    }

    /// The place in the 2.0 document of the node at `pointer` in the upgraded one: the nearest
    /// recorded ancestor's origin, with the rest of the pointer after it.
    pub fn source_of(&self, pointer: &str) -> String {
        nearest(&self.moved, pointer).unwrap_or_else(|| pointer.to_owned())
    }
}

/// Where the nodes that bundling copied from a spec's other files were written: a map from
/// places of the bundled document to a file and a place in it. A place under no recorded one
/// is the main file's own, where it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FileOrigins {
    /// The file and place each copied node came from.
    copied: BTreeMap<String, (String, String)>,
}

impl FileOrigins {
    /// Whether nothing was copied from another file.
    pub fn is_empty(&self) -> bool {
        self.copied.is_empty()
    }

    /// Records that the node now at `new` is the one at `old` in `file`.
    pub fn record(&mut self, new: &str, file: &str, old: &str) {
        self.copied
            .insert(new.to_owned(), (file.to_owned(), old.to_owned()));
    }

    /// The file and place of the node at `pointer` in the bundled document: those of its
    /// nearest copied ancestor, with the rest of the pointer after it; `None` for a node of
    /// the main file.
    pub fn source_of(&self, pointer: &str) -> Option<(&str, String)> {
        let ((file, old), rest) = nearest_entry(&self.copied, pointer)?;
        Some((file.as_str(), format!("{old}{rest}")))
    }
}

/// `pointer` with its longest prefix (on a token boundary) that `map` has replaced by what
/// `map` holds for it.
fn nearest(map: &BTreeMap<String, String>, pointer: &str) -> Option<String> {
    let (to, rest) = nearest_entry(map, pointer)?;
    Some(format!("{to}{rest}"))
}

/// What `map` holds for the longest prefix of `pointer` (on a token boundary) it has, and the
/// rest of `pointer` after that prefix.
fn nearest_entry<'m, 'p, T>(
    map: &'m BTreeMap<String, T>,
    pointer: &'p str,
) -> Option<(&'m T, &'p str)> {
    if map.is_empty() {
        return None;
    }
    let mut end = pointer.len();
    loop {
        let prefix = &pointer[..end];
        if let Some(to) = map.get(prefix) {
            return Some((to, &pointer[end..]));
        }
        end = prefix.rfind('/')?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_goes_where_its_nearest_moved_ancestor_went() {
        let mut origins = Origins::default();
        origins.record("/components/schemas", "/definitions");
        origins.record("/paths/~1a/get/requestBody", "/paths/~1a/get/parameters/1");
        origins.record(
            "/paths/~1a/get/requestBody/content/application~1json/schema",
            "/paths/~1a/get/parameters/1/schema",
        );
        assert_eq!(
            origins.source_of("/components/schemas/Pet/properties/id"),
            "/definitions/Pet/properties/id"
        );
        assert_eq!(
            origins.source_of("/paths/~1a/get/requestBody/description"),
            "/paths/~1a/get/parameters/1/description"
        );
        assert_eq!(
            origins.source_of("/paths/~1a/get/requestBody/content/application~1json/schema/items"),
            "/paths/~1a/get/parameters/1/schema/items"
        );
        // `/components/schemasX` is not under `/components/schemas`.
        assert_eq!(
            origins.source_of("/components/schemasX"),
            "/components/schemasX"
        );
        assert_eq!(origins.source_of("/info/title"), "/info/title");
        assert_eq!(origins.source_of(""), "");
    }
}
