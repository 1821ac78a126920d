//! The syntax tree of a JSONata expression after JSONata's post-parse stage: location paths
//! flattened into steps, predicates attached to their steps as stages, grouping and sorting
//! attached to their paths, context (`@`) and position (`#`) bindings, and the slots through
//! which the parent operator (`%`) finds its ancestors.

/// An index into [`super::Jsonata::slots`].
pub type SlotId = usize;

/// Where a parent operator (`%`) takes its value from: the ancestor step bound under `label`.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    /// The name the ancestor's value is bound to while evaluating.
    pub label: String,
    /// How many steps up the ancestor still is (0 once found).
    pub level: i64,
    /// The slot's own index.
    pub index: usize,
}

/// One node with the annotations the post-parse stage adds.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What the node is.
    pub kind: Kind,
    /// Byte offset in the expression.
    pub offset: usize,
    /// `[]` after the step: keep a singleton result as an array.
    pub keep_array: bool,
    /// Filters applied to the node's result (a node that is not a path step).
    pub predicate: Vec<Stage>,
    /// Filters and position bindings applied to each step of a path.
    pub stages: Vec<Stage>,
    /// `{ key: value }` grouping applied to the result.
    pub group: Option<Box<Group>>,
    /// `@$name`: the step binds its context to `$name` instead of moving the context on.
    pub focus: Option<String>,
    /// `#$name`: the step binds each item's position to `$name`.
    pub index: Option<String>,
    /// The step takes part in a tuple stream (bindings travel with each item).
    pub tuple: bool,
    /// The slot this step's value is bound to for a parent operator below it.
    pub ancestor: Option<SlotId>,
    /// Parent slots not yet resolved below this node.
    pub seeking_parent: Vec<SlotId>,
    /// An array constructor at the start or end of a path: not flattened.
    pub cons_array: bool,
}

impl Node {
    /// A node of `kind` at `offset`, without annotations.
    pub fn new(kind: Kind, offset: usize) -> Self {
        Node {
            kind,
            offset,
            keep_array: false,
            predicate: Vec::new(),
            stages: Vec::new(),
            group: None,
            focus: None,
            index: None,
            tuple: false,
            ancestor: None,
            seeking_parent: Vec::new(),
            cons_array: false,
        }
    }
}

/// A stage of a step: a filter (`[expr]`) or a position binding (`#$i`).
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// `[expr]`: a predicate or an index.
    Filter(Box<Node>),
    /// `#$name` after a filter.
    Index(String),
}

/// `{ key: value, … }` after a step: grouping.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The key and value expressions.
    pub pairs: Vec<(Node, Node)>,
    /// Byte offset.
    pub offset: usize,
}

/// One term of an order-by clause `^(<a, >b)`.
#[derive(Clone, Debug, PartialEq)]
pub struct SortTerm {
    /// `>`: descending.
    pub descending: bool,
    /// The sort key.
    pub expr: Node,
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `&`
    Concat,
    /// `and`
    And,
    /// `or`
    Or,
    /// `in`
    In,
    /// `..` (in an array constructor)
    Range,
}

impl BinaryOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Concat => "&",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::In => "in",
            BinaryOp::Range => "..",
        }
    }

    pub(crate) fn from_symbol(s: &str) -> Option<BinaryOp> {
        Some(match s {
            "+" => BinaryOp::Add,
            "-" => BinaryOp::Sub,
            "*" => BinaryOp::Mul,
            "/" => BinaryOp::Div,
            "%" => BinaryOp::Mod,
            "=" => BinaryOp::Eq,
            "!=" => BinaryOp::Ne,
            "<" => BinaryOp::Lt,
            "<=" => BinaryOp::Le,
            ">" => BinaryOp::Gt,
            ">=" => BinaryOp::Ge,
            "&" => BinaryOp::Concat,
            "and" => BinaryOp::And,
            "or" => BinaryOp::Or,
            "in" => BinaryOp::In,
            ".." => BinaryOp::Range,
            _ => return None,
        })
    }
}

