//! Passes over the lowered API, run in a fixed order once every type and operation is made:
//! alias cycles, tag declarations, boxes that break cycles, envelopes, which serde directions
//! each type needs, and the group of each operation.

use super::*;

/// A pass: it reads and changes the API, and says what it found wrong.
pub(super) type Pass = fn(&mut Api, &ApiSettings) -> Vec<Problem>;

/// The passes, in the order they run.
pub(super) const PASSES: &[Pass] = &[
    alias_cycles,
    mark_tag_declarations,
    box_cycles,
    envelopes,
    serde_directions,
    groups,
];

/// Reports schemas that are only references to each other (`A: {$ref: B}`, `B: {$ref: A}`):
/// no type is ever defined, so no Rust type can stand for them.
fn alias_cycles(api: &mut Api, _: &ApiSettings) -> Vec<Problem> {
    let types = &api.types;
    // Each member by the name the spec gives it, which its Rust name may not be (`A` is `A2`).
    let label = |at: usize| {
        let def = &types[at];
        def.schema_name.as_deref().unwrap_or(&def.name)
    };
    let mut problems = Vec::new();
    for (start, def) in types.iter().enumerate() {
        let mut chain = vec![label(start)];
        let mut at = start;
        let mut steps = 0;
        while let TypeKind::Alias(Ty::Named(next)) = &types[at].kind {
            at = next.0;
            chain.push(label(at));
            steps += 1;
            if at == start {
                // Report each cycle once, at its first member.
                let first = chain.iter().min().copied().unwrap_or_default();
                if first != label(start) {
                    break;
                }
                problems.push(Problem::new(
                    &def.pointer,
                    format!(
                        "a `$ref` cycle with no type in between: {}",
                        chain.join(" -> ")
                    ),
                ));
                break;
            }
            if steps > types.len() {
                break;
            }
        }
    }
    problems
}

/// Attaches the settings' envelope to every struct that has its three properties.
fn envelopes(api: &mut Api, settings: &ApiSettings) -> Vec<Problem> {
    let Some(settings) = &settings.envelope else {
        return Vec::new();
    };
    let mut matched = false;
    for def in api.types.iter_mut() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        let find = |wire: &str| s.fields.iter().position(|f| f.wire_name == wire);
        if let (Some(status), Some(data), Some(error)) = (
            find(&settings.status),
            find(&settings.data),
            find(&settings.error),
        ) {
            s.envelope = Some(Envelope {
                status,
                success: settings.success.clone(),
                data,
                error,
            });
            matched = true;
        }
    }
    if !matched {
        return vec![Problem::new(
            "",
            format!(
                "the envelope in the settings (status `{}`, data `{}`, error `{}`) matches no object schema",
                settings.status, settings.data, settings.error
            ),
        )];
    }
    Vec::new()
}

