#!/usr/bin/env python3
"""Writes copies of a SARIF log, each with one defect, for the test that the
schema validator catches what it must.

    break_sarif.py IN OUT_PREFIX

writes OUT_PREFIX-<defect>.sarif for each defect below.
"""
import copy
import json
import sys


def result(d):
    return d["runs"][0]["results"][0]


DEFECTS = {
    # A property SARIF does not define (additionalProperties: false).
    "extra-property": lambda d: result(d).update({"severity": "high"}),
    # A required property missing.
    "no-message": lambda d: result(d).pop("message"),
    "no-driver-name": lambda d: d["runs"][0]["tool"]["driver"].pop("name"),
    # An enum value that is not in the enum.
    "bad-level": lambda d: result(d).update({"level": "warn"}),
    # Line numbers start at 1.
    "line-zero": lambda d: result(d)["locations"][0]["physicalLocation"]
    ["region"].update({"startLine": 0}),
    # A URI with a space.
    "bad-uri": lambda d: result(d)["locations"][0]["physicalLocation"]
    ["artifactLocation"].update({"uri": "src/a b.cpp"}),
    # helpUri must be absolute.
    "relative-help-uri": lambda d: d["runs"][0]["tool"]["driver"]["rules"][0]
    .update({"helpUri": "docs/checks/x.md"}),
    # A message with neither text nor id (anyOf).
    "empty-message": lambda d: result(d).update({"message": {}}),
    # A replacement without its deleted region.
    "no-deleted-region": lambda d: result(d)["fixes"][0]["artifactChanges"][0]
    ["replacements"][0].pop("deletedRegion"),
    # Wrong type.
    "string-column": lambda d: result(d)["locations"][0]["physicalLocation"]
    ["region"].update({"startColumn": "25"}),
    # Another SARIF version.
    "version": lambda d: d.update({"version": "2.0.0"}),
}


def main(src, prefix):
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    for name, defect in DEFECTS.items():
        d = copy.deepcopy(doc)
        defect(d)
        with open("%s-%s.sarif" % (prefix, name), "w", encoding="utf-8") as f:
            json.dump(d, f, indent=2)


if __name__ == "__main__":
    main(*sys.argv[1:])
