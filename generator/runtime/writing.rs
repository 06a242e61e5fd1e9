//! Writing the generated structs that are sent as JSON objects. Each such struct's `Serialize`
//! (written out after it in its models file) hands its fields one by one to an
//! [`ObjectWriter`]: the JSON serde's derive would write, in less code for the compiler to
//! check, since a failed write is kept by the writer and returned once at the end, instead of
//! a return after every field. The object is a serde map, as the derive writes a struct with
//! flattened properties: the same to JSON (and so to the form and multipart bodies, which go
//! through JSON), not to formats that write structs as arrays.

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Writes the properties of one object, in order, and keeps the first error.
pub struct ObjectWriter<S: Serializer> {
    map: S::SerializeMap,
    error: Option<S::Error>,
}

impl<S: Serializer> ObjectWriter<S> {
    /// Starts an object.
    pub fn new(serializer: S) -> Result<Self, S::Error> {
        Ok(Self {
            map: serializer.serialize_map(None)?,
            error: None,
        })
    }

    /// Writes the property `name`.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.entry(name, value);
    }

    /// Writes the property `name` if it has a value, and leaves it out if not. An optional,
    /// nullable property (`Option<Option<T>>`) is left out when `None`, and is `null` when
    /// `Some(None)`.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(name, value);
        }
    }

    /// Writes the properties the schema does not declare, after the others.
    pub fn extra<T: Serialize>(&mut self, extra: &BTreeMap<String, T>) {
        for (name, value) in extra {
            self.entry(name.as_str(), value);
        }
    }

    /// Writes one property, unless a write has failed already; keeps the first error.
    fn entry<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(name, value) {
                self.error = Some(error);
            }
        }
    }

    /// Ends the object, or gives the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}
