//! `client.rs` of an API module (feature `client`): a client with one async method per
//! operation and, when the settings' `[auth]` says how, the API's token handling.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Items, Scope, SourceFile, Std, content_ty, doc_attrs, held_ty, ident, syntax, ty};
use crate::ir::{
    Api, AuthKind, ClientAuth, Content, Operation, Outcome, TokenPath, TokenSource, Ty, TypeKind,
};

/// `client.rs`; the method of each operation compiles with the features in `gates`. All but its
/// docs and imports is emitted as one item, which `render` lays out on one of its threads
/// while others lay out the models and operations.
pub(super) fn client(api: &Api, gates: Vec<Vec<String>>) -> Result<SourceFile<'_>, String> {
    Ok(SourceFile {
        preamble: syntax(preamble(api))?,
        items: Some(Items {
            count: 1,
            emit: Box::new(move |_| Ok(syntax(body(api, &gates))?.items)),
        }),
    })
}

/// The client, its methods and its token handling.
fn body(api: &Api, gates: &[Vec<String>]) -> TokenStream {
    let Std { result, .. } = Std::of(api);
    let auth = api.auth.as_ref();
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .enumerate()
        .map(|(index, op)| {
            let cfg = super::features::cfg(&gates[index]);
            let method = method(api, auth, index, op);
            quote!(#cfg #method)
        })
        .collect();
    let parts = match auth {
        Some(auth) => authenticated(api, auth),
        None => Parts {
            before: quote! {
                #[doc = " Sends the operations of this API with reqwest: one method per operation."]
                #[derive(Debug, Clone)]
                pub struct Client {
                    http: runtime::Client,
                }
            },
            constructors: quote! {
                /// A client that sends to the server the spec names, with a 30-second timeout.
                pub fn new() -> #result<Self, ::reqwest::Error> {
                    Ok(Self::with_client(runtime::Client::new()?))
                }

                /// A client on a [`runtime::Client`] you configured (base URL, timeout,
                /// default headers).
                pub fn with_client(http: runtime::Client) -> Self {
                    Self { http }
                }
            },
            private: TokenStream::new(),
            after: TokenStream::new(),
        },
    };
    let Parts {
        before,
        constructors,
        private,
        after,
    } = parts;
    quote! {
        #before

        impl Client {
            #constructors

            /// The client that sends the requests.
            pub fn http(&self) -> &runtime::Client {
                &self.http
            }

            #(#methods)*

            #private
        }

        #after
    }
}

/// The module's docs and imports.
fn preamble(api: &Api) -> TokenStream {
    let title = &api.title;
    let module_doc = format!(
        " An async client for {title} (feature `client`): one method per operation, each sending \
         the operation's request builder and returning its typed result."
    );
    // The client names model types in what operations answer with, and in its login.
    let uses_models = api.auth.is_some()
        || api.operations.iter().any(|op| {
            [&op.success, &op.error].into_iter().any(|outcome| {
                matches!(outcome, Outcome::Single(Content::Json(ty)) if ty.named().is_some())
            })
        });
    // Unused where the groups that are on (Cargo features) answer with no model.
    let models = uses_models.then(|| {
        quote!(
            #[allow(unused_imports)]
            use super::models;
        )
    });
    let operations = (!api.operations.is_empty()).then(|| {
        quote!(
            use super::operations;
        )
    });
    quote! {
        #![doc = #module_doc]
        // Methods name the types of deprecated operations and schemas, which the API still has.
        #![allow(deprecated)]

        #models
        #operations
        use crate::runtime;
    }
}

/// The pieces of a client: items before the `impl`, its public constructors, its private
/// methods, and items after it.
struct Parts {
    before: TokenStream,
    constructors: TokenStream,
    private: TokenStream,
    after: TokenStream,
}

