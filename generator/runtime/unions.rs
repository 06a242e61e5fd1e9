//! Serde glue for unions: tagged ones read by their tag, untagged ones by the variant that
//! declares the object's keys.

use super::*;

/// Reads an internally tagged union: returns the tag and the whole object, tag included, so
/// that a variant struct which declares the tag as a property of its own still decodes.
pub fn read_tagged<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    tag: &'static str,
) -> Result<(String, serde_json::Value), D::Error> {
    use serde::de::Error as _;
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    let tag_value = match value.get(tag) {
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(_) => return Err(D::Error::custom(format_args!("`{tag}` is not a string"))),
        None => return Err(D::Error::missing_field(tag)),
    };
    Ok((tag_value, value))
}

/// A way to read one variant of an untagged union: the property names the variant declares,
/// and its decoder.
pub type UntaggedVariant<T> = (
    &'static [&'static str],
    fn(serde_json::Value) -> Result<T, serde_json::Error>,
);

/// Reads an untagged union: tries the variants that declare the most of the object's keys
/// first (in spec order among equals), and takes the first that decodes. Without this, a
/// variant whose properties are all optional would take every object and drop its fields.
pub fn read_untagged<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    variants: &[UntaggedVariant<T>],
) -> Result<T, D::Error> {
    use serde::de::Error as _;
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    let declared = |keys: &[&str]| match &value {
        serde_json::Value::Object(object) => {
            object.keys().filter(|k| keys.contains(&k.as_str())).count()
        }
        _ => 0,
    };
    let mut order: Vec<usize> = (0..variants.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(declared(variants[i].0)));
    for i in order {
        // A struct variant takes objects only (serde would also read one from an array).
        if !variants[i].0.is_empty() && !value.is_object() {
            continue;
        }
        if let Ok(decoded) = (variants[i].1)(value.clone()) {
            return Ok(decoded);
        }
    }
    Err(D::Error::custom(
        "the value matches none of the union's variants",
    ))
}

/// Decodes one variant of a tagged union from the object [`read_tagged`] returned.
pub fn tagged_variant<'de, D, T, U>(
    value: serde_json::Value,
    wrap: impl FnOnce(T) -> U,
) -> Result<U, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::Error as _;
    serde_json::from_value(value)
        .map(wrap)
        .map_err(D::Error::custom)
}

/// Writes one variant of a tagged union: the variant's own fields, with the tag set.
pub fn write_tagged<S: serde::Serializer, T: serde::Serialize>(
    serializer: S,
    tag: &'static str,
    tag_value: &'static str,
    variant: &T,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    let mut value = to_value(variant).map_err(S::Error::custom)?;
    match value.as_object_mut() {
        Some(object) => {
            object.insert(
                tag.to_owned(),
                serde_json::Value::String(tag_value.to_owned()),
            );
        }
        None => return Err(S::Error::custom("a tagged union variant must be an object")),
    }
    serde::Serialize::serialize(&value, serializer)
}
