//! A compact text form of the syntax tree, for assertions.

use crate::ast::*;

pub(super) fn value(v: &Value) -> String {
    match v {
        Value::Str(lit) => format!("{:?}", lit.value()),
        Value::Number { text, .. } => text.clone(),
        Value::Bool(b, _) => b.to_string(),
        Value::Null(_) => "null".into(),
        Value::Object { entries, .. } => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", k.value, value(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Array { items, .. } => format!(
            "[{}]",
            items.iter().map(value).collect::<Vec<_>>().join(", ")
        ),
        Value::Path(path) => path.text.clone(),
        Value::Input(input) => {
            let mut out = String::from("input");
            for segment in &input.segments {
                match segment {
                    InputSegment::Field(name, _) => {
                        out.push('.');
                        out.push_str(name);
                    }
                    InputSegment::Index(i, _) => out.push_str(&format!("[{i}]")),
                }
            }
            out
        }
        Value::Intrinsic { name, args, .. } => {
            format!(
                "States.{name}({})",
                args.iter().map(value).collect::<Vec<_>>().join(", ")
            )
        }
        Value::IntrinsicText { text, .. } => format!("intrinsic({text:?})"),
        Value::Ident(ident) => format!("@{ident}"),
        Value::Workflow { path, .. } => {
            format!("workflow({})", quote::ToTokens::to_token_stream(path))
        }
    }
}

fn scalar(ty: ScalarType) -> &'static str {
    match ty {
        ScalarType::String => "string",
        ScalarType::Number => "number",
        ScalarType::Integer => "integer",
        ScalarType::Boolean => "boolean",
        ScalarType::Timestamp => "timestamp",
        ScalarType::Arn => "arn",
        ScalarType::Any => "any",
    }
}

fn operand(o: &Operand) -> String {
    match o.cast {
        Some((ty, _)) => format!("{}({})", scalar(ty), value(&o.value)),
        None => value(&o.value),
    }
}

pub(super) fn cond(c: &Cond) -> String {
    match c {
        Cond::Or(items, _) => format!(
            "(or {})",
            items.iter().map(cond).collect::<Vec<_>>().join(" ")
        ),
        Cond::And(items, _) => format!(
            "(and {})",
            items.iter().map(cond).collect::<Vec<_>>().join(" ")
        ),
        Cond::All(items, _) => format!(
            "(all {})",
            items.iter().map(cond).collect::<Vec<_>>().join(" ")
        ),
        Cond::Any(items, _) => format!(
            "(any {})",
            items.iter().map(cond).collect::<Vec<_>>().join(" ")
        ),
        Cond::Not(inner, _) => format!("(not {})", cond(inner)),
        Cond::Compare {
            left, op, right, ..
        } => {
            let op = match op {
                CompareOp::Eq => "==",
                CompareOp::Ne => "!=",
                CompareOp::Lt => "<",
                CompareOp::Le => "<=",
                CompareOp::Gt => ">",
                CompareOp::Ge => ">=",
            };
            format!("({op} {} {})", operand(left), operand(right))
        }
        Cond::Matches { left, pattern, .. } => {
            format!("(matches {} {:?})", operand(left), pattern.value())
        }
        Cond::TypeTest {
            test,
            operand: o,
            expected,
            ..
        } => {
            if *expected {
                format!("({test} {})", operand(o))
            } else {
                format!("(not ({test} {}))", operand(o))
            }
        }
        Cond::Jsonata(v) => format!("(jsonata {})", value(v)),
    }
}

pub(super) fn field_type(ty: &FieldType) -> String {
    match ty {
        FieldType::Scalar(ty, _) => scalar(*ty).into(),
        FieldType::Array(item, _) => format!("[{}]", field_type(item)),
        FieldType::Object(fields, _) => format!("{{{}}}", fields_text(fields)),
    }
}