/// The method that sends one operation.
fn method(api: &Api, auth: Option<&ClientAuth>, index: usize, op: &Operation) -> TokenStream {
    let Std { result, .. } = Std::of(api);
    let name = ident(&op.name);
    let method = ident(&op.client_method);
    let output = outcome_ty(api, &op.success);
    let error = outcome_ty(api, &op.error);
    let endpoint = format!("`{} {}`", op.method, op.path);
    let attach = auth.and_then(|auth| {
        let is_auth_operation =
            index == auth.login || auth.refresh.as_ref().is_some_and(|r| r.operation == index);
        op.auth
            .iter()
            .find(|m| {
                auth.scheme.as_deref() == Some(m.scheme.as_str()) && m.kind != AuthKind::Basic
            })
            .filter(|_| !is_auth_operation)
    });
    let note = if attach.is_some() {
        format!(
            "Sends {endpoint} with the access token (logging in or refreshing first when needed); \
             when the API answers 401, the token is renewed and the request sent once more."
        )
    } else {
        format!("Sends {endpoint}.")
    };
    let docs = doc_attrs([op.summary.as_deref(), Some(note.as_str())]);
    let deprecated = op.deprecated.then(|| {
        quote! {
            #[deprecated = "the API marks this operation deprecated"]
            #[allow(deprecated)]
        }
    });
    match attach {
        Some(method_auth) => {
            let setter = ident(&method_auth.setter);
            quote! {
                #docs
                #deprecated
                pub async fn #method(
                    &self,
                    operation: operations::#name,
                ) -> #result<#output, runtime::SendError<#error, AuthError>> {
                    self.send_authorized(operation, |operation, token| operation.#setter(token))
                        .await
                }
            }
        }
        None => quote! {
            #docs
            #deprecated
            pub async fn #method(
                &self,
                operation: operations::#name,
            ) -> #result<#output, runtime::SendError<#error>> {
                self.http.send(operation).await
            }
        },
    }
}

