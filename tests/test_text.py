"""core.base.text: names as plain text for Streamlit's Markdown (`escape_markdown`) and for the report
writers (`printable`)."""

from __future__ import annotations

import re

import pytest

from core.base.text import escape_markdown, printable, shorten

WJ = "\u2060"


def unescape(markdown: str) -> str:
    """What CommonMark shows for text with backslash escapes only (no other syntax left)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WJ, "")


@pytest.mark.parametrize(
    "name",
    [
        "[x](http://evil)",
        "![x](http://127.0.0.1:8/img.png)",
        "$\\frac{a$",
        "<img src=x>",
        ":red[x]",
        ":material/home:",
        ":smile:",
        "**b** _i_ ~~s~~ `c`",
        "# h",
        "> q",
        "1. one",
        "a | b",
        "&amp; &#60;",
        "C:\\x\\",
    ],
)
def test_every_markdown_character_is_escaped(name: str) -> None:
    escaped = escape_markdown(name)
    assert unescape(escaped) == name
    # Nothing a Markdown reader could act on is left unescaped (once the escaped pairs are removed).
    left = re.sub(r"\\.", " ", escaped)
    assert not re.search(r"[\[\]$<*_`|~]|\w:|:\w|&[#\w]|^[#>\-+]|^\d+[.)]", left), left


def test_only_what_markdown_reads_is_escaped() -> None:
    assert escape_markdown("52/QĐ-BCĐ ngày 22/12/2025 (đợt 2), C02: 56,2% & xong") == (
        "52/QĐ-BCĐ ngày 22/12/2025 (đợt 2), C02\\: 56,2% & xong"
    )
    assert escape_markdown("- 1. a") == "\\- 1. a" and escape_markdown("1) a") == "1\\) a"
    assert escape_markdown(":material/home: :material_home:") == (
        "\\:material" + WJ + "/home\\: \\:material" + WJ + "\\_home\\:"
    )


def test_ordinary_names_read_as_before() -> None:
    for name in ("Bản Nậm Cha (thôn 3)", "Tổ dân phố số 5 - phường A", "Xã Tủa Sín Chải"):
        assert unescape(escape_markdown(name)) == name


def test_bare_addresses_are_not_linked() -> None:
    """GitHub's autolinks act after parsing, so a backslash alone does not stop them."""
    assert escape_markdown("http://evil.com") == "http\\:" + WJ + "//evil.com"
    assert escape_markdown("WWW.evil.com") == "WWW" + WJ + ".evil.com"
    assert escape_markdown("a@b.co") == "a@" + WJ + "b.co"


def test_one_line_without_hidden_characters() -> None:
    assert escape_markdown("  Bản\x00 \u202eNậm\tCha\r\n\r\n    x  ") == "Bản Nậm Cha x"
    assert escape_markdown("Ba\u0309n") == "Bản"  # composed (NFC)


def test_printable_keeps_lines_and_drops_controls() -> None:
    assert printable("Bản\x00\x07\x1b[31m Nậm\u202e\u2067x\u2069\ufeff\r\ny\tz\x85w") == "Bản[31m Nậmx\ny z\nw"
    assert printable("a\r\nb\n\nc", lines=False) == "a b c"
    assert printable("\ud800x") == "x"


def test_shorten() -> None:
    assert shorten("Bản Nậm", 20) == "Bản Nậm"
    assert shorten("Bản Nậm Cha thôn 3", 9) == "Bản Nậm…"
    assert len(shorten("x" * 500, 48)) == 48
