"""Small text helpers for hover cards and labels."""

from __future__ import annotations

import datetime as dt
import textwrap
from urllib.parse import urlparse


def wrap(text: str, width: int = 60) -> str:
    """Wrap ``text`` for a hover card (lines joined with <br>)."""
    return "<br>".join(textwrap.wrap(text or "", width=width))


def domain(url: str) -> str:
    """The site a URL belongs to, without ``www.`` (e.g. ``rferl.org``)."""
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def split_list(value: str) -> list[str]:
    """Split a list cell (items separated by `` ; ``, e.g. source URLs or ids) into its items."""
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def sources_line(cell: str) -> str:
    """The sites a source cell names, once each, in order: "rferl.org, tass.com"."""
    return ", ".join(dict.fromkeys(domain(u) for u in split_list(cell)))


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
