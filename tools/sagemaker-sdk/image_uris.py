#!/usr/bin/env python3
"""Generates workflow-runtime's table of SageMaker image URIs from the pinned SageMaker Python SDK.

    target/sagemaker-venv/bin/python tools/sagemaker-sdk/image_uris.py          # (re)write the table
    target/sagemaker-venv/bin/python tools/sagemaker-sdk/image_uris.py --check  # exit 1 if it differs

The SageMaker SDK (the `sagemaker` pin of tools/sagemaker-sdk/requirements.txt, installed by
`bash scripts/sagemaker.sh install`) ships its image table as `sagemaker/image_uri_config/*.json`
and resolves it with `sagemaker.image_uris.retrieve`. For every framework or algorithm in
FRAMEWORKS, every scope (training, inference), version, processor (cpu, gpu) and Python version
the JSON lists, this script asks `retrieve` itself for the image (so the tag rules, container
versions and tag prefixes are the SDK's, not re-implemented here) and writes, to
`workflow-sagemaker/src/image_uris/table.rs`:

- each image's `repository:tag` and the index of its registry set (region -> account);
- the registry sets, each stored once;
- the ECR hostname of every region that appears (`ecr.<region>.amazonaws.com`,
  `.amazonaws.com.cn` in China, …), from botocore's endpoint resolver as the SDK uses it;
- the version aliases (`1.13` -> `1.13.1`; Hugging Face's transformers versions too), each with whether the SDK writes the alias in the
  image's tag (`pytorch-training:2.1-cpu-py310` for `2.1`, where `2.1.0` gives
  `pytorch-training:2.1.0-cpu-py310`) or the full version's tag: asked of `retrieve` for
  every image of the alias's version, which must all agree.

The URI of a row in a region is then `{account}.dkr.{hostname}/{repository:tag}`, exactly what
`retrieve` returns: the script checks that for three regions of every row before writing.

Hugging Face's images have a second version, the base framework's (`pytorch2.1.0`): each of
its rows records it, and its per-version aliases (`pytorch2.1`) are written to BASE_ALIASES, with
whether `retrieve` writes the alias in the tag.

Left out: the JumpStart models (looked up on S3), Hugging Face's LLM, TEI and training-compiler
images, Neuron/Inferentia/Trainium and Graviton images, Elastic Inference (`eia`), and the tools
images (clarify, debugger, model-monitor, …). FRAMEWORKS lists what is in.
"""

import argparse
import json
import os
import re
import sys

os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")
import logging  # noqa: E402

logging.disable(logging.CRITICAL)

from sagemaker import image_uris, utils  # noqa: E402
import sagemaker  # noqa: E402

SAGEMAKER_VERSION = "2.257.7"

# Speed only: `retrieve` re-reads its JSON file and rebuilds botocore's endpoint resolver on
# every call; both are read once here (the resolver is stateless, the JSON is parsed afresh).
_resolver = utils._botocore_resolver()
utils._botocore_resolver = lambda: _resolver
_config_text = {}


def _config_for_framework(framework):
    if framework not in _config_text:
        fname = os.path.join(os.path.dirname(image_uris.__file__), "image_uri_config", f"{framework}.json")
        with open(fname) as f:
            _config_text[framework] = f.read()
    return json.loads(_config_text[framework])


image_uris.config_for_framework = _config_for_framework
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TABLE = os.path.join(ROOT, "workflow-sagemaker", "src", "image_uris", "table.rs")

# The built-in algorithms and the main frameworks.
FRAMEWORKS = [
    "blazingtext",
    "factorization-machines",
    "forecasting-deepar",
    "image-classification",
    "ipinsights",
    "kmeans",
    "knn",
    "lda",
    "linear-learner",
    "ntm",
    "object-detection",
    "object2vec",
    "pca",
    "randomcutforest",
    "semantic-segmentation",
    "seq2seq",
    "xgboost",
    "sklearn",
    "pytorch",
    "tensorflow",
    "mxnet",
    "huggingface",
]
HUGGING_FACE = "huggingface"
SCOPES = ["training", "inference"]
INSTANCE = {"cpu": "ml.m5.xlarge", "gpu": "ml.p3.2xlarge", None: None}


def fail(message):
    print(f"image_uris.py: {message}", file=sys.stderr)
    sys.exit(2)


def scope_configs(framework):
    data = image_uris.config_for_framework(framework)
    if "scope" in data:
        return [(s, data) for s in SCOPES if s in data["scope"]]
    return [(s, data[s]) for s in SCOPES if s in data]


def hostname(region):
    endpoint = utils._botocore_resolver().construct_endpoint("ecr", region)
    if not endpoint:
        return "ecr.{}.amazonaws.com".format(region)
    return endpoint["hostname"]


