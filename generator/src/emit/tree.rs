//! Syntax trees built directly, for the pieces emitted many times over (a received struct's
//! reading of each field, an enum's variant and arms for each value). Parsing emitted tokens was
//! about half of what emitting costs; a piece built here skips it and comes out as syn would
//! have parsed it, so it is laid out the same.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;

use crate::rust_type::RustType;

/// The path `a::b::c` (`crate`, `self` and `Self` are segments like any other).
pub(super) fn path(segments: &[&str]) -> syn::Path {
    syn::Path {
        leading_colon: None,
        segments: segments
            .iter()
            .map(|segment| syn::PathSegment::from(syn::Ident::new(segment, Span::call_site())))
            .collect(),
    }
}

/// The syntax of a Rust type as `rust_type` decides it, built without parsing: a leading `::`
/// where its path has one, raw identifiers where a segment is one, generic arguments on the
/// last segment.
pub(super) fn rust_type(ty: &RustType) -> syn::Type {
    let RustType::Path { path: text, args } = ty else {
        return syn::Type::Tuple(syn::TypeTuple {
            paren_token: Default::default(),
            elems: Punctuated::new(),
        });
    };
    let (leading_colon, text) = match text.strip_prefix("::") {
        Some(rest) => (Some(Default::default()), rest),
        None => (None, text.as_ref()),
    };
    let mut segments: Punctuated<syn::PathSegment, syn::Token![::]> = text
        .split("::")
        .map(|segment| syn::PathSegment::from(crate::rust_type::ident(segment)))
        .collect();
    if let (Some(last), false) = (segments.last_mut(), args.is_empty()) {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args
                .iter()
                .map(|arg| syn::GenericArgument::Type(rust_type(arg)))
                .collect(),
            gt_token: Default::default(),
        });
    }
    syn::Type::Path(syn::TypePath {
        qself: None,
        path: syn::Path {
            leading_colon,
            segments,
        },
    })
}

/// The expression `a::b::c`.
pub(super) fn path_expr(segments: &[&str]) -> syn::Expr {
    path_value(path(segments))
}

/// The expression naming the variable `name`.
pub(super) fn var(name: &syn::Ident) -> syn::Expr {
    path_value(syn::Path::from(name.clone()))
}

/// `path` as an expression.
pub(super) fn path_value(path: syn::Path) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// The string literal `"text"`.
pub(super) fn string(text: &str) -> syn::Expr {
    syn::Expr::Lit(string_literal(text))
}

fn string_literal(text: &str) -> syn::ExprLit {
    syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(text, Span::call_site())),
    }
}

/// `function(args...)`.
pub(super) fn call(function: syn::Expr, args: impl IntoIterator<Item = syn::Expr>) -> syn::Expr {
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(function),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `receiver.method(args...)`.
pub(super) fn method(
    receiver: syn::Expr,
    method: &str,
    args: impl IntoIterator<Item = syn::Expr>,
) -> syn::Expr {
    attributed_method(Vec::new(), receiver, method, args)
}

/// `attrs receiver.method(args)`.
fn attributed_method(
    attrs: Vec<syn::Attribute>,
    receiver: syn::Expr,
    method: &str,
    args: impl IntoIterator<Item = syn::Expr>,
) -> syn::Expr {
    syn::Expr::MethodCall(syn::ExprMethodCall {
        attrs,
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: syn::Ident::new(method, Span::call_site()),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `expr?`.
pub(super) fn try_(expr: syn::Expr) -> syn::Expr {
    syn::Expr::Try(syn::ExprTry {
        attrs: Vec::new(),
        expr: Box::new(expr),
        question_token: Default::default(),
    })
}

/// `&mut expr`.
pub(super) fn borrow_mut(expr: syn::Expr) -> syn::Expr {
    reference(expr, Some(Default::default()))
}

fn reference(expr: syn::Expr, mutability: Option<syn::Token![mut]>) -> syn::Expr {
    syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability,
        expr: Box::new(expr),
    })
}

/// `&expr`.
pub(super) fn borrow(expr: syn::Expr) -> syn::Expr {
    reference(expr, None)
}

/// The statement `attrs receiver.method(args);`.
pub(super) fn method_stmt(
    attrs: Vec<syn::Attribute>,
    receiver: syn::Expr,
    name: &str,
    args: impl IntoIterator<Item = syn::Expr>,
) -> syn::Stmt {
    semi(attributed_method(attrs, receiver, name, args))
}

/// `attrs let mut name = init;`.
pub(super) fn let_mut(
    attrs: Vec<syn::Attribute>,
    name: &syn::Ident,
    ty: Option<syn::Type>,
    init: syn::Expr,
) -> syn::Stmt {
    local(attrs, true, name, ty, init)
}

/// `let name = init;`.
pub(super) fn let_(name: &syn::Ident, init: syn::Expr) -> syn::Stmt {
    local(Vec::new(), false, name, None, init)
}

fn local(
    attrs: Vec<syn::Attribute>,
    mutable: bool,
    name: &syn::Ident,
    ty: Option<syn::Type>,
    init: syn::Expr,
) -> syn::Stmt {
    let pat = binding(name, mutable);
    let pat = match ty {
        Some(ty) => syn::Pat::Type(syn::PatType {
            attrs: Vec::new(),
            pat: Box::new(pat),
            colon_token: Default::default(),
            ty: Box::new(ty),
        }),
        None => pat,
    };
    syn::Stmt::Local(syn::Local {
        attrs,
        let_token: Default::default(),
        pat,
        init: Some(syn::LocalInit {
            eq_token: Default::default(),
            expr: Box::new(init),
            diverge: None,
        }),
        semi_token: Default::default(),
    })
}

/// The pattern `name`, or `mut name`.
fn binding(name: &syn::Ident, mutable: bool) -> syn::Pat {
    syn::Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: mutable.then(Default::default),
        ident: name.clone(),
        subpat: None,
    })
}

