//! Constraints: lengths, bounds, sizes, patterns. The generated code checks none of them, so
//! no Rust item changes; a request that gets stricter may be refused by the server.

use super::{At, Comparer, Found};
use crate::diff::kind::{ChangeKind, Flow};
use crate::ir::{Bound, Constraints};

impl Comparer<'_> {
    /// Each constraint that differs, as tightened, loosened or changed.
    pub(super) fn constraints(
        &mut self,
        old: &Constraints,
        new: &Constraints,
        flow: Flow,
        at: &At,
    ) {
        for change in constraint_changes(old, new) {
            let kind = match change.tighter {
                Some(true) => ChangeKind::ConstraintTightened,
                Some(false) => ChangeKind::ConstraintLoosened,
                None => ChangeKind::ConstraintChanged,
            };
            let at = at.child(change.name, at.pointer.clone());
            self.push(&at, Found::new(kind, flow).values(change.old, change.new));
        }
    }
}

/// One constraint that differs between two versions.
#[derive(Debug, PartialEq)]
struct ConstraintChange {
    /// Its keyword.
    name: &'static str,
    old: Option<String>,
    new: Option<String>,
    /// Whether fewer values pass (`Some(true)`), more (`Some(false)`), or neither is sure (a
    /// new pattern).
    tighter: Option<bool>,
}

/// The constraints that differ, each with the way it moved.
fn constraint_changes(old: &Constraints, new: &Constraints) -> Vec<ConstraintChange> {
    let mut changes = Vec::new();
    let mut push = |name, old: Option<String>, new: Option<String>, tighter| {
        changes.push(ConstraintChange {
            name,
            old,
            new,
            tighter,
        });
    };
    // Lower limits: a new or higher one is tighter. Upper limits: a new or lower one.
    let sizes = [
        ("minLength", old.min_length, new.min_length, true),
        ("maxLength", old.max_length, new.max_length, false),
        ("minItems", old.min_items, new.min_items, true),
        ("maxItems", old.max_items, new.max_items, false),
        (
            "minProperties",
            old.min_properties,
            new.min_properties,
            true,
        ),
        (
            "maxProperties",
            old.max_properties,
            new.max_properties,
            false,
        ),
    ];
    for (name, o, n, lower) in sizes {
        if o != n {
            let tighter = match (o, n) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(o), Some(n)) => (n > o) == lower,
                (None, None) => continue,
            };
            push(
                name,
                o.map(|v| v.to_string()),
                n.map(|v| v.to_string()),
                Some(tighter),
            );
        }
    }
    for (name, o, n, lower) in [
        ("minimum", old.minimum, new.minimum, true),
        ("maximum", old.maximum, new.maximum, false),
    ] {
        if o != n {
            let tighter = match (o, n) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(o), Some(n)) if o.value == n.value => n.exclusive,
                (Some(o), Some(n)) => (n.value > o.value) == lower,
                (None, None) => continue,
            };
            push(name, o.map(bound_text), n.map(bound_text), Some(tighter));
        }
    }
    if old.multiple_of != new.multiple_of {
        let tighter = match (old.multiple_of, new.multiple_of) {
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            // Multiples of 10 are multiples of 5: a step that divides by the old one is tighter.
            (Some(o), Some(n)) if o != 0.0 && (n / o).fract() == 0.0 => Some(true),
            (Some(o), Some(n)) if n != 0.0 && (o / n).fract() == 0.0 => Some(false),
            _ => None,
        };
        push(
            "multipleOf",
            old.multiple_of.map(number_text),
            new.multiple_of.map(number_text),
            tighter,
        );
    }
    if old.unique_items != new.unique_items {
        push(
            "uniqueItems",
            Some(old.unique_items.to_string()),
            Some(new.unique_items.to_string()),
            Some(new.unique_items),
        );
    }
    let added = new.patterns.iter().any(|p| !old.patterns.contains(p));
    let removed = old.patterns.iter().any(|p| !new.patterns.contains(p));
    if added || removed {
        // A pattern more is stricter, one fewer looser; one for another, neither is sure.
        let tighter = match (added, removed) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        };
        let text = |patterns: &[String]| (!patterns.is_empty()).then(|| patterns.join("` and `"));
        push("pattern", text(&old.patterns), text(&new.patterns), tighter);
    }
    changes
}

fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

