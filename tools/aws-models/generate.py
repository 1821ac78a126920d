#!/usr/bin/env python3
"""Generates workflow-aws-models' table of AWS API shapes from a pinned botocore.

    target/moto-venv/bin/python tools/aws-models/generate.py          # (re)write the table
    target/moto-venv/bin/python tools/aws-models/generate.py --check  # exit 1 if it differs

Reads `botocore/data/<service>/<latest date>/service-2.json(.gz)` of botocore BOTOCORE_VERSION
(the same pin as tools/moto/requirements.txt, installed by `bash scripts/moto.sh install`) and
writes:

- `workflow-aws-models/data/models.bin`: one zlib stream per service, each the compact JSON
  described in README.md (documentation stripped; shapes reachable from an operation's input or
  output only; identical leaf shapes stored once);
- `workflow-aws-models/src/models/index.rs`: the services (botocore name, SDK name, error prefix,
  service id, protocol, API version) and where each one's stream lies in models.bin;
- `workflow-aws-models/data/wire.bin` and `src/wire/index.rs`: what a client needs to put a
  request on the wire and read the answer (feature `wire`): the protocol's metadata, each
  operation's HTTP method and URI, each member's location and wire name, XML namespaces and
  list shapes, and the errors' codes, one zlib stream per service beside the models' (README.md,
  "The wire form").

`--check` regenerates both in memory and compares the decompressed streams and the index with
the committed files, so that differences between zlib builds do not matter.
"""

import argparse
import gzip
import json
import os
import re
import sys
import zlib

BOTOCORE_VERSION = "1.44.5"

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
REQUIREMENTS = os.path.join(ROOT, "tools", "moto", "requirements.txt")
CRATE = os.path.join(ROOT, "workflow-aws-models")
BIN = os.path.join(CRATE, "data", "models.bin")
INDEX = os.path.join(CRATE, "src", "models", "index.rs")
WIRE_BIN = os.path.join(CRATE, "data", "wire.bin")
WIRE_INDEX = os.path.join(CRATE, "src", "wire", "index.rs")
INSTALL = "bash scripts/moto.sh install"

# botocore services left out, with why.
SKIPPED = {
    # The same API as `pinpoint-sms-voice` (same serviceId "Pinpoint SMS Voice", so the same SDK
    # name `pinpointsmsvoice`); botocore keeps it as a legacy alias.
    "sms-voice": "duplicates pinpoint-sms-voice",
}

SCALARS = {
    "string": "s",
    "integer": "i",
    "long": "i",
    "float": "n",
    "double": "n",
    "boolean": "b",
    "timestamp": "ts",
    "blob": "bl",
}


def fail(message):
    print(f"generate.py: {message}", file=sys.stderr)
    sys.exit(2)


def load_botocore():
    """The pinned botocore's data directory; refuses any other version."""
    with open(REQUIREMENTS) as f:
        pins = re.findall(r"^botocore==(\S+)$", f.read(), re.M)
    if pins != [BOTOCORE_VERSION]:
        fail(f"{REQUIREMENTS} must pin botocore=={BOTOCORE_VERSION} (found {pins})")
    try:
        import botocore
    except ImportError:
        fail(f"botocore is not importable by {sys.executable}; run `{INSTALL}` and use target/moto-venv/bin/python")
    if botocore.__version__ != BOTOCORE_VERSION:
        fail(f"botocore {botocore.__version__} found, {BOTOCORE_VERSION} required; run `{INSTALL}` and use target/moto-venv/bin/python")
    return os.path.join(os.path.dirname(botocore.__file__), "data")


def read_model(data, service):
    """The service's newest service-2.json, or None when it has none."""
    base = os.path.join(data, service)
    dates = sorted(
        d
        for d in os.listdir(base)
        if os.path.exists(os.path.join(base, d, "service-2.json.gz"))
        or os.path.exists(os.path.join(base, d, "service-2.json"))
    )
    if not dates:
        return None
    path = os.path.join(base, dates[-1], "service-2.json")
    if os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "rt", encoding="utf-8") as f:
            return json.load(f)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def split_words(name):
    """The AWS Java SDK v2's word split (CodegenNamingUtils.splitOnWordBoundaries)."""
    s = re.sub(r"[^A-Za-z0-9]+", " ", name)
    s = re.sub(r"([^a-z]{2,})v([0-9]+)", r"\1 v\2 ", s)
    s = re.sub(r"([^A-Z]{2,})V([0-9]+)", r"\1 V\2 ", s)
    s = " ".join(re.split(r"(?<=[a-z])(?=[A-Z](?:[a-zA-Z]|[0-9]))", s))
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", s)
    s = re.sub(r"([0-9])([a-zA-Z])", r"\1 \2", s)
    return re.sub(" +", " ", s).strip().split(" ")


