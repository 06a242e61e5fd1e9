//! The `petstore` module, generated from `petstore.yaml` by `build.rs` at build time; nothing
//! generated is checked in.

include!(concat!(env!("OUT_DIR"), "/oapigen.rs"));

#[cfg(test)]
mod tests {
    use super::petstore::{models, operations};
    use super::runtime::Operation;

    #[test]
    fn the_generated_builders_build_and_parse() {
        let request = operations::GetPet::new(7).build().expect("a request");
        assert_eq!(request.uri(), "https://pets.example/v1/pets/7");
        let response = http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(br#"{"id":7,"name":"Rex","status":"adopted"}"#.to_vec())
            .expect("a response");
        let pet = operations::GetPet::parse_response(response).expect("a pet");
        assert_eq!(pet.name, "Rex");
        // A status the spec does not list is kept.
        assert_eq!(
            pet.status,
            Some(models::PetStatus::Unknown("adopted".to_owned()))
        );
    }
}