pub(super) fn fields_text(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| {
            format!(
                "{}{}: {}",
                f.name,
                if f.optional { "?" } else { "" },
                field_type(&f.ty)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn args(args: &[Arg]) -> String {
    let args: Vec<String> = args
        .iter()
        .map(|a| match &a.value {
            Some(v) => format!("{} = {}", a.key, value(v)),
            None => a.key.to_string(),
        })
        .collect();
    format!("({})", args.join(", "))
}

fn errors(errors: &[ErrorNameDef]) -> String {
    format!(
        "[{}]",
        errors
            .iter()
            .map(|e| e.value.clone())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn resource(r: &ResourceDef) -> String {
    match r {
        ResourceDef::Integration { path, pattern, .. } => integration(path, pattern.as_ref()),
        ResourceDef::Literal(lit) => format!("{:?}", lit.value()),
    }
}

fn integration(path: &[syn::Ident], pattern: Option<&PatternDef>) -> String {
    let mut out = path
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("::");
    if let Some(p) = pattern {
        out.push('.');
        out.push_str(crate::parse::kw::pattern_word(p.pattern));
    }
    out
}

fn opt(v: &Option<Value>) -> String {
    v.as_ref()
        .map(|v| format!(" {}", value(v)))
        .unwrap_or_default()
}

pub(super) fn clause(c: &Clause) -> String {
    match c {
        Clause::Set { key, value: v } => format!("{key} = {}", value(v)),
        Clause::Block { key, value: v } => format!("{key} {}", value(v)),
        Clause::Retry {
            errors: e, args: a, ..
        } => format!("retry {} {}", errors(e), args(a)),
        Clause::Catch {
            errors: e,
            args: a,
            assign,
            next,
            ..
        } => {
            format!(
                "catch {} {}{} => {}",
                errors(e),
                args(a),
                opt(assign),
                next.value
            )
        }
        Clause::Reader {
            resource: r,
            body,
            args: a,
            ..
        } => format!("reader {}{} {}", resource(r), opt(body), args(a)),
        Clause::Writer {
            resource: r,
            body,
            args: a,
            ..
        } => {
            format!(
                "writer {}{} {}",
                r.as_ref().map(resource).unwrap_or_default(),
                opt(body),
                args(a)
            )
        }
        Clause::Batch { args: a, .. } => format!("batch {}", args(a)),
        Clause::Returns { .. } => "returns <type>".to_owned(),
        Clause::Item { .. } => "item <type>".to_owned(),
    }
}

pub(super) fn kind(k: &StateKindDef) -> String {
    match k {
        StateKindDef::Pass { body, .. } => format!("pass{}", opt(body)),
        StateKindDef::Task { resource, body, .. } => {
            format!("task {:?}{}", resource.value(), opt(body))
        }
        StateKindDef::Integration {
            path,
            pattern,
            body,
            ..
        } => {
            format!("{}{}", integration(path, pattern.as_ref()), opt(body))
        }
        StateKindDef::Choice {
            rules, otherwise, ..
        } => {
            let mut arms: Vec<String> = rules
                .iter()
                .map(|r| {
                    let mut out = format!("when {} => {}", cond(&r.condition), r.next.value);
                    for c in &r.clauses {
                        out.push_str(&format!(" [{}]", clause(c)));
                    }
                    out
                })
                .collect();
            if let Some(o) = otherwise {
                arms.push(format!("otherwise => {}", o.value));
            }
            format!("choice {{ {} }}", arms.join(", "))
        }
        StateKindDef::Wait { args: a, .. } => format!("wait{}", args(a)),
        StateKindDef::Succeed { .. } => "succeed".into(),
        StateKindDef::Fail { args: a, .. } if a.is_empty() => "fail".into(),
        StateKindDef::Fail { args: a, .. } => format!("fail{}", args(a)),
        StateKindDef::Parallel { branches, .. } => {
            let branches: Vec<String> = branches
                .iter()
                .map(|b| format!("branch {{ {} }}", states(&b.states)))
                .collect();
            format!("parallel {{ {} }}", branches.join(" "))
        }
        StateKindDef::Map {
            args: a, states: s, ..
        } if a.is_empty() => format!("map {{ {} }}", states(s)),
        StateKindDef::Map {
            args: a, states: s, ..
        } => format!("map{} {{ {} }}", args(a), states(s)),
    }
}

pub(super) fn state(s: &StateDef) -> String {
    let mut out = format!("{}: {}", s.name.value, kind(&s.kind));
    for c in &s.clauses {
        out.push_str(&format!(" [{}]", clause(c)));
    }
    if let Some(next) = &s.next {
        out.push_str(&format!(" -> {}", next.value));
    }
    out.push(';');
    out
}

pub(super) fn states(states: &[StateDef]) -> String {
    states.iter().map(state).collect::<Vec<_>>().join(" ")
}
