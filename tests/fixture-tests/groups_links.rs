//! Links between groups, as `tests/fixtures/groups.yaml` has them: a received type of one group
//! holds a type of another only when that group's feature is on. Without it, the key of such a
//! field is passed over, and a union variant's value is kept as JSON in `Other`. `cargo xtask
//! check-fixtures` copies this file into the fixtures' crate and runs it with `groups-pets`
//! alone, and with `groups-pets` and `groups-users`.

use oapigen_fixtures::groups::models::{Pet, PetKeeper, Problem, ProblemAbout};

const PET: &str = r#"{
    "name": "Rex",
    "owner": { "name": "Ann" },
    "keeper": { "name": "Bob", "since": "2024-01-02" }
}"#;

/// The name of the keeper, read from the variant this build has for it.
#[cfg(feature = "groups-users")]
fn keeper_name(keeper: &PetKeeper) -> Option<&str> {
    match keeper {
        PetKeeper::Owner(owner) => owner.name.as_deref(),
        _ => None,
    }
}

/// The name of the keeper, read from the JSON kept for a variant this build leaves out.
#[cfg(not(feature = "groups-users"))]
fn keeper_name(keeper: &PetKeeper) -> Option<&str> {
    match keeper {
        PetKeeper::Other(value) => value["name"].as_str(),
        _ => None,
    }
}

#[test]
fn a_link_holds_its_type_only_with_its_feature() {
    let pet: Pet = serde_json::from_str(PET).expect("a pet");
    assert_eq!(pet.name, "Rex");
    assert_eq!(pet.keeper.as_ref().and_then(keeper_name), Some("Bob"));
    #[cfg(feature = "groups-users")]
    assert_eq!(
        pet.owner.as_ref().and_then(|owner| owner.name.as_deref()),
        Some("Ann")
    );
    // A variant of the pet's own group is read as before.
    let pet: Pet = serde_json::from_str(r#"{ "name": "Rex", "keeper": "u_1" }"#).expect("a pet");
    assert!(matches!(pet.keeper, Some(PetKeeper::String(ref id)) if id == "u_1"));
}

#[test]
fn a_tagged_variant_left_out_is_kept_as_json() {
    let text = r#"{ "message": "no", "about": { "kind": "owner", "name": "Ann" } }"#;
    let problem: Problem = serde_json::from_str(text).expect("a problem");
    let name = match &problem.about {
        #[cfg(feature = "groups-users")]
        Some(ProblemAbout::Owner(owner)) => owner.name.clone(),
        #[cfg(not(feature = "groups-users"))]
        Some(ProblemAbout::Other(value)) => value["name"].as_str().map(str::to_owned),
        other => panic!("not the owner: {other:?}"),
    };
    assert_eq!(name.as_deref(), Some("Ann"));
    // A tag the spec does not list is still refused.
    let unknown = r#"{ "about": { "kind": "shop" } }"#;
    assert!(serde_json::from_str::<Problem>(unknown).is_err());
}
