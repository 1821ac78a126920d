//! The names of JSONata's built-in functions (every function of JSONata 2.0) and of the ones
//! AWS Step Functions adds (`$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`),
//! with their signatures: the one table the validator asks ([`is_builtin`]) and the evaluator
//! calls by (feature `eval`).

use crate::ast::Signature;
use std::sync::OnceLock;

macro_rules! builtins {
    ($( $variant:ident => $name:literal, $sig:literal, $arity:literal; )*) => {
        /// A built-in function.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Builtin { $( $variant, )* }

        const ALL: &[Builtin] = &[$( Builtin::$variant, )*];

        #[cfg_attr(not(feature = "eval"), allow(dead_code))]
        impl Builtin {
            fn signature_text(self) -> &'static str {
                match self { $( Builtin::$variant => $sig, )* }
            }

            /// How many parameters the reference implementation declares.
            pub(crate) fn arity(self) -> usize {
                match self { $( Builtin::$variant => $arity, )* }
            }

            /// The built-in function named `name`.
            pub(crate) fn from_name(name: &str) -> Option<Builtin> {
                match name { $( $name => Some(Builtin::$variant), )* _ => None }
            }

            /// The function's name (without its `$`).
            pub(crate) fn name(self) -> &'static str {
                match self { $( Builtin::$variant => $name, )* }
            }
        }
    };
}

builtins! {
    Sum => "sum", "<a<n>:n>", 1;
    Count => "count", "<a:n>", 1;
    Max => "max", "<a<n>:n>", 1;
    Min => "min", "<a<n>:n>", 1;
    Average => "average", "<a<n>:n>", 1;
    String => "string", "<x-b?:s>", 1;
    Substring => "substring", "<s-nn?:s>", 3;
    SubstringBefore => "substringBefore", "<s-s:s>", 2;
    SubstringAfter => "substringAfter", "<s-s:s>", 2;
    Lowercase => "lowercase", "<s-:s>", 1;
    Uppercase => "uppercase", "<s-:s>", 1;
    Length => "length", "<s-:n>", 1;
    Trim => "trim", "<s-:s>", 1;
    Pad => "pad", "<s-ns?:s>", 3;
    Match => "match", "<s-f<s:o>n?:a<o>>", 3;
    Contains => "contains", "<s-(sf):b>", 2;
    Replace => "replace", "<s-(sf)(sf)n?:s>", 4;
    Split => "split", "<s-(sf)n?:a<s>>", 3;
    Join => "join", "<a<s>s?:s>", 2;
    FormatNumber => "formatNumber", "<n-so?:s>", 3;
    FormatBase => "formatBase", "<n-n?:s>", 2;
    FormatInteger => "formatInteger", "<n-s:s>", 2;
    ParseInteger => "parseInteger", "<s-s:n>", 2;
    Number => "number", "<(nsb)-:n>", 1;
    Floor => "floor", "<n-:n>", 1;
    Ceil => "ceil", "<n-:n>", 1;
    Round => "round", "<n-n?:n>", 2;
    Abs => "abs", "<n-:n>", 1;
    Sqrt => "sqrt", "<n-:n>", 1;
    Power => "power", "<n-n:n>", 2;
    Random => "random", "<n?:n>", 0;
    Boolean => "boolean", "<x-:b>", 1;
    Not => "not", "<x-:b>", 1;
    Map => "map", "<af>", 2;
    Zip => "zip", "<a+>", 0;
    Filter => "filter", "<af>", 2;
    Single => "single", "<af?>", 2;
    Reduce => "reduce", "<afj?:j>", 3;
    Sift => "sift", "<o-f?:o>", 2;
    Keys => "keys", "<x-:a<s>>", 1;
    Lookup => "lookup", "<x-s:x>", 2;
    Append => "append", "<xx:a>", 2;
    Exists => "exists", "<x:b>", 1;
    Spread => "spread", "<x-:a<o>>", 1;
    Merge => "merge", "<a<o>:o>", 1;
    Reverse => "reverse", "<a:a>", 1;
    Each => "each", "<o-f:a>", 2;
    Error => "error", "<s?:x>", 1;
    Assert => "assert", "<bs?:x>", 2;
    Type => "type", "<x:s>", 1;
    Sort => "sort", "<af?:a>", 2;
    Shuffle => "shuffle", "<a:a>", 1;
    Distinct => "distinct", "<x:x>", 1;
    Base64Encode => "base64encode", "<s-:s>", 1;
    Base64Decode => "base64decode", "<s-:s>", 1;
    EncodeUrlComponent => "encodeUrlComponent", "<s-:s>", 1;
    EncodeUrl => "encodeUrl", "<s-:s>", 1;
    DecodeUrlComponent => "decodeUrlComponent", "<s-:s>", 1;
    DecodeUrl => "decodeUrl", "<s-:s>", 1;
    Eval => "eval", "<sx?:x>", 2;
    ToMillis => "toMillis", "<s-s?:n>", 2;
    FromMillis => "fromMillis", "<n-s?s?:s>", 3;
    Clone => "clone", "<(oa)-:o>", 1;
    Now => "now", "<s?s?:s>", 2;
    Millis => "millis", "<:n>", 0;
    Partition => "partition", "<an:a>", 2;
    Range => "range", "<nnn?:a>", 3;
    Hash => "hash", "<ss?:s>", 2;
    Uuid => "uuid", "<:s>", 0;
    Parse => "parse", "<s-:x>", 1;
}

#[cfg_attr(not(feature = "eval"), allow(dead_code))]
impl Builtin {
    /// The function's signature.
    pub(crate) fn signature(self) -> &'static Signature {
        static SIGNATURES: OnceLock<Vec<Signature>> = OnceLock::new();
        let all = SIGNATURES.get_or_init(|| {
            ALL.iter()
                .map(|b| {
                    crate::parser::parse_signature(b.signature_text()).unwrap_or(Signature {
                        definition: String::new(),
                        params: Vec::new(),
                    })
                })
                .collect()
        });
        let index = ALL.iter().position(|b| *b == self).unwrap_or(0);
        &all[index]
    }
}

/// The signature of the built-in function `name` (without its `$`), as the reference
/// implementation declares it (`<s-nn?:s>`); `None` for a name that is no built-in function.
///
/// ```
/// let sig = workflow_jsonata::builtin_signature("substring").unwrap();
/// assert_eq!(sig.definition, "<s-nn?:s>");
/// assert_eq!(sig.returns(), Some("s"));
/// assert!(workflow_jsonata::builtin_signature("total").is_none());
/// ```
pub fn builtin_signature(name: &str) -> Option<&'static Signature> {
    Builtin::from_name(name).map(Builtin::signature)
}

/// The names (without their `$`) of every built-in function: JSONata 2.0's and the ones AWS
/// Step Functions adds, `eval` among them (JSONata's, which AWS does not offer: a call fails
/// as a call of an unbound name does).
///
/// ```
/// let names: Vec<&str> = workflow_jsonata::builtin_names().collect();
/// assert!(names.contains(&"formatInteger") && names.contains(&"uuid"));
/// ```
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|b| b.name())
}

/// Whether `name` (without its `$`) is a built-in function of JSONata or one AWS adds, which an
/// expression may call or pass around (`$map($xs, $string)`) without defining it.
///
/// ```
/// assert!(workflow_jsonata::is_builtin("string"));
/// assert!(workflow_jsonata::is_builtin("partition"));
/// assert!(!workflow_jsonata::is_builtin("total"));
/// ```
pub fn is_builtin(name: &str) -> bool {
    Builtin::from_name(name).is_some()
}
