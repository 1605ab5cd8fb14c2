//! `schema.graphql` must be exactly what `partnerdesk schema` prints.

#[test]
fn committed_schema_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
    let committed = std::fs::read_to_string(&path).expect("schema.graphql exists");
    let generated = partnerdesk::api::sdl();
    assert!(committed == generated, "schema.graphql is out of date: run `cargo run -- schema > schema.graphql` and review the diff");
}

#[test]
fn the_schema_keeps_the_contract_names() {
    let sdl = partnerdesk::api::sdl();
    for name in [
        "interface Node",
        "node(id: ID!): Node",
        "nodes(ids: [ID!]!): [Node]!",
        "viewer: User!",
        "organization: Organization!",
        "type UserError",
        "enum UserErrorCode",
        "type PageInfo",
        "type UserConnection",
        "totalCount: Int!",
        "joinNetwork(input: JoinNetworkInput!): JoinNetworkPayload!",
        "signIn(input: SignInInput!): SignInPayload!",
        "signOut(input: SignOutInput!): SignOutPayload!",
        "changePassword(input: ChangePasswordInput!): ChangePasswordPayload!",
        "createUser(input: CreateUserInput!): CreateUserPayload!",
        "setUserRoles(input: SetUserRolesInput!): SetUserRolesPayload!",
        "deactivateUser(input: DeactivateUserInput!): DeactivateUserPayload!",
        "scalar DateTime",
    ] {
        assert!(sdl.contains(name), "the schema lost {name:?}");
    }
}
