//! Which group each operation is in: its first tag, a vendor extension the settings name, or
//! the first segment of its path after a version prefix. Each group becomes a Cargo feature of
//! the generated crate, so group names are made into feature names here.

use std::collections::BTreeSet;

use heck::ToKebabCase;

use super::*;
use crate::settings::GroupBy;

/// The group an operation declares, as the spec writes it: its first tag, or the extension's
/// value. The path, which needs every operation's, is read by [`groups`].
pub(super) fn declared_group(by: &GroupBy, operation: &openapiv3::Operation) -> Option<String> {
    match by {
        GroupBy::Auto => operation.tags.first().cloned(),
        GroupBy::Extension(name) => operation.extensions.get(name).map(|value| match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }),
        GroupBy::Path | GroupBy::None => None,
    }
}

/// Settles each operation's group as a feature name: the declared group where it makes one,
/// else the path's. Words every declared group starts with are left out, and a name Cargo or
/// the crate already uses gets `-ops`. An API with fewer than
/// two groups is not grouped.
pub(super) fn groups(api: &mut Api, settings: &ApiSettings) -> Vec<Problem> {
    if settings.group_by == GroupBy::None {
        for op in &mut api.operations {
            op.group = None;
        }
        return Vec::new();
    }
    let paths = path_groups(&api.operations);
    // Each name's words, and whether the spec declared it (a tag or extension value).
    let mut names: Vec<(bool, Vec<String>)> = api
        .operations
        .iter()
        .zip(paths)
        .map(|(op, path)| {
            let declared = op.group.as_deref().map(words).filter(|w| !w.is_empty());
            match declared {
                Some(words) => (true, words),
                None => (false, words(&path)),
            }
        })
        .collect();
    let distinct: BTreeSet<&Vec<String>> = names.iter().map(|(_, words)| words).collect();
    if distinct.len() < 2 {
        for op in &mut api.operations {
            op.group = None;
        }
        return Vec::new();
    }
    // Words every declared name starts with (a tag prefix such as `Api20100401`) say nothing;
    // at least one word of each stays.
    let declared: Vec<&Vec<String>> = names.iter().filter(|n| n.0).map(|n| &n.1).collect();
    let shortest = declared.iter().map(|w| w.len()).min().unwrap_or(0);
    let common = (0..shortest.saturating_sub(1))
        .take_while(|&i| declared.iter().all(|w| w[i] == declared[0][i]))
        .count();
    for (_, words) in names.iter_mut().filter(|n| n.0) {
        words.drain(..common);
    }
    let reserved = [
        "default".to_owned(),
        "client".to_owned(),
        settings.feature_name(),
    ];
    for (op, (_, words)) in api.operations.iter_mut().zip(names) {
        let mut feature = words.join("-");
        if reserved.contains(&feature) {
            feature.push_str("-ops");
        }
        op.group = Some(feature);
    }
    Vec::new()
}

