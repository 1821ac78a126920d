//! The committed table is what the generator makes from the pinned botocore: runs
//! `tools/aws-models/generate.py --check` with the repository's moto venv, which holds the same
//! botocore pin (`tools/moto/requirements.txt`).

use std::path::Path;
use std::process::Command;

const INSTALL: &str = "bash scripts/moto.sh install";

#[test]
fn committed_table_matches_pinned_botocore() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join("target/moto-venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: the generator needs the pinned botocore; run `{INSTALL}` (from the repository root)",
        python.display()
    );
    let version = Command::new(&python)
        .args(["-c", "import botocore; print(botocore.__version__)"])
        .output()
        .expect("the moto venv's python runs");
    assert!(
        version.status.success(),
        "botocore is not importable by {}; run `{INSTALL}`:\n{}",
        python.display(),
        String::from_utf8_lossy(&version.stderr)
    );
    let out = Command::new(&python)
        .current_dir(&root)
        .args(["tools/aws-models/generate.py", "--check"])
        .output()
        .expect("the generator runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "tools/aws-models/generate.py --check failed:\n{stdout}{stderr}"
    );
    println!("{}", stdout.trim());
    assert!(
        stdout.contains(workflow_aws_models::BOTOCORE_VERSION),
        "unexpected output: {stdout}"
    );
}
