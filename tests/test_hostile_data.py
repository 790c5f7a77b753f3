"""Data is untrusted text: a hostile title, name or publisher is shown as written, never run.

A copy of the data gets script tags, event-handler attributes, a javascript: link, a
Markdown link breakout and template syntax in the strings that reach a chapter's Sources
section, a map's names and a hover card. The Sources Markdown is rendered as JupyterLab
and nbconvert render Markdown, and the figure as a page in the browser, with a listener for
dialogs: nothing may execute and no injected element may appear.
"""

from __future__ import annotations

import csv
import html
import shutil

import markdown_it
import mistune
import pytest

from explainer import analysis, bibliography, contested, crisis, data, explore, history, maps, paths, timeline
from tests.conftest import require_chromium

HOSTILE = [
    "<script>alert('title')</script>",
    "<img src=x onerror=alert('img')>",
    "[click me](javascript:alert('link'))",
    "**bold**](javascript:alert('breakout'))",
    "{{ 7*7 }} {% raw %}",
    "<a href=\"javascript:alert('a')\">a</a>",
]


def _data_copy(folder):
    """A copy of the data package in ``folder``, to be poisoned with :func:`_rewrite`."""
    for path in paths.DATA.glob("*"):
        if path.is_file():
            shutil.copy(path, folder / path.name)
    return folder


def _rewrite(path, change) -> None:
    """Rewrite a CSV of the copy: ``change(rows)`` edits its rows (dicts) in place."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A copy of the data package whose first source, place and event carry the hostile strings."""
    folder = _data_copy(tmp_path_factory.mktemp("hostile"))

    def poison(name: str, column: str, text: str, key: tuple[str, str] | None = None) -> None:
        def change(rows):
            row = next(r for r in rows if r[key[0]] == key[1]) if key else rows[0]
            row[column] = text

        _rewrite(folder / name, change)

    with (folder / "events.csv").open(encoding="utf-8", newline="") as f:
        cited = next(csv.DictReader(f))["source_ids"].split(" ; ")[0]  # a source the first event cites
    poison("sources.csv", "title", " ".join(HOSTILE[:3]), ("source_id", cited))
    poison("sources.csv", "publisher", " ".join(HOSTILE[3:]), ("source_id", cited))
    poison("places.csv", "name_en", HOSTILE[1])
    # Baku is labelled on every map; its English name is short enough to keep its label (a name
    # with no room is left off, and the language menu then draws no name there either)
    for column, text in (("name_en", "<img src=x>"), ("name_az", HOSTILE[0]), ("name_hy", HOSTILE[5])):
        poison("places.csv", column, text, ("place_id", "baku"))
    poison("events.csv", "title", HOSTILE[0] + " " + HOSTILE[2])
    return data.load(folder / "datapackage.json")


def test_validation_accepts_the_strings_so_escaping_must_hold(hostile):
    assert hostile["sources"]["title"].str.startswith("<script>").any()


@pytest.mark.parametrize(
    "render",
    [
        lambda text: markdown_it.MarkdownIt("commonmark", {"html": True}).render(
            text
        ),  # JupyterLab's renderer
        lambda text: mistune.html(text),  # nbconvert's
    ],
    ids=["markdown-it", "mistune"],
)
def test_sources_section_shows_hostile_strings_as_text(hostile, render):
    html = render(bibliography.source_list_markdown(hostile["sources"], hostile["events"].iloc[:1]))
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript:' not in html and '<a href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown, not dropped


def test_live_explorer_table_shows_hostile_strings_as_text(hostile):
    rows = explore.prepare(hostile["events"], hostile["places"])
    hostile_rows = rows[rows["title"].str.contains("<script>") | rows["place_en"].str.contains("<img")]
    assert len(hostile_rows) > 1
    table = explore.table_html(hostile_rows, len(rows))
    assert "<script" not in table and "<img" not in table and "javascript:alert('a')\">" not in table
    assert "&lt;script&gt;" in table and "&lt;img src=x onerror" in table


FIGURES = {
    "places map": lambda t: maps.places_map(t["places"], "caucasus", title=HOSTILE[0], source=HOSTILE[3]),
    "explorer": lambda t: explore.explorer_figure(
        t["events"], t["places"], title=HOSTILE[0], source=HOSTILE[3]
    ),
}


@pytest.mark.parametrize("name", FIGURES)
def test_a_figure_its_hover_cards_and_its_language_menu_run_nothing_in_the_browser(hostile, tmp_path, name):
    """Hover the first point, then apply every button of the place-name menu (the hostile
    Azerbaijani and Armenian names are drawn), listening for dialogs and injected elements."""
    require_chromium()
    import plotly.io as pio
    from playwright.sync_api import sync_playwright

    from scripts import browser

    fig = FIGURES[name](hostile)
    menu = next(i for i, m in enumerate(fig.layout.updatemenus) if m.name == "language")
    page = tmp_path / "figure.html"
    page.write_text(
        pio.to_html(fig, include_plotlyjs=False, full_html=True, div_id="fig").replace(
            "<head>", f'<head><script src="{browser._plotly_js().as_uri()}"></script>', 1
        ),
        encoding="utf-8",
    )
    dialogs = []
    with sync_playwright() as pw:
        chromium = browser.launch(pw)
        tab = chromium.new_context().new_page()
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.goto(page.as_uri())
        tab.wait_for_selector(".js-plotly-plot .main-svg")
        tab.hover(".js-plotly-plot .scattergeo .point >> nth=0", force=True)
        tab.wait_for_timeout(300)
        drawn = tab.evaluate(
            """async (menu) => {
                const gd = document.getElementById('fig');
                const texts = [];
                for (const b of gd.layout.updatemenus[menu].buttons) {
                    await Plotly[b.method](gd, ...b.args);
                    texts.push(Array.from(gd.querySelectorAll('.scattergeo text')).map(t => t.textContent).join(' '));
                }
                return texts;
            }""",
            menu,
        )
        tab.wait_for_timeout(300)
        injected = tab.evaluate(
            "() => document.querySelectorAll('.js-plotly-plot img, .js-plotly-plot script, .js-plotly-plot iframe').length"
        )
        chromium.close()
    assert dialogs == [] and injected == 0
    assert any("<script>" in t for t in drawn), "the hostile Azerbaijani name should be drawn as text"


