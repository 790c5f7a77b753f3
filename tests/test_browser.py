"""Every chapter as nbviewer shows it, opened offline in headless Chromium.

Each notebook is exported with nbconvert's stock HTML template (what nbviewer
uses). The CDN files that page names are answered from pinned local copies;
every other request is refused and recorded. A figure counts as drawn when its
div holds plotly's svg.main-svg, and a map when its geo subplot holds drawn
traces. Under CI (CI=true) a missing browser fails; elsewhere it skips.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter

from explainer import history
from explainer.chapters import figure_outputs
from explainer.chapters import files as chapter_files
from scripts import browser
from tests.conftest import require_chromium

CHAPTERS = chapter_files()

require_chromium()


def nbviewer_page(number: str, folder: Path) -> Path:
    """Chapter ``number`` exported as nbviewer exports it (nbconvert's HTML), written to ``folder``."""
    path = next(p for p in CHAPTERS if p.name.startswith(f"{number}_"))
    html, _ = HTMLExporter().from_notebook_node(nbformat.read(path, as_version=4))
    page = folder / f"{path.stem}.html"
    page.write_text(html, encoding="utf-8")
    return page


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_draws_every_figure_offline_as_on_nbviewer(path, tmp_path, chromium):
    nb = nbformat.read(path, as_version=4)
    figures = figure_outputs(nb)
    maps = [f for f in figures if any(t.get("type") == "scattergeo" for t in f["data"])]
    page = nbviewer_page(path.name[:2], tmp_path)

    report = browser.open_page(page.as_uri(), browser=chromium)

    assert report.blocked == [], "the page tried to reach the network"
    assert report.missing == [], "a CDN file has no local copy (run npm ci)"
    assert report.errors == []
    assert report.figures == len(figures) > 0
    assert report.drawn == report.figures, "some figures did not draw"
    assert report.geo_figures == len(maps) and report.geo_drawn == len(maps), "a map is blank"


def test_a_page_that_reaches_out_is_caught(tmp_path, chromium):
    """The harness itself can fail: an outside script is blocked and reported."""
    page = tmp_path / "leak.html"
    page.write_text(
        '<html><body><script src="https://example.org/x.js"></script>'
        '<div class="plotly-graph-div"></div></body></html>',
        encoding="utf-8",
    )
    report = browser.open_page(page.as_uri(), browser=chromium, wait_ms=500)
    assert report.blocked == ["https://example.org/x.js"]
    assert report.figures == 1 and report.drawn == 0


def _offline_tab(chromium, page):
    """A tab on ``page`` with every request answered locally or refused; dialogs fail the test."""
    from playwright.sync_api import Route

    context = chromium.new_context(viewport={"width": 1280, "height": 900})

    def route(r: Route, req):
        local = browser.local_copy(req.url)
        if req.url.startswith("file:"):
            return r.continue_()
        if local is not None:
            return r.fulfill(path=str(local), headers={"Access-Control-Allow-Origin": "*"})
        return r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.goto(page.as_uri())
    return context, tab, dialogs


def test_khanate_slider_redraws_the_map(tmp_path, chromium):
    """Moving the animation to 1805 recolours the capitals in the browser, with no kernel."""
    page = nbviewer_page("02", tmp_path)
    context, tab, dialogs = _offline_tab(chromium, page)
    tab.wait_for_function(
        "() => [...document.querySelectorAll('.plotly-graph-div')].some(d => d._transitionData)"
    )
    colours = tab.evaluate("""async () => {
        const gd = [...document.querySelectorAll('.plotly-graph-div')].find(d => d._transitionData && d._transitionData._frames.length);
        const areas = () => gd._fullData.filter(t => t.fill === 'toself' && / Khanate/.test(t.name)).map(t => t.fillcolor);
        const before = areas();
        await Plotly.animate(gd, ['1805'], {frame: {duration: 0, redraw: true}, transition: {duration: 0}, mode: 'immediate'});
        return {before, after: areas()};
    }""")
    context.close()
    assert dialogs == []
    assert colours["before"] and colours["before"] != colours["after"]
    assert set(colours["after"]) <= set(history.FILL.values())
    # 1805: outside Russian rule, vassal and direct rule all present
    assert len(set(colours["after"])) == 3


def test_explorer_menus_work_in_the_browser_without_a_kernel(tmp_path, chromium):
    """Chapter 08 as nbviewer shows it: clicking the era menu shows one era and moves the
    timeline to it; clicking the kind menu dims the other kinds; both with real clicks."""
    page = nbviewer_page("08", tmp_path)
    context, tab, dialogs = _offline_tab(chromium, page)
    find = """() => [...document.querySelectorAll('.plotly-graph-div')].find(
        d => d.layout && d.layout.xaxis && d.layout.xaxis.rangeslider && (d.layout.updatemenus || []).length >= 2)"""
    tab.wait_for_function(f"() => !!({find})()")
    state = f"""() => {{ const gd = ({find})();
        return {{visible: gd._fullData.map(t => t.visible), names: gd._fullData.map(t => t.name),
                 groups: gd._fullData.map(t => t.legendgroup || ''),
                 range: gd.layout.xaxis.range.map(String), types: gd._fullData.map(t => t.type),
                 selected: gd.data.map(t => t.selectedpoints ?? null),
                 eras: gd.layout.updatemenus[0].buttons.map(b => b.label),
                 kinds: gd.layout.updatemenus[1].buttons.map(b => b.label)}}; }}"""
    before = tab.evaluate(state)
    gd = tab.evaluate_handle(find)
    menus = gd.query_selector_all("g.updatemenu-header-group")
    assert len(menus) == 3  # era, kind of event, language of the place names

    def pick(menu: int, label: str) -> None:
        gd.query_selector_all("g.updatemenu-header-group")[menu].click()
        buttons = gd.query_selector_all("g.updatemenu-dropdown-button-group g.updatemenu-dropdown-button")
        text = [b.text_content() for b in buttons]
        assert label in text, f"menu {menu} lists {text}"
        buttons[text.index(label)].click()

    era = before["eras"][-1]  # the latest era
    pick(0, era)
    after = tab.evaluate(state)
    shown = {n for n, v, g in zip(after["names"], after["visible"], after["groups"]) if v is True and g}
    assert after["range"] != before["range"], "the timeline did not move to the era"
    assert shown == {era}, f"the era menu shows {shown}, not only {era!r}"
    assert len({n for n, g in zip(before["names"], before["groups"]) if g}) == len(before["eras"]) - 1

    pick(0, "All eras")
    kind = before["kinds"][1]
    pick(1, kind)
    dimmed = tab.evaluate(state)
    assert any(s is not None for s in dimmed["selected"]), "the kind menu selected nothing"
    assert all(s is None for s in before["selected"])
    context.close()
    assert dialogs == []


def test_map_names_switch_language_in_the_browser(tmp_path, chromium):
    """Chapter 00's Caucasus map as nbviewer shows it: choosing Armenian in the language menu
    redraws the place names in Armenian, with no kernel."""
    page = nbviewer_page("00", tmp_path)
    context, tab, dialogs = _offline_tab(chromium, page)
    find = """() => [...document.querySelectorAll('.plotly-graph-div')].find(
        d => d.layout && d.layout.geo && /South Caucasus/.test(d.layout.title.text)
             && (d.layout.updatemenus || []).some(m => m.name === 'language'))"""
    tab.wait_for_function(f"() => !!({find})()")
    names = f"() => [...({find})().querySelectorAll('g.geo text')].map(t => t.textContent)"
    before = tab.evaluate(names)
    gd = tab.evaluate_handle(find)
    gd.query_selector_all("g.updatemenu-header-group")[-1].click()
    buttons = gd.query_selector_all("g.updatemenu-dropdown-button-group g.updatemenu-dropdown-button")
    [b for b in buttons if b.text_content() == "Հայերեն"][0].click()
    tab.wait_for_timeout(300)
    after = tab.evaluate(names)
    context.close()
    armenian = [t for t in after if any("\u0531" <= ch <= "\u058f" for ch in t)]
    assert armenian and not any(any("\u0531" <= ch <= "\u058f" for ch in t) for t in before), (before, after)
    assert dialogs == []
