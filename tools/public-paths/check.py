#!/usr/bin/env python3
"""Every public item of the workspace's crates at one path (issue 55).

Reads the rustdoc JSON of each crate named (`DOC_DIR/<crate>.json`, written by `cargo doc`
with rustdoc's JSON output: see README.md), walks each crate's public modules from its root,
following re-exports (`pub use`, globs, whole crates re-exported as a module, type aliases
that only rename), and collects every path at which each item can be named. An item of one
crate re-exported by another is the same item: `workflow_runtime::asl` re-exports
`workflow_asl`, so `workflow_asl::StateMachine` is reachable there as
`workflow_runtime::asl::StateMachine`, one path in the runtime, and at a second one if the
runtime also re-exported it elsewhere.

Fails (exit 1), listing them, when an item has more than one path within a crate, unless it
is listed in the file given with `--known` (one item's paths a line, space-separated, as this
script prints them), and when an item listed there no longer has those paths (so that the list
only shrinks). Prints the counts the issue asks for: items and types at more than one path,
and deprecated items.

    check.py [--known FILE] DOC_DIR CRATE...
"""

import argparse
import json
import sys
from pathlib import Path

# What a module holds that has a path of its own. (Variants, fields, methods and impls are
# reached through their type.)
ITEM_KINDS = {
    "module", "struct", "enum", "union", "trait", "trait_alias", "type_alias", "function",
    "constant", "static", "macro", "proc_macro",
}
TYPE_KINDS = {"struct", "enum", "union", "trait", "trait_alias", "type_alias"}


class Crate:
    """One crate's rustdoc JSON and the lookups the walk needs."""

    def __init__(self, path):
        with open(path) as f:
            self.doc = json.load(f)
        self.index = self.doc["index"]
        self.paths = self.doc["paths"]
        root = self.index[str(self.doc["root"])]
        self.name = root["name"]
        self.root = str(self.doc["root"])
        self.external = {k: v["name"] for k, v in self.doc["external_crates"].items()}
        # A module of this crate by its path, for another crate that re-exports it.
        self.module_at = {
            tuple(s["path"]): k
            for k, s in self.paths.items()
            if s["crate_id"] == 0 and s["kind"] == "module"
        }

    def identity(self, item_id):
        """(crate, path, kind) of an item, the same in every crate's JSON that names it."""
        summary = self.paths.get(str(item_id))
        if summary is None:
            item = self.index.get(str(item_id), {})
            return (self.name, ("#" + str(item_id),), kind_of(item))
        crate = self.name if summary["crate_id"] == 0 else self.external.get(
            str(summary["crate_id"]), "?")
        return (crate, tuple(summary["path"]), summary["kind"])


def kind_of(item):
    return next(iter(item.get("inner", {"?": None})))


