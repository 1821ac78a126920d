#!/usr/bin/env python3
"""Counts over the published crates' rustdoc JSON that issue 55 asks for.

- ARNs and task tokens the public API holds as text: public fields, function and method
  parameters and return values whose name says ARN or task token (`execution_arn`, `arn`,
  `task_token`, `map_run_arn`, a getter `fn execution_arn(&self)`...) and whose type is
  `String`, `&str`, `impl Into<String>`, or one of those in an `Option` or `Vec`;
- error names the public API holds as text (fields and parameters named `error` or `*_error`
  of those types);
- each public type's public inherent methods (`--methods TYPE`, e.g. `Engine`).

    counts.py DOC_DIR CRATE... [--methods TYPE] [--list]

Reads `DOC_DIR/<crate>.json` as `check.py` does (`check.sh` writes them). Each item is
counted in the crate that defines it, once, whatever re-exports it.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ARN_NAME = re.compile(r"(^|_)(arn|arns|task_token)$")
# Error names held as text: fields and parameters named `error` or `*_error`.
ERROR_NAME = re.compile(r"(^|_)error$")


def text_type(ty):
    """Whether a rustdoc type is text: String, &str, impl Into<String>/AsRef<str>, or such a
    type in an Option or a Vec."""
    if ty is None:
        return False
    if "primitive" in ty:
        return ty["primitive"] == "str"
    if "borrowed_ref" in ty:
        return text_type(ty["borrowed_ref"]["type"])
    if "resolved_path" in ty:
        path = ty["resolved_path"]
        name = path.get("path", "").split("::")[-1]
        if name == "String":
            return True
        if name in ("Option", "Vec", "Box", "Arc"):
            args = ((path.get("args") or {}).get("angle_bracketed") or {}).get("args", [])
            return any("type" in a and text_type(a["type"]) for a in args)
        return False
    if "impl_trait" in ty:
        for bound in ty["impl_trait"]:
            trait = (bound.get("trait_bound") or {}).get("trait") or {}
            name = trait.get("path", "").split("::")[-1]
            args = ((trait.get("args") or {}).get("angle_bracketed") or {}).get("args", [])
            if name in ("Into", "AsRef") and any("type" in a and text_type(a["type"])
                                                 for a in args):
                return True
        return False
    return False


def crate_items(doc):
    """(item, owner path) of every item of the crate itself."""
    paths = doc["paths"]
    for key, item in doc["index"].items():
        if item.get("crate_id", 0) != 0:
            continue
        yield key, item, paths.get(key)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("doc_dir", type=Path)
    parser.add_argument("crates", nargs="+")
    parser.add_argument("--methods", action="append", default=[])
    parser.add_argument("--list", action="store_true", help="print each ARN found")
    args = parser.parse_args()

    found, errors = [], []
    methods = {name: 0 for name in args.methods}
    for crate in args.crates:
        file = args.doc_dir / (crate.replace("-", "_") + ".json")
        if not file.exists():
            sys.exit(f"counts: {file} is missing (run tools/public-paths/check.sh)")
        doc = json.loads(file.read_text())
        index = doc["index"]
        public = lambda item: item.get("visibility") == "public"  # noqa: E731
        for key, item, summary in crate_items(doc):
            inner = item.get("inner", {})
            kind = next(iter(inner), None)
            if kind == "struct" and public(item) and summary is not None:
                owner = "::".join(summary["path"])
                kind_of = inner["struct"]["kind"]
                fields = kind_of.get("plain", {}).get("fields", []) if isinstance(kind_of, dict) else []
                for field_id in fields:
                    field = index.get(str(field_id))
                    if field is None or not public(field) \
                            or not text_type(field["inner"]["struct_field"]):
                        continue
                    if ARN_NAME.search(field["name"] or ""):
                        found.append(f"field {owner}.{field['name']}")
                    if ERROR_NAME.search(field["name"] or ""):
                        errors.append(f"field {owner}.{field['name']}")
            if kind == "impl" and inner["impl"]["trait"] is None:
                target = inner["impl"]["for"].get("resolved_path")
                if target is None:
                    continue
                owner = doc["paths"].get(str(target["id"]), {}).get("path", [target["path"]])
                owner = "::".join(owner)
                for method_id in inner["impl"]["items"]:
                    method = index.get(str(method_id))
                    if method is None or not public(method) or "function" not in method["inner"]:
                        continue
                    if owner.split("::")[-1] in methods:
                        methods[owner.split("::")[-1]] += 1
                    check_function(method, f"{owner}::{method['name']}", found, errors)
            if kind == "function" and public(item) and summary is not None:
                check_function(item, "::".join(summary["path"]), found, errors)

    print(f"public text ARNs and task tokens: {len(found)} (fields, parameters, return values)")
    if args.list:
        print("\n".join("    " + f for f in sorted(found)))
    print(f"public error names as text: {len(errors)} (fields and parameters named `error`)")
    if args.list:
        print("\n".join("    " + f for f in sorted(errors)))
    for name, count in methods.items():
        print(f"public inherent methods of {name}: {count}")


def check_function(item, owner, found, errors):
    sig = item["inner"]["function"]["sig"]
    for name, ty in sig["inputs"]:
        if ARN_NAME.search(name) and text_type(ty):
            found.append(f"parameter {owner}({name})")
        if ERROR_NAME.search(name) and text_type(ty):
            errors.append(f"parameter {owner}({name})")
    if ARN_NAME.search(item["name"] or "") and text_type(sig.get("output")):
        found.append(f"return {owner}()")


if __name__ == "__main__":
    main()
