//! `null` in request bodies: an optional, nullable property that can be left out or sent as
//! `null`.

/// Serde glue for an optional, nullable property of a request body, typed
/// `Option<Option<T>>`: `None` leaves the property out (with `skip_serializing_if`),
/// `Some(None)` sends `null`, and `Some(Some(value))` sends the value. Read back (by
/// [`Object::present_field`](super::Object::present_field)), a `null` is `Some(None)` and a
/// missing property `None`. A form or multipart body has no `null`, and leaves a `Some(None)`
/// out too.
pub mod explicit_null {
    /// Writes the inner `Option`: `null` or the value.
    pub fn serialize<S, T>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
        T: serde::Serialize,
    {
        match value {
            Some(inner) => serde::Serialize::serialize(inner, serializer),
            None => serializer.serialize_none(),
        }
    }
}
