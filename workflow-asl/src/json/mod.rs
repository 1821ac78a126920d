//! Lossless JSON for the model: strict parsing, decoding with located diagnostics, encoding.

mod decode;
mod encode;
mod locate;
mod parse;

pub use decode::decode;
pub use encode::{encode, state as encode_state};
pub use locate::{Locator, Position, locate};
pub use parse::{MAX_DEPTH, parse_json};
