//! A small document model for the printed source: a value is either short enough for one
//! line or broken over lines, one member per line, indented by four spaces.

/// A printed fragment.
#[derive(Clone, Debug)]
pub(super) enum Doc {
    /// Text that stays on one line.
    Text(String),
    /// `open` members `close`: on one line when it fits, else one member per line with a
    /// trailing comma.
    Group {
        open: String,
        members: Vec<Doc>,
        close: String,
    },
    /// Fragments one after another (a member `key: value`).
    Concat(Vec<Doc>),
}

/// The longest line the printer aims for.
pub(super) const WIDTH: usize = 100;

impl Doc {
    pub(super) fn text(s: impl Into<String>) -> Doc {
        Doc::Text(s.into())
    }

    /// The fragment on one line, if it has no forced break (its length is what matters).
    pub(super) fn flat(&self) -> String {
        match self {
            Doc::Text(t) => t.clone(),
            Doc::Concat(parts) => parts.iter().map(Doc::flat).collect(),
            Doc::Group {
                open,
                members,
                close,
            } => {
                if members.is_empty() {
                    return format!("{open}{close}");
                }
                let inner: Vec<String> = members.iter().map(Doc::flat).collect();
                let pad = if open.ends_with('{') { " " } else { "" };
                format!("{open}{pad}{}{pad}{close}", inner.join(", "))
            }
        }
    }

    /// The fragment at `indent` (spaces) with `column` characters already on the line.
    pub(super) fn render(&self, indent: usize, column: usize) -> String {
        let flat = self.flat();
        if column + flat.len() <= WIDTH && !flat.contains('\n') {
            return flat;
        }
        match self {
            Doc::Text(t) => t.clone(),
            Doc::Concat(parts) => {
                let mut out = String::new();
                let mut col = column;
                for p in parts {
                    let s = p.render(indent, col);
                    col = match s.rfind('\n') {
                        Some(i) => s.len() - i - 1,
                        None => col + s.len(),
                    };
                    out.push_str(&s);
                }
                out
            }
            Doc::Group {
                open,
                members,
                close,
            } => {
                let inner = indent + 4;
                let mut out = open.clone();
                for m in members {
                    out.push('\n');
                    out.push_str(&" ".repeat(inner));
                    out.push_str(&m.render(inner, inner));
                    out.push(',');
                }
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                out.push_str(close);
                out
            }
        }
    }
}
