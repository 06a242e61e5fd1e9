//! What sent structs write, as `tests/fixtures/writing.yaml` has them: each property by its wire
//! name (a keyword field too), a required nullable one as `null`, an optional one left out when
//! `None` and, when it is nullable, sent as `null` when `Some(None)`, extra properties after the
//! others, and an object with no properties as `{}`: the JSON serde's derive wrote with the
//! attributes these structs had before. `cargo xtask check-fixtures` copies this file into the
//! fixtures' crate and runs it with every feature.

use oapigen_fixtures::writing::models::{A2, NewNote, Note, Ping};

fn note() -> NewNote {
    NewNote {
        note_id: "n1".to_owned(),
        r#type: "memo".to_owned(),
        parent: None,
        nickname: None,
        pinned: None,
        a: A2 {
            label: "x".to_owned(),
        },
        additional_properties: Default::default(),
    }
}

#[test]
fn a_sent_struct_writes_its_properties_by_wire_name_and_leaves_out_what_is_unset() {
    let json = serde_json::to_string(&note()).expect("serialises");
    assert_eq!(
        json,
        r#"{"noteId":"n1","type":"memo","parent":null,"a":{"label":"x"}}"#
    );
}

#[test]
fn an_optional_nullable_property_is_sent_as_null_or_a_value_and_extras_come_last() {
    let mut note = note();
    note.nickname = Some(None);
    note.pinned = Some(true);
    note.additional_properties = [("stars".to_owned(), 5), ("likes".to_owned(), 2)].into();
    assert_eq!(
        serde_json::to_string(&note).expect("serialises"),
        r#"{"noteId":"n1","type":"memo","parent":null,"nickname":null,"pinned":true,"a":{"label":"x"},"likes":2,"stars":5}"#
    );
    note.nickname = Some(Some("kim".to_owned()));
    let value = serde_json::to_value(&note).expect("serialises");
    assert_eq!(value["nickname"], "kim");
}

#[test]
fn an_object_with_no_properties_is_written_as_an_empty_object() {
    assert_eq!(serde_json::to_string(&Ping {}).expect("serialises"), "{}");
}

#[test]
fn a_received_struct_with_a_field_of_a_schema_named_a_reads_it() {
    let note: Note =
        serde_json::from_str(r#"{"noteId":"n2","a":{"label":"y"},"tags":{"k":"v"}}"#)
            .expect("parses");
    assert_eq!(note.a.label, "y");
    assert_eq!(note.tags.expect("tags")["k"], "v");
}
