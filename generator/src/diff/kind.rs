//! The kinds of change, and the one rule that says which of them break a client.
//!
//! A kind is what changed (`enum-value-added`); its severity follows from the kind and the
//! direction the data flows where it changed, and from nothing else. Where something more
//! decides it (whether a new parameter is required, whether the old client decoded the body at
//! all), that is part of the kind: two kinds may share a name in the report and differ in what
//! they mean for a client.

use super::Severity;

/// Which way data flows where a type is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Flow {
    /// Sent by the client.
    Request,
    /// Received by the client.
    Response,
}

/// Declares `ChangeKind`, each kind with its report name beside it, and `ChangeKind::ALL`,
/// made from the same list so that it cannot miss a kind.
macro_rules! kinds {
    ($($(#[$doc:meta])* $kind:ident => $name:literal,)*) => {
        /// A kind of change the walk records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(super) enum ChangeKind {
            $($(#[$doc])* $kind,)*
        }

        impl ChangeKind {
            /// Every kind, in the order declared.
            #[cfg(test)]
            pub(super) const ALL: &'static [ChangeKind] = &[$(ChangeKind::$kind,)*];

            /// The stable kebab-case name reports show, e.g. `request-property-added`.
            pub(super) fn name(self) -> &'static str {
                match self {
                    $(ChangeKind::$kind => $name,)*
                }
            }
        }
    };
}

kinds! {
    /// The default server's URL.
    ServerChanged => "server-changed",
    /// An operation no old one matches.
    OperationAdded => "operation-added",
    /// An operation no new one matches.
    OperationRemoved => "operation-removed",
    /// An operation found again by its operationId under another method or path.
    OperationMoved => "operation-moved",
    /// The operationId of a matched operation.
    OperationIdChanged => "operation-id-changed",
    /// An operation newly deprecated.
    OperationDeprecated => "operation-deprecated",
    /// A schema in `components` that is new.
    SchemaAdded => "schema-added",
    /// A schema gone from `components`.
    SchemaRemoved => "schema-removed",
    /// The credentials an operation takes, where one a client may already send still works,
    /// or none is needed any more.
    SecurityStillAccepted => "security-changed",
    /// The credentials an operation takes, where none the client sent before is accepted.
    SecurityNoLongerAccepted => "security-changed",

    /// An optional parameter more.
    ParameterAdded => "parameter-added",
    /// A required parameter more.
    ParameterAddedRequired => "parameter-added-required",
    /// A parameter gone.
    ParameterRemoved => "parameter-removed",
    /// A parameter of the same name read from another place (query, header, ...).
    ParameterMoved => "parameter-moved",
    /// A parameter that must now be sent.
    ParameterMadeRequired => "parameter-made-required",
    /// A parameter that may now be left out.
    ParameterMadeOptional => "parameter-made-optional",
    /// The default of a parameter that may be left out, so that leaving it out means another
    /// value.
    OptionalParameterDefaultChanged => "parameter-default-changed",
    /// The default of a required parameter, which is always sent.
    RequiredParameterDefaultChanged => "parameter-default-changed",
    /// How a parameter's value is written (its style, or JSON content).
    ParameterStyleChanged => "parameter-style-changed",

    /// A request body where there was none, which must be sent.
    RequiredRequestBodyAdded => "request-body-added",
    /// A request body where there was none, which may be left out.
    OptionalRequestBodyAdded => "request-body-added",
    /// A request body gone.
    RequestBodyRemoved => "request-body-removed",
    /// A request body that must now be sent.
    RequestBodyMadeRequired => "request-body-made-required",
    /// A request body that may now be left out.
    RequestBodyMadeOptional => "request-body-made-optional",
    /// A media type more, where the old client decodes the body.
    MediaTypeAdded => "media-type-added",
    /// A media type more for a response the old client read raw: as no body, or as bytes.
    MediaTypeAddedToRawResponse => "media-type-added",
    /// A media type fewer.
    MediaTypeRemoved => "media-type-removed",

    /// A documented status more on the success side.
    SuccessResponseAdded => "response-added",
    /// A documented status more on the error side.
    ErrorResponseAdded => "response-added",
    /// A documented status fewer.
    ResponseRemoved => "response-removed",
    /// A response body of another kind (JSON, text, bytes or none) where the old client
    /// decoded it.
    ResponseBodyChanged => "response-body-changed",
    /// A response body of another kind where the old client read it raw: as no body, or as
    /// bytes.
    RawResponseBodyChanged => "response-body-changed",
    /// A response header more.
    ResponseHeaderAdded => "response-header-added",
    /// A response header fewer.
    ResponseHeaderRemoved => "response-header-removed",
    /// A response header of another type.
    ResponseHeaderRetyped => "response-header-retyped",

    /// Items of an array or a map that may no longer be null.
    ItemsMadeRequired => "items-made-required",
    /// Items of an array or a map that may now be null.
    ItemsMadeNullable => "items-made-nullable",
    /// A string that became a secret, or back: the same on the wire.
    FormatChanged => "format-changed",
    /// A type whose old values are all values of the new one.
    TypeWidened => "type-changed",
    /// A type whose new values are all values of the old one.
    TypeNarrowed => "type-changed",
    /// A type neither wider nor narrower than the old one.
    TypeChanged => "type-changed",
    /// A schema of another shape (an object that became an enum, ...).
    ShapeChanged => "type-changed",
    /// A type under another Rust name, its shape the same.
    TypeRenamed => "type-renamed",

    /// An optional property more in a request.
    RequestPropertyAdded => "request-property-added",
    /// A required property more in a request.
    RequestPropertyAddedRequired => "request-property-added-required",
    /// A property more in a response.
    ResponsePropertyAdded => "response-property-added",
    /// A property gone that was required.
    RequiredPropertyRemoved => "property-removed",
    /// A property gone that was optional.
    OptionalPropertyRemoved => "property-removed",
    /// A property that must now be present.
    PropertyMadeRequired => "property-made-required",
    /// A property that may now be absent.
    PropertyMadeOptional => "property-made-optional",
    /// A property that may now be null.
    PropertyMadeNullable => "property-made-nullable",
    /// A property that may no longer be null.
    PropertyMadeNonNullable => "property-made-non-nullable",
    /// A property's Rust type telling null from absent, or no longer: the same on the wire.
    PropertyNullHandlingChanged => "property-null-handling-changed",

    /// An enum value more.
    EnumValueAdded => "enum-value-added",
    /// An enum value fewer.
    EnumValueRemoved => "enum-value-removed",
    /// An enum value kept under another Rust name.
    EnumVariantRenamed => "enum-variant-renamed",
    /// The property a union's variants are told apart by.
    DiscriminatorChanged => "discriminator-changed",
    /// A union variant more.
    UnionVariantAdded => "union-variant-added",
    /// A union variant fewer.
    UnionVariantRemoved => "union-variant-removed",

    /// A constraint that lets fewer values pass.
    ConstraintTightened => "constraint-tightened",
    /// A constraint that lets more values pass.
    ConstraintLoosened => "constraint-loosened",
    /// A constraint that lets other values pass, neither surely more nor fewer (a pattern for
    /// another).
    ConstraintChanged => "constraint-changed",
}

impl ChangeKind {
    /// Whether a change of this kind breaks a client, where the data flows as `flow`. This is
    /// the whole rule; `tests::the_severity_of_every_kind_in_each_direction` lists it again,
    /// so that a change to it shows in the test too.
    pub(super) fn severity(self, flow: Flow) -> Severity {
        use ChangeKind as K;
        use Flow::{Request, Response};
        use Severity::{Absorbed, Breaking, NonBreaking};
        match (self, flow) {
            (K::ServerChanged, _) => Breaking,
            (K::OperationAdded, _) => NonBreaking,
            (K::OperationRemoved, _) => Breaking,
            (K::OperationMoved, _) => Breaking,
            (K::OperationIdChanged, _) => NonBreaking,
            (K::OperationDeprecated, _) => NonBreaking,
            (K::SchemaAdded, _) => NonBreaking,
            (K::SchemaRemoved, _) => NonBreaking,
            (K::SecurityStillAccepted, _) => NonBreaking,
            (K::SecurityNoLongerAccepted, _) => Breaking,

            (K::ParameterAdded, _) => NonBreaking,
            (K::ParameterAddedRequired, _) => Breaking,
            (K::ParameterRemoved, _) => NonBreaking,
            (K::ParameterMoved, _) => Breaking,
            (K::ParameterMadeRequired, _) => Breaking,
            (K::ParameterMadeOptional, _) => NonBreaking,
            (K::OptionalParameterDefaultChanged, _) => Breaking,
            (K::RequiredParameterDefaultChanged, _) => NonBreaking,
            (K::ParameterStyleChanged, _) => Breaking,

            (K::RequiredRequestBodyAdded, _) => Breaking,
            (K::OptionalRequestBodyAdded, _) => NonBreaking,
            (K::RequestBodyRemoved, _) => NonBreaking,
            (K::RequestBodyMadeRequired, _) => Breaking,
            (K::RequestBodyMadeOptional, _) => NonBreaking,
            (K::MediaTypeAdded, Request) => NonBreaking,
            (K::MediaTypeAdded, Response) => Breaking,
            (K::MediaTypeAddedToRawResponse, Request) => NonBreaking,
            (K::MediaTypeAddedToRawResponse, Response) => Absorbed,
            (K::MediaTypeRemoved, Request) => Breaking,
            (K::MediaTypeRemoved, Response) => NonBreaking,

            (K::SuccessResponseAdded, _) => Breaking,
            (K::ErrorResponseAdded, _) => NonBreaking,
            (K::ResponseRemoved, _) => NonBreaking,
            (K::ResponseBodyChanged, _) => Breaking,
            (K::RawResponseBodyChanged, _) => Absorbed,
            (K::ResponseHeaderAdded, _) => NonBreaking,
            (K::ResponseHeaderRemoved, _) => Breaking,
            (K::ResponseHeaderRetyped, _) => Breaking,

            (K::ItemsMadeRequired, Request) => Breaking,
            (K::ItemsMadeRequired, Response) => NonBreaking,
            (K::ItemsMadeNullable, Request) => NonBreaking,
            (K::ItemsMadeNullable, Response) => Breaking,
            (K::FormatChanged, _) => NonBreaking,
            (K::TypeWidened, Request) => NonBreaking,
            (K::TypeWidened, Response) => Breaking,
            (K::TypeNarrowed, Request) => Breaking,
            (K::TypeNarrowed, Response) => NonBreaking,
            (K::TypeChanged, _) => Breaking,
            (K::ShapeChanged, _) => Breaking,
            (K::TypeRenamed, _) => NonBreaking,

            (K::RequestPropertyAdded, _) => NonBreaking,
            (K::RequestPropertyAddedRequired, _) => Breaking,
            (K::ResponsePropertyAdded, _) => NonBreaking,
            (K::RequiredPropertyRemoved, Request) => NonBreaking,
            (K::RequiredPropertyRemoved, Response) => Breaking,
            (K::OptionalPropertyRemoved, _) => NonBreaking,
            (K::PropertyMadeRequired, Request) => Breaking,
            (K::PropertyMadeRequired, Response) => NonBreaking,
            (K::PropertyMadeOptional, Request) => NonBreaking,
            (K::PropertyMadeOptional, Response) => Breaking,
            (K::PropertyMadeNullable, Request) => NonBreaking,
            (K::PropertyMadeNullable, Response) => Breaking,
            (K::PropertyMadeNonNullable, Request) => Breaking,
            (K::PropertyMadeNonNullable, Response) => NonBreaking,
            (K::PropertyNullHandlingChanged, _) => NonBreaking,

            (K::EnumValueAdded, Request) => NonBreaking,
            (K::EnumValueAdded, Response) => Absorbed,
            (K::EnumValueRemoved, Request) => Breaking,
            (K::EnumValueRemoved, Response) => NonBreaking,
            (K::EnumVariantRenamed, _) => NonBreaking,
            (K::DiscriminatorChanged, _) => Breaking,
            (K::UnionVariantAdded, Request) => NonBreaking,
            (K::UnionVariantAdded, Response) => Breaking,
            (K::UnionVariantRemoved, Request) => Breaking,
            (K::UnionVariantRemoved, Response) => NonBreaking,

            (K::ConstraintTightened, Request) => Breaking,
            (K::ConstraintTightened, Response) => NonBreaking,
            (K::ConstraintLoosened, _) => NonBreaking,
            (K::ConstraintChanged, Request) => Breaking,
            (K::ConstraintChanged, Response) => NonBreaking,
        }
    }

    /// Why a change of this kind is as severe as it is, in a few words.
    pub(super) fn reason(self, flow: Flow) -> &'static str {
        use ChangeKind as K;
        use Flow::{Request, Response};
        match (self, flow) {
            (K::ServerChanged, _) => "requests sent to the default server go elsewhere",
            (K::OperationAdded, _) => "a new operation",
            (K::OperationRemoved, _) => "the operation is gone",
            (K::OperationMoved, _) => "requests built by the old method and path reach nothing",
            (K::OperationIdChanged, _) => "the wire request is the same",
            (K::OperationDeprecated, _) => "it still works, but may be removed",
            (K::SchemaAdded, _) => "a new schema",
            (K::SchemaRemoved, _) => {
                "the schema is gone from the spec; operations that used it are reported on their own"
            }
            (K::SecurityStillAccepted, _) => "a credential that worked still works",
            (K::SecurityNoLongerAccepted, _) => "requests without the new credentials are refused",

            (K::ParameterAdded, _) => "it is optional",
            (K::ParameterAddedRequired, _) => "old requests lack it",
            (K::ParameterRemoved, _) => "the server no longer reads it; sending it does no harm",
            (K::ParameterMoved, _) => "the server reads it from another place",
            (K::ParameterMadeRequired, _) => "old requests may lack it",
            (K::ParameterMadeOptional, _) => "requests with it still work",
            (K::OptionalParameterDefaultChanged, _) => {
                "requests that leave it out now mean something else"
            }
            (K::RequiredParameterDefaultChanged, _) => "the parameter is always sent",
            (K::ParameterStyleChanged, _) => "the value is written another way",

            (K::RequiredRequestBodyAdded, _) => "old requests have no body",
            (K::OptionalRequestBodyAdded, _) => "it is optional",
            (K::RequestBodyRemoved, _) => "the server ignores what it no longer reads",
            (K::RequestBodyMadeRequired, _) => "old requests may have no body",
            (K::RequestBodyMadeOptional, _) => "requests with a body still work",
            (K::MediaTypeAdded | K::MediaTypeAddedToRawResponse, Request) => {
                "another media type is accepted"
            }
            (K::MediaTypeAdded, Response) => {
                "the server may answer in a media type old clients do not read"
            }
            (K::MediaTypeAddedToRawResponse, Response) => {
                "old clients ignore the body or keep it as bytes"
            }
            (K::MediaTypeRemoved, Request) => "requests in that media type are refused",
            (K::MediaTypeRemoved, Response) => "the server no longer answers in it",

            (K::SuccessResponseAdded, _) => {
                "a new success status: old clients take it for an unexpected response"
            }
            (K::ErrorResponseAdded, _) => {
                "a new documented error: old clients saw it as unexpected already"
            }
            (K::ResponseRemoved, _) => {
                "the server no longer documents it; if it still comes, it is an unexpected response"
            }
            (K::ResponseBodyChanged, _) => "the body is of another kind",
            (K::RawResponseBodyChanged, _) => "old clients ignore the body or keep it as bytes",
            (K::ResponseHeaderAdded, _) => "a header more to read",
            (K::ResponseHeaderRemoved, _) => "clients that read it get nothing",
            (K::ResponseHeaderRetyped, _) => {
                "code that reads it as the old type no longer compiles"
            }

            (K::ItemsMadeRequired, Request) => "requests with null items are refused",
            (K::ItemsMadeRequired, Response) => "responses get stricter",
            (K::ItemsMadeNullable, Request) => "requests may send null items now",
            (K::ItemsMadeNullable, Response) => "old clients do not expect null items",
            (K::FormatChanged, _) => "the same string on the wire",
            (K::TypeWidened, Request) => "requests get looser: what was sent still fits",
            (K::TypeNarrowed, Response) => {
                "responses get stricter: what old clients read still fits"
            }
            (K::TypeNarrowed | K::TypeChanged, Request) => {
                "values clients send may not fit the new type"
            }
            (K::TypeWidened | K::TypeChanged, Response) => {
                "values the server sends may not fit the old type"
            }
            (K::ShapeChanged, _) => "the schema has another shape",
            (K::TypeRenamed, _) => {
                "only the generated name changed (the schema moved or was renamed)"
            }

            (K::RequestPropertyAdded, _) => "it is optional",
            (K::RequestPropertyAddedRequired, _) => "old requests lack it",
            (K::ResponsePropertyAdded, _) => "old clients ignore it",
            (K::RequiredPropertyRemoved | K::OptionalPropertyRemoved, Request) => {
                "the server ignores what it no longer reads"
            }
            (K::RequiredPropertyRemoved, Response) => "old clients require it in responses",
            (K::OptionalPropertyRemoved, Response) => "it was optional",
            (K::PropertyMadeRequired, Request) => "old requests may lack it",
            (K::PropertyMadeRequired, Response) => "responses get stricter",
            (K::PropertyMadeOptional, Request) => "requests with it still work",
            (K::PropertyMadeOptional, Response) => "old clients require it in responses",
            (K::PropertyMadeNullable, Request) => "requests may send null now",
            (K::PropertyMadeNullable, Response) => "old clients do not expect null",
            (K::PropertyMadeNonNullable, Request) => "requests with null are refused",
            (K::PropertyMadeNonNullable, Response) => "responses get stricter",
            (K::PropertyNullHandlingChanged, _) => {
                "the same on the wire; the type is now carried by responses too, or by requests only"
            }

            (K::EnumValueAdded, Request) => "a new value clients may send",
            (K::EnumValueAdded, Response) => {
                "old clients get a value they do not list; the generated enum keeps it in its catch-all variant"
            }
            (K::EnumValueRemoved, Request) => "requests with that value are refused",
            (K::EnumValueRemoved | K::UnionVariantRemoved, Response) => {
                "the server no longer sends it"
            }
            // The walk names the value (`Found::because`).
            (K::EnumVariantRenamed, _) => "the value is the same on the wire",
            (K::DiscriminatorChanged, _) => "variants are told apart by another property",
            (K::UnionVariantAdded, Request) => "a new variant clients may send",
            (K::UnionVariantAdded, Response) => "old clients reject a response of the new variant",
            (K::UnionVariantRemoved, Request) => "requests of that variant are refused",

            (K::ConstraintTightened, Request) => "values the client may send are now refused",
            (K::ConstraintTightened, Response) => "responses get stricter",
            (K::ConstraintLoosened, Request) => "every value allowed before still is",
            (K::ConstraintChanged, Request) => "values the client may send may now be refused",
            (K::ConstraintLoosened | K::ConstraintChanged, Response) => {
                "the generated types do not check it, and hold the new values"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ChangeKind as K, Flow};
    use crate::diff::Severity::{self, Absorbed, Breaking, NonBreaking};

    /// The rule again, written out: each kind's severity in a request and in a response.
    const TABLE: &[(K, Severity, Severity)] = &[
        // kind                            in a request  in a response
        (K::ServerChanged, Breaking, Breaking),
        (K::OperationAdded, NonBreaking, NonBreaking),
        (K::OperationRemoved, Breaking, Breaking),
        (K::OperationMoved, Breaking, Breaking),
        (K::OperationIdChanged, NonBreaking, NonBreaking),
        (K::OperationDeprecated, NonBreaking, NonBreaking),
        (K::SchemaAdded, NonBreaking, NonBreaking),
        (K::SchemaRemoved, NonBreaking, NonBreaking),
        (K::SecurityStillAccepted, NonBreaking, NonBreaking),
        (K::SecurityNoLongerAccepted, Breaking, Breaking),
        (K::ParameterAdded, NonBreaking, NonBreaking),
        (K::ParameterAddedRequired, Breaking, Breaking),
        (K::ParameterRemoved, NonBreaking, NonBreaking),
        (K::ParameterMoved, Breaking, Breaking),
        (K::ParameterMadeRequired, Breaking, Breaking),
        (K::ParameterMadeOptional, NonBreaking, NonBreaking),
        (K::OptionalParameterDefaultChanged, Breaking, Breaking),
        (K::RequiredParameterDefaultChanged, NonBreaking, NonBreaking),
        (K::ParameterStyleChanged, Breaking, Breaking),
        (K::RequiredRequestBodyAdded, Breaking, Breaking),
        (K::OptionalRequestBodyAdded, NonBreaking, NonBreaking),
        (K::RequestBodyRemoved, NonBreaking, NonBreaking),
        (K::RequestBodyMadeRequired, Breaking, Breaking),
        (K::RequestBodyMadeOptional, NonBreaking, NonBreaking),
        (K::MediaTypeAdded, NonBreaking, Breaking),
        (K::MediaTypeAddedToRawResponse, NonBreaking, Absorbed),
        (K::MediaTypeRemoved, Breaking, NonBreaking),
        (K::SuccessResponseAdded, Breaking, Breaking),
        (K::ErrorResponseAdded, NonBreaking, NonBreaking),
        (K::ResponseRemoved, NonBreaking, NonBreaking),
        (K::ResponseBodyChanged, Breaking, Breaking),
        (K::RawResponseBodyChanged, Absorbed, Absorbed),
        (K::ResponseHeaderAdded, NonBreaking, NonBreaking),
        (K::ResponseHeaderRemoved, Breaking, Breaking),
        (K::ResponseHeaderRetyped, Breaking, Breaking),
        (K::ItemsMadeRequired, Breaking, NonBreaking),
        (K::ItemsMadeNullable, NonBreaking, Breaking),
        (K::FormatChanged, NonBreaking, NonBreaking),
        (K::TypeWidened, NonBreaking, Breaking),
        (K::TypeNarrowed, Breaking, NonBreaking),
        (K::TypeChanged, Breaking, Breaking),
        (K::ShapeChanged, Breaking, Breaking),
        (K::TypeRenamed, NonBreaking, NonBreaking),
        (K::RequestPropertyAdded, NonBreaking, NonBreaking),
        (K::RequestPropertyAddedRequired, Breaking, Breaking),
        (K::ResponsePropertyAdded, NonBreaking, NonBreaking),
        (K::RequiredPropertyRemoved, NonBreaking, Breaking),
        (K::OptionalPropertyRemoved, NonBreaking, NonBreaking),
        (K::PropertyMadeRequired, Breaking, NonBreaking),
        (K::PropertyMadeOptional, NonBreaking, Breaking),
        (K::PropertyMadeNullable, NonBreaking, Breaking),
        (K::PropertyMadeNonNullable, Breaking, NonBreaking),
        (K::PropertyNullHandlingChanged, NonBreaking, NonBreaking),
        (K::EnumValueAdded, NonBreaking, Absorbed),
        (K::EnumValueRemoved, Breaking, NonBreaking),
        (K::EnumVariantRenamed, NonBreaking, NonBreaking),
        (K::DiscriminatorChanged, Breaking, Breaking),
        (K::UnionVariantAdded, NonBreaking, Breaking),
        (K::UnionVariantRemoved, Breaking, NonBreaking),
        (K::ConstraintTightened, Breaking, NonBreaking),
        (K::ConstraintLoosened, NonBreaking, NonBreaking),
        (K::ConstraintChanged, Breaking, NonBreaking),
    ];

    #[test]
    fn the_severity_of_every_kind_in_each_direction() {
        for &(kind, request, response) in TABLE {
            assert_eq!(
                kind.severity(Flow::Request),
                request,
                "{kind:?} in a request"
            );
            assert_eq!(
                kind.severity(Flow::Response),
                response,
                "{kind:?} in a response"
            );
        }
        for kind in K::ALL {
            let rows = TABLE.iter().filter(|row| row.0 == *kind).count();
            assert_eq!(rows, 1, "{kind:?} has {rows} rows in the table");
        }
    }

    #[test]
    fn names_are_kebab_case() {
        for kind in K::ALL {
            let name = kind.name();
            assert!(
                !name.is_empty()
                    && !name.starts_with('-')
                    && !name.ends_with('-')
                    && !name.contains("--")
                    && name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{kind:?}: {name}"
            );
        }
    }

    /// Kinds that share a name are one change to a reader: they differ in severity, or in why.
    #[test]
    fn kinds_that_share_a_name_differ_in_how_they_are_judged() {
        for (i, a) in K::ALL.iter().enumerate() {
            for b in &K::ALL[i + 1..] {
                if a.name() != b.name() {
                    continue;
                }
                let judged = |k: &K, flow| (k.severity(flow), k.reason(flow));
                assert!(
                    judged(a, Flow::Request) != judged(b, Flow::Request)
                        || judged(a, Flow::Response) != judged(b, Flow::Response),
                    "{a:?} and {b:?} are judged alike: one kind would do"
                );
            }
        }
    }
}