def variants(framework, version_config):
    """(base framework version, config) of a version: Hugging Face's versions hold one config
    per base framework (`pytorch2.1.0`, `tensorflow2.5.1`); the others are their own."""
    if framework == HUGGING_FACE:
        return [(b, c) for b, c in version_config.items() if b != "version_aliases"]
    return [(None, version_config)]


def py_keys(config):
    """The Python versions of a version whose config is keyed by them (`py2`, `py3`) without a
    `py_versions` list, as TensorFlow 1.13.1's and MXNet 1.4.1's training images are:
    `retrieve` reads the registries under the key."""
    return sorted(k for k in config if re.fullmatch(r"py\d+", k))


def rows():
    images, aliases, base_aliases, registries = [], [], [], []
    for framework in FRAMEWORKS:
        for scope, config in scope_configs(framework):
            for alias, version in sorted(config.get("version_aliases", {}).items()):
                aliases.append((framework, scope, alias, version))
            for version, version_config in config["versions"].items():
                if framework == HUGGING_FACE:
                    for alias, base in sorted(version_config.get("version_aliases", {}).items()):
                        base_aliases.append((framework, scope, version, alias, base))
                for base, base_config in variants(framework, version_config):
                    processors = config.get("processors") or base_config.get("processors") or [None]
                    py_versions = base_config.get("py_versions") or py_keys(base_config) or [None]
                    for processor in processors:
                        if processor not in INSTANCE:
                            continue
                        for py in py_versions:
                            vc = base_config.get(py) or base_config if py else base_config
                            regs = vc.get("registries")
                            if not regs:
                                continue
                            region = "us-east-1" if "us-east-1" in regs else sorted(regs)[0]
                            try:
                                uri = ask(framework, region, version, base, py, processor, scope)
                            except (ValueError, KeyError, TypeError):
                                continue
                            repository = uri.split("/", 1)[1]
                            regs = dict(sorted(regs.items()))
                            if regs not in registries:
                                registries.append(regs)
                            images.append(
                                (framework, scope, version, base, processor, py, registries.index(regs), repository)
                            )
                            verify(framework, scope, version, base, processor, py, regs, repository)
    return (
        images,
        [alias_tag(a, images, registries) for a in aliases],
        [base_alias_tag(a, images, registries) for a in base_aliases],
        registries,
    )


def ask(framework, region, version, base, py, processor, scope):
    """`sagemaker.image_uris.retrieve` for one image."""
    extra = {"base_framework_version": base} if base else {}
    return image_uris.retrieve(
        framework, region, version=version, py_version=py,
        instance_type=INSTANCE[processor], image_scope=scope, **extra,
    )


def version_in_tag(framework, version):
    """Where `retrieve` writes the version in a tag: after `transformers` for Hugging Face,
    first for the others."""
    return f"transformers{version}-" if framework == HUGGING_FACE else f":{version}"


def base_in_tag(base):
    """Where `retrieve` writes a Hugging Face image's base framework version: first, without
    the framework's name (`:2.1.0-transformers…` for `pytorch2.1.0`)."""
    return ":{}-".format(base.lstrip("abcdefghijklmnopqrstuvwxyz"))


def tag_mode(name, images, registries, matches, asked_for, full, alias):
    """Whether `retrieve`, asked with the alias, writes the alias in the tag (True) or the full
    version's tag (False), the same for every image of the version."""
    modes = set()
    for row in images:
        if not matches(row):
            continue
        framework, scope, version, base, processor, py, reg, repository = row
        regs = registries[reg]
        region = "us-east-1" if "us-east-1" in regs else sorted(regs)[0]
        asked = ask(*asked_for(row, region)).split("/", 1)[1]
        with_alias = repository.replace(full, alias, 1)
        if asked == repository:
            modes.add(False)
        elif asked == with_alias and full in repository:
            modes.add(True)
        else:
            fail(f"{name}: {asked} is neither {repository} nor {with_alias}")
    if len(modes) > 1:
        fail(f"{name}: the images disagree on the alias's tag")
    return modes == {True}


def alias_tag(alias_row, images, registries):
    """The alias with whether `retrieve` writes the alias in the tag."""
    framework, scope, alias, version = alias_row
    keeps = tag_mode(
        f"{framework} {scope} {alias}",
        images,
        registries,
        lambda row: row[:3] == (framework, scope, version),
        lambda row, region: (framework, region, alias, row[3], row[5], row[4], scope),
        version_in_tag(framework, version),
        version_in_tag(framework, alias),
    )
    return (framework, scope, alias, version, keeps)