def java_service_name(service_id):
    """The Java SDK v2 client name: `DynamoDb`, `Sfn`, `SecretsManager`, `S3`."""
    name = "".join(w[:1].upper() + w[1:].lower() for w in split_words(service_id))
    for prefix in ("Amazon", "Aws"):
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix):]
    if name.endswith("Service") and len(name) > len("Service"):
        name = name[: -len("Service")]
    return name


def requested_shapes(model):
    """The names of the shapes reachable from an operation's input."""
    shapes = model["shapes"]
    seen = set()
    work = [op["input"]["shape"] for op in model["operations"].values() if "input" in op]
    while work:
        n = work.pop()
        if n in seen:
            continue
        seen.add(n)
        s = shapes[n]
        if s["type"] == "structure":
            work.extend(m["shape"] for m in s.get("members", {}).values())
        elif s["type"] == "list":
            work.append(s["member"]["shape"])
        elif s["type"] == "map":
            work.extend([s["key"]["shape"], s["value"]["shape"]])
    return seen


class Compactor:
    """Turns one service model into the compact form (see README.md)."""

    def __init__(self, model):
        self.shapes = model["shapes"]
        self.requested = requested_shapes(model)
        self.out = []
        self.index = {}  # botocore shape name -> compact index
        self.leaves = {}  # canonical leaf JSON -> compact index

    def ref(self, name):
        """The compact index of a shape, compacting it (and what it reaches) first."""
        if name in self.index:
            return self.index[name]
        work = [name]
        # Iterative: assign indices breadth-first, then fill structures.
        pending = []
        while work:
            n = work.pop(0)
            if n in self.index:
                continue
            s = self.shapes[n]
            t = s["type"]
            leaf = self.leaf(n, s)
            if leaf is not None:
                key = json.dumps(leaf, sort_keys=True, separators=(",", ":"))
                if key not in self.leaves:
                    self.leaves[key] = len(self.out)
                    self.out.append(leaf)
                self.index[n] = self.leaves[key]
                continue
            self.index[n] = len(self.out)
            self.out.append(None)
            pending.append(n)
            if t == "structure":
                work.extend(m["shape"] for m in s["members"].values())
            elif t == "list":
                work.append(s["member"]["shape"])
            elif t == "map":
                work.extend([s["key"]["shape"], s["value"]["shape"]])
            else:
                raise ValueError(f"unexpected shape type {t} for {n}")
        for n in pending:
            self.out[self.index[n]] = self.compound(n, self.shapes[n])
        return self.index[name]

    @staticmethod
    def bounds(s, out):
        for key, short in (("min", "lo"), ("max", "hi")):
            if key in s:
                out[short] = s[key]

    def leaf(self, name, s):
        t = s["type"]
        if t == "structure" and s.get("document"):
            return {"t": "any"}
        if t not in SCALARS:
            return None
        out = {"t": SCALARS[t]}
        if "enum" in s:
            out["e"] = s["enum"]
        elif t == "string" and "pattern" in s and name in self.requested:
            # The request check tests literal strings against it; only requests are checked
            # so (responses are not), and an enum is checked exactly.
            out["p"] = s["pattern"]
        self.bounds(s, out)
        return out

    def compound(self, name, s):
        t = s["type"]
        if t == "structure":
            out = {"t": "o", "n": name}
            # Step Functions writes every member with its first letter in upper case, also
            # where the API's own name is camelCase (`taskDefinition` -> `TaskDefinition`).
            keys = {m: m[:1].upper() + m[1:] for m in s["members"]}
            if len(set(keys.values())) != len(keys):
                raise ValueError(f"members of {name} differ only in the case of their first letter")
            out["m"] = [[keys[m], self.index[ms["shape"]]] for m, ms in s["members"].items()]
            # Idempotency tokens are filled in by the SDK when absent.
            required = [
                keys[r]
                for r in s.get("required", [])
                if r in keys and not s["members"][r].get("idempotencyToken")
            ]
            if required:
                out["r"] = required
            if s.get("union"):
                out["u"] = 1
            return out
        if t == "list":
            out = {"t": "a", "i": self.index[s["member"]["shape"]]}
        else:
            out = {"t": "m", "k": self.index[s["key"]["shape"]], "v": self.index[s["value"]["shape"]]}
        self.bounds(s, out)
        return out


