"""The slide layout (explainer.chrome.for_slides) as numbers: dates in narrow panels, quotes
beside their points and source lines at slide type. The browser test in test_site.py
measures what every deck draws at 1280x720."""

from __future__ import annotations

import datetime

import pytest

from explainer import analysis, chrome, data, notebook, timeline

# what the page font draws at 16 px, measured in the decks (Source Sans 3 and Inter): about
# 0.46 of the size a glyph; a slide's plot spans the slide less its margins
DRAWN_GLYPH = 0.46 * chrome.MIN_FONT


@pytest.fixture(scope="module")
def tables():
    notebook.setup(presenter=True)  # slide type, as the decks are built
    yield data.load()
    notebook.setup(presenter=False)


def test_narrow_panels_space_their_dates_for_their_labels(tables):
    fig = timeline.overview_timeline(tables["events"], tables["places"]).to_dict()
    slide = chrome.for_slides(fig)
    layout = slide["layout"]
    plot = chrome.SLIDE["width"] - layout["margin"]["l"] - layout["margin"]["r"]
    panels = sorted(k for k in layout if k.startswith("xaxis"))
    assert len(panels) == 5
    for key in panels:
        axis = layout[key]
        low, high = (datetime.date.fromisoformat(v[:10]) for v in axis["range"])
        width = plot * (axis["domain"][1] - axis["domain"][0])
        at = [
            (datetime.date.fromisoformat(v) - low).days / (high - low).days * width for v in axis["tickvals"]
        ]
        sizes = [len(text) * DRAWN_GLYPH for text in axis["ticktext"]]
        assert at, f"{key}: a panel without a date"
        assert all(a - s / 2 >= 0 and a + s / 2 <= width for a, s in zip(at, sizes)), (
            f"{key}: cut at its edge"
        )
        assert all(b - a >= (sa + sb) / 2 + 8 for a, b, sa, sb in zip(at, at[1:], sizes, sizes[1:])), (
            f"{key}: {axis['ticktext']} printed into each other"
        )


def test_a_quote_that_would_reach_the_next_point_on_its_row_is_left_to_the_hover(tables):
    fig = analysis.views_matrix(tables["views"], title="Views", source="Views: data/views.csv.").to_dict()
    slide = chrome.for_slides(fig)

    def quotes(figure, person):
        return [
            (x, text)
            for trace in figure["data"]
            for x, y, text in zip(trace["x"], trace["y"], trace["text"])
            if y.startswith(person) and text
        ]

    # on the page Fesenko's row carries both of his words; at slide type "not expected" (July)
    # would run into his August point and its "unlikely"
    assert {t for _, t in quotes(fig, "Volodymyr Fesenko")} == {"“not expected”", "“unlikely”"}
    assert [t for _, t in quotes(slide, "Volodymyr Fesenko")] == ["“unlikely”"]
    # a quote with room beside it stays; the hover cards keep every view's words
    assert quotes(slide, "Yury Podolyaka") == quotes(fig, "Yury Podolyaka")
    assert [t["hovertext"] for t in slide["data"]] == [t["hovertext"] for t in fig["data"]]


def test_quotes_on_a_second_panel_of_dates_are_kept_to_their_panel():
    """Every date axis counts, over its own domain: a quote in the left panel that would run
    into the right panel is left to its hover card, one with room is kept."""
    point = dict(type="scatter", mode="markers+text", textposition="middle right")
    fig = {
        "data": [
            dict(
                point,
                x=["2025-01-01", "2025-12-01"],
                y=["a", "b"],
                xaxis="x2",
                text=["“x”", "“" + "y" * 60 + "”"],
            ),
            dict(point, x=["2025-01-01", "2025-12-01"], y=["a", "a"], xaxis="x", text=["“z”", "“w”"]),
        ],
        "layout": {
            "margin": {"r": 20},
            "xaxis": {"type": "date", "domain": [0.5, 1]},
            "xaxis2": {"type": "date", "domain": [0, 0.5]},
        },
    }
    chrome._row_labels_clear(fig, 1200)
    assert fig["data"][0]["text"] == ["“x”", ""]  # the long quote would reach the right panel
    assert fig["data"][1]["text"] == ["“z”", "“w”"]


def test_a_source_line_wraps_to_the_room_beside_long_category_labels(tables):
    fig = analysis.views_matrix(
        tables["views"],
        title="Views",
        source="Views: data/views.csv (each view sourced; partisan outlets flagged in the details).",
    ).to_dict()
    slide = chrome.for_slides(fig)
    layout = slide["layout"]
    size = max(chrome.MIN_FONT, 18)  # the presenter template's tick type
    labels = max(len(label) for label in layout["yaxis"]["categoryarray"]) * 0.44 * size
    source = next(a for a in layout["annotations"] if a.get("name") == chrome.SOURCE)
    longest = max(len(line) for line in source["text"].split("<br>")) * DRAWN_GLYPH
    assert labels + longest <= chrome.SLIDE["width"], "the source line runs past the figure's right edge"


def test_a_row_of_buttons_wider_than_the_slide_is_shortened_to_fit():
    labels = [
        "All",
        "1918–1920: independence and the Red Army",
        "1921–1953: the Soviet order",
        "1988–1991: the Karabakh movement and Black January",
    ]
    menu = dict(type="buttons", direction="right", x=0, buttons=[dict(label=t) for t in labels])
    slide = chrome.for_slides({"data": [], "layout": {"updatemenus": [menu], "height": 600}})
    shown = [b["label"] for b in slide["layout"]["updatemenus"][0]["buttons"]]
    # as drawn: the page font's glyphs at slide type, and plotly's padding around each label
    assert sum(len(t) * DRAWN_GLYPH + 24 for t in shown) <= chrome.SLIDE["width"] - 20
    assert all(t == full or (t.endswith("…") and full.startswith(t[:-1])) for t, full in zip(shown, labels))
    assert shown[2] == "1921–1953: the Soviet order", "a label that fits is kept whole"
