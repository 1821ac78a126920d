//! What `workflow!` generates, pinned: the hello-world example's invocation (read from
//! `examples/hello_world.rs`) expanded and pretty-printed, compared with
//! `tests/snapshots/hello_world.expanded.rs`. After a deliberate change to the generated code,
//! regenerate it with `UPDATE_SNAPSHOTS=1 cargo test -p workflow-macros-core --test
//! expansion_snapshot` and read the diff before committing.

use std::path::Path;

mod support;
use support::invocation_body;

#[test]
fn the_hello_world_expansion_is_pinned() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let example = std::fs::read_to_string(root.join("examples/hello_world.rs"))
        .expect("read examples/hello_world.rs");
    let tokens: proc_macro2::TokenStream = invocation_body(&example)
        .parse()
        .expect("the invocation tokenizes");
    let expanded = workflow_macros_core::expand(tokens);
    let file: syn2::File = syn2::parse2(expanded).expect("the expansion is Rust items");
    let pretty = prettyplease::unparse(&file);
    assert!(!pretty.contains("compile_error"), "{pretty}");
    let snapshot =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/hello_world.expanded.rs");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, &pretty).expect("write the snapshot");
    }
    let pinned = std::fs::read_to_string(&snapshot).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with UPDATE_SNAPSHOTS=1 cargo test -p workflow-macros-core --test expansion_snapshot",
            snapshot.display()
        )
    });
    assert_eq!(
        pretty, pinned,
        "the expansion changed; see the module comment"
    );
    // Each ASL text is emitted once (the trait's constant; the inherent ones refer to it).
    let compact_asl = pretty.matches("\"{\\\"Comment\\\"").count();
    assert_eq!(compact_asl, 1, "{pretty}");
}
