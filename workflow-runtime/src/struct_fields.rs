//! How the structs `workflow!` generates (a workflow's input and output, each Task's request
//! and response) read and write themselves in a serde data format: the parts their `Deserialize`
//! and `Serialize` implementations share, so that each struct's own implementations are a line
//! per field.
//!
//! `#[derive(Deserialize)]` wrote, for every struct, an enum of its fields with a visitor of its
//! own (strings, bytes and indices), a `visit_seq` (a struct read from an array, by position) and
//! a `visit_map`: about two thirds of the time of `cargo check` of a crate of many workflows
//! went into type-checking and borrow-checking that code (the corpus of `tests/import_corpus.rs`,
//! 175 workflows and 2,566 structs: 72 CPU-seconds, 25 without any `Deserialize`). Here the
//! field names are matched by one [`Field`] seed for every struct, and a struct is read from a
//! map (a JSON object) only, as the JSON these types describe always is. What they accept and
//! the errors they give are otherwise those of the derive with the attributes the structs had
//! (`rename` on every field; `default` on the optional ones): unknown fields are skipped, a
//! field given twice is an error (`duplicate field`), a required one left out too (`missing
//! field`), an optional one left out or `null` is `None`. They write what the derive wrote
//! (`rename`; `skip_serializing_if = "Option::is_none"` on the optional ones): a struct of its
//! fields, an optional one left out when `None` ([`optional`]).

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct};
use std::fmt;

/// A key of an object read as the index of a struct's field that it names, or `usize::MAX`
/// for a key the struct does not have (which is then skipped).
#[derive(Clone, Copy, Debug)]
pub struct Field(pub &'static [&'static str]);

/// The index [`Field`] gives a key the struct does not have.
const UNKNOWN: usize = usize::MAX;

impl<'de> DeserializeSeed<'de> for Field {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Field {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        Ok(self
            .0
            .iter()
            .position(|name| *name == key)
            .unwrap_or(UNKNOWN))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<usize, E> {
        Ok(self
            .0
            .iter()
            .position(|name| name.as_bytes() == key)
            .unwrap_or(UNKNOWN))
    }

    /// A field by its index, as formats that write a struct's field names as numbers do.
    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        Ok(usize::try_from(index)
            .ok()
            .filter(|i| *i < self.0.len())
            .unwrap_or(UNKNOWN))
    }
}

/// Reads the value of the field `name` into its `slot`; a field already read is an error.
pub fn value<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: de::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not have.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of the required field `name`, or the error that it is missing.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

/// What a struct's visitor expects, for the error given any other value: `struct Name`.
pub fn expecting(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "struct {name}")
}

/// Writes the optional field `key`, or skips it when it is `None`.
pub fn optional<S, T>(state: &mut S, key: &'static str, value: &Option<T>) -> Result<(), S::Error>
where
    S: SerializeStruct,
    T: Serialize,
{
    match value {
        Some(_) => state.serialize_field(key, value),
        None => state.skip_field(key),
    }
}
