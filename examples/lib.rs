//! The examples of the workflow crates (`cargo run --example hello_world`): a package of its
//! own, unpublished, whose dependencies are what the examples need. It has no library code:
//! each example is a program (`examples/*.rs`), and `examples/common/` their shared flags.
