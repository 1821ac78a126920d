//! The four forms of a graph, chosen by name: `mermaid`, `dot`, `svg`, `html`.

use crate::html::to_html;
use crate::svg::{SvgOptions, to_svg};
use crate::{to_dot, to_mermaid};
use std::fmt;
use std::str::FromStr;
use workflow_asl::StateMachine;

/// A form of the graph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Mermaid `stateDiagram-v2` text (GitHub and GitLab draw it in markdown).
    #[default]
    Mermaid,
    /// Graphviz DOT text (`dot -Tsvg` draws it).
    Dot,
    /// A self-contained SVG picture, laid out here.
    Svg,
    /// A standalone HTML page holding the SVG picture.
    Html,
}

impl Format {
    /// Every format, in the order the command line lists them.
    pub const ALL: [Format; 4] = [Format::Mermaid, Format::Dot, Format::Svg, Format::Html];

    /// Its name: `mermaid`, `dot`, `svg` or `html`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the [`Format`]s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown graph format `{}`; use mermaid, dot, svg or html",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// A format by its name, in any case.
    fn from_str(name: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| UnknownFormat(name.to_owned()))
    }
}

/// The graph of `machine` in `format` (the SVG and HTML drawn with `options`; the HTML page
/// titled by [`SvgOptions::title`], or "State machine").
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_graph::{Format, SvgOptions, to_format};
/// let machine = StateMachine::from_json(
///     r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#,
/// ).unwrap();
/// let format: Format = "SVG".parse().unwrap();
/// assert!(to_format(&machine, format, &SvgOptions::default()).starts_with("<svg"));
/// assert!(to_format(&machine, Format::Html, &SvgOptions::default().titled("Hello"))
///     .contains("<title>Hello</title>"));
/// assert!("png".parse::<Format>().is_err());
/// ```
pub fn to_format(machine: &StateMachine, format: Format, options: &SvgOptions) -> String {
    match format {
        Format::Mermaid => to_mermaid(machine),
        Format::Dot => to_dot(machine),
        Format::Svg => to_svg(machine, options),
        Format::Html => {
            let title = options.title.as_deref().unwrap_or("State machine");
            to_html(machine, title, &[], options)
        }
    }
}
