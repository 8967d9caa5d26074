"""JUnit XML, for CI systems that read test reports: a test suite per file, a failing test
case per diagnostic (and one passing case when there is nothing to report)."""

from __future__ import annotations

import itertools
from xml.etree import ElementTree

from layerlint.diagnostics import Report


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
    for path, group in itertools.groupby(report.diagnostics, key=lambda d: d.path):
        group = list(group)
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
                failure = ElementTree.SubElement(case, "failure", message=d.message, type=d.code)
                failure.text = f"{path}:{d.line}:{d.column}: {d.code} {d.message}"
            else:
                ElementTree.SubElement(case, "system-out").text = d.message
    ElementTree.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )
