//! The checked-in TypeScript of the JS API's data types (`js/views.d.ts`,
//! which the wasm-bindgen typescript section and so the npm package
//! include) must be what the Rust types generate: a changed view fails
//! here until the file is regenerated with
//!
//! ```sh
//! UPDATE_TYPESCRIPT=1 cargo test --test typescript
//! ```
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

#[test]
fn the_checked_in_typescript_is_what_the_types_generate() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/views.d.ts");
    let generated = otpsim::view::api::typescript();
    if std::env::var_os("UPDATE_TYPESCRIPT").is_some() {
        std::fs::write(&path, &generated).expect("write js/views.d.ts");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "js/views.d.ts differs from what the Rust types generate; run\n  \
         UPDATE_TYPESCRIPT=1 cargo test --test typescript\nand commit it.\n\
         --- generated ---\n{generated}"
    );
}
