"""Data is untrusted text: a hostile title, name or publisher is shown as written, never run.

A copy of the data gets script tags, event-handler attributes, a javascript: link, a
Markdown link breakout and template syntax in the strings that reach a chapter's Sources
section, a map's names and a hover card. The Sources Markdown is rendered as JupyterLab
and nbconvert render Markdown, and the figure as a page in the browser, with a listener for
dialogs: nothing may execute and no injected element may appear.
"""

from __future__ import annotations

import csv
import shutil

import markdown_it
import mistune
import pytest

from explainer import bibliography, data, explore, maps, paths
from tests.conftest import require_chromium

HOSTILE = [
    "<script>alert('title')</script>",
    "<img src=x onerror=alert('img')>",
    "[click me](javascript:alert('link'))",
    "**bold**](javascript:alert('breakout'))",
    "{{ 7*7 }} {% raw %}",
    "<a href=\"javascript:alert('a')\">a</a>",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A copy of the data package whose first source, place and event carry the hostile strings."""
    folder = tmp_path_factory.mktemp("hostile")
    for path in paths.DATA.glob("*"):
        if path.is_file():
            shutil.copy(path, folder / path.name)

    def poison(name: str, column: str, text: str, key: tuple[str, str] | None = None) -> None:
        with (folder / name).open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        row = next(r for r in rows if r[key[0]] == key[1]) if key else rows[0]
        row[column] = text
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

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
