"""Every chapter as nbviewer shows it, opened offline in headless Chromium.

Each notebook is exported with nbconvert's stock HTML template (what nbviewer
uses). The CDN files that page names are answered from pinned local copies;
every other request is refused and recorded. A figure counts as drawn when its
div holds plotly's svg.main-svg, and a map when its geo subplot holds drawn
traces. Under CI (CI=true) a missing browser fails; elsewhere it skips.
"""

from __future__ import annotations

import os

import nbformat
import pytest
from nbconvert import HTMLExporter

from explainer import browser
from tests.notebook_files import CHAPTERS, figure_outputs

if browser.find_chromium() is None:
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is missing under CI: scripts/ensure_system.sh should have installed it",
                    pytrace=False)
    pytest.skip("Chromium not installed (make test installs it as root)", allow_module_level=True)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = browser.launch(pw)
        yield b
        b.close()


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