# Plotly's own markup (bold, a superscript) and an entity, written in the data as text: a
# hover card, a table cell or a caption must draw them as written, not bold or decoded.
MARKUP = "<b>Bold</b>&amp;<sup>2</sup>"
FREE_TEXT = {
    "events.csv": ("title", "summary", "dispute_note"),
    "places.csv": ("why", "name_historical"),
    "khanates.csv": ("name_az", "note"),
    "claims.csv": ("claim", "speaker", "evidence"),
    "contested.csv": ("quantity", "who_says", "note"),
    "azal_explanations.csv": ("speaker", "explanation", "summary", "note"),
    "views.csv": ("affiliation", "stance", "note"),
}


@pytest.fixture(scope="module")
def markup(tmp_path_factory):
    """A copy of the data package whose free-text cells (every row's) carry plotly markup."""
    folder = _data_copy(tmp_path_factory.mktemp("markup"))

    def mark(columns):
        def change(rows):
            for row in rows:
                for column in columns:  # a short prefix keeps the cell within its maxLength
                    row[column] = (row[column][:30].strip() + " " if row[column] else "") + MARKUP

        return change

    for name, columns in FREE_TEXT.items():
        _rewrite(folder / name, mark(columns))
    return data.load(folder / "datapackage.json")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


MARKUP_FIGURES = {
    "era timeline": lambda t: timeline.era_timeline(t["events"], t["places"]),
    "overview timeline": lambda t: timeline.overview_timeline(t["events"], t["places"]),
    "places map": lambda t: maps.places_map(t["places"], "caucasus"),
    "khanates": lambda t: history.khanates_animation(
        t["khanates"], t["places"], t["events"], title="K", source="S"
    ),
    "explorer": lambda t: explore.explorer_figure(t["events"], t["places"], title="E", source="S"),
    "claims table": lambda t: analysis.claims_table(t["claims"], title="C", source="S"),
    "claims overview": lambda t: analysis.claims_overview(t["claims"], title="C", source="S"),
    "disputed figures": lambda t: contested.ranges_chart(t["contested"], "khojaly_deaths"),
    "AZAL explanations": lambda t: crisis.azal_lane(t["azal_explanations"], title="A", source="S"),
    "views": lambda t: analysis.views_matrix(t["views"], title="V", source="S"),
}


@pytest.mark.parametrize("name", MARKUP_FIGURES)
def test_data_that_looks_like_plotly_markup_is_escaped_in_every_figure_string(markup, name):
    """Every string the figure hands plotly (hover cards, table cells, captions, frames)
    carries the data's markup escaped; at least one shows it, so the rows were drawn."""
    strings = list(_strings(MARKUP_FIGURES[name](markup).to_plotly_json()))
    raw = [s for s in strings if "<b>Bold</b>" in s or "<sup>2</sup>" in s]
    assert raw == [], f"{name}: data markup reaches plotly unescaped: {raw[0][:200]!r}"
    assert any(html.escape(MARKUP, quote=False) in s for s in strings), f"{name}: no row showed the data"


def test_a_hover_card_draws_data_markup_as_written_in_the_browser(markup, tmp_path):
    """Plotly decodes the escaped card: the reader sees the data's characters, tags and
    entity included, and no piece of it is set apart as bold or raised (plotly draws a tag's
    content as a tspan of its own)."""
    require_chromium()
    import plotly.graph_objects as go
    import plotly.io as pio
    from playwright.sync_api import sync_playwright

    from scripts import browser

    event = markup["events"].iloc[0]
    card = timeline.hover_card(event, markup["places"])
    fig = go.Figure(
        go.Scatter(x=[0], y=[0], mode="markers", marker_size=30, hovertext=[card], hoverinfo="text")
    )
    fig.update_layout(width=900, height=500)
    page = tmp_path / "card.html"
    page.write_text(
        pio.to_html(fig, include_plotlyjs=False, full_html=True, div_id="fig").replace(
            "<head>", f'<head><script src="{browser._plotly_js().as_uri()}"></script>', 1
        ),
        encoding="utf-8",
    )
    with sync_playwright() as pw:
        chromium = browser.launch(pw)
        tab = chromium.new_context().new_page()
        tab.goto(page.as_uri())
        tab.wait_for_selector(".js-plotly-plot .main-svg")
        tab.hover(".js-plotly-plot .scatterlayer .point >> nth=0", force=True)
        tab.wait_for_selector(".hoverlayer .hovertext")
        drawn = tab.evaluate("() => document.querySelector('.hoverlayer .hovertext').textContent")
        styled = tab.evaluate(
            """() => [...document.querySelectorAll('.hoverlayer tspan')]
                 .filter(t => /^(Bold|2)$/.test(t.textContent)).length"""
        )
        chromium.close()
    assert MARKUP in drawn.replace("\u00a0", " "), drawn
    assert styled == 0