def compact(model):
    """The compact JSON text of one service, and the compactor (its shape indices)."""
    c = Compactor(model)
    ops = []
    for name in sorted(model["operations"]):
        op = model["operations"][name]
        inp = c.ref(op["input"]["shape"]) if "input" in op else -1
        out = c.ref(op["output"]["shape"]) if "output" in op else -1
        errors = sorted({e["shape"] for e in op.get("errors", [])})
        ops.append([name, inp, out, errors])
    return json.dumps({"o": ops, "s": c.out}, separators=(",", ":"), ensure_ascii=False), c


# The protocols the wire codec speaks, in order of preference where a model offers several
# (`protocols`): botocore 1.44.5's `smithy-rpc-v2-cbor` services also speak `json`, but for four.
WIRE_PROTOCOLS = ["json", "rest-json", "rest-xml", "query", "ec2"]

LOCATIONS = {"header": "h", "headers": "hs", "uri": "u", "querystring": "q", "statusCode": "sc"}


def wire_protocol(meta):
    """The protocol a client speaks to the service: the model's own, or the first of its
    `protocols` the codec speaks; `None` when it speaks none of them."""
    offered = meta.get("protocols") or [meta["protocol"]]
    for p in offered:
        if p in WIRE_PROTOCOLS:
            return p
    return None


def namespace(ns):
    """An XML namespace as `[prefix, uri]` (prefix "" for the default namespace)."""
    return [ns.get("prefix", ""), ns["uri"]]


def wire(model, c):
    """The wire form of one service (README.md, "The wire form"), aligned with the compact
    model `c` produced: operations in the same order, shapes by the same indices."""
    meta = model["metadata"]
    shapes = model["shapes"]
    m = {"p": wire_protocol(meta) or meta["protocol"]}
    for key, short in (
        ("jsonVersion", "jv"),
        ("targetPrefix", "tp"),
        ("signingName", "sn"),
        ("endpointPrefix", "ep"),
    ):
        if key in meta:
            m[short] = meta[key]
    if "awsQueryCompatible" in meta:
        m["qc"] = 1
    if wire_protocol(meta) is None:
        m["np"] = 1
    ops = []
    for name in sorted(model["operations"]):
        op = model["operations"][name]
        flags = {}
        http = op["http"]
        out = op.get("output", {})
        if "resultWrapper" in out:
            flags["rw"] = out["resultWrapper"]
        inp = op.get("input", {})
        if "locationName" in inp:
            flags["il"] = inp["locationName"]
        if "xmlNamespace" in inp:
            flags["ix"] = namespace(inp["xmlNamespace"])
        checksum = op.get("httpChecksum", {})
        if op.get("httpChecksumRequired") or checksum.get("requestChecksumRequired"):
            flags["ck"] = 1
        ops.append([http["method"], http["requestUri"], flags] if flags else [http["method"], http["requestUri"]])
    out = []
    for shape_name, index in sorted(c.index.items(), key=lambda kv: kv[1]):
        s = shapes[shape_name]
        info = None
        if s["type"] == "structure" and not s.get("document"):
            info = {}
            members = []
            for mname, ms in s["members"].items():
                w = {}
                if "location" in ms:
                    w["l"] = LOCATIONS[ms["location"]]
                if "locationName" in ms:
                    w["n"] = ms["locationName"]
                if "queryName" in ms:
                    w["qn"] = ms["queryName"]
                target = shapes[ms["shape"]]
                if target["type"] == "timestamp" and "timestampFormat" in target:
                    w["tf"] = target["timestampFormat"]
                if ms.get("jsonvalue") or target.get("jsonvalue"):
                    w["jv"] = 1
                if ms.get("xmlAttribute"):
                    w["xa"] = 1
                if "xmlNamespace" in ms:
                    w["xn"] = namespace(ms["xmlNamespace"])
                if ms.get("flattened"):
                    w["fl"] = 1
                if ms.get("idempotencyToken"):
                    w["it"] = 1
                members.append(w)
            if any(members):
                info["mm"] = members
            # The members whose model name starts in lower case, where Step Functions' starts
            # in upper case: the wire name of a JSON member without a `locationName` is the
            # model's own (1: every member).
            lower = [i for i, n in enumerate(s["members"]) if n[:1] != n[:1].upper()]
            if lower and len(lower) == len(s["members"]):
                info["lc"] = 1
            elif lower:
                info["lc"] = lower
            if "payload" in s:
                info["pl"] = list(s["members"]).index(s["payload"])
            if "locationName" in s:
                info["n"] = s["locationName"]
            if "xmlNamespace" in s:
                info["xn"] = namespace(s["xmlNamespace"])
            if s.get("eventstream"):
                info["es"] = 1
        elif s["type"] == "list":
            info = {}
            item = s["member"]
            if "locationName" in item:
                info["n"] = item["locationName"]
            if s.get("flattened"):
                info["fl"] = 1
            target = shapes[item["shape"]]
            if target["type"] == "timestamp" and "timestampFormat" in target:
                info["tf"] = target["timestampFormat"]
        elif s["type"] == "map":
            info = {}
            if "locationName" in s["key"]:
                info["kn"] = s["key"]["locationName"]
            if "locationName" in s["value"]:
                info["vn"] = s["value"]["locationName"]
            if s.get("flattened"):
                info["fl"] = 1
            target = shapes[s["value"]["shape"]]
            if target["type"] == "timestamp" and "timestampFormat" in target:
                info["tf"] = target["timestampFormat"]
        if info:
            out.append([index, info])
    errors = []
    for shape_name in sorted(shapes):
        s = shapes[shape_name]
        if not s.get("exception"):
            continue
        error = s.get("error", {})
        entry = [shape_name, error.get("code", shape_name), error.get("httpStatusCode", 0)]
        if error.get("senderFault"):
            entry.append(1)
        errors.append(entry)
    return json.dumps({"m": m, "o": ops, "s": out, "e": errors}, separators=(",", ":"), ensure_ascii=False)


