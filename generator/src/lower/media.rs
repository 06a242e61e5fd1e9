//! Media types and statuses: which media type a body is read as, how a query value is
//! written, and the names of statuses.

use super::*;

/// A media type without its parameters, lower-cased: `Application/JSON; charset=UTF-8` gives
/// `application/json`.
pub(super) fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

pub(super) fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// How a query value (or a form property) is written, from its `style` and `explode` (whose
/// default is `true` for `form` and `false` for the others). A comma-separated value marked
/// `x-collectionFormat: tsv` (by the Swagger 2.0 upgrade: 3.0 has no such style) is
/// tab-separated.
pub(super) fn query_style(
    style: &openapiv3::QueryStyle,
    explode: Option<bool>,
    extensions: &IndexMap<String, serde_json::Value>,
) -> QueryStyle {
    use openapiv3::QueryStyle as Spec;
    let tabs = extensions
        .get("x-collectionFormat")
        .and_then(|v| v.as_str())
        == Some("tsv");
    match (style, explode) {
        (Spec::DeepObject, _) => QueryStyle::DeepObject,
        (Spec::Form, Some(false)) if tabs => QueryStyle::TabDelimited,
        (Spec::Form, Some(false)) => QueryStyle::Form,
        (Spec::Form, _) | (_, Some(true)) => QueryStyle::FormExploded,
        (Spec::SpaceDelimited, _) => QueryStyle::SpaceDelimited,
        (Spec::PipeDelimited, _) => QueryStyle::PipeDelimited,
    }
}

pub(super) fn encoding_of(content_type: &str) -> BodyEncoding {
    let essence = essence(content_type);
    if is_json(&essence) {
        BodyEncoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence == "multipart/form-data" {
        BodyEncoding::Multipart
    } else if essence.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Bytes
    }
}

/// The media type to use when there are several: JSON, then a form, then multipart, then
/// text, then anything else as raw bytes.
pub(super) fn pick_media(
    content: &IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    let rank = |content_type: &str| match encoding_of(content_type) {
        BodyEncoding::Json => 0,
        BodyEncoding::Form => 1,
        BodyEncoding::Multipart => 2,
        BodyEncoding::Text => 3,
        BodyEncoding::Bytes => 4,
    };
    content
        .iter()
        .min_by_key(|(k, _)| rank(k))
        .map(|(k, m)| (k.as_str(), m))
}

pub(super) fn outcome(
    responses: &[Response],
    side: &dyn Fn(&Response) -> bool,
    enum_name: &str,
    names: &mut Namespace,
) -> Outcome {
    let chosen: Vec<usize> = (0..responses.len())
        .filter(|&i| side(&responses[i]))
        .collect();
    let Some(&first) = chosen.first() else {
        return Outcome::Never;
    };
    if chosen
        .iter()
        .all(|&i| responses[i].content == responses[first].content)
    {
        return Outcome::Single(responses[first].content.clone());
    }
    let mut variant_names = Namespace::default();
    let variants = chosen
        .iter()
        .map(|&i| (variant_names.claim(&status_variant(responses[i].status)), i))
        .collect();
    Outcome::Enum {
        name: names.claim(&type_name(enum_name)),
        variants,
    }
}

/// A variant name for a response status: its reason phrase where it has a well-known one.
pub(super) fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match code {
            200 => "Ok".into(),
            201 => "Created".into(),
            202 => "Accepted".into(),
            204 => "NoContent".into(),
            206 => "PartialContent".into(),
            301 => "MovedPermanently".into(),
            302 => "Found".into(),
            304 => "NotModified".into(),
            400 => "BadRequest".into(),
            401 => "Unauthorized".into(),
            402 => "PaymentRequired".into(),
            403 => "Forbidden".into(),
            404 => "NotFound".into(),
            405 => "MethodNotAllowed".into(),
            409 => "Conflict".into(),
            410 => "Gone".into(),
            412 => "PreconditionFailed".into(),
            415 => "UnsupportedMediaType".into(),
            422 => "UnprocessableEntity".into(),
            429 => "TooManyRequests".into(),
            500 => "InternalServerError".into(),
            502 => "BadGateway".into(),
            503 => "ServiceUnavailable".into(),
            504 => "GatewayTimeout".into(),
            other => format!("Status{other}"),
        },
        StatusMatch::Range(digit) => format!("Status{digit}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_variants_use_reason_phrases() {
        assert_eq!(status_variant(StatusMatch::Code(404)), "NotFound");
        assert_eq!(status_variant(StatusMatch::Code(418)), "Status418");
        assert_eq!(status_variant(StatusMatch::Range(4)), "Status4xx");
    }

    #[test]
    fn media_types_are_classified() {
        assert!(is_json("application/json; charset=UTF-8"));
        assert!(is_json("application/problem+json"));
        assert_eq!(encoding_of("text/csv"), BodyEncoding::Text);
        assert_eq!(encoding_of("image/png"), BodyEncoding::Bytes);
    }
}
