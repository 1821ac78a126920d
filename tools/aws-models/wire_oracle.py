#!/usr/bin/env python3
"""botocore and moto as the oracle of workflow-aws-models' wire codec (feature `wire`).

    target/moto-venv/bin/python tools/aws-models/wire_oracle.py cases SERVICE… > cases.json
    target/moto-venv/bin/python tools/aws-models/wire_oracle.py check cases.json ours.json

`cases` walks every operation of the named services (botocore names) of the pinned botocore and
writes, per operation:

- `input`: a request with every member filled (structures to a bounded depth, one member of a
  union, two items per list), named as Step Functions names members (the model's name with its
  first letter in upper case), timestamps as ISO 8601 text, binary data as text;
- `answer`: an answer with every output member filled, as moto's response serializers
  (`moto/core/serialize.py`, driven by the same models) put it on the wire, base64-encoded;
- `output`: what botocore's response parser reads of those bytes, named and typed as Step
  Functions hands it to a state (timestamps as ISO 8601 text, binary data in a body as base64,
  a binary payload as its text);
- `errors`: each modeled error of the operation as moto puts it on the wire, with the error
  shape botocore's parser names for it.

The Rust test (`workflow-aws-models/tests/wire.rs`) encodes each input and decodes each answer
with the codec and writes what it got; `check` compares its requests with botocore's own
serialization of the same input (`botocore/serialize.py`: method, path, query, the headers the
serializer sets, the body as JSON, XML or form data, compared as data), its outputs with
botocore's parse, and its errors' shapes with the modeled ones. It prints one line per
difference and exits 1 when there is any.
"""

import base64
import datetime
import json
import sys
import urllib.parse
import xml.etree.ElementTree as ET

import os

import botocore
import botocore.model
import botocore.session
from botocore.awsrequest import prepare_request_dict
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from moto.core.exceptions import ServiceException
from moto.core.serialize import get_serializer_class
from moto.core.model import ServiceModel as MotoServiceModel
import moto.core.errors

