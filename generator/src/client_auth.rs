//! Resolves the settings' `[auth]` against a lowered API: which operations log in and refresh,
//! where their answers carry the tokens, and which scheme the token is sent as. Every mistake
//! in the settings is reported with the place in the spec it concerns.

use crate::diagnostic::Problem;
use crate::ir::{
    Api, ClientAuth, Content, Operation, Outcome, Refresh, TokenPath, TokenSource, Ty, TypeId,
    TypeKind,
};
use crate::settings::AuthSettings;

/// The client's token handling as `settings` describe it, or every mistake in them, each
/// message beginning with the settings file's name (`file`, when they were read from one) and
/// `[auth]`.
pub(crate) fn resolve(
    settings: &AuthSettings,
    file: Option<&str>,
    api: &Api,
    schemes: &[(&str, bool)],
) -> Result<ClientAuth, Vec<Problem>> {
    resolve_in(settings, api, schemes).map_err(|mut problems| {
        if let Some(file) = file {
            for problem in &mut problems {
                problem.message = format!("{file} {}", problem.message);
            }
        }
        problems
    })
}

fn resolve_in(
    settings: &AuthSettings,
    api: &Api,
    schemes: &[(&str, bool)],
) -> Result<ClientAuth, Vec<Problem>> {
    let mut problems = Vec::new();
    let login = find_operation(api, &settings.login, "login", &mut problems);
    let refresh = settings
        .refresh
        .as_deref()
        .map(|id| find_operation(api, id, "refresh", &mut problems));
    if let Some(scheme) = &settings.scheme {
        match schemes.iter().find(|(name, _)| name == scheme) {
            Some((_, true)) => {}
            Some((_, false)) => problems.push(Problem::new(
                crate::spec::pointer::push_token("/components/securitySchemes", scheme),
                format!(
                    "[auth] scheme: `{scheme}` does not carry a token (a bearer, API key or OAuth scheme does)"
                ),
            )),
            None => problems.push(Problem::new(
                "/components/securitySchemes",
                format!("[auth] scheme: there is no security scheme `{scheme}`"),
            )),
        }
    }
    if settings.server_now.is_some() != settings.expires_at.is_some() {
        problems.push(Problem::new(
            "",
            "[auth]: `server-now` and `expires-at` go together",
        ));
    }
    if settings.refresh.is_some() != settings.refresh_body.is_some()
        || (settings.refresh.is_some() && settings.refresh_token.is_none())
    {
        problems.push(Problem::new(
            "",
            "[auth]: `refresh` needs `refresh-body` and `refresh-token`",
        ));
    }
    let mut resolved_login = None;
    if let Some(index) = login {
        let op = &api.operations[index];
        let credentials = body_struct(api, op, "login", &mut problems);
        let tokens = token_source(api, op, settings, &mut problems);
        if let (Some(credentials), Some(tokens)) = (credentials, tokens) {
            resolved_login = Some((index, credentials, tokens));
        }
    }
    let mut resolved_refresh = None;
    if let (Some(Some(index)), Some(body_property)) = (refresh, settings.refresh_body.as_deref()) {
        let op = &api.operations[index];
        let body = body_struct(api, op, "refresh", &mut problems);
        let tokens = token_source(api, op, settings, &mut problems);
        if let (Some(body), Some(tokens)) = (body, tokens) {
            if let TypeKind::Struct(s) = &api.ty(body).kind {
                let field = s.fields.iter().position(|f| f.wire_name == body_property);
                let others_required = s
                    .fields
                    .iter()
                    .any(|f| f.wire_name != body_property && !f.optional());
                match field {
                    Some(field) if !others_required && s.additional.is_none() => {
                        if !matches!(s.fields[field].ty, Ty::String | Ty::Secret) {
                            problems.push(Problem::new(
                                s.fields[field].pointer.clone(),
                                format!(
                                    "[auth] refresh-body: `{body_property}` must be a string"
                                ),
                            ));
                        } else {
                            resolved_refresh = Some(Refresh {
                                operation: index,
                                body,
                                field,
                                tokens,
                            });
                        }
                    }
                    Some(_) => problems.push(Problem::new(
                        api.ty(body).pointer.clone(),
                        format!(
                            "[auth] refresh-body: the refresh body needs more than `{body_property}`, so the client cannot write it"
                        ),
                    )),
                    None => problems.push(Problem::new(
                        api.ty(body).pointer.clone(),
                        format!(
                            "[auth] refresh-body: the refresh body has no property `{body_property}`"
                        ),
                    )),
                }
            }
        }
    }
    match resolved_login {
        Some((login, credentials, login_tokens)) if problems.is_empty() => Ok(ClientAuth {
            login,
            credentials,
            login_tokens,
            refresh: resolved_refresh,
            lifetime: settings.lifetime,
            scheme: settings.scheme.clone(),
            margin: settings.margin,
        }),
        _ => Err(problems),
    }
}

