//! `workflow graph`: the graph of a definition as Mermaid `stateDiagram-v2`, Graphviz DOT, a
//! self-contained SVG picture or a standalone HTML page, on standard output or in a file.

use crate::cli::input::{decode, read_definition};
use crate::cli::{EXIT_OK, Failure};
use crate::source::Definition;
use std::path::{Path, PathBuf};
use workflow_asl::StateMachine;
use workflow_graph::{SvgOptions, to_format};

/// The text format of the graph.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Format {
    /// Mermaid `stateDiagram-v2` (GitHub and GitLab draw it in markdown).
    #[default]
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg` draws it).
    Dot,
    /// An SVG picture, laid out here (no script, no external font).
    Svg,
    /// A standalone HTML page holding the SVG picture.
    Html,
}

/// The arguments of `workflow graph`.
#[derive(clap::Args)]
pub(crate) struct GraphArgs {
    /// The definition file (`-` reads standard input).
    file: PathBuf,
    /// The text format.
    #[arg(long, value_enum, default_value = "mermaid")]
    format: Format,
    /// Draw the SVG and HTML pictures top to bottom (the default is left to right).
    #[arg(long)]
    portrait: bool,
    /// The title of the SVG and HTML pictures (default: the file's name).
    #[arg(long)]
    title: Option<String>,
    /// Write the graph to this file instead of standard output.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
}

impl Format {
    fn graph_format(self) -> workflow_graph::Format {
        match self {
            Format::Mermaid => workflow_graph::Format::Mermaid,
            Format::Dot => workflow_graph::Format::Dot,
            Format::Svg => workflow_graph::Format::Svg,
            Format::Html => workflow_graph::Format::Html,
        }
    }
}

/// Runs `workflow graph`: exit 0 when printed, 1 when the file is not a definition, 2 when it
/// or the output cannot be read or written.
pub(crate) fn run(args: &GraphArgs) -> Result<u8, Failure> {
    let definition = read_definition(&args.file, "graph")?;
    let machine = decode(&definition)?;
    let title = args.title.clone().unwrap_or_else(|| title(&definition));
    let graph = picture(&machine, args.format, args.portrait, title);
    match &args.output {
        None => crate::cli::out::text(graph),
        Some(path) => {
            crate::cli::out::file(path, &graph).map_err(|e| Failure::usage("graph", e))?;
        }
    }
    Ok(EXIT_OK)
}

/// The graph of `machine` in `format`; the SVG and HTML pictures top to bottom when
/// `portrait`, titled `title`.
pub(crate) fn picture(
    machine: &StateMachine,
    format: Format,
    portrait: bool,
    title: String,
) -> String {
    let options = if portrait {
        SvgOptions::portrait()
    } else {
        SvgOptions::default()
    };
    to_format(machine, format.graph_format(), &options.titled(title))
}

/// The page title: the definition file's name, or a template's machine's name.
pub(crate) fn title(definition: &Definition) -> String {
    if let Some(machine) = definition.machine() {
        return machine
            .construct
            .clone()
            .unwrap_or_else(|| machine.logical_id.clone());
    }
    Path::new(&definition.shown)
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| *n != "-")
        .unwrap_or("State machine")
        .to_owned()
}