/// A name's words, lower case, for a feature name: ASCII letters and digits only, so that a
/// name in another script gives none (and the operation is grouped by its path).
fn words(name: &str) -> Vec<String> {
    name.to_kebab_case()
        .split('-')
        .map(|word| {
            word.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// Each operation's path group: the first literal segment after any version prefix (`v1`,
/// `2010-04-01`) and after the segments every operation's path starts with; a file extension
/// (`Accounts.json`) is left out. An operation whose path has no such segment is in `root`.
fn path_groups(operations: &[Operation]) -> Vec<String> {
    let literals: Vec<Vec<&str>> = operations
        .iter()
        .map(|op| {
            op.path
                .split('/')
                .filter(|s| !s.is_empty() && !s.starts_with('{'))
                .map(|s| s.split('.').next().unwrap_or(s))
                .filter(|s| !s.is_empty() && !is_version(s))
                .collect()
        })
        .collect();
    let shortest = literals.iter().map(Vec::len).min().unwrap_or(0);
    let common = match literals.first() {
        Some(first) => (0..shortest.saturating_sub(1))
            .take_while(|&i| literals.iter().all(|l| l[i] == first[i]))
            .count(),
        None => 0,
    };
    literals
        .iter()
        .map(|l| l.get(common).copied().unwrap_or("root").to_owned())
        .collect()
}

/// `v1`, `v2beta`, `2010-04-01`, `1`: a version, not a resource (`3d_secure` is one).
fn is_version(segment: &str) -> bool {
    let digit_first = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
    match segment.strip_prefix(['v', 'V']) {
        Some(rest) => digit_first(rest) && rest.chars().all(|c| c.is_ascii_alphanumeric()),
        None => digit_first(segment) && segment.chars().all(|c| c.is_ascii_digit() || c == '-'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_feature_names() {
        assert_eq!(words("Api20100401Account"), ["api20100401", "account"]);
        assert_eq!(words("payment_intents"), ["payment", "intents"]);
        assert_eq!(words("인증"), Vec::<String>::new());
        assert!(is_version("v1") && is_version("v2beta") && is_version("2010-04-01"));
        assert!(!is_version("values") && !is_version("3d_secure"));
    }
}

#[cfg(test)]
mod spec_tests {
    use crate::settings::GroupBy;
    use crate::{ApiInput, ApiSettings, Source};

    /// Each operation's group, by operationId, for a spec with these paths (each a GET with
    /// the tag after `#`, if any), grouped as `by` says.
    fn groups(paths: &[&str], by: GroupBy) -> Vec<(String, Option<String>)> {
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        for (i, path) in paths.iter().enumerate() {
            let (path, tag) = path.split_once('#').unwrap_or((path, ""));
            let tags = if tag.is_empty() {
                String::new()
            } else {
                format!(", tags: [{tag}]")
            };
            spec.push_str(&format!(
                "  {path}:\n    get: {{operationId: op{i}{tags}, responses: {{'204': {{description: ok}}}}}}\n"
            ));
        }
        let mut settings = ApiSettings::new("t.yaml", "t");
        settings.group_by = by;
        let input = ApiInput::new(Source::new("t.yaml", spec), settings);
        let api = crate::parse_api(&input).expect("the spec lowers");
        api.operations
            .into_iter()
            .map(|op| (op.operation_id, op.group))
            .collect()
    }

    fn names(found: &[(String, Option<String>)]) -> Vec<Option<&str>> {
        found.iter().map(|(_, group)| group.as_deref()).collect()
    }

    #[test]
    fn without_tags_operations_are_grouped_by_the_path_after_its_version() {
        let found = groups(
            &[
                "/v1/customers",
                "/v1/customers/{id}",
                "/v1/payment_intents",
                "/v1/3d_secure",
            ],
            GroupBy::Auto,
        );
        assert_eq!(
            names(&found),
            [
                Some("customers"),
                Some("customers"),
                Some("payment-intents"),
                Some("3d-secure")
            ]
        );
    }

    #[test]
    fn tags_lose_the_words_they_all_start_with_and_a_tag_in_another_script_falls_back() {
        let found = groups(
            &[
                "/a#Api20100401Account",
                "/b#Api20100401CallFeedback",
                "/calls/c#인증",
            ],
            GroupBy::Auto,
        );
        assert_eq!(
            names(&found),
            [Some("account"), Some("call-feedback"), Some("calls")]
        );
    }

    #[test]
    fn names_cargo_or_the_crate_use_are_changed_and_one_group_is_none() {
        let found = groups(&["/default", "/client", "/t"], GroupBy::Path);
        assert_eq!(
            names(&found),
            [Some("default-ops"), Some("client-ops"), Some("t-ops")]
        );
        assert_eq!(
            names(&groups(&["/a#x", "/b#x"], GroupBy::Auto)),
            [None, None]
        );
        assert_eq!(
            names(&groups(&["/a#x", "/b#y"], GroupBy::None)),
            [None, None]
        );
    }
}
