"""Small text helpers for hover cards and labels."""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from urllib.parse import quote


def wrap(text: str, width: int = 60) -> str:
    """Wrap ``text`` for a hover card (lines joined with <br>)."""
    return "<br>".join(textwrap.wrap(text or "", width=width))


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