/// Decides which serde traits each type derives: with `AsUsed`, `Serialize` for the types
/// reachable from what operations send, `Deserialize` for those reachable from what they
/// receive, and both for types no operation reaches.
fn serde_directions(api: &mut Api, settings: &ApiSettings) -> Vec<Problem> {
    let derives = settings.serde;
    let Api {
        types,
        operations,
        webhooks,
        ..
    } = api;
    let sent: Vec<&Ty> = operations
        .iter()
        .flat_map(|op| {
            op.params
                .iter()
                .map(|p| &p.ty)
                .chain(op.body.iter().map(|b| &b.ty))
        })
        .collect();
    // What responses carry, and webhook payloads (which the API sends to the client).
    let received: Vec<&Ty> = operations
        .iter()
        .flat_map(|op| op.responses.iter())
        .filter_map(|r| match &r.content {
            Content::Json(ty) => Some(ty),
            _ => None,
        })
        .chain(webhooks.iter().filter_map(|w| w.payload.as_ref()))
        .collect();
    let serialize = reachable(types, sent.clone());
    let deserialize = reachable(types, received.clone());
    // A type no operation reaches derives both ways, and so must everything it contains: the
    // unused types are seeds of both closures, so a derive never names a type without it.
    let unused: Vec<Ty> = (0..types.len())
        .filter(|&i| !serialize[i] && !deserialize[i])
        .map(|i| Ty::Named(TypeId(i)))
        .collect();
    let serialize = reachable(types, sent.into_iter().chain(&unused).collect());
    let deserialize = reachable(types, received.into_iter().chain(&unused).collect());
    for (i, def) in types.iter_mut().enumerate() {
        // A type only requests carry keeps "left out" and `null` apart in its optional,
        // nullable properties (a PATCH body clears a value by sending `null`). Types that
        // responses carry keep plain `Option`s, which is all a reader needs.
        if serialize[i] && !deserialize[i] {
            // An envelope is read, never written: its `into_result` wants plain `Option`s.
            if let TypeKind::Struct(s @ Struct { envelope: None, .. }) = &mut def.kind {
                for field in &mut s.fields {
                    field.explicit_null = !field.required && field.nullable;
                }
            }
        }
        if derives == crate::settings::SerdeDerives::Both {
            continue;
        }
        def.serialize = serialize[i];
        def.deserialize = deserialize[i];
    }
    Vec::new()
}

/// Which types the `seeds` reach, through fields, variants, aliases, items and map values.
pub(super) fn reachable(types: &[TypeDef], seeds: Vec<&Ty>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut pending: Vec<TypeId> = seeds.into_iter().filter_map(Ty::named).collect();
    while let Some(id) = pending.pop() {
        if !std::mem::replace(&mut seen[id.0], true) {
            pending.extend(types[id.0].kind.held().into_iter().filter_map(Ty::named));
        }
    }
    seen
}

/// Records, for each tagged union variant, whether its struct declares the tag property.
fn mark_tag_declarations(api: &mut Api, _: &ApiSettings) -> Vec<Problem> {
    let types = &mut api.types;
    let declares: Vec<Vec<bool>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Union(u) => u
                .variants
                .iter()
                .map(|v| match (&u.tag, &v.ty) {
                    (Some(tag), Ty::Named(id)) => match &types[id.0].kind {
                        TypeKind::Struct(s) => s.fields.iter().any(|f| &f.wire_name == tag),
                        _ => false,
                    },
                    _ => false,
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, flags) in types.iter_mut().zip(declares) {
        if let TypeKind::Union(u) = &mut def.kind {
            for (variant, flag) in u.variants.iter_mut().zip(flags) {
                variant.declares_tag = flag;
            }
        }
    }
    Vec::new()
}

/// Boxes every field and variant that holds a type of its own strongly connected component
/// (types that contain each other directly, not through a `Vec` or map, would have infinite
/// size).
fn box_cycles(api: &mut Api, _: &ApiSettings) -> Vec<Problem> {
    let types = &mut api.types;
    let direct = |ty: &Ty| match ty {
        Ty::Named(id) => Some(*id),
        _ => None,
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| direct(&f.ty))
                .map(|i| i.0)
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| direct(&v.ty))
                .map(|i| i.0)
                .collect(),
            TypeKind::Alias(ty) => direct(ty).map(|i| i.0).into_iter().collect(),
            TypeKind::Enum(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for (index, def) in types.iter_mut().enumerate() {
        let same = |ty: &Ty| direct(ty).is_some_and(|id| component[id.0] == component[index]);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = same(&field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = same(&variant.ty);
                }
            }
            _ => {}
        }
    }
    Vec::new()
}

/// Tarjan's algorithm, iteratively: the component number of every node.
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_follow_cycles_only() {
        // 0 -> 1 -> 0 is a cycle; 2 -> 0 is not part of it; 3 -> 3 is a self-loop.
        let component = strongly_connected(&[vec![1], vec![0], vec![0], vec![3]]);
        assert_eq!(component[0], component[1]);
        assert_ne!(component[2], component[0]);
        assert_ne!(component[3], component[0]);
    }
}