# moto's `get_error_model` makes a new `ErrorLookupFactory` for every error it serializes, so
# the factory's table of each service's error shapes, cached per service, never serves a second
# error: each of the 5,287 errors built its service's table again (3.5 of `cases`' 10
# CPU-seconds). One factory for the run keeps one table per service, as moto's cache intends;
# the shapes are the same.
_ERROR_LOOKUPS = moto.core.errors.ErrorLookupFactory()
moto.core.errors.ErrorLookupFactory = lambda: _ERROR_LOOKUPS

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402  (this directory's generator: its reader of the models)

# A fixed instant with whole seconds (botocore's ISO 8601 writes microseconds where ours writes
# milliseconds; the fraction's format is not what is compared).
INSTANT = datetime.datetime(2024, 1, 31, 12, 0, 0, tzinfo=datetime.timezone.utc)
MAX_DEPTH = 5

SESSION = botocore.session.get_session()


def raw_model(service):
    """The service's newest `service-2.json` as botocore ships it, without botocore's own
    `service-2.sdk-extras.json` changes (S3's `Expires` made a timestamp, …): the file
    `generate.py` reads (with its reader), which the other SDKs read too."""
    return generate.read_model(os.path.join(os.path.dirname(botocore.__file__), "data"), service)


class ModeledError(ServiceException):
    """A modeled error of the operation (a class of this module, so that moto looks its shape
    up in the operation's service only)."""


def upper_first(name):
    return name[:1].upper() + name[1:]


class Synth:
    """Fills a shape with values: botocore's Python values and Step Functions' JSON at once."""

    def __init__(self, for_input):
        self.for_input = for_input
        # The structures being filled: a recursive shape (DynamoDB's AttributeValue) is entered
        # twice on a path at most.
        self.open = []

    def value(self, shape, depth, label=None):
        """(python value, json value) or None when the shape is left out."""
        t = shape.type_name
        if t == "structure":
            if depth > MAX_DEPTH or shape.serialization.get("eventstream") or self.open.count(shape.name) >= 2:
                return None
            if shape.is_document_type:
                return {"a": 1, "b": [True, "x"]}, {"a": 1, "b": [True, "x"]}
            py, js = {}, {}
            members = list(shape.members.items())
            if shape.metadata.get("union"):
                members = members[:1]
            self.open.append(shape.name)
            for name, member in members:
                location = member.serialization.get("location")
                if not self.for_input and location == "statusCode":
                    continue
                label = None
                if member.serialization.get("hostLabel"):
                    label = "host"
                elif location == "uri":
                    label = "greedy" if "{%s+}" % member.serialization.get("name", name) in self.uri else "plain"
                got = self.value(member, depth + 1, label)
                if got is None:
                    continue
                py[name], js[upper_first(name)] = got
            self.open.pop()
            return py, js
        if t == "list":
            got = self.value(shape.member, depth + 1)
            if got is None:
                return None
            return [got[0], got[0]], [got[1], got[1]]
        if t == "map":
            got = self.value(shape.value, depth + 1)
            if got is None:
                return None
            return {"k1": got[0], "k2": got[0]}, {"k1": got[1], "k2": got[1]}
        if t == "string":
            if shape.enum:
                return shape.enum[0], shape.enum[0]
            if label == "host":
                return "hostlabel", "hostlabel"
            if label == "greedy":
                return "dir/a b+c~.txt", "dir/a b+c~.txt"
            if label == "plain":
                return "a b&c", "a b&c"
            if shape.serialization.get("jsonvalue") or shape.metadata.get("jsonvalue"):
                # botocore dumps a header's JSON itself, and sends a body's as given: the JSON
                # text the SDKs for Java (and so Step Functions) send.
                if shape.serialization.get("location") == "header":
                    return {"j": 1}, {"j": 1}
                return '{"j":1}', {"j": 1}
            return "text <&> é", "text <&> é"
        if t in ("integer", "long"):
            n = 7
            lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
            if lo is not None:
                n = max(n, int(lo))
            if hi is not None:
                n = min(n, int(hi))
            return n, n
        if t in ("float", "double"):
            return 1.5, 1.5
        if t == "boolean":
            return True, True
        if t == "timestamp":
            return INSTANT, "2024-01-31T12:00:00Z"
        if t == "blob":
            return b"blob-data", "blob-data"
        raise ValueError(f"unexpected shape type {t}")


def state_value(shape, value, in_payload=False):
    """What the state gets for `value` (botocore's parse) of `shape`."""
    if value is None:
        return None
    t = shape.type_name
    if t == "structure":
        if shape.is_document_type:
            return value
        out = {}
        for name, member in shape.members.items():
            if name in value:
                v = state_value(member, value[name], in_payload=shape.serialization.get("payload") == name)
                if v is not None:
                    out[upper_first(name)] = v
        return out
    if t == "list":
        return [state_value(shape.member, v) for v in value]
    if t == "map":
        return {k: state_value(shape.value, v) for k, v in value.items()}
    if t == "timestamp":
        value = value.astimezone(datetime.timezone.utc)
        millis = value.microsecond // 1000
        text = value.strftime("%Y-%m-%dT%H:%M:%S")
        return f"{text}.{millis:03d}Z" if millis else f"{text}Z"
    if not isinstance(value, (bytes, bytearray, str, int, float, bool)) and not hasattr(value, "read"):
        raise ValueError(f"botocore read {type(value).__name__} for a {t}")
    if t == "blob":
        if hasattr(value, "read"):
            value = value.read()
        if isinstance(value, str):
            value = value.encode("utf-8")
        if in_payload:
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                return base64.b64encode(value).decode()
        return base64.b64encode(value).decode()
    return value


def cases(services):
    out = []
    for service_name in services:
        raw = raw_model(service_name)
        model = botocore.model.ServiceModel(raw, service_name)
        moto_model = MotoServiceModel(raw, service_name)
        protocol = model.metadata["protocol"]
        offered = model.metadata.get("protocols") or [protocol]
        protocol = next(p for p in offered if p in ("json", "rest-json", "rest-xml", "query", "ec2"))
        for op_name in model.operation_names:
            op = model.operation_model(op_name)
            case = {"service": service_name, "operation": op_name, "protocol": protocol}
            synth = Synth(for_input=True)
            synth.uri = op.http.get("requestUri", "")
            if op.input_shape is not None:
                got = synth.value(op.input_shape, 0)
                py_in, js_in = got if got is not None else ({}, {})
            else:
                py_in, js_in = {}, {}
            case["input"] = js_in
            case["botocore_input"] = repr(sorted(py_in))
            if op.has_event_stream_input or op.has_event_stream_output:
                case["skip"] = "streams events"
                out.append(case)
                continue
            serializer = create_serializer(protocol, include_validation=False)
            request = serializer.serialize_to_request(py_in, op)
            prepare_request_dict(request, endpoint_url="http://127.0.0.1")
            case["request"] = describe_request(request, protocol)
            if op.output_shape is not None:
                out_synth = Synth(for_input=False)
                out_synth.uri = ""
                got = out_synth.value(op.output_shape, 0)
                py_out = got[0] if got is not None else {}
            else:
                py_out = {}
            serializer_class = get_serializer_class(service_name, protocol)
            moto_op = moto_model.operation_model(op_name)
            if op.output_shape is not None:
                response = serializer_class(moto_op).serialize(py_out)
            else:
                response = {"status_code": op.http.get("responseCode", 200), "headers": {}, "body": b""}
            body = response["body"]
            if isinstance(body, str):
                body = body.encode("utf-8")
            headers = {k: str(v) for k, v in response["headers"].items()}
            case["answer"] = {
                "status": response["status_code"],
                "headers": [list(h) for h in sorted(headers.items())],
                "body": base64.b64encode(body).decode(),
            }
            parser = create_parser(protocol)
            if op.output_shape is None:
                case["output"] = {}
            else:
                try:
                    parsed = parser.parse(
                        {"status_code": response["status_code"], "headers": headers, "body": body},
                        op.output_shape,
                    )
                    parsed.pop("ResponseMetadata", None)
                    case["output"] = state_value(op.output_shape, parsed)
                except Exception as e:
                    case["skip_output"] = f"botocore cannot read moto's answer: {e}"
            errors = []
            for error_shape in op.error_shapes:
                failure = ModeledError(error_shape.name, "went wrong: <&>")
                try:
                    answer = serializer_class(moto_op).serialize(failure)
                except Exception as e:  # moto cannot write every error shape
                    errors.append({"shape": error_shape.name, "skip": f"moto: {e}"})
                    continue
                body = answer["body"]
                if isinstance(body, str):
                    body = body.encode("utf-8")
                headers = {k: str(v) for k, v in answer["headers"].items()}
                try:
                    parsed = parser.parse(
                        {"status_code": answer["status_code"], "headers": headers, "body": body},
                        op.output_shape,
                    )
                except Exception as e:
                    errors.append({"shape": error_shape.name, "skip": f"botocore: {e}"})
                    continue
                errors.append(
                    {
                        "shape": error_shape.name,
                        "code": parsed.get("Error", {}).get("Code"),
                        "message": parsed.get("Error", {}).get("Message"),
                        "status": answer["status_code"],
                        "headers": [list(h) for h in sorted(headers.items())],
                        "body": base64.b64encode(body).decode(),
                    }
                )
            case["errors"] = errors
            out.append(case)
    return out


def describe_request(request, protocol):
    url = urllib.parse.urlsplit(request["url"])
    body = request["body"]
    if isinstance(body, dict):
        body = urllib.parse.urlencode(body, doseq=True).encode()
    elif isinstance(body, str):
        body = body.encode("utf-8")
    elif body is None:
        body = b""
    elif hasattr(body, "read"):
        body = body.read()
    return {
        "method": request["method"],
        "path": url.path,
        "query": url.query,
        "headers": {k.lower(): str(v) for k, v in request["headers"].items()},
        "body": base64.b64encode(body).decode(),
    }


def xml_canonical(element):
    children = sorted((xml_canonical(c) for c in element), key=json.dumps)
    text = (element.text or "").strip() if not len(element) else ""
    return [element.tag, sorted(element.attrib.items()), text, children]


def body_data(body, headers, protocol):
    """The body as data, to compare: JSON, XML as a tree, form data as sorted pairs, or bytes."""
    if not body:
        return None
    content_type = headers.get("content-type", "")
    if protocol in ("query", "ec2") and "x-www-form-urlencoded" in content_type:
        return sorted(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
    try:
        return ["json", json.loads(body)]
    except ValueError:
        pass
    try:
        return ["xml", xml_canonical(ET.fromstring(body))]
    except ET.ParseError:
        return ["raw", body.decode("utf-8", "replace")]


def check(cases_path, ours_path):
    with open(cases_path) as f:
        expected = {(c["service"], c["operation"]): c for c in json.load(f)}
    with open(ours_path) as f:
        ours = json.load(f)
    problems = []
    counts = {"requests": 0, "answers": 0, "errors": 0}
    for got in ours:
        key = (got["service"], got["operation"])
        case = expected[key]
        where = f"{key[0]}:{key[1]}"
        if "skip" in case:
            if "error" not in got.get("request", {}):
                problems.append(f"{where}: {case['skip']}, but the codec encoded it")
            continue
        theirs = case["request"]
        mine = got["request"]
        if "error" in mine:
            problems.append(f"{where}: the codec refused the request: {mine['error']}")
        else:
            counts["requests"] += 1
            for field in ("method", "path"):
                if theirs[field] != mine[field]:
                    problems.append(f"{where}: {field} {mine[field]!r}, botocore {theirs[field]!r}")
            if sorted(urllib.parse.parse_qsl(theirs["query"], keep_blank_values=True)) != sorted(
                urllib.parse.parse_qsl(mine["query"], keep_blank_values=True)
            ):
                problems.append(f"{where}: query {mine['query']!r}, botocore {theirs['query']!r}")
            my_headers = {k.lower(): v for k, v in mine["headers"]}
            for name, value in theirs["headers"].items():
                if name in ("content-length",):
                    continue
                if my_headers.get(name) != value:
                    problems.append(f"{where}: header {name} {my_headers.get(name)!r}, botocore {value!r}")
            a = body_data(base64.b64decode(theirs["body"]), theirs["headers"], case["protocol"])
            b = body_data(base64.b64decode(mine["body"]), my_headers, case["protocol"])
            if a != b and not (a is None and b in (["json", {}],)):
                problems.append(f"{where}: body {json.dumps(b)[:400]}, botocore {json.dumps(a)[:400]}")
        if "skip_output" in case:
            pass
        elif "error" in got.get("output", {}) and isinstance(got["output"], dict) and set(got["output"]) == {"error"}:
            problems.append(f"{where}: the codec could not read the answer: {got['output']['error']}")
        else:
            counts["answers"] += 1
            if got["output"] != case["output"]:
                problems.append(
                    f"{where}: output {json.dumps(got['output'])[:600]}, botocore {json.dumps(case['output'])[:600]}"
                )
        for error, mine in zip(case["errors"], got["errors"]):
            if "skip" in error:
                continue
            counts["errors"] += 1
            if mine.get("shape") != error["shape"] or mine.get("message") != error["message"]:
                problems.append(f"{where}: error {mine}, botocore {error['shape']} {error['code']!r} {error['message']!r}")
    for p in problems:
        print(p)
    print(
        f"wire_oracle: {counts['requests']} requests, {counts['answers']} answers and {counts['errors']} errors "
        f"compared, {len(problems)} differences"
    )
    return 1 if problems else 0


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "cases":
        json.dump(cases(sys.argv[2:]), sys.stdout, ensure_ascii=False)
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        return check(sys.argv[2], sys.argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