def generate(data):
    """[(entry dict, compact JSON text, wire JSON text)] for every service, sorted by botocore
    name."""
    services = []
    for name in sorted(os.listdir(data)):
        if name in SKIPPED or not os.path.isdir(os.path.join(data, name)):
            continue
        model = read_model(data, name)
        if model is None:
            continue
        meta = model["metadata"]
        java = java_service_name(meta["serviceId"])
        entry = {
            "botocore": name,
            "sdk": java.lower(),
            "prefix": java,
            "id": meta["serviceId"],
            "protocol": meta["protocol"],
            "version": meta["apiVersion"],
            "operations": len(model["operations"]),
        }
        text, compactor = compact(model)
        services.append((entry, text, wire(model, compactor)))
    seen = {}
    for entry, _, _ in services:
        other = seen.setdefault(entry["sdk"], entry["botocore"])
        if other != entry["botocore"]:
            fail(f"botocore services `{other}` and `{entry['botocore']}` share the SDK name `{entry['sdk']}`")
    return services


def rust_str(s):
    return json.dumps(s, ensure_ascii=False)


def index_rs(services, lengths):
    ops = sum(e["operations"] for e, _, _ in services)
    lines = [
        "// @generated by tools/aws-models/generate.py from botocore "
        f"{BOTOCORE_VERSION}; do not edit.",
        "",
        "//! Where each service's compact model lies in `data/models.bin`.",
        "",
        "use super::ServiceEntry;",
        "",
        "/// The botocore release the models come from.",
        f"pub const BOTOCORE_VERSION: &str = {rust_str(BOTOCORE_VERSION)};",
        "",
        "/// The number of operations over every service.",
        f"pub const OPERATION_COUNT: usize = {ops};",
        "",
        "/// The number of services.",
        f"pub(crate) const SERVICE_COUNT: usize = {len(services)};",
        "",
        "/// Every service, sorted by botocore name.",
        "pub(crate) static SERVICES: [ServiceEntry; SERVICE_COUNT] = [",
    ]
    offset = 0
    for (e, _, _), length in zip(services, lengths):
        lines.append(
            "    ServiceEntry {"
            f" botocore: {rust_str(e['botocore'])}, sdk: {rust_str(e['sdk'])},"
            f" prefix: {rust_str(e['prefix'])}, id: {rust_str(e['id'])},"
            f" protocol: {rust_str(e['protocol'])}, version: {rust_str(e['version'])},"
            f" operations: {e['operations']}, offset: {offset}, len: {length} }},"
        )
        offset += length
    lines.append("];")
    lines.append("")
    return "\n".join(lines)


