//! Reading definition files (or standard input) and printing diagnostics located in them.

use std::io::Read;
use std::path::Path;
use workflow_asl::Diagnostic;
use workflow_asl::json::locate;

/// Reads a file, or standard input for `-`.
pub fn read(path: &Path) -> Result<String, String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))
}

/// `file:line:column: error[CODE] at /pointer: message`.
pub fn render(file: &Path, text: &str, d: &Diagnostic) -> String {
    let place = match locate(text, &d.pointer) {
        Some(p) => format!("{}:{}:{}", file.display(), p.line, p.column),
        None => file.display().to_string(),
    };
    format!(
        "{place}: {}[{}] at {}: {}",
        d.severity.as_str(),
        d.code,
        d.pointer,
        d.message
    )
}