class Walk:
    """The public paths of every item reachable from one crate's root."""

    def __init__(self, crates, crate):
        self.crates = crates
        self.crate = crate
        self.found = {}  # identity -> set of paths

    def run(self):
        # (crate holding the module, module id, path it is reached at); a stack, not recursion.
        stack = [(self.crate, self.crate.root, (self.crate.name,))]
        seen = set()
        while stack:
            crate, module_id, at = stack.pop()
            key = (crate.name, module_id, at)
            if key in seen or len(at) > 16:
                continue
            seen.add(key)
            module = crate.index[module_id]["inner"]["module"]
            explicit, globs = [], []
            for child_id in module["items"]:
                child = crate.index.get(str(child_id))
                if child is None or child.get("visibility") != "public":
                    continue
                use = child["inner"].get("use")
                (globs if use and use["is_glob"] else explicit).append(child)
            names = set()
            for child in explicit:
                for name, target in self.targets(crate, child):
                    names.add(name)
                    self.add(target, at + (name,), stack)
            for child in globs:
                for name, target in self.glob(crate, child["inner"]["use"]):
                    if name not in names:  # a glob never shadows a name of the module's own
                        names.add(name)
                        self.add(target, at + (name,), stack)
        return self

    def targets(self, crate, item):
        """(name, target) of a module's item: a target is (crate, item id or None, identity)."""
        use = item["inner"].get("use")
        if use is None:
            if kind_of(item) in ITEM_KINDS or kind_of(item) == "extern_crate":
                yield item["name"], self.resolve(crate, str(item["id"]))
            return
        if use["id"] is None:
            return
        yield use["name"], self.resolve(crate, str(use["id"]))

    def glob(self, crate, use):
        """The names a glob re-export brings: a module's public items (an enum's variants are
        reached through the enum)."""
        if use["id"] is None:
            return
        target = self.resolve(crate, str(use["id"]))
        home, item_id, identity = target
        if identity[2] != "module" or home is None or item_id is None:
            return
        for child_id in home.index[item_id]["inner"]["module"]["items"]:
            child = home.index.get(str(child_id))
            if child is None or child.get("visibility") != "public":
                continue
            inner_use = child["inner"].get("use")
            if inner_use and inner_use["is_glob"]:
                yield from self.glob(home, inner_use)
            else:
                yield from self.targets(home, child)

    def resolve(self, crate, item_id):
        """Follows an id to the item it names, in whichever loaded crate holds it."""
        for _ in range(32):  # aliases of aliases, bounded
            identity = crate.identity(item_id)
            item = crate.index.get(item_id)
            if item is None or item.get("crate_id", 0) != 0:
                # Another crate's item: found in its own JSON when loaded.
                home = self.crates.get(identity[0])
                if home is None:
                    return (None, None, identity)
                local = home.module_at.get(identity[1]) if identity[2] == "module" else next(
                    (k for k, s in home.paths.items()
                     if s["crate_id"] == 0 and tuple(s["path"]) == identity[1]), None)
                if local is None:
                    return (None, None, identity)
                crate, item_id = home, local
                continue
            inner = item["inner"]
            if "extern_crate" in inner:
                home = self.crates.get(inner["extern_crate"]["name"])
                if home is None:
                    return (None, None, (inner["extern_crate"]["name"], (), "module"))
                crate, item_id = home, home.root
                continue
            renamed = alias_target(item)
            if renamed is not None and str(renamed) in crate.paths:
                item_id = str(renamed)
                continue
            alias = inner.get("type_alias")
            if alias is not None and not alias["generics"]["params"]:
                # An alias of a concrete type (`type A = B<C>;`): two such aliases of one
                # type are two names of it.
                written = json.dumps(alias["type"], sort_keys=True)
                return (crate, item_id, (crate.name, ("type " + written,), "type_alias"))
            return (crate, item_id, identity)
        return (crate, item_id, crate.identity(item_id))

    def add(self, target, path, stack):
        home, item_id, identity = target
        self.found.setdefault(identity, set()).add("::".join(path))
        if home is not None and item_id is not None and identity[2] == "module":
            stack.append((home, item_id, path))


def alias_target(item):
    """The item a type alias only renames (`type A<T> = B<T>;`), or None."""
    alias = item["inner"].get("type_alias")
    if alias is None:
        return None
    resolved = alias["type"].get("resolved_path")
    if resolved is None:
        return None
    params = [p["name"] for p in alias["generics"]["params"]]
    args = resolved.get("args") or {}
    given = []
    for arg in (args.get("angle_bracketed") or {}).get("args", []):
        if "lifetime" in arg:
            given.append(arg["lifetime"])
        elif "type" in arg and "generic" in arg["type"]:
            given.append(arg["type"]["generic"])
        else:
            return None
    return resolved["id"] if given == params else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--known", type=Path, help="items allowed more than one path, for now")
    parser.add_argument("doc_dir", type=Path)
    parser.add_argument("crates", nargs="+")
    args = parser.parse_args()

    crates = {}
    for name in args.crates:
        file = args.doc_dir / (name.replace("-", "_") + ".json")
        if not file.exists():
            sys.exit(f"public-paths: {file} is missing (see tools/public-paths/README.md)")
        crate = Crate(file)
        crates[crate.name] = crate

    known = set()
    if args.known:
        for line in args.known.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                known.add(tuple(sorted(line.split())))

    several, seen = [], set()
    # Every deprecated item of each crate: module items, methods, fields.
    deprecated = sum(
        1 for crate in crates.values() for item in crate.index.values()
        if item.get("crate_id", 0) == 0 and item.get("deprecation") and kind_of(item) != "use")
    for crate in crates.values():
        walk = Walk(crates, crate).run()
        for identity, paths in sorted(walk.found.items()):
            if len(paths) > 1:
                several.append((identity, tuple(sorted(paths))))

    failures = []
    for identity, paths in several:
        seen.add(paths)
        if paths not in known:
            what = ("a type named by aliases" if identity[1][0].startswith("type ")
                    else f"{identity[2]} {'::'.join(identity[1])}")
            failures.append(f"{what} has {len(paths)} paths: " + " ".join(paths))
    for paths in sorted(known - seen):
        failures.append("listed in --known but no longer at those paths (remove the line): "
                        + " ".join(paths))

    # An item of one crate that another re-exports whole is counted once.
    distinct = {identity for identity, _ in several}
    types = sum(1 for identity in distinct if identity[2] in TYPE_KINDS)
    known_now = sum(1 for _, paths in several if paths in known)
    print(f"public-paths: {len(distinct)} items at more than one path ({types} of them types; "
          f"{len(several)} counted in each crate that reaches them, {known_now} of those "
          f"listed as known), {deprecated} deprecated items, in {len(crates)} crates")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
