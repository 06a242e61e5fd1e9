//! Reading the generated structs from JSON objects. Each struct says how to read itself key by
//! key ([`FromObject`], written out after it in its models file), and `from_object!` gives it
//! the `Deserialize` that goes through that ([`read_object`]). That is what serde's derive would
//! make of such a struct, in much less code for the compiler to check: one function per struct,
//! read from an object only (not from an array of its fields, which no JSON API sends).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};

/// The `Deserialize` of a generated struct: read from an object through its [`FromObject`].
#[allow(unused_macros)]
macro_rules! from_object {
    ($name:ident) => {
        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::read_object(deserializer, stringify!($name))
            }
        }
    };
}

/// A struct read key by key from an object.
pub trait FromObject: Sized {
    /// Reads the struct from the keys and values of `map`: each key it declares into its field,
    /// the others into its extra properties or passed over.
    fn from_object<'de, A: MapAccess<'de>>(map: Object<'de, A>) -> Result<Self, A::Error>;
}

/// The `Deserialize` of a [`FromObject`] struct; `name` is what an error says was expected.
pub fn read_object<'de, D: Deserializer<'de>, T: FromObject>(
    deserializer: D,
    name: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor {
        name,
        marker: PhantomData,
    })
}

struct ObjectVisitor<T> {
    name: &'static str,
    marker: PhantomData<T>,
}

impl<'de, T: FromObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(Object {
            map,
            marker: PhantomData,
        })
    }
}

/// An object being read into a struct: its keys, and each value into the field of its key.
pub struct Object<'de, A> {
    map: A,
    marker: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Object<'de, A> {
    /// The next key, if any.
    pub fn next_key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.map.next_key()
    }

    /// Reads the value of the property `name` into its field's `slot`; a second value for the
    /// same property is an error, as with serde's derive.
    pub fn field<T: serde::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Reads the value of the property `name` into the slot of a field that keeps "left out"
    /// and `null` apart (`Option<Option<T>>`): a present property, `null` included, is `Some`.
    pub fn present_field<T: serde::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<Option<T>>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *slot = Some(self.map.next_value::<Option<T>>()?);
        Ok(())
    }

    /// Reads the value of a property the struct does not declare into its extra properties.
    pub fn extra<T: serde::Deserialize<'de>>(
        &mut self,
        extra: &mut BTreeMap<String, T>,
        key: Key<'de>,
    ) -> Result<(), A::Error> {
        let value = self.map.next_value()?;
        extra.insert(key.into_string(), value);
        Ok(())
    }

    /// Passes over the value of a property the struct does not declare.
    pub fn skip_value(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<de::IgnoredAny>().map(|_| ())
    }
}

/// A key of an object being read, borrowed from the input where it can be (serde_json lends
/// the keys of a byte slice that need no unescaping).
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The value of the required property `name`: what was read, or, when it was left out, what
/// its type makes of nothing (`None` for a nullable one); else the error that it is missing.
pub fn required<'de, T: serde::Deserialize<'de>, E: de::Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name)).map_err(|_| E::missing_field(name)),
    }
}

/// A left-out property, read as its type: an `Option` is `None`, anything else an error.
struct Missing(&'static str);

impl<'de> Deserializer<'de> for Missing {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}
