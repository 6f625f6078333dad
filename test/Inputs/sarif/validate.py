#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema (draft-07 subset).

    validate.py SCHEMA DOCUMENT...

Python 3 standard library only, so the tests need nothing installed. It
implements the keywords the SARIF 2.1.0 schema uses: type, enum, const,
required, properties, additionalProperties, items, minItems, maxItems,
uniqueItems, minimum, maximum, pattern, format (uri, uri-reference,
date-time), $ref (within the schema file), allOf, anyOf, oneOf, not.
Other keywords are ignored.

Prints "<document>: valid" for each valid document, or one line per
violation ("<document>: <json path>: <problem>"). Exit status: 0 when every
document is valid, 1 when one is not, 2 on a usage error or unreadable file.
"""
import json
import re
import sys

URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def type_ok(value, name):
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "null":
        return value is None
    raise ValueError("unknown type %r in the schema" % name)


def canonical(value):
    return json.dumps(value, sort_keys=True)


class Validator:
    def __init__(self, schema):
        self.root = schema

    def resolve(self, ref):
        if not ref.startswith("#"):
            raise ValueError("only references within the schema are supported: "
                             + ref)
        node = self.root
        for part in ref[1:].split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[part]
        return node

    def errors(self, value, schema, path="$"):
        """Yields (path, message) for each violation of schema by value."""
        if schema is True or schema == {}:
            return
        if schema is False:
            yield path, "no value is allowed here"
            return
        if "$ref" in schema:
            # In draft-07, $ref makes the other keywords of the object moot.
            yield from self.errors(value, self.resolve(schema["$ref"]), path)
            return

        if "type" in schema:
            types = schema["type"]
            types = types if isinstance(types, list) else [types]
            if not any(type_ok(value, t) for t in types):
                yield path, "%s is not of type %s" % (
                    canonical(value)[:60], " or ".join(types))
                return
        if "enum" in schema and not any(
                canonical(value) == canonical(e) for e in schema["enum"]):
            yield path, "%s is not one of %s" % (canonical(value)[:60],
                                                 canonical(schema["enum"]))
        if "const" in schema and canonical(value) != canonical(schema["const"]):
            yield path, "%s is not %s" % (canonical(value)[:60],
                                          canonical(schema["const"]))

        if isinstance(value, dict):
            for name in schema.get("required", []):
                if name not in value:
                    yield path, "required property '%s' is missing" % name
            props = schema.get("properties", {})
            extra = schema.get("additionalProperties", True)
            for name, item in value.items():
                sub = "%s.%s" % (path, name)
                if name in props:
                    yield from self.errors(item, props[name], sub)
                elif extra is False:
                    yield path, "property '%s' is not allowed" % name
                elif isinstance(extra, dict):
                    yield from self.errors(item, extra, sub)

        if isinstance(value, list):
            if "minItems" in schema and len(value) < schema["minItems"]:
                yield path, "fewer than %d items" % schema["minItems"]
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                yield path, "more than %d items" % schema["maxItems"]
            if schema.get("uniqueItems"):
                seen = set()
                for i, item in enumerate(value):
                    c = canonical(item)
                    if c in seen:
                        yield "%s[%d]" % (path, i), "duplicate item"
                    seen.add(c)
            items = schema.get("items")
            if isinstance(items, dict):
                for i, item in enumerate(value):
                    yield from self.errors(item, items, "%s[%d]" % (path, i))

        if type_ok(value, "number"):
            if "minimum" in schema and value < schema["minimum"]:
                yield path, "%s is less than %s" % (value, schema["minimum"])
            if "maximum" in schema and value > schema["maximum"]:
                yield path, "%s is greater than %s" % (value, schema["maximum"])

        if isinstance(value, str):
            if "pattern" in schema and not re.search(schema["pattern"], value):
                yield path, "%r does not match %r" % (value, schema["pattern"])
            fmt = schema.get("format")
            if fmt in ("uri", "uri-reference"):
                if not URI_CHARS.match(value) or PERCENT.search(value):
                    yield path, "%r is not a valid URI reference" % value
                elif fmt == "uri" and not URI_SCHEME.match(value):
                    yield path, "%r is not an absolute URI" % value
            elif fmt == "date-time" and not DATE_TIME.match(value):
                yield path, "%r is not an RFC 3339 date-time" % value

        for sub in schema.get("allOf", []):
            yield from self.errors(value, sub, path)
        if "anyOf" in schema and not any(
                not list(self.errors(value, sub, path))
                for sub in schema["anyOf"]):
            yield path, "matches none of the anyOf alternatives"
        if "oneOf" in schema:
            n = sum(1 for sub in schema["oneOf"]
                    if not list(self.errors(value, sub, path)))
            if n != 1:
                yield path, "matches %d of the oneOf alternatives, not 1" % n
        if "not" in schema and not list(self.errors(value, schema["not"], path)):
            yield path, "matches a schema it must not match"


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write("validate.py: cannot read %s: %s\n" % (path, e))
        sys.exit(2)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    validator = Validator(load(argv[1]))
    status = 0
    for doc in argv[2:]:
        problems = list(validator.errors(load(doc), validator.root))
        if not problems:
            print("%s: valid" % doc)
            continue
        status = 1
        for path, message in problems:
            print("%s: %s: %s" % (doc, path, message))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
