"""The class-header sketch: every `class` statement's name and bases, found without parsing,
the same as a MULTILINE-anchored regular expression would find them."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from layerlint.project.python_syntax import _class_headers, class_headers

_ANCHORED = re.compile(
    rb"^[ \t]*class[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\(([^)]*))?", re.MULTILINE
)


def reference(source: bytes) -> list[tuple[bytes, bytes]]:
    return _ANCHORED.findall(source)


def headers(source: bytes) -> list[tuple[bytes, bytes]]:
    return [(name, bases or b"") for name, bases in _class_headers(source)]


def test_headers_first_on_their_line_only():
    source = (
        b"class A(Base, metaclass=M):\n"
        b"    class Inner:\n"
        b"        pass\n"
        b"x = 'a subclass B(' \n"  # not a header; its "(" runs into the next line
        b"class C(A): pass\n"
        b"myclass D(E)\n"
        b"\tclass F (G)\n"
        b"class\tH\n"
        b"classy = 1\n"
    )
    assert headers(source) == [
        (b"A", b"Base, metaclass=M"),
        (b"Inner", b""),
        (b"C", b"A"),
        (b"F", b"G"),
        (b"H", b""),
    ]
    assert class_headers(source) == (
        ("A", "C", "F", "H", "Inner"),
        ("A", "Base", "G", "M", "metaclass"),
    )


_PIECES = st.sampled_from(
    [b"class", b"class ", b" ", b"\t", b"\n", b"\r\n", b"(", b")", b",", b"A", b"b_1", b"sub",
     b"x = ", b"#", b"'", b"classy", b"="]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(b"".join))
def test_same_as_the_anchored_expression(source):
    assert headers(source) == reference(source)
