"""Small shared helpers used by every hover card and map."""

from __future__ import annotations

import pandas as pd

from explainer import maps
from explainer.text import PARAGRAPH, md_escape, md_url, precision_symbols, rewrap, split_list


def test_list_cells_split_on_semicolons():
    assert split_list(" a ;b ; ") == ["a", "b"]


def test_data_strings_cannot_become_markdown_or_html():
    import markdown_it

    hostile = "<img src=x onerror=alert(1)> [click](javascript:alert(2)) **bold** `code` {{ x }}"
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).render(md_escape(hostile))
    assert "<img" not in html and "<a" not in html and "<strong>" not in html and "<code>" not in html
    assert "onerror=alert(1)" in html  # shown as text, not dropped
    assert md_escape("line one\nline two") == "line one line two"


def test_link_addresses_keep_their_brackets_encoded():
    url = md_url("https://en.wikipedia.org/wiki/Siege_of_Ganja_(1804)")
    assert url == "https://en.wikipedia.org/wiki/Siege_of_Ganja_%281804%29"
    assert md_url("https://example.org/a b<c>") == "https://example.org/a%20b%3Cc%3E"


def test_precision_symbols_never_fill_an_unknown_day():
    assert precision_symbols(["day", "month", "year"]) == ["circle", "circle-open", "circle-open"]


def test_in_frame_matches_for_scalars_and_columns():
    lon = pd.Series([49.89, 60.6, -77.0])
    lat = pd.Series([40.38, 56.8, 38.9])
    assert maps.in_frame(lon, lat, "eurasia").tolist() == [True, True, False]
    assert bool(maps.in_frame(49.89, 40.38, "caucasus")) and not bool(maps.in_frame(60.6, 56.8, "caucasus"))


def test_rewrap_keeps_paragraphs_apart_and_tags_whole():
    """A note re-wrapped for a phone or a slide keeps one event (or a key under a source
    line) from running into the next, and never breaks a line inside a tag."""
    style = "<span style='color: #8A3B00; font-size: 0.85em'>"
    note = PARAGRAPH.join(
        [
            "<b>1805</b>",
            "14 May 1805: the khan of<br>Karabakh signs a treaty",
            f"{style}2 Jun 1805: a b c d</span>",
        ]
    )
    lines = rewrap(note, 16).split("<br>")
    assert [line.strip() for line in lines] == [
        "<b>1805</b>",
        "14 May 1805: the",
        "khan of Karabakh",
        "signs a treaty",
        f"{style}2 Jun 1805: a b",
        "c d</span>",
    ]
    assert rewrap(rewrap(note, 16), 40).count(PARAGRAPH) == 2  # wrapped again: still three paragraphs
    assert rewrap("a &amp; b &amp; c", 5) == "a &amp; b<br>&amp; c"  # an entity is one character
    assert (
        rewrap("see https://example.org/a-long-address", 10).split("<br>")[1]
        == "https://example.org/a-long-address"
    )
