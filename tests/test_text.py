"""Small shared helpers used by every hover card and map."""

from __future__ import annotations

import pandas as pd

from explainer import maps
from explainer.text import md_escape, md_url, precision_symbols, split_list


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