def base_alias_tag(alias_row, images, registries):
    """A Hugging Face version's base framework alias with whether `retrieve` writes it in the
    tag."""
    framework, scope, version, alias, base = alias_row
    keeps = tag_mode(
        f"{framework} {scope} {version} {alias}",
        images,
        registries,
        lambda row: row[:4] == (framework, scope, version, base),
        lambda row, region: (framework, region, version, alias, row[5], row[4], scope),
        base_in_tag(base),
        base_in_tag(alias),
    )
    return (framework, scope, version, alias, base, keeps)


def verify(framework, scope, version, base, processor, py, regs, repository):
    """The URI the table gives equals `retrieve`'s in three regions of the row."""
    regions = sorted(regs)
    for region in {regions[0], regions[-1], regions[len(regions) // 2]}:
        expected = ask(framework, region, version, base, py, processor, scope)
        ours = "{}.dkr.{}/{}".format(regs[region], hostname(region), repository)
        if ours != expected:
            fail(f"{framework} {scope} {version} {base} {processor} {py} in {region}: {ours} != {expected}")


def rust_str(s):
    return "None" if s is None else 'Some("{}")'.format(s)


def render():
    images, aliases, base_aliases, registries = rows()
    regions = sorted({r for regs in registries for r in regs})
    out = []
    w = out.append
    w("// @generated by tools/sagemaker-sdk/image_uris.py from the SageMaker Python SDK")
    w(f"// {SAGEMAKER_VERSION} (`sagemaker/image_uri_config/*.json`); do not edit.")
    w("")
    w("use super::{Image, Scope};")
    w("")
    w("/// The SageMaker Python SDK version the table comes from.")
    w(f'pub const SAGEMAKER_SDK_VERSION: &str = "{SAGEMAKER_VERSION}";')
    w("")
    w("/// ECR's hostname by region.")
    w("pub(super) static HOSTNAMES: &[(&str, &str)] = &[")
    for region in regions:
        w(f'    ("{region}", "{hostname(region)}"),')
    w("];")
    w("")
    w("/// The registry sets: region -> account, regions sorted.")
    w("pub(super) static REGISTRIES: &[&[(&str, &str)]] = &[")
    for regs in registries:
        w("    &[")
        for region, account in regs.items():
            w(f'        ("{region}", "{account}"),')
        w("    ],")
    w("];")
    w("")
    w("/// Version aliases: (framework, scope, alias, version, whether the image's tag is written")
    w("/// with the alias instead of the version).")
    w("pub(super) static ALIASES: &[(&str, Scope, &str, &str, bool)] = &[")
    for framework, scope, alias, version, keeps in aliases:
        w(f'    ("{framework}", Scope::{scope.capitalize()}, "{alias}", "{version}", {str(keeps).lower()}),')
    w("];")
    w("")
    w("/// Base framework aliases of Hugging Face's versions: (framework, scope, version, alias,")
    w("/// base framework version, whether the image's tag is written with the alias).")
    w("pub(super) static BASE_ALIASES: &[(&str, Scope, &str, &str, &str, bool)] = &[")
    for framework, scope, version, alias, base, keeps in base_aliases:
        w(f'    ("{framework}", Scope::{scope.capitalize()}, "{version}", "{alias}", "{base}", {str(keeps).lower()}),')
    w("];")
    w("")
    w("/// The images.")
    w("pub(super) static IMAGES: &[Image] = &[")
    for framework, scope, version, base, processor, py, reg, repository in images:
        w(
            f'    Image {{ framework: "{framework}", scope: Scope::{scope.capitalize()}, version: "{version}", '
            f"base: {rust_str(base)}, processor: {rust_str(processor)}, py_version: {rust_str(py)}, "
            f'registries: {reg}, repository: "{repository}" }},'
        )
    w("];")
    return "\n".join(out) + "\n", len(images)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed table differs")
    args = parser.parse_args()
    if sagemaker.__version__ != SAGEMAKER_VERSION:
        fail(f"sagemaker {sagemaker.__version__} is installed, the pin is {SAGEMAKER_VERSION}; run `bash scripts/sagemaker.sh install`")
    text, count = render()
    if args.check:
        try:
            with open(TABLE, encoding="utf-8") as f:
                committed = f.read()
        except OSError as e:
            fail(f"cannot read {TABLE}: {e}")
        if committed != text:
            print(f"{TABLE} differs from what sagemaker {SAGEMAKER_VERSION} gives; rerun without --check", file=sys.stderr)
            sys.exit(1)
        print(f"image URI table up to date: {count} images from sagemaker {SAGEMAKER_VERSION}")
        return
    os.makedirs(os.path.dirname(TABLE), exist_ok=True)
    with open(TABLE, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {TABLE}: {count} images from sagemaker {SAGEMAKER_VERSION}")


if __name__ == "__main__":
    main()