/// `while let Some(name) = value { body }`.
pub(super) fn while_some(name: &syn::Ident, value: syn::Expr, body: Vec<syn::Stmt>) -> syn::Stmt {
    let some = syn::Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path: path(&["Some"]),
        paren_token: Default::default(),
        elems: [binding(name, false)].into_iter().collect(),
    });
    let condition = syn::Expr::Let(syn::ExprLet {
        attrs: Vec::new(),
        let_token: Default::default(),
        pat: Box::new(some),
        eq_token: Default::default(),
        expr: Box::new(value),
    });
    let looped = syn::Expr::While(syn::ExprWhile {
        attrs: Vec::new(),
        label: None,
        while_token: Default::default(),
        cond: Box::new(condition),
        body: block(body),
    });
    syn::Stmt::Expr(looped, None)
}

/// `match value { arms }?;`: a match whose arms are results, and its one `?`.
pub(super) fn try_match_stmt(value: syn::Expr, arms: Vec<syn::Arm>) -> syn::Stmt {
    let matched = syn::Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(value),
        brace_token: Default::default(),
        arms,
    });
    syn::Stmt::Expr(try_(matched), Some(Default::default()))
}

/// `{ stmts }`.
pub(super) fn block(stmts: Vec<syn::Stmt>) -> syn::Block {
    syn::Block {
        brace_token: Default::default(),
        stmts,
    }
}

/// The struct expression `path { fields, }`.
pub(super) fn struct_expr(path: syn::Path, fields: Vec<syn::FieldValue>) -> syn::Expr {
    syn::Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        brace_token: Default::default(),
        fields: terminated(fields),
        dot2_token: None,
        rest: None,
    })
}

/// The match arm `attrs "text" => body,`.
pub(super) fn string_arm(attrs: Vec<syn::Attribute>, text: &str, body: syn::Expr) -> syn::Arm {
    arm(attrs, syn::Pat::Lit(string_literal(text)), body)
}

/// The match arm `_ => body,`.
pub(super) fn wild_arm(body: syn::Expr) -> syn::Arm {
    let wild = syn::Pat::Wild(syn::PatWild {
        attrs: Vec::new(),
        underscore_token: Default::default(),
    });
    arm(Vec::new(), wild, body)
}

/// The match arm `attrs pattern => body,`.
pub(super) fn arm(attrs: Vec<syn::Attribute>, pattern: syn::Pat, body: syn::Expr) -> syn::Arm {
    syn::Arm {
        attrs,
        pat: pattern,
        guard: None,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

/// The field `attrs name: value` of a struct expression; `name` alone when `value` is `None`.
pub(super) fn field_value(
    attrs: Vec<syn::Attribute>,
    name: &syn::Ident,
    value: Option<syn::Expr>,
) -> syn::FieldValue {
    let colon_token = value.is_some().then(Default::default);
    syn::FieldValue {
        attrs,
        member: syn::Member::Named(name.clone()),
        colon_token,
        expr: value.unwrap_or_else(|| var(name)),
    }
}

/// The path `Self::variant`, as a pattern or an expression.
pub(super) fn self_variant(variant: &syn::Ident) -> syn::ExprPath {
    let mut path = path(&["Self"]);
    path.segments.push(syn::PathSegment::from(variant.clone()));
    syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    }
}

/// `#[doc = text]`, for a literal `docs` made of a doc line.
pub(super) fn doc(text: proc_macro2::Literal) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: path(&["doc"]),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::new(text),
            }),
        }),
    }
}