/// One parameter of a function signature (`<s-n?:s>`).
#[derive(Clone, Debug, PartialEq)]
pub struct SigParam {
    /// The type symbols the parameter accepts (`s`, `n`, `b`, `l`, `o`, `a`, `f`, `j`, `x`, or a
    /// choice such as `ns`).
    pub types: String,
    /// The type written: one symbol, or `(…)` for a choice.
    pub kind: String,
    /// `?`: optional.
    pub optional: bool,
    /// `+`: one or more.
    pub repeated: bool,
    /// `-`: the context value stands in when the argument is missing.
    pub context: bool,
    /// `a<n>`, `f<n:n>`: the type parameter.
    pub subtype: Option<String>,
}

/// A function signature.
#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    /// The signature as written, between and with its angle brackets.
    pub definition: String,
    /// Its parameters.
    pub params: Vec<SigParam>,
}

impl Signature {
    /// The type symbol of what the function returns (`s` in `<s-nn?:s>`, `a<o>` in
    /// `<s-f<s:o>n?:a<o>>`); `None` where the signature does not say.
    pub fn returns(&self) -> Option<&str> {
        let inner = self.definition.strip_prefix('<')?.strip_suffix('>')?;
        // The last `:` outside a parameter's own `<…>`.
        let mut depth = 0usize;
        let mut colon = None;
        for (i, c) in inner.char_indices() {
            match c {
                '<' => depth += 1,
                '>' => depth = depth.saturating_sub(1),
                ':' if depth == 0 => colon = Some(i),
                _ => {}
            }
        }
        inner.get(colon? + 1..).filter(|r| !r.is_empty())
    }
}

/// What a node is.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A location path: its steps, evaluated one after another over sequences.
    Path {
        /// The steps.
        steps: Vec<Node>,
        /// A step had `[]`: keep a singleton result as an array.
        keep_singleton_array: bool,
    },
    /// `lhs op rhs`.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        lhs: Box<Node>,
        /// Right operand.
        rhs: Box<Node>,
    },
    /// `-expr`.
    Negate(Box<Node>),
    /// `[a, b, 1..3]`.
    ArrayCons(Vec<Node>),
    /// `{ key: value }`.
    ObjectCons(Vec<(Node, Node)>),
    /// A field name.
    Name(String),
    /// A string literal.
    Str(String),
    /// A number literal.
    Num(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// `/pattern/flags`.
    Regex {
        /// The pattern as written.
        pattern: String,
        /// `i`, `m`.
        flags: String,
    },
    /// `*`.
    Wildcard,
    /// `**`.
    Descendant,
    /// `%`.
    Parent(SlotId),
    /// `cond ? then : else`.
    Condition {
        /// The condition.
        cond: Box<Node>,
        /// When true.
        then: Box<Node>,
        /// When false.
        otherwise: Option<Box<Node>>,
    },
    /// `(a; b; c)`.
    Block(Vec<Node>),
    /// `$name := expr`.
    Bind {
        /// The variable's name.
        name: String,
        /// Its value.
        rhs: Box<Node>,
    },
    /// `$name` (`$` is the context, `$$` the root).
    Variable(String),
    /// `f(args)`, or a partial application `f(?, 2)` when `partial`.
    Call {
        /// What is called.
        procedure: Box<Node>,
        /// The arguments (`Placeholder` for `?`).
        args: Vec<Node>,
        /// Whether some argument is `?`.
        partial: bool,
    },
    /// `function($a, $b) <sig> { body }`.
    Lambda {
        /// The parameter names (without `$`).
        params: Vec<String>,
        /// The signature, if written.
        signature: Option<Signature>,
        /// The body.
        body: Box<Node>,
        /// A tail call wrapped for the trampoline.
        thunk: bool,
    },
    /// `lhs ~> rhs`.
    Apply {
        /// The value (or function) applied.
        lhs: Box<Node>,
        /// The function.
        rhs: Box<Node>,
    },
    /// `| pattern | update, delete |`.
    Transform {
        /// What to transform.
        pattern: Box<Node>,
        /// The object to merge in.
        update: Box<Node>,
        /// The keys to delete.
        delete: Option<Box<Node>>,
    },
    /// `^(terms)`, a step of a path.
    Sort(Vec<SortTerm>),
    /// `?` in a partial application.
    Placeholder,
}