fn bound_text(bound: Bound) -> String {
    if bound.exclusive {
        format!("{} (exclusive)", number_text(bound.value))
    } else {
        number_text(bound.value)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    /// Each changed keyword, with whether it got tighter.
    type Moves = Vec<(&'static str, Option<bool>)>;

    fn moved(old: Constraints, new: Constraints) -> Moves {
        constraint_changes(&old, &new)
            .into_iter()
            .map(|c| (c.name, c.tighter))
            .collect()
    }

    fn bound(value: f64, exclusive: bool) -> Option<Bound> {
        Some(Bound { value, exclusive })
    }

    #[test]
    fn limits_move_tighter_or_looser_by_which_side_they_bound() {
        let c = Constraints::default;
        let cases: Vec<(Constraints, Constraints, Moves)> = vec![
            (c(), c(), vec![]),
            (
                c(),
                Constraints {
                    max_length: Some(5),
                    ..c()
                },
                vec![("maxLength", Some(true))],
            ),
            (
                Constraints {
                    max_length: Some(5),
                    ..c()
                },
                Constraints {
                    max_length: Some(9),
                    ..c()
                },
                vec![("maxLength", Some(false))],
            ),
            (
                Constraints {
                    min_items: Some(1),
                    ..c()
                },
                Constraints {
                    min_items: Some(2),
                    ..c()
                },
                vec![("minItems", Some(true))],
            ),
            (
                Constraints {
                    max_properties: Some(3),
                    ..c()
                },
                c(),
                vec![("maxProperties", Some(false))],
            ),
            (
                Constraints {
                    minimum: bound(0.0, false),
                    ..c()
                },
                Constraints {
                    minimum: bound(0.0, true),
                    ..c()
                },
                vec![("minimum", Some(true))],
            ),
            (
                Constraints {
                    maximum: bound(10.0, false),
                    ..c()
                },
                Constraints {
                    maximum: bound(20.0, true),
                    ..c()
                },
                vec![("maximum", Some(false))],
            ),
            (
                Constraints {
                    minimum: bound(5.0, false),
                    ..c()
                },
                Constraints {
                    minimum: bound(1.0, false),
                    ..c()
                },
                vec![("minimum", Some(false))],
            ),
            (
                Constraints {
                    multiple_of: Some(5.0),
                    ..c()
                },
                Constraints {
                    multiple_of: Some(10.0),
                    ..c()
                },
                vec![("multipleOf", Some(true))],
            ),
            (
                Constraints {
                    multiple_of: Some(10.0),
                    ..c()
                },
                Constraints {
                    multiple_of: Some(5.0),
                    ..c()
                },
                vec![("multipleOf", Some(false))],
            ),
            (
                Constraints {
                    multiple_of: Some(4.0),
                    ..c()
                },
                Constraints {
                    multiple_of: Some(6.0),
                    ..c()
                },
                vec![("multipleOf", None)],
            ),
            (
                c(),
                Constraints {
                    unique_items: true,
                    ..c()
                },
                vec![("uniqueItems", Some(true))],
            ),
            (
                Constraints {
                    patterns: vec!["^a".into()],
                    ..c()
                },
                Constraints {
                    patterns: vec!["^b".into()],
                    ..c()
                },
                vec![("pattern", None)],
            ),
            (
                Constraints {
                    patterns: vec!["^a".into()],
                    ..c()
                },
                c(),
                vec![("pattern", Some(false))],
            ),
            (
                Constraints {
                    min_length: Some(1),
                    max_length: Some(9),
                    ..c()
                },
                Constraints {
                    min_length: Some(2),
                    max_length: Some(8),
                    ..c()
                },
                vec![("minLength", Some(true)), ("maxLength", Some(true))],
            ),
        ];
        for (old, new, expected) in cases {
            assert_eq!(
                moved(old.clone(), new.clone()),
                expected,
                "{old:?} -> {new:?}"
            );
        }
    }

    #[test]
    fn a_wrapper_and_the_schema_it_wraps_both_apply() {
        let c = Constraints::default;
        let mut outer = Constraints {
            max_length: Some(100),
            minimum: bound(0.0, false),
            maximum: bound(9.0, false),
            multiple_of: Some(5.0),
            patterns: vec!["^a".into()],
            ..c()
        };
        outer.intersect(Constraints {
            max_length: Some(50),
            min_length: Some(1),
            minimum: bound(0.0, true),
            maximum: bound(10.0, true),
            multiple_of: Some(10.0),
            patterns: vec!["b$".into(), "^a".into()],
            ..c()
        });
        assert_eq!(
            outer,
            Constraints {
                max_length: Some(50),
                min_length: Some(1),
                minimum: bound(0.0, true),
                maximum: bound(9.0, false),
                multiple_of: Some(10.0),
                patterns: vec!["^a".into(), "b$".into()],
                ..c()
            }
        );
    }

    #[test]
    fn bounds_print_as_written() {
        assert_eq!(
            bound_text(Bound {
                value: 100.0,
                exclusive: false
            }),
            "100"
        );
        assert_eq!(
            bound_text(Bound {
                value: 0.5,
                exclusive: true
            }),
            "0.5 (exclusive)"
        );
        assert_eq!(number_text(1e20), "100000000000000000000");
    }
}