/// `attrs pub struct name { fields }`.
pub(super) fn struct_item(
    attrs: Vec<syn::Attribute>,
    name: &syn::Ident,
    fields: Vec<syn::Field>,
) -> syn::Item {
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: name.clone(),
        generics: syn::Generics::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: terminated(fields),
        }),
        semi_token: None,
    })
}

/// The struct field `attrs pub name: ty`.
pub(super) fn public_field(
    attrs: Vec<syn::Attribute>,
    name: &syn::Ident,
    ty: syn::Type,
) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        mutability: syn::FieldMutability::None,
        ident: Some(name.clone()),
        colon_token: Some(Default::default()),
        ty,
    }
}

fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// The enum variant `attrs name` (without data).
pub(super) fn unit_variant(attrs: Vec<syn::Attribute>, name: &syn::Ident) -> syn::Variant {
    syn::Variant {
        attrs,
        ident: name.clone(),
        fields: syn::Fields::Unit,
        discriminant: None,
    }
}

/// The arms of the `match` that the first method of the impl `item` starts with.
pub(super) fn first_match_arms(item: &mut syn::Item) -> Option<&mut Vec<syn::Arm>> {
    let syn::Item::Impl(block) = item else {
        return None;
    };
    let Some(syn::ImplItem::Fn(function)) = block.items.first_mut() else {
        return None;
    };
    match function.block.stmts.first_mut() {
        Some(syn::Stmt::Expr(syn::Expr::Match(matched), _)) => Some(&mut matched.arms),
        _ => None,
    }
}

/// `self`.
fn self_value() -> syn::Expr {
    path_expr(&["self"])
}

/// The type `Self`.
fn self_type() -> syn::Type {
    syn::Type::Path(syn::TypePath {
        qself: None,
        path: path(&["Self"]),
    })
}

/// A builder's method `attrs pub fn name(mut self, params) -> Self { body; self }`: `params`
/// are each a name and its type, and `body` the statements before `self`.
pub(super) fn builder_method(
    attrs: Vec<syn::Attribute>,
    name: &syn::Ident,
    params: Vec<(syn::Ident, syn::Type)>,
    mut body: Vec<syn::Stmt>,
) -> syn::ImplItem {
    let receiver = syn::FnArg::Receiver(syn::Receiver {
        attrs: Vec::new(),
        reference: None,
        mutability: Some(Default::default()),
        self_token: Default::default(),
        colon_token: None,
        ty: Box::new(self_type()),
    });
    let params = params.into_iter().map(|(name, ty)| {
        syn::FnArg::Typed(syn::PatType {
            attrs: Vec::new(),
            pat: Box::new(binding(&name, false)),
            colon_token: Default::default(),
            ty: Box::new(ty),
        })
    });
    body.push(syn::Stmt::Expr(self_value(), None));
    syn::ImplItem::Fn(syn::ImplItemFn {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        defaultness: None,
        sig: syn::Signature {
            constness: None,
            asyncness: None,
            unsafety: None,
            abi: None,
            fn_token: Default::default(),
            ident: name.clone(),
            generics: syn::Generics::default(),
            paren_token: Default::default(),
            inputs: std::iter::once(receiver).chain(params).collect(),
            variadic: None,
            output: syn::ReturnType::Type(Default::default(), Box::new(self_type())),
        },
        block: block(body),
    })
}

/// `self.field`.
pub(super) fn self_field(field: &syn::Ident) -> syn::Expr {
    syn::Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(self_value()),
        dot_token: Default::default(),
        member: syn::Member::Named(field.clone()),
    })
}

/// The statement `place = value;`.
pub(super) fn assign(place: syn::Expr, value: syn::Expr) -> syn::Stmt {
    let assigned = syn::Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(place),
        eq_token: Default::default(),
        right: Box::new(value),
    });
    syn::Stmt::Expr(assigned, Some(Default::default()))
}

/// The statement `expr;`.
pub(super) fn semi(expr: syn::Expr) -> syn::Stmt {
    syn::Stmt::Expr(expr, Some(Default::default()))
}

/// The outer attributes written as `tokens` (`#[cfg(...)]`, say); none for no tokens.
pub(super) fn attributes(tokens: &TokenStream) -> Result<Vec<syn::Attribute>, String> {
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    syn::parse::Parser::parse2(syn::Attribute::parse_outer, tokens.clone())
        .map_err(|e| format!("internal error: emitted attributes do not parse: {e}"))
}

