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


def date_label(date: dt.date, precision: str) -> str:
    """A date written only as precisely as it is known: ``1806``, ``Jan 1804``, ``25 Dec 2024``."""
    if precision == "year":
        return f"{date.year}"
    if precision == "month":
        return date.strftime("%b ") + str(date.year)
    return f"{date.day} " + date.strftime("%b ") + str(date.year)
