//! The one case converter: a name split into [`words`] by one rule, and each [`Case`] a way
//! of writing those words (after serde_derive's `case.rs`, which renames fields and variants
//! the same way).
//!
//! The names converted here become Rust identifiers (struct fields, types, constants, the
//! `workflow!` language's `snake_case` actions) and AWS API names (`createTrainingJob`,
//! `DescribeDBInstances`), all ASCII; so a word is a run of ASCII letters and digits, and
//! every other character separates words, as punctuation and spaces do. Within a run:
//!
//! - a capital after a lower-case letter or a digit starts a word (`fetchData`: `fetch`,
//!   `Data`; `S3Bucket`: `S3`, `Bucket`);
//! - in a run of capitals, the last one before a lower-case letter starts a word
//!   (`HTTPServer`: `HTTP`, `Server`; `describeDBInstances`: `describe`, `DB`, `Instances`),
//!   except before a plural `s` that ends the word (`IDs`, `ARNsList`: `ARNs`, `List`);
//! - digits stay with the word before them (`listObjectsV2`: `list`, `Objects`, `V2`).
//!
//! Converting loses what the words do not hold: the capitals inside a word
//! (`describeDBInstances` in camelCase is `describeDbInstances`) and the separators.

/// The words of `name`, in order, as slices of it (see the [module](self) for the rule).
///
/// ```
/// use workflow_text::case::words;
/// let split: Vec<&str> = words("Run ETL job (v2)").collect();
/// assert_eq!(split, ["Run", "ETL", "job", "v2"]);
/// assert_eq!(words("describeDBInstances").collect::<Vec<_>>(), ["describe", "DB", "Instances"]);
/// ```
pub fn words(name: &str) -> Words<'_> {
    Words { name, pos: 0 }
}

/// The iterator [`words`] returns.
#[derive(Clone, Debug)]
pub struct Words<'a> {
    /// The name being split.
    name: &'a str,
    /// The byte offset where the search for the next word starts.
    pos: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.name.as_bytes();
        // Every byte of a multi-byte character is a separator (≥ 0x80), so the offsets below
        // are always on character boundaries.
        let start = self.pos
            + bytes
                .get(self.pos..)?
                .iter()
                .position(u8::is_ascii_alphanumeric)?;
        let mut end = start + 1;
        while let Some(&b) = bytes.get(end) {
            let at = |i: usize| bytes.get(i).copied().unwrap_or(b'_');
            let (before, after) = (at(end - 1), at(end + 1));
            let plural = after == b's' && !at(end + 2).is_ascii_lowercase();
            let starts_word = b.is_ascii_uppercase()
                && (!before.is_ascii_uppercase() || (after.is_ascii_lowercase() && !plural));
            if !b.is_ascii_alphanumeric() || starts_word {
                break;
            }
            end += 1;
        }
        self.pos = end;
        self.name.get(start..end)
    }
}

/// A way of writing a name's words.
///
/// ```
/// use workflow_text::case::Case;
/// assert_eq!(Case::Snake.apply("IsHelloWorldExample"), "is_hello_world_example");
/// assert_eq!(Case::Camel.apply("list_objects_v2"), "listObjectsV2");
/// assert_eq!(Case::ScreamingSnake.apply("Train model"), "TRAIN_MODEL");
/// assert_eq!(Case::Flat.apply("describe_db_instances"), Case::Flat.apply("DescribeDBInstances"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `snake_case`: lower case, words joined by `_` (Rust fields and functions, the
    /// `workflow!` language's actions).
    Snake,
    /// `SCREAMING_SNAKE_CASE`: upper case, words joined by `_` (Rust constants).
    ScreamingSnake,
    /// `camelCase`: the first word in lower case, each other one capitalised (ASL actions,
    /// e.g. `createTrainingJob`).
    Camel,
    /// `PascalCase`: each word capitalised (Rust types).
    Pascal,
    /// `flatcase`: lower case, words joined by nothing; the key under which the spellings
    /// of the same words in every other case are equal (`describe_db_instances`,
    /// `describeDBInstances` and `DescribeDBInstances` are all `describedbinstances`).
    Flat,
}

