//! The LCOV tracefile (`geninfo(1)`'s format, which `genhtml`, cargo-llvm-cov's merge, Codecov,
//! Coveralls and editors' gutters read): a record per source file (`SF:`), a `BRDA:` per
//! branch ([`lines`](super::lines)) with `BRF:`/`BRH:`, a `DA:` per line with `LF:`/`LH:`, in
//! the order lcov writes them.

use super::lines::SourceCoverage;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The tracefile of `files` (each source file's coverage, by its name).
pub(super) fn tracefile(files: &BTreeMap<String, SourceCoverage>) -> String {
    let mut out = String::new();
    for (file, coverage) in files {
        let _ = writeln!(out, "TN:\nSF:{file}");
        let mut branches: Vec<_> = coverage.branches.iter().collect();
        branches.sort_by_key(|b| (b.line, b.block, b.branch));
        for b in &branches {
            let taken = b.taken.map_or_else(|| "-".to_owned(), |t| t.to_string());
            let _ = writeln!(out, "BRDA:{},{},{},{taken}", b.line, b.block, b.branch);
        }
        let _ = writeln!(
            out,
            "BRF:{}\nBRH:{}",
            branches.len(),
            coverage.branches_hit()
        );
        for (line, hits) in &coverage.lines {
            let _ = writeln!(out, "DA:{line},{hits}");
        }
        let _ = writeln!(
            out,
            "LF:{}\nLH:{}\nend_of_record",
            coverage.lines.len(),
            coverage.lines_hit()
        );
    }
    out
}
