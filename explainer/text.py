"""Small text helpers for hover cards and labels."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import quote

# A line break that re-wrapping keeps: between a note's paragraphs (a source line and its key,
# one event and the next). Plotly draws a newline as a space, so it shows as an ordinary break;
# a plain ``<br>`` is a wrap, which :func:`rewrap` may move.
PARAGRAPH = "\n<br>"


def plain(value) -> str:
    """A data string as text in a figure: plotly reads ``<b>``, ``<a href>``, ``<span style>``
    in hover cards, notes and titles as markup, and decodes ``&lt;`` ``&gt;`` ``&amp;`` back,
    so escaped data is drawn exactly as written and never styles or links anything.
    (Quotes stay as they are: plotly does not decode ``&quot;``.)"""
    return html.escape(str(value), quote=False)


_TAG = re.compile(r"<[^<>]*>")
# a word: a run of characters that are not spaces, where a tag (``<span style='…'>``) counts
# as part of the word, spaces and all, so no line break ever falls inside a tag
_WORD = re.compile(r"(?:<[^<>]*>|[^\s<]|<(?![^<>]*>))+")


def _visible(word: str) -> int:
    """The characters a reader sees of a word: its tags left out, an entity one character."""
    return len(html.unescape(_TAG.sub("", word)))


def _fill(text: str, width: int) -> str:
    """One paragraph's words in lines of at most ``width`` visible characters (a longer word
    takes a line of its own, unbroken), joined with ``<br>``."""
    lines: list[list[str]] = []
    used = 0
    for word in _WORD.findall(text or ""):
        size = _visible(word)
        if not lines or (lines[-1] and used + 1 + size > width):
            lines.append([])
            used = -1
        lines[-1].append(word)
        used += 1 + size
    return "<br>".join(" ".join(line) for line in lines)


def wrap(text: str, width: int = 60) -> str:
    """Wrap ``text`` for a hover card (lines joined with <br>)."""
    return _fill(text, width)


def rewrap(text: str, width: int) -> str:
    """Re-wrap plotly text to ``width`` visible characters a line: the lines of each paragraph
    (see :data:`PARAGRAPH`) are joined and wrapped again; paragraphs stay apart, and tags stay
    whole."""
    paragraphs = re.split(r"\s*\n\s*<br>\s*", text or "")
    wrapped = PARAGRAPH.join(_fill(re.sub(r"\s*<br>\s*", " ", p), width) for p in paragraphs)
    return wrapped or text


def split_list(value: str) -> list[str]:
    """Split a list cell (items separated by `` ; ``, e.g. source URLs or ids) into its items."""
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def precision_symbols(precisions) -> list[str]:
    """Marker symbols for dates: filled when the day is known, open for month or year only."""
    return ["circle" if p == "day" else "circle-open" for p in precisions]


def date_label(date: dt.date, precision: str) -> str:
    """A date written only as precisely as it is known: ``1806``, ``Jan 1804``, ``25 Dec 2024``."""
    if precision == "year":
        return f"{date.year}"
    if precision == "month":
        return date.strftime("%b ") + str(date.year)
    return f"{date.day} " + date.strftime("%b ") + str(date.year)


# Characters that Markdown (CommonMark, as JupyterLab, nbviewer and nbconvert render it)
# reads as syntax inside a line; "<", ">" and "&" become HTML entities instead.
_MD_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown: no link, emphasis, HTML tag or entity can come out of it.

    Data is untrusted: a title ``<script>…`` or ``[x](javascript:…)`` is shown as written.
    Line breaks become spaces (a data string is one line of a list).
    """
    text = " ".join(str(text or "").split())
    return _MD_SYNTAX.sub(r"\\\1", html.escape(text, quote=False))


def md_url(url: str) -> str:
    """``url`` safe as a Markdown link destination: brackets, spaces and angle brackets
    percent-encoded (nbviewer's renderer cuts a link at an unencoded bracket)."""
    return quote(url, safe=":/?#@!$&'*+,;=%~")