impl Case {
    /// `name`'s words written in this case; empty when `name` has no words.
    pub fn apply(self, name: &str) -> String {
        let mut out = String::with_capacity(name.len() + 4);
        for (i, word) in words(name).enumerate() {
            if i > 0 && matches!(self, Case::Snake | Case::ScreamingSnake) {
                out.push('_');
            }
            let capitalised = self == Case::Pascal || (self == Case::Camel && i > 0);
            for (j, c) in word.chars().enumerate() {
                let upper = self == Case::ScreamingSnake || (capitalised && j == 0);
                out.push(if upper {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Case, words};

    /// Each name, its words, and the name in every case.
    #[test]
    fn converts_every_name_to_every_case() {
        type Row = (
            &'static str,
            &'static [&'static str],
            &'static str,
            &'static str,
            &'static str,
            &'static str,
            &'static str,
        );
        let table: &[Row] = &[
            // (name, words, snake, SCREAMING, camel, Pascal, flat)
            (
                "IsHelloWorldExample",
                &["Is", "Hello", "World", "Example"],
                "is_hello_world_example",
                "IS_HELLO_WORLD_EXAMPLE",
                "isHelloWorldExample",
                "IsHelloWorldExample",
                "ishelloworldexample",
            ),
            (
                "orderID",
                &["order", "ID"],
                "order_id",
                "ORDER_ID",
                "orderId",
                "OrderId",
                "orderid",
            ),
            (
                "HTTPServer",
                &["HTTP", "Server"],
                "http_server",
                "HTTP_SERVER",
                "httpServer",
                "HttpServer",
                "httpserver",
            ),
            (
                "describeDBInstances",
                &["describe", "DB", "Instances"],
                "describe_db_instances",
                "DESCRIBE_DB_INSTANCES",
                "describeDbInstances",
                "DescribeDbInstances",
                "describedbinstances",
            ),
            (
                "listObjectsV2",
                &["list", "Objects", "V2"],
                "list_objects_v2",
                "LIST_OBJECTS_V2",
                "listObjectsV2",
                "ListObjectsV2",
                "listobjectsv2",
            ),
            (
                "list_objects_v2",
                &["list", "objects", "v2"],
                "list_objects_v2",
                "LIST_OBJECTS_V2",
                "listObjectsV2",
                "ListObjectsV2",
                "listobjectsv2",
            ),
            (
                "createTrainingJob",
                &["create", "Training", "Job"],
                "create_training_job",
                "CREATE_TRAINING_JOB",
                "createTrainingJob",
                "CreateTrainingJob",
                "createtrainingjob",
            ),
            (
                "Train model",
                &["Train", "model"],
                "train_model",
                "TRAIN_MODEL",
                "trainModel",
                "TrainModel",
                "trainmodel",
            ),
            (
                "Run ETL job (v2)",
                &["Run", "ETL", "job", "v2"],
                "run_etl_job_v2",
                "RUN_ETL_JOB_V2",
                "runEtlJobV2",
                "RunEtlJobV2",
                "runetljobv2",
            ),
            (
                "fetchHTTPData",
                &["fetch", "HTTP", "Data"],
                "fetch_http_data",
                "FETCH_HTTP_DATA",
                "fetchHttpData",
                "FetchHttpData",
                "fetchhttpdata",
            ),
            (
                "S3Bucket",
                &["S3", "Bucket"],
                "s3_bucket",
                "S3_BUCKET",
                "s3Bucket",
                "S3Bucket",
                "s3bucket",
            ),
            (
                "ipv6CidrBlock",
                &["ipv6", "Cidr", "Block"],
                "ipv6_cidr_block",
                "IPV6_CIDR_BLOCK",
                "ipv6CidrBlock",
                "Ipv6CidrBlock",
                "ipv6cidrblock",
            ),
            (
                "2nd step",
                &["2nd", "step"],
                "2nd_step",
                "2ND_STEP",
                "2ndStep",
                "2ndStep",
                "2ndstep",
            ),
            (
                "{% odd %}-key",
                &["odd", "key"],
                "odd_key",
                "ODD_KEY",
                "oddKey",
                "OddKey",
                "oddkey",
            ),
            ("a__b", &["a", "b"], "a_b", "A_B", "aB", "AB", "ab"),
            (
                "already_snake",
                &["already", "snake"],
                "already_snake",
                "ALREADY_SNAKE",
                "alreadySnake",
                "AlreadySnake",
                "alreadysnake",
            ),
            (
                "TRAIN_MODEL",
                &["TRAIN", "MODEL"],
                "train_model",
                "TRAIN_MODEL",
                "trainModel",
                "TrainModel",
                "trainmodel",
            ),
            (
                "Get Cheque IDs",
                &["Get", "Cheque", "IDs"],
                "get_cheque_ids",
                "GET_CHEQUE_IDS",
                "getChequeIds",
                "GetChequeIds",
                "getchequeids",
            ),
            (
                "ARNsList",
                &["ARNs", "List"],
                "arns_list",
                "ARNS_LIST",
                "arnsList",
                "ArnsList",
                "arnslist",
            ),
            (
                "ASet",
                &["A", "Set"],
                "a_set",
                "A_SET",
                "aSet",
                "ASet",
                "aset",
            ),
            (
                "XGBoost",
                &["XG", "Boost"],
                "xg_boost",
                "XG_BOOST",
                "xgBoost",
                "XgBoost",
                "xgboost",
            ),
            ("A", &["A"], "a", "A", "a", "A", "a"),
            ("Z42", &["Z42"], "z42", "Z42", "z42", "Z42", "z42"),
            (
                "Größe prüfen",
                &["Gr", "e", "pr", "fen"],
                "gr_e_pr_fen",
                "GR_E_PR_FEN",
                "grEPrFen",
                "GrEPrFen",
                "greprfen",
            ),
            ("", &[], "", "", "", "", ""),
            ("→ -", &[], "", "", "", "", ""),
        ];
        for &(name, split, snake, screaming, camel, pascal, flat) in table {
            assert_eq!(words(name).collect::<Vec<_>>(), split, "words of {name:?}");
            assert_eq!(Case::Snake.apply(name), snake, "snake of {name:?}");
            assert_eq!(
                Case::ScreamingSnake.apply(name),
                screaming,
                "SCREAMING of {name:?}"
            );
            assert_eq!(Case::Camel.apply(name), camel, "camel of {name:?}");
            assert_eq!(Case::Pascal.apply(name), pascal, "Pascal of {name:?}");
            assert_eq!(Case::Flat.apply(name), flat, "flat of {name:?}");
            // Each case is read back as the same words.
            for case in [Case::Snake, Case::ScreamingSnake, Case::Camel, Case::Pascal] {
                let written = case.apply(name);
                assert_eq!(
                    Case::Flat.apply(&written),
                    flat,
                    "{case:?} of {name:?} is {written:?}"
                );
            }
        }
    }

    #[test]
    fn snake_case_round_trips_through_camel_case_when_no_word_is_an_acronym() {
        for action in [
            "createTrainingJob",
            "listObjectsV2",
            "startExecution",
            "invoke",
        ] {
            assert_eq!(Case::Camel.apply(&Case::Snake.apply(action)), action);
        }
    }
}
