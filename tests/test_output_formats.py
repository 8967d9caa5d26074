"""The CI output formats: GitHub Actions workflow commands, SARIF 2.1.0 and JUnit XML.

One small violating project (LL101 twice, one on a multi-line import and one indented, LL102,
LL901, and a warning-severity LL902), whose contract name holds characters GitHub must
escape, and one clean project. Each format is checked against the concise output of the same
run, for exact content, exit codes and determinism.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import jsonschema
import pytest
from helpers import write_project

from layerlint.diagnostics import Diagnostic
from layerlint.reporters import github
from layerlint.rules import RULES

SCHEMA_PATH = Path(__file__).parent / "sarif-schema-2.1.0.json"

# The contract's name holds `%`, `:` and `,` (and a newline, which layerlint folds to a space).
LAYERS = {
    "name": "Layers 100%: api, services\nand domain",
    "type": "layers",
    "layers": ["app.api", "app.services", "app.domain"],
    "ignore_imports": ["app.domain.order -> app.api.views"],  # matches nothing: LL902
    "unmatched_ignore_imports_alerting": "warn",
}
PURE = {
    "name": "Pure domain",
    "type": "forbidden",
    "source_modules": ["app.domain"],
    "forbidden_modules": ["requests"],
}
FILES = {
    "src/app/api/views.py": "import os\n",
    "src/app/api/broken.py": "def broken(:\n    pass\n",
    "src/app/services/mail.py": "from app.api import (\n    views,\n)\n",
    "src/app/domain/user.py": (
        "import requests\n\n\ndef load():\n    from app.services import mail\n    return mail\n"
    ),
    "src/app/domain/order.py": "import os\n",
}
CLEAN_FILES = {
    **FILES,
    "src/app/api/broken.py": "def broken():\n    pass\n",
    "src/app/services/mail.py": "from app.domain import (\n    order,\n)\n",
    "src/app/domain/user.py": "import os\n\n\ndef load():\n    from app.domain import order\n    return order\n",
}

NAME = "Layers 100%: api, services and domain"  # as layerlint prints it
EXPECTED_CONCISE = [
    (
        "pyproject.toml:8:20: LL902 warning: Ignored import 'app.domain.order -> app.api.views' "
        f"matches no import (contract '{NAME}')"
    ),
    (
        "src/app/api/broken.py:1:12: LL901 Cannot parse src/app/api/broken.py: invalid syntax; "
        "its imports are not checked"
    ),
    (
        "src/app/domain/user.py:1:1: LL102 Forbidden import: app.domain.user -> requests: "
        "'app.domain' must not import 'requests' (contract 'Pure domain')"
    ),
    (
        "src/app/domain/user.py:5:5: LL101 Layer violation: app.domain.user -> app.services.mail: "
        f"layer 'app.domain' must not import higher layer 'app.services' (contract '{NAME}')"
    ),
    (
        "src/app/services/mail.py:1:1: LL101 Layer violation: app.services.mail -> app.api.views: "
        f"layer 'app.services' must not import higher layer 'app.api' (contract '{NAME}')"
    ),
]

ESCAPED = NAME.replace("%", "%25")  # data: only % (and CR, LF) are escaped
EXPECTED_GITHUB = [
    (
        "::warning file=pyproject.toml,line=8,col=20,endLine=8,endColumn=20,"
        "title=layerlint (LL902)::Ignored import 'app.domain.order -> app.api.views' matches no "
        f"import (contract '{ESCAPED}')"
    ),
    (
        "::error file=src/app/api/broken.py,line=1,col=12,endLine=1,endColumn=12,"
        "title=layerlint (LL901)::Cannot parse src/app/api/broken.py: invalid syntax; "
        "its imports are not checked"
    ),
    (
        "::error file=src/app/domain/user.py,line=1,col=1,endLine=1,endColumn=16,"
        "title=layerlint (LL102)::Forbidden import: app.domain.user -> requests: 'app.domain' "
        "must not import 'requests' (contract 'Pure domain')"
    ),
    (
        "::error file=src/app/domain/user.py,line=5,col=5,endLine=5,endColumn=34,"
        "title=layerlint (LL101)::Layer violation: app.domain.user -> app.services.mail: "
        f"layer 'app.domain' must not import higher layer 'app.services' (contract '{ESCAPED}')"
    ),
    # the multi-line import: its region ends on line 3, after the closing parenthesis
    (
        "::error file=src/app/services/mail.py,line=1,col=1,endLine=3,endColumn=2,"
        "title=layerlint (LL101)::Layer violation: app.services.mail -> app.api.views: "
        f"layer 'app.services' must not import higher layer 'app.api' (contract '{ESCAPED}')"
    ),
]

CONCISE_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>LL\d{3}) "
    r"(?P<warning>warning: )?(?P<message>.+)$"
)
# RFC 3986 relative reference without scheme (path-noscheme / path-absent), no query/fragment.
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@]|%[0-9A-Fa-f]{2})"
RELATIVE_URI = re.compile(rf"^{_PCHAR}+(?:/(?:{_PCHAR}|:)*)*$")


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    return write_project(tmp_path / "proj", FILES, [LAYERS, PURE])


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    layers = {k: v for k, v in LAYERS.items() if k not in ("ignore_imports",)}
    return write_project(tmp_path / "clean", CLEAN_FILES, [layers, PURE])


def concise(cli, cwd: Path, *paths: str) -> list[dict]:
    """The concise diagnostics of a run, parsed (the contracts' lines and the summary, which
    test_the_project_has_the_intended_problems compares, left off)."""
    _code, out, err = cli("check", "--no-cache", *paths, cwd=cwd)
    assert err == "", err
    parsed = []
    for line in out.splitlines()[:-1]:
        if line.startswith("Contract '"):
            break
        match = CONCISE_LINE.match(line)
        assert match, line
        parsed.append(
            {
                "path": match["path"],
                "line": int(match["line"]),
                "col": int(match["col"]),
                "code": match["code"],
                "level": "warning" if match["warning"] else "error",
                "message": match["message"],
            }
        )
    return parsed


def test_the_project_has_the_intended_problems(proj, clean, cli):
    code, out, err = cli("check", "--no-cache", cwd=proj)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        *EXPECTED_CONCISE,
        "Contract 'Layers 100%: api, services and domain': broken, 2 problems",
        "Contract 'Pure domain': broken, 1 problem",
        "Found 5 problems in 4 files (1 warning) (2 contracts checked).",
    ]
    code, out, err = cli("check", "--no-cache", cwd=clean)
    assert (code, err) == (0, ""), out
    assert out.splitlines()[-1].startswith("All checks passed"), out


# -- github ------------------------------------------------------------------------------------


def test_github_exact_workflow_commands(proj, cli):
    code, out, err = cli("check", "--no-cache", "--output-format", "github", cwd=proj)
    assert (code, err) == (1, "")
    assert out.endswith("\n")
    assert out.splitlines() == EXPECTED_GITHUB  # nothing else: no summary, no blank lines
    assert out == "".join(line + "\n" for line in EXPECTED_GITHUB)


def test_github_matches_the_concise_locations(proj, cli):
    expected = concise(cli, proj)
    _, out, _ = cli("check", "--no-cache", "--output-format", "github", cwd=proj)
    pattern = re.compile(
        r"^::(?P<level>error|warning) file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),"
        r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+),"
        r"title=layerlint \((?P<code>LL\d{3})\)::(?P<message>.*)$"
    )
    found = []
    for line in out.splitlines():
        match = pattern.match(line)
        assert match, line
        assert int(match["end_line"]) >= int(match["line"])
        if match["end_line"] == match["line"]:
            assert int(match["end_col"]) >= int(match["col"])
        found.append(
            {
                "path": match["file"],
                "line": int(match["line"]),
                "col": int(match["col"]),
                "code": match["code"],
                "level": match["level"],
                "message": match["message"].replace("%25", "%"),
            }
        )
    assert found == expected


def test_github_escapes_properties_in_the_file_path(tmp_path, cli):
    """`%`, `:` and `,` in a path (run from outside the project) are escaped in `file=`."""
    write_project(tmp_path / "we,ird:100%" / "proj", FILES, [LAYERS, PURE])
    code, out, err = cli(
        "check", "--no-cache", "--output-format", "github", "we,ird:100%/proj", cwd=tmp_path
    )
    assert (code, err) == (1, "")
    prefix = "we%2Cird%3A100%25/proj/"
    assert out.splitlines() == [
        line.replace(" file=", f" file={prefix}", 1).replace(
            "::Cannot parse src/",
            "::Cannot parse we,ird:100%25/proj/src/",  # data: % only
        )
        for line in EXPECTED_GITHUB
    ]


def test_github_escaping_rules_for_data_and_properties():
    """GitHub's rules: data escapes % CR LF; properties also : and ,. A newline and a CR
    cannot reach a message through a configuration (names are folded), so the annotation is
    built directly."""
    diagnostic = Diagnostic(
        path="dir:a,b/100%.py",
        line=3,
        column=5,
        code="LL101",
        message="first: 100%, then\r\nsecond, line: done\n",
        end_line=4,
        end_column=9,
        severity="error",
    )
    assert github.annotation(diagnostic) == (
        "::error file=dir%3Aa%2Cb/100%25.py,line=3,col=5,endLine=4,endColumn=9,"
        "title=layerlint (LL101)::first: 100%25, then%0D%0Asecond, line: done%0A"
    )
    warning = Diagnostic("x.toml", 2, 1, "LL902", "a%b", 2, 1, severity="warning")
    assert github.annotation(warning) == (
        "::warning file=x.toml,line=2,col=1,endLine=2,endColumn=1,title=layerlint (LL902)::a%25b"
    )
    assert "\n" not in github.annotation(diagnostic)
    assert "\r" not in github.annotation(diagnostic)


def test_multi_line_region_ending_left_of_its_start(proj, cli):
    """An indented import whose closing parenthesis sits further left than the statement's
    start: the region ends on line 7, column 2 (as the JSON output says), and neither GitHub
    nor SARIF may move that end to the start column."""
    write_project(
        proj,
        {
            "src/app/domain/user.py": (
                "import requests\n\n\ndef load():\n"
                "    from app.services import (\n        mail,\n)\n    return mail\n"
            )
        },
        [LAYERS, PURE],
    )
    _, out, _ = cli("check", "--no-cache", "--output-format", "json", cwd=proj)
    (entry,) = [
        e
        for e in json.loads(out)
        if e["filename"] == "src/app/domain/user.py" and e["code"] == "LL101"
    ]
    assert (entry["location"], entry["end_location"]) == (
        {"row": 5, "column": 5},
        {"row": 7, "column": 2},
    )
    _, out, _ = cli("check", "--no-cache", "--output-format", "github", cwd=proj)
    (line,) = [x for x in out.splitlines() if "src/app/domain/user.py,line=5," in x]
    assert ",line=5,col=5,endLine=7,endColumn=2,title=" in line, line
    _, out, _ = cli("check", "--no-cache", "--output-format", "sarif", cwd=proj)
    (result,) = [
        r
        for r in json.loads(out)["runs"][0]["results"]
        if r["ruleId"] == "LL101"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "src/app/domain/user.py"
    ]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5,
        "startColumn": 5,
        "endLine": 7,
        "endColumn": 2,
    }


def test_github_clean_project_prints_nothing(clean, cli):
    code, out, err = cli("check", "--no-cache", "--output-format", "github", cwd=clean)
    assert (code, out, err) == (0, "", "")


def test_github_warnings_alone_exit_0(clean, cli):
    write_project(clean, CLEAN_FILES, [LAYERS, PURE])  # the unmatched ignore_imports is back
    code, out, err = cli("check", "--no-cache", "--output-format", "github", cwd=clean)
    assert (code, err) == (0, "")
    assert out.splitlines() == [EXPECTED_GITHUB[0]]


# -- sarif -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def sarif(cli, cwd: Path, *args: str) -> tuple[int, dict]:
    code, out, err = cli("check", "--no-cache", "--output-format", "sarif", *args, cwd=cwd)
    assert err == ""
    assert out.endswith("\n")
    return code, json.loads(out)


def assert_valid_sarif(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_sarif_validates_against_the_schema(proj, clean, cli, sarif_validator):
    code, log = sarif(cli, proj)
    assert code == 1
    assert_valid_sarif(sarif_validator, log)
    code, log = sarif(cli, clean)
    assert code == 0
    assert_valid_sarif(sarif_validator, log)


def test_sarif_one_rule_per_registered_code(proj, cli):
    _, log = sarif(cli, proj)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "layerlint"
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(RULES)
    for rule in rules:
        registered = RULES[rule["id"]]
        assert rule["name"] == registered.name
        assert rule["shortDescription"]["text"] == registered.summary
        assert rule["fullDescription"]["text"] == registered.explanation
        assert rule["helpUri"] == registered.url
        assert rule["helpUri"].startswith("https://")
        assert rule["shortDescription"]["text"].strip()
        assert rule["fullDescription"]["text"].strip()


def test_sarif_results_match_the_concise_output(proj, cli):
    expected = concise(cli, proj)
    _, log = sarif(cli, proj)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    found = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        assert len(result["locations"]) == 1
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert "\\" not in uri and not uri.startswith("/") and "://" not in uri, uri
        assert not re.match(r"^[A-Za-z]:", uri), uri  # no drive letter: relative
        assert RELATIVE_URI.match(uri), uri
        region = physical["region"]
        assert region["endLine"] >= region["startLine"]
        if region["endLine"] == region["startLine"]:
            assert region["endColumn"] >= region["startColumn"]
        found.append(
            {
                "path": unquote(uri),
                "line": region["startLine"],
                "col": region["startColumn"],
                "code": result["ruleId"],
                "level": result["level"],
                "message": result["message"]["text"],
            }
        )
    assert found == expected
    by_code = {f["code"] for f in found}
    assert by_code == {"LL101", "LL102", "LL901", "LL902"}
    # the multi-line import's region covers its three lines
    mail = next(
        r
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "src/app/services/mail.py"
    )
    assert mail["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 1,
        "endLine": 3,
        "endColumn": 2,
    }


def test_sarif_clean_project_has_no_results(clean, cli, sarif_validator):
    code, log = sarif(cli, clean)
    assert code == 0
    assert log["runs"][0]["results"] == []
    assert {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]} == set(RULES)


def test_sarif_uris_are_valid_relative_uri_references(tmp_path, cli, sarif_validator):
    """Run from outside the project, the paths hold a space and a `#`: SARIF wants valid
    URI references (RFC 3986), so these must be percent-encoded, still relative, with
    forward slashes."""
    write_project(tmp_path / "my proj#1", FILES, [LAYERS, PURE])
    expected = concise(cli, tmp_path, "my proj#1")
    code, log = sarif(cli, tmp_path, "my proj#1")
    assert code == 1
    assert_valid_sarif(sarif_validator, log)
    results = log["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert [unquote(u) for u in uris] == [d["path"] for d in expected]
    for uri in uris:
        assert RELATIVE_URI.match(uri), f"not a valid relative URI reference: {uri!r}"


# -- junit -------------------------------------------------------------------------------------


def junit(cli, cwd: Path) -> tuple[int, str, ElementTree.Element]:
    code, out, err = cli("check", "--no-cache", "--output-format", "junit", cwd=cwd)
    assert err == ""
    return code, out, ElementTree.fromstring(out.encode("utf-8"))


def test_junit_suites_cases_and_counts(proj, cli):
    expected = concise(cli, proj)
    code, out, root = junit(cli, proj)
    assert code == 1
    assert out.startswith("<?xml")
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    files = sorted({d["path"] for d in expected})
    assert sorted(s.get("name") for s in suites) == files  # one suite per file
    total_tests = total_failures = 0
    for suite in suites:
        cases = suite.findall("testcase")
        failures = [c for c in cases if c.find("failure") is not None]
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == len(failures)
        assert int(suite.get("errors", "0")) == 0
        assert not [c for c in cases if c.find("error") is not None]
        total_tests += len(cases)
        total_failures += len(failures)
        here = [d for d in expected if d["path"] == suite.get("name")]
        assert len(cases) == len(here)
        for case, diagnostic in zip(cases, here):
            assert case.get("file") == diagnostic["path"]
            assert int(case.get("line")) == diagnostic["line"]
            failure = case.find("failure")
            if diagnostic["level"] == "error":
                assert failure is not None, ElementTree.tostring(case)
                assert failure.get("type") == diagnostic["code"]
                assert failure.get("message") == diagnostic["message"]
            else:
                assert failure is None, ElementTree.tostring(case)
    errors = [d for d in expected if d["level"] == "error"]
    assert total_failures == len(errors) == 4
    assert total_tests == len(expected)
    assert int(root.get("tests")) == total_tests
    assert int(root.get("failures")) == total_failures
    assert int(root.get("errors", "0")) == 0


def test_junit_clean_project_is_one_passing_case(clean, cli):
    code, _, root = junit(cli, clean)
    assert code == 0
    cases = root.findall(".//testcase")
    assert len(cases) == 1
    assert list(cases[0]) == []  # no failure, error or skipped
    assert len(root.findall("testsuite")) == 1
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors", "0")) == ("1", "0", "0")
    assert (root.get("tests"), root.get("failures"), root.get("errors", "0")) == ("1", "0", "0")


# -- determinism -------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["github", "sarif", "junit"])
def test_each_format_is_deterministic(proj, clean, cli, output_format):
    for project in (proj, clean):
        runs = [
            cli("check", "--no-cache", "--output-format", output_format, cwd=project),
            cli("check", "--output-format", output_format, cwd=project),  # cold cache
            cli("check", "--output-format", output_format, cwd=project),  # warm cache
        ]
        assert runs[0][1] != "" or output_format == "github"
        assert runs[0] == runs[1] == runs[2]
        assert runs[0][1].encode("utf-8") == runs[2][1].encode("utf-8")


@pytest.mark.parametrize(
    ("directory", "path", "shown"),
    [
        ("/a/b", "/a/b/c/d.py", "c/d.py"),
        ("/a/b", "/a/bc/d.py", "../bc/d.py"),
        ("/a/b", "/a/b/../x.py", "../x.py"),
        ("/", "/x/y.py", "x/y.py"),
        ("/a/b", "/a/b/./c.py", "c.py"),
        ("/a/b", "/other/z.py", "../../other/z.py"),
        ("/a/b", "/a/b//c.py", "c.py"),
    ],
)
def test_a_path_is_shown_as_relpath_shows_it(directory, path, shown):
    """display_path's quick way for the files below the current directory gives what
    os.path.relpath gives, for paths it must normalise too."""
    from layerlint.diagnostics import _relative_to

    assert (
        _relative_to(directory, path) == shown == Path(os.path.relpath(path, directory)).as_posix()
    )