/// The Rust type of one side of an operation's result, named from the client module.
fn outcome_ty(api: &Api, outcome: &Outcome) -> TokenStream {
    match outcome {
        Outcome::Never => quote!(::std::convert::Infallible),
        Outcome::Single(content) => content_ty(api, content),
        Outcome::Enum { name, .. } => {
            let name = ident(name);
            quote!(operations::#name)
        }
    }
}

/// The client, its token handling and its error type, for an API the settings' `[auth]`
/// describes.
fn authenticated(api: &Api, auth: &ClientAuth) -> Parts {
    let Std { result, option, .. } = Std::of(api);
    let login_op = &api.operations[auth.login];
    let login = ident(&login_op.name);
    let login_error = outcome_ty(api, &login_op.error);
    let credentials = ident(&api.ty(auth.credentials).name);
    let margin = proc_macro2::Literal::u64_unsuffixed(auth.margin);
    let login_deprecated = login_op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let lifetime = match auth.lifetime {
        Some(seconds) => {
            let seconds = proc_macro2::Literal::u64_unsuffixed(seconds);
            quote!(Some(::std::time::Duration::from_secs(#seconds)))
        }
        None => quote!(None),
    };

    let login_unwrap = auth
        .login_tokens
        .envelope
        .then(|| quote!(let output = output.into_result().map_err(AuthError::LoginRefused)?;));
    let login_tokens = tokens(&auth.login_tokens, &lifetime);
    let envelope = envelope_types(api, login_op).filter(|_| auth.login_tokens.envelope);
    let refused_variant = envelope.map(|(status, error)| {
        quote! {
            /// The login was answered with the envelope's failure (wrong credentials, for one).
            LoginRefused(runtime::EnvelopeError<#status, #error>),
        }
    });
    let refused_display = refused_variant
        .is_some()
        .then(|| quote!(Self::LoginRefused(e) => write!(f, "the login was refused: {e}"),));

    let (refresh_fn, refresh_call, refresh_variant, refresh_display) = match &auth.refresh {
        Some(refresh) => {
            let op = &api.operations[refresh.operation];
            let name = ident(&op.name);
            let refresh_error = outcome_ty(api, &op.error);
            let body_name = ident(&api.ty(refresh.body).name);
            // The resolver checked that the body is a struct.
            let fields: &[crate::ir::Field] = match &api.ty(refresh.body).kind {
                TypeKind::Struct(s) => &s.fields,
                _ => &[],
            };
            let fields = fields.iter().enumerate().map(|(i, field)| {
                let name = ident(&field.name);
                if i == refresh.field {
                    let mut value = match field.ty {
                        Ty::Secret => quote!(token),
                        _ => quote!(token.expose().to_owned()),
                    };
                    if field.optional() {
                        value = quote!(Some(#value));
                    }
                    if field.explicit_null {
                        value = quote!(Some(#value));
                    }
                    quote!(#name: #value,)
                } else {
                    quote!(#name: None,)
                }
            });
            let unwrap = refresh.tokens.envelope.then(|| {
                quote! {
                    // A refused envelope means the refresh token is no good: log in again.
                    let Ok(output) = output.into_result() else {
                        return Ok(None);
                    };
                }
            });
            let tokens = tokens(&refresh.tokens, &lifetime);
            let deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
            let doc = format!(
                " Trades the refresh token for new tokens with [`operations::{}`]; `None` when \
                 the API refuses it (401), so that the caller logs in again.",
                op.name
            );
            (
                Some(quote! {
                    #[doc = #doc]
                    #deprecated
                    async fn refresh(
                        &self,
                        token: runtime::SecretString,
                    ) -> #result<#option<runtime::Tokens>, AuthError> {
                        let body = models::#body_name {
                            #(#fields)*
                        };
                        match self.http.send(operations::#name::new(body)).await {
                            Ok(output) => {
                                #unwrap
                                Ok(Some(#tokens))
                            }
                            Err(runtime::SendError::Response(e))
                                if e.status() == ::http::StatusCode::UNAUTHORIZED =>
                            {
                                Ok(None)
                            }
                            Err(e) => Err(AuthError::Refresh(e)),
                        }
                    }
                }),
                quote!(move |token| async move { refresh.refresh(token).await }),
                Some(quote! {
                    /// Refreshing failed, other than by the API refusing the refresh token
                    /// (which makes the client log in again).
                    Refresh(runtime::SendError<#refresh_error>),
                }),
                Some(quote!(Self::Refresh(e) => write!(f, "refreshing the token failed: {e}"),)),
            )
        }
        None => (None, quote!(|_| ::std::future::ready(Ok(None))), None, None),
    };
    // The login and refresh may outlive the call that starts them (`TokenCache::token` runs
    // them as a task of their own), so they run on clones of the client.
    let clones = match auth.refresh {
        Some(_) => quote!(let (login, refresh) = (self.clone(), self.clone());),
        None => quote!(let login = self.clone();),
    };
    let login_doc = format!(" Logs in with [`operations::{}`].", login_op.name);
    let new_doc = format!(
        " A client that sends to the server the spec names (30-second timeout) and logs in \
         with `credentials` (through [`operations::{}`]) when a call first needs a token.",
        login_op.name
    );
    let before = quote! {
        /// Sends the operations of this API with reqwest: one method per operation. The client
        /// logs in when a call first needs a token, keeps the token until shortly before it
        /// expires, renews it with one request however many calls wait for it, and attaches
        /// it to the operations that need it. Clones share the token.
        #[derive(Clone)]
        pub struct Client {
            // Behind an `Arc`, so that the clones a login or refresh runs on are cheap.
            http: ::std::sync::Arc<runtime::Client>,
            tokens: ::std::sync::Arc<runtime::TokenCache>,
            credentials: ::std::sync::Arc<models::#credentials>,
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                // The credentials are left out: whatever they hold, it is not for logs.
                f.debug_struct("Client")
                    .field("http", &self.http)
                    .field("tokens", &self.tokens)
                    .finish_non_exhaustive()
            }
        }
    };
    let constructors = quote! {
        #[doc = #new_doc]
        pub fn new(credentials: models::#credentials) -> #result<Self, ::reqwest::Error> {
            Ok(Self::with_client(runtime::Client::new()?, credentials))
        }

        /// The same, on a [`runtime::Client`] you configured (base URL, timeout, default
        /// headers).
        pub fn with_client(http: runtime::Client, credentials: models::#credentials) -> Self {
            Self {
                http: ::std::sync::Arc::new(http),
                tokens: ::std::sync::Arc::new(runtime::TokenCache::new(
                    ::std::time::Duration::from_secs(#margin),
                    runtime::Clock::system(),
                )),
                credentials: ::std::sync::Arc::new(credentials),
            }
        }

        /// Reads the time for token expiry from `clock` instead of the system clock (to
        /// test code that uses the client). Drops the token this client has.
        pub fn with_clock(mut self, clock: runtime::Clock) -> Self {
            self.tokens = ::std::sync::Arc::new(runtime::TokenCache::new(
                ::std::time::Duration::from_secs(#margin),
                clock,
            ));
            self
        }

        /// A valid access token: the one kept, or a new one from a refresh or a login.
        pub async fn access_token(&self) -> #result<runtime::SecretString, AuthError> {
            #clones
            self.tokens
                .token(
                    move || async move { login.login().await },
                    #refresh_call,
                    || AuthError::FailedElsewhere,
                )
                .await
        }

        /// Sends any operation with the access token, which `attach` puts on it; when the
        /// API answers 401, the token is renewed and the operation sent once more. The
        /// methods of operations that take the token use it, and so can operations the spec
        /// does not list.
        pub async fn send_authorized<O>(
            &self,
            operation: O,
            attach: impl Fn(O, runtime::SecretString) -> O,
        ) -> #result<O::Output, runtime::SendError<O::Error, AuthError>>
        where
            O: runtime::Operation + Clone,
        {
            self.http
                .send_with_token(&self.tokens, operation, attach, || self.access_token())
                .await
        }
    };
    let private = quote! {
        #[doc = #login_doc]
        #login_deprecated
        async fn login(&self) -> #result<runtime::Tokens, AuthError> {
            let output = self
                .http
                .send(operations::#login::new(self.credentials.as_ref().clone()))
                .await
                .map_err(AuthError::Login)?;
            #login_unwrap
            Ok(#login_tokens)
        }

        #refresh_fn
    };
    let after = quote! {
        /// Why the client could not get an access token.
        #[derive(Debug)]
        pub enum AuthError {
            /// The login request failed.
            Login(runtime::SendError<#login_error>),
            #refused_variant
            #refresh_variant
            /// The answer lacked this property, which holds a token or its expiry.
            Missing(&'static str),
            /// This call waited for a login or refresh that another call made, and that
            /// failed; that call got the reason. The next call tries again.
            FailedElsewhere,
        }

        impl ::std::fmt::Display for AuthError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::Login(e) => write!(f, "the login failed: {e}"),
                    #refused_display
                    #refresh_display
                    Self::Missing(property) => {
                        write!(f, "the answer has no `{property}`")
                    }
                    Self::FailedElsewhere => {
                        f.write_str("the login or refresh another call made for this one failed")
                    }
                }
            }
        }

        impl ::std::error::Error for AuthError {}
    };
    Parts {
        before,
        constructors,
        private,
        after,
    }
}

/// `runtime::Tokens` from the decoded answer `output`.
fn tokens(source: &TokenSource, lifetime: &TokenStream) -> TokenStream {
    let access = read(&source.access);
    let refresh = match &source.refresh {
        Some(path) => {
            let value = read(path);
            quote!(Some(#value))
        }
        None => quote!(None),
    };
    match &source.server_clock {
        Some((now, expires)) => {
            let now = read(now);
            let expires = read(expires);
            quote! {
                runtime::Tokens::from_server_clock(
                    #access,
                    #refresh,
                    #now,
                    #expires,
                    self.tokens.clock().now(),
                )
            }
        }
        None => quote! {
            runtime::Tokens::new(#access, #refresh, #lifetime, self.tokens.clock().now())
        },
    }
}

/// Reads a property of `output`: a token as a `SecretString`, a time as an `i64`.
fn read(path: &TokenPath) -> TokenStream {
    let wire = &path.wire;
    let mut expr = quote!(output);
    let mut through_ref = false;
    for (name, optional) in &path.steps {
        let name = ident(name);
        expr = quote!(#expr.#name);
        if *optional {
            expr = quote!(#expr.as_ref().ok_or(AuthError::Missing(#wire))?);
            through_ref = true;
        }
    }
    match (&path.ty, through_ref) {
        (Ty::Secret, false) => expr,
        (Ty::Secret, true) => quote!(#expr.clone()),
        (Ty::String, false) => quote!(runtime::SecretString::from(#expr)),
        (Ty::String, true) => quote!(runtime::SecretString::from(#expr.clone())),
        (Ty::I32, false) => quote!(i64::from(#expr)),
        (Ty::I32, true) => quote!(i64::from(*#expr)),
        // An integer enum (the resolver lets no other named type through).
        (Ty::Named(_), _) => quote!(#expr.value()),
        (_, false) => expr,
        (_, true) => quote!(*#expr),
    }
}

/// The status and error types of the envelope an operation answers with.
fn envelope_types(api: &Api, op: &Operation) -> Option<(TokenStream, TokenStream)> {
    let Std { option, .. } = Std::of(api);
    if let Outcome::Single(Content::Json(Ty::Named(id))) = &op.success {
        if let TypeKind::Struct(s) = &api.ty(*id).kind {
            if let Some(e) = &s.envelope {
                let status = &s.fields[e.status];
                let error = &s.fields[e.error];
                let mut status_ty = ty(api, &status.ty, Scope::Operations);
                if status.optional() {
                    status_ty = quote!(#option<#status_ty>);
                }
                let error_ty = held_ty(api, error, Scope::Operations);
                return Some((status_ty, error_ty));
            }
        }
    }
    None
}