/// Struct fields or enum variants separated by commas, with one after the last.
pub(super) fn terminated<T, P: Default>(items: impl IntoIterator<Item = T>) -> Punctuated<T, P> {
    let mut punctuated: Punctuated<T, P> = items.into_iter().collect();
    if !punctuated.is_empty() && !punctuated.trailing_punct() {
        punctuated.push_punct(P::default());
    }
    punctuated
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{ToTokens, quote};

    /// `r"text"`, as `docs` makes a doc line.
    fn raw_literal(text: &str) -> proc_macro2::Literal {
        format!("r\"{text}\"")
            .parse()
            .expect("a raw string literal")
    }

    /// A tree built here prints as the same tokens as the code it stands for: it is that code.
    fn same(built: impl ToTokens, written: TokenStream) {
        assert_eq!(built.to_token_stream().to_string(), written.to_string());
    }

    #[test]
    fn built_pieces_are_the_code_they_stand_for() {
        let name = syn::Ident::new("total", Span::call_site());
        let read = try_(method(
            path_expr(&["map"]),
            "field",
            [borrow_mut(var(&name)), string("total\"s")],
        ));
        same(&read, quote!(map.field(&mut total, "total\"s")?));
        let cfg = attributes(&quote!(#[cfg(feature = "a")])).expect("parses");
        same(
            let_mut(cfg.clone(), &name, None, path_expr(&["None"])),
            quote!(#[cfg(feature = "a")] let mut total = None;),
        );
        let object = syn::Ident::new("object", Span::call_site());
        same(
            method_stmt(
                cfg.clone(),
                var(&object),
                "optional",
                [string("total"), borrow(self_field(&name))],
            ),
            quote!(#[cfg(feature = "a")] object.optional("total", &self.total);),
        );
        let map = RustType::Path {
            path: "::std::collections::BTreeMap".into(),
            args: vec![
                RustType::Path {
                    path: "String".into(),
                    args: Vec::new(),
                },
                RustType::Unit,
            ],
        };
        same(
            rust_type(&map),
            quote!(::std::collections::BTreeMap<String, ()>),
        );
        let raw = RustType::Path {
            path: "models::r#type".into(),
            args: Vec::new(),
        };
        same(rust_type(&raw), quote!(models::r#type));
        let slot: syn::Type = syn::parse_quote!(Option<i64>);
        same(
            let_mut(Vec::new(), &name, Some(slot), path_expr(&["None"])),
            quote!(let mut total: Option<i64> = None;),
        );
        same(
            string_arm(Vec::new(), "x", read),
            quote!("x" => map.field(&mut total, "total\"s")?,),
        );
        let required = call(
            path_expr(&["crate", "runtime", "required"]),
            [var(&name), string("total")],
        );
        same(
            field_value(cfg, &name, Some(required)),
            quote!(#[cfg(feature = "a")] total: crate::runtime::required(total, "total")),
        );
        same(field_value(Vec::new(), &name, None), quote!(total));
        let fields: Punctuated<syn::Expr, syn::Token![,]> = terminated([var(&name), var(&name)]);
        same(fields, quote!(total, total,));
        assert!(attributes(&TokenStream::new()).expect("empty").is_empty());
        let variant = syn::Ident::new("Open", Span::call_site());
        same(
            arm(
                Vec::new(),
                syn::Pat::Path(self_variant(&variant)),
                string("open"),
            ),
            quote!(Self::Open => "open",),
        );
        same(
            unit_variant(vec![doc(raw_literal(" `open`"))], &variant),
            quote!(
                #[doc = r" `open`"]
                Open
            ),
        );
        let mut item: syn::Item = syn::parse_quote! {
            impl A { fn f(&self) -> u8 { match self { _ => 1 } } }
        };
        assert_eq!(first_match_arms(&mut item).map(|arms| arms.len()), Some(1));
    }

    #[test]
    fn a_built_setter_is_the_method_it_stands_for() {
        let name = syn::Ident::new("limit", Span::call_site());
        let param: syn::Type = syn::parse_quote!(impl Into<String>);
        let store = assign(
            self_field(&name),
            call(path_expr(&["Some"]), [method(var(&name), "into", [])]),
        );
        let setter = builder_method(
            vec![doc(raw_literal(" The limit."))],
            &name,
            vec![(name.clone(), param)],
            vec![store],
        );
        same(
            setter,
            quote! {
                #[doc = r" The limit."]
                pub fn limit(mut self, limit: impl Into<String>) -> Self {
                    self.limit = Some(limit.into());
                    self
                }
            },
        );
        let credential = syn::Ident::new("credential", Span::call_site());
        same(
            let_(&credential, call(path_expr(&["make"]), [])),
            quote!(let credential = make();),
        );
        same(semi(var(&credential)), quote!(credential;));
    }
}
