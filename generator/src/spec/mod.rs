//! The spec: everything that reads an OpenAPI document, from its text to the typed document
//! that `lower` works from.
//!
//! The stages run in this order (see [`crate::parse_api`]): [`load`] (text to a JSON value,
//! keeping where each node sits in the text, which [`locate`] finds) → [`bundle`] (a spec
//! over several files becomes one) → [`upgrade`] (Swagger 2.0 to OpenAPI 3.0, remembering
//! where each node came from) → [`repair`]'s `canonical_refs` (pointers written through
//! other `$ref`s) → [`normalize`] (3.1 to the 3.0 shape) → the rest of [`repair`] (defects
//! with one evident repair, each with a warning) → [`document`] (the typed document, with
//! every schema a `$ref` can reach) → [`validate`]. [`walk`] is the walk over the JSON value
//! that knows what each node is, and [`pointer`] names the places it visits.

pub(crate) mod bundle;
pub(crate) mod document;
pub mod load;
pub(crate) mod locate;
pub(crate) mod normalize;
pub(crate) mod origins;
pub(crate) mod pointer;
pub(crate) mod repair;
pub(crate) mod upgrade;
pub(crate) mod validate;
pub(crate) mod walk;
