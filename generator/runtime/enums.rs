//! The serde glue of the generated enums. Each enum is written out in its models file, with
//! its catch-all variant and its wire values (`as_str` or `value`, and `From`); these macros
//! add `Display` and the serde impls, which go through them.

/// `Display`, `From<String>` and the serde impls of a generated string enum: it is written
/// and read as the string `as_str` gives and `From<&str>` takes (read through [`WireStr`],
/// so that a listed value is read without allocating).
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident) => {
        #[allow(deprecated)]
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str(crate::runtime::WireStr::<Self>::new())
            }
        }
    };
}

/// `Display` and the serde impls of a generated integer enum: it is written and read as the
/// number `value` gives and `From<i64>` takes.
#[allow(unused_macros)]
macro_rules! int_enum {
    ($name:ident) => {
        #[allow(deprecated)]
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

/// Reads a generated string enum from the string a serde format gives, borrowed where it can:
/// a listed value becomes its variant without allocating, and only a value the enum does not
/// list is copied, into the catch-all variant.
pub struct WireStr<T>(::std::marker::PhantomData<T>);

impl<T> WireStr<T> {
    /// The visitor for `T`.
    pub const fn new() -> Self {
        Self(::std::marker::PhantomData)
    }
}

impl<'de, T: for<'a> ::std::convert::From<&'a str>> ::serde::de::Visitor<'de> for WireStr<T> {
    type Value = T;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<T, E> {
        Ok(T::from(value))
    }
}