fn find_operation(
    api: &Api,
    operation_id: &str,
    role: &str,
    problems: &mut Vec<Problem>,
) -> Option<usize> {
    let found = api
        .operations
        .iter()
        .position(|op| op.operation_id == operation_id);
    if found.is_none() {
        problems.push(Problem::new(
            "/paths",
            format!("[auth] {role}: no operation has the operationId `{operation_id}`"),
        ));
    }
    found
}

/// The struct an operation's required JSON body is, when it takes nothing else required.
fn body_struct(
    api: &Api,
    op: &Operation,
    role: &str,
    problems: &mut Vec<Problem>,
) -> Option<TypeId> {
    if let Some(param) = op.params.iter().find(|p| p.required) {
        problems.push(Problem::new(
            param.pointer.clone(),
            format!(
                "[auth] {role}: `{}` has a required parameter `{}`, which the client cannot fill",
                op.operation_id, param.wire_name
            ),
        ));
        return None;
    }
    match &op.body {
        Some(body) if body.required => match body.ty {
            Ty::Named(id) if matches!(api.ty(id).kind, TypeKind::Struct(_)) => Some(id),
            _ => {
                problems.push(Problem::new(
                    format!("{}/requestBody", op.pointer),
                    format!(
                        "[auth] {role}: the body of `{}` must be an object schema",
                        op.operation_id
                    ),
                ));
                None
            }
        },
        _ => {
            problems.push(Problem::new(
                op.pointer.clone(),
                format!(
                    "[auth] {role}: `{}` must take a required request body",
                    op.operation_id
                ),
            ));
            None
        }
    }
}

/// Where an operation's success body carries the tokens.
fn token_source(
    api: &Api,
    op: &Operation,
    settings: &AuthSettings,
    problems: &mut Vec<Problem>,
) -> Option<TokenSource> {
    let Outcome::Single(Content::Json(Ty::Named(mut id))) = op.success else {
        problems.push(Problem::new(
            format!("{}/responses", op.pointer),
            format!(
                "[auth]: `{}` must answer success with one JSON object schema",
                op.operation_id
            ),
        ));
        return None;
    };
    let mut envelope = false;
    if let TypeKind::Struct(s) = &api.ty(id).kind {
        if let Some(e) = &s.envelope {
            envelope = true;
            match &s.fields[e.data].ty {
                Ty::Named(data) => id = *data,
                _ => {
                    problems.push(Problem::new(
                        s.fields[e.data].pointer.clone(),
                        "[auth]: the envelope's data must be an object schema",
                    ));
                    return None;
                }
            }
        }
    }
    let mut path = |wire: &str, numeric: bool| {
        let found = token_path(api, id, wire, numeric);
        if let Err(message) = &found {
            problems.push(Problem::new(
                api.ty(id).pointer.clone(),
                format!("[auth]: in the answer of `{}`: {message}", op.operation_id),
            ));
        }
        found.ok()
    };
    let access = path(&settings.access_token, false);
    let refresh = settings.refresh_token.as_deref().map(|w| path(w, false));
    let server_clock = match (
        settings.server_now.as_deref(),
        settings.expires_at.as_deref(),
    ) {
        (Some(now), Some(expires)) => Some((path(now, true), path(expires, true))),
        _ => None,
    };
    Some(TokenSource {
        envelope,
        access: access?,
        refresh: match refresh {
            Some(found) => Some(found?),
            None => None,
        },
        server_clock: match server_clock {
            Some((now, expires)) => Some((now?, expires?)),
            None => None,
        },
    })
}

/// Follows a dotted wire path from a struct through nested structs.
fn token_path(api: &Api, start: TypeId, wire: &str, numeric: bool) -> Result<TokenPath, String> {
    let mut id = start;
    let mut steps = Vec::new();
    let parts: Vec<&str> = wire.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let TypeKind::Struct(s) = &api.ty(id).kind else {
            return Err(format!("`{wire}`: `{}` is not an object", api.ty(id).name));
        };
        let Some(field) = s.fields.iter().find(|f| f.wire_name == *part) else {
            return Err(format!(
                "`{wire}`: `{}` has no property `{part}`",
                api.ty(id).name
            ));
        };
        steps.push((field.name.clone(), field.optional()));
        if i + 1 == parts.len() {
            let fits = if numeric {
                match &field.ty {
                    Ty::I32 | Ty::I64 => true,
                    // A `const` number is a one-value integer enum.
                    Ty::Named(id) => matches!(&api.ty(*id).kind, TypeKind::Enum(e) if e.integer),
                    _ => false,
                }
            } else {
                matches!(field.ty, Ty::String | Ty::Secret)
            };
            if !fits {
                let want = if numeric { "an integer" } else { "a string" };
                return Err(format!("`{wire}` must be {want}"));
            }
            return Ok(TokenPath {
                wire: wire.to_owned(),
                steps,
                ty: field.ty.clone(),
            });
        }
        match field.ty {
            Ty::Named(next) if !field.boxed => id = next,
            _ => return Err(format!("`{wire}`: `{part}` is not an object")),
        }
    }
    Err(format!("`{wire}` is empty"))
}
