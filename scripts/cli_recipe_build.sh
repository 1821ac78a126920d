#!/usr/bin/env bash
# A cold `cargo build` of a small user crate that gives itself its own `workflow` tool
# (`src/bin/workflow.rs` calling `workflow_cli::main_with`, the README's recipe), in two
# layouts, one after the other in one run:
#   before: `workflow-cli` a normal dependency (the recipe before issue 54), so that every
#           build of the library builds the tool's dependencies too (clap, hyper's server,
#           SQLite);
#   after:  `workflow-cli` optional, behind a `cli` feature that the `workflow` binary
#           requires (`required-features`), the README's recipe now.
#
#   scripts/cli_recipe_build.sh
#
# Both crates depend on this tree's workflow-runtime and workflow-cli by path; each gets an
# empty target directory of its own (cold: the registry's sources are reused, as on any machine
# that has fetched once). Prints, per layout, the wall time, the CPU time (user + system), the
# number of units compiled and whether clap, hyper, rusqlite and libsqlite3-sys were among them,
# then checks that the `after` layout's tool still builds and runs with `--features cli`
# (`cargo run --features cli --bin workflow -- list`, not timed).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

user_crate() { # dir layout(before|after)
  mkdir -p "$1/src/bin"
  local cli="workflow-cli = { path = \"$repo/workflow-cli\" }" feature=""
  if [ "$2" = after ]; then
    cli="workflow-cli = { path = \"$repo/workflow-cli\", optional = true }"
    feature=$'[features]\ncli = ["dep:workflow-cli"]\n\n[[bin]]\nname = "workflow"\nrequired-features = ["cli"]\n'
  fi
  cat > "$1/Cargo.toml" <<TOML
[package]
name = "recipe-user"
version = "0.1.0"
edition = "2024"

[dependencies]
workflow-runtime = { path = "$repo/workflow-runtime" }
$cli

$feature
[workspace]
TOML
  cat > "$1/src/lib.rs" <<'RS'
//! One workflow, as a new user's crate starts.
use workflow_runtime::workflow;

workflow! {
    /// Greets, then waits.
    pub Hello {
        input { name: string }
        "Greet": pass { greeting: "hello", name: input.name } -> "Wait";
        "Wait": wait(seconds = 3) -> "Done";
        "Done": succeed;
    }
}
RS
  cat > "$1/src/bin/workflow.rs" <<'RS'
//! The `workflow` tool on this crate's workflows.
fn main() -> std::process::ExitCode {
    workflow_cli::main_with(&[workflow_cli::CrateWorkflow::of::<recipe_user::Hello>()])
}
RS
}

for layout in before after; do
  dir="$work/$layout"
  user_crate "$dir" "$layout"
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s.%N)
  # CPU time of the build and its children, from bash's `times` around it.
  ( cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --quiet --message-format=json 2>"$dir/build.err" >"$dir/build.json"; times >"$dir/times" ) \
    || { cat "$dir/build.err" >&2; echo "cli_recipe_build.sh: the $layout build failed" >&2; exit 1; }
  end=$(date +%s.%N)
  cpu=$(awk 'NR==2 { split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1]*60 + u[2] + s[1]*60 + s[2] }' "$dir/times")
  units=$(grep -c '"reason":"compiler-artifact"' "$dir/build.json" || true)
  heavy=$(grep -o '"package_id":"[^"]*' "$dir/build.json" | grep -oE '(clap|hyper|rusqlite|libsqlite3-sys)[@#][0-9.]+' | sed 's/[@#].*//' | sort -u | tr '\n' ' ')
  printf '%-7s cold cargo build: %6.1f s wall, %6.1f s CPU, %3d units, load %s before; of clap, hyper, rusqlite, libsqlite3-sys: %s\n' \
    "$layout" "$(echo "$end - $start" | bc)" "$cpu" "$units" "$load" "${heavy:-none}"
done

# The tool of the `after` layout still builds and lists the crate's workflows.
listed=$(cd "$work/after" && CARGO_TARGET_DIR="$work/after/target" cargo run --quiet --features cli --bin workflow -- list)
[ "$listed" = Hello ] || { echo "cli_recipe_build.sh: \`cargo run --features cli --bin workflow -- list\` printed: $listed" >&2; exit 1; }
echo "after: cargo run --features cli --bin workflow -- list → $listed"
