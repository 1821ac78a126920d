#!/usr/bin/env bash
# Everything the tests need beyond Rust, in one command: the npm oracles (ASL validators,
# JSONata and Mermaid reference implementations), moto in a virtualenv, and Graphviz.
# A test that finds one of them missing names this command.
set -euo pipefail
cd "$(dirname "$0")"
bash oracles.sh install
bash moto.sh install
bash pictures.sh install
bash sagemaker.sh install
