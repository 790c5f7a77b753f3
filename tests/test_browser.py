"""Every chapter as nbviewer shows it, opened offline in headless Chromium.

Each notebook is exported with nbconvert's stock HTML template (what nbviewer
uses). The CDN files that page names are answered from pinned local copies;
every other request is refused and recorded. A figure counts as drawn when its
div holds plotly's svg.main-svg, and a map when its geo subplot holds drawn
traces. Under CI (CI=true) a missing browser fails; elsewhere it skips.
"""

from __future__ import annotations


import nbformat
import pytest
from nbconvert import HTMLExporter

from explainer import browser, history
from tests.conftest import require_chromium
from tests.notebook_files import CHAPTERS, figure_outputs

require_chromium()


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_draws_every_figure_offline_as_on_nbviewer(path, tmp_path, chromium):
    nb = nbformat.read(path, as_version=4)
    figures = figure_outputs(nb)
    maps = [f for f in figures if any(t.get("type") == "scattergeo" for t in f["data"])]
    html, _ = HTMLExporter().from_notebook_node(nb)
    page = tmp_path / f"{path.stem}.html"
    page.write_text(html, encoding="utf-8")

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
    page.write_text('<html><body><script src="https://example.org/x.js"></script>'
                    '<div class="plotly-graph-div"></div></body></html>', encoding="utf-8")
    report = browser.open_page(page.as_uri(), browser=chromium, wait_ms=500)
    assert report.blocked == ["https://example.org/x.js"]
    assert report.figures == 1 and report.drawn == 0


def test_khanate_slider_redraws_the_map(tmp_path, chromium):
    """Moving the animation to 1805 recolours the capitals in the browser, with no kernel."""
    path = next(p for p in CHAPTERS if p.name.startswith("02_"))
    html, _ = HTMLExporter().from_notebook_node(nbformat.read(path, as_version=4))
    page = tmp_path / "02.html"
    page.write_text(html, encoding="utf-8")
    from playwright.sync_api import Route

    context = chromium.new_context()

    def route(r: Route, req):
        local = browser.local_copy(req.url)
        if req.url.startswith("file:"):
            return r.continue_()
        if local is not None:
            return r.fulfill(path=str(local), headers={"Access-Control-Allow-Origin": "*"})
        return r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.goto(page.as_uri())
    tab.wait_for_function("() => [...document.querySelectorAll('.plotly-graph-div')].some(d => d._transitionData)")
    colours = tab.evaluate("""async () => {
        const gd = [...document.querySelectorAll('.plotly-graph-div')].find(d => d._transitionData && d._transitionData._frames.length);
        const areas = () => gd._fullData.filter(t => t.fill === 'toself' && / Khanate/.test(t.name)).map(t => t.fillcolor);
        const before = areas();
        await Plotly.animate(gd, ['1805'], {frame: {duration: 0, redraw: true}, transition: {duration: 0}, mode: 'immediate'});
        return {before, after: areas()};
    }""")
    context.close()
    assert colours["before"] and colours["before"] != colours["after"]
    assert set(colours["after"]) <= set(history.FILL.values())
    # 1805: outside Russian rule, vassal and direct rule all present
    assert len(set(colours["after"])) == 3
