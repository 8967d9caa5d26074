"""JUnit XML, for CI systems that read test reports: a test suite per file, a failing test
case per diagnostic (and one passing case when there is nothing to report)."""

from __future__ import annotations

import itertools
import re
from xml.etree import ElementTree

from layerlint.diagnostics import Report

# What XML 1.0 cannot hold at all, not even as a character reference: control characters
# (a contract name with an escape character) and lone surrogates (an undecodable file name).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """`value` as XML can hold it: what it cannot is written as its escape (`\\x1b`)."""
    return _NOT_XML.sub(lambda match: repr(match.group())[1:-1], value)


def render(report: Report) -> str:
    failures = [d for d in report.diagnostics if d.severity == "error"]
    root = ElementTree.Element(
        "testsuites",
        name="layerlint",
        tests=str(max(len(report.diagnostics), 1)),
        failures=str(len(failures)),
        errors="0",
    )
    if not report.diagnostics:
        suite = ElementTree.SubElement(
            root, "testsuite", name="layerlint", tests="1", failures="0", errors="0"
        )
        ElementTree.SubElement(suite, "testcase", name="layerlint", classname="layerlint")
    for shown, group in itertools.groupby(report.diagnostics, key=lambda d: d.path):
        group = list(group)
        path = _text(shown)
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=path,
            tests=str(len(group)),
            failures=str(sum(1 for d in group if d.severity == "error")),
            errors="0",
        )
        for d in group:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                name=f"{d.code} {path}:{d.line}:{d.column}",
                classname=path,
                file=path,
                line=str(d.line),
            )
            if d.severity == "error":
                message = _text(d.message)
                failure = ElementTree.SubElement(case, "failure", message=message, type=d.code)
                failure.text = f"{path}:{d.line}:{d.column}: {d.code} {message}"
            else:
                ElementTree.SubElement(case, "system-out").text = _text(d.message)
    ElementTree.indent(root)
    # ASCII, every other character a reference: the declared UTF-8 holds whatever encoding
    # stdout has (PYTHONIOENCODING=cp1252 would otherwise write another one).
    body = ElementTree.tostring(root, encoding="us-ascii").decode("ascii")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
