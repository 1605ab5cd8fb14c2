//! Rebuilds the binary when the files it embeds change: the help pages and
//! Fluent files (`src/sources.rs`) and the GraphiQL build (`src/api/graphiql.rs`).

fn main() {
    for folder in ["content", "locales", "releases", "assets/graphiql/vendor"] {
        println!("cargo:rerun-if-changed={folder}");
    }
}
