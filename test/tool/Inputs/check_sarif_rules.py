#!/usr/bin/env python3
"""Checks the rules of a lockcheck SARIF log against the checks and docs.

    check_sarif_rules.py SARIF LIST_CHECKS_OUTPUT DOCS_DIR [HELP_URI]

Every enabled check (from `lockcheck --list-checks`) must have exactly one
rule, with the short and full descriptions of tool/CheckDescriptions.def
(not the fallback used for a check missing from that table), the helpUri
HELP_URI with %s replaced by the check's name and {version} by the
driver's version (no helpUri without HELP_URI), and
its page docs/checks/<name>.md as help.markdown. Prints "ok: N rules" or
the problems (exit 1).
"""
import json
import os
import sys

def main(sarif_path, list_path, docs, uri=None):
    with open(sarif_path, encoding="utf-8") as f:
        driver = json.load(f)["runs"][0]["tool"]["driver"]
    rules = driver["rules"]
    if uri:
        uri = uri.replace("{version}", driver["version"])
    with open(list_path) as f:
        checks = [l.split()[0] for l in f if l.strip().startswith("lockcheck-")]
    problems = []
    ids = [r["id"] for r in rules]
    if sorted(ids) != sorted(checks) or len(set(ids)) != len(ids):
        problems.append("rules %s != enabled checks %s" % (ids, checks))
    for rule in rules:
        name = rule["id"][len("lockcheck-"):]
        if rule["shortDescription"]["text"].startswith("lockcheck check "):
            problems.append("%s: not described in tool/CheckDescriptions.def"
                            % rule["id"])
        if rule["fullDescription"]["text"] == rule["shortDescription"]["text"]:
            problems.append("%s: no full description" % rule["id"])
        if rule.get("helpUri") != (uri % name if uri else None):
            problems.append("%s: helpUri %r" % (rule["id"], rule.get("helpUri")))
        page = os.path.join(docs, name + ".md")
        if not os.path.exists(page):
            problems.append("%s: no page %s" % (rule["id"], page))
            continue
        with open(page, encoding="utf-8") as f:
            if rule["help"].get("markdown") != f.read():
                problems.append("%s: help.markdown is not %s" % (rule["id"], page))
    for p in problems:
        print(p)
    if not problems:
        print("ok: %d rules" % len(rules))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