def wire_index_rs(services, lengths):
    lines = [
        "// @generated by tools/aws-models/generate.py from botocore "
        f"{BOTOCORE_VERSION}; do not edit.",
        "",
        "//! Where each service's wire form lies in `data/wire.bin`: (offset, length), in the",
        "//! order of the models' index (by botocore name).",
        "",
        "use crate::models::SERVICE_COUNT;",
        "",
        "/// Each service's stream, by the index of its `Service`.",
        "pub(crate) static STREAMS: [(u32, u32); SERVICE_COUNT] = [",
    ]
    offset = 0
    for (e, _, _), length in zip(services, lengths):
        lines.append(f"    ({offset}, {length}), // {e['botocore']}")
        offset += length
    lines.append("];")
    lines.append("")
    return "\n".join(lines)


def write(services):
    streams = [zlib.compress(text.encode("utf-8"), 9) for _, text, _ in services]
    wires = [zlib.compress(text.encode("utf-8"), 9) for _, _, text in services]
    os.makedirs(os.path.dirname(BIN), exist_ok=True)
    os.makedirs(os.path.dirname(WIRE_INDEX), exist_ok=True)
    for path, parts in ((BIN, streams), (WIRE_BIN, wires)):
        with open(path, "wb") as f:
            for s in parts:
                f.write(s)
    with open(INDEX, "w", encoding="utf-8") as f:
        f.write(index_rs(services, [len(s) for s in streams]))
    with open(WIRE_INDEX, "w", encoding="utf-8") as f:
        f.write(wire_index_rs(services, [len(s) for s in wires]))
    ops = sum(e["operations"] for e, _, _ in services)
    size = sum(len(s) for s in streams)
    wire_size = sum(len(s) for s in wires)
    print(
        f"{len(services)} services, {ops} operations, {size} bytes in {os.path.relpath(BIN, ROOT)}, "
        f"{wire_size} bytes in {os.path.relpath(WIRE_BIN, ROOT)}"
    )


def compare_streams(blob, entries, texts, what, problems):
    """Compares each committed stream (`entries`: (name, offset, length)) with `texts`; returns
    the committed lengths."""
    lengths = []
    for text, (name, offset, length) in zip(texts, entries):
        offset, length = int(offset), int(length)
        try:
            committed = zlib.decompress(blob[offset : offset + length]).decode("utf-8")
        except zlib.error as e:
            problems.append(f"{name}: the committed {what} stream does not inflate ({e})")
            committed = None
        if committed is not None and committed != text:
            problems.append(f"{name}: the {what} differs")
        lengths.append(length)
    if sum(lengths) != len(blob):
        problems.append(f"the {what} file holds {len(blob)} bytes, the index covers {sum(lengths)}")
    return lengths


def check(services):
    """Compares the committed table with `services`; returns the differences."""
    problems = []
    try:
        with open(BIN, "rb") as f:
            blob = f.read()
        with open(INDEX, encoding="utf-8") as f:
            index = f.read()
        with open(WIRE_BIN, "rb") as f:
            wire_blob = f.read()
        with open(WIRE_INDEX, encoding="utf-8") as f:
            wire_index = f.read()
    except OSError as e:
        return [f"cannot read the committed table: {e}"]
    entries = re.findall(r'botocore: "([^"]*)".*? offset: (\d+), len: (\d+) \}', index)
    if [e[0] for e in entries] != [s["botocore"] for s, _, _ in services]:
        problems.append("the services differ")
    lengths = compare_streams(blob, entries, [t for _, t, _ in services], "model", problems)
    wire_entries = [(n, o, l) for o, l, n in re.findall(r"\((\d+), (\d+)\), // (\S+)", wire_index)]
    if [e[0] for e in wire_entries] != [s["botocore"] for s, _, _ in services]:
        problems.append("the wire index's services differ")
    wire_lengths = compare_streams(wire_blob, wire_entries, [w for _, _, w in services], "wire form", problems)
    if not problems and index != index_rs(services, lengths):
        problems.append("src/models/index.rs differs")
    if not problems and wire_index != wire_index_rs(services, wire_lengths):
        problems.append("src/wire/index.rs differs")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed table instead of writing it")
    args = parser.parse_args()
    services = generate(load_botocore())
    if args.check:
        problems = check(services)
        for p in problems[:20]:
            print(f"generate.py --check: {p}", file=sys.stderr)
        if problems:
            print(
                f"generate.py --check: the committed table is not what botocore {BOTOCORE_VERSION} gives; "
                "run target/moto-venv/bin/python tools/aws-models/generate.py",
                file=sys.stderr,
            )
            sys.exit(1)
        ops = sum(e["operations"] for e, _, _ in services)
        print(f"the committed table matches botocore {BOTOCORE_VERSION}: {len(services)} services, {ops} operations")
        return
    write(services)


if __name__ == "__main__":
    main()
