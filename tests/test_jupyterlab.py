"""Chapter 00 in JupyterLab, offline: the kernel-free first view draws its map.

Starts JupyterLab on loopback with the network guard in its environment, opens
the committed (untrusted) notebook in headless Chromium with every non-loopback
request refused, and checks that plotly's JupyterLab renderer draws the figure
in view, map included, with no page errors and no outside request from the
browser or the server.
"""

from __future__ import annotations


import pytest

from explainer import browser, paths
from tests.conftest import require_chromium
from tests.lab_server import TOKEN, lab_server

require_chromium()

@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with lab_server(paths.NOTEBOOKS, tmp_path_factory.mktemp("lab")) as server:
        yield server


def test_chapter_00_draws_its_map_in_jupyterlab_offline(lab):
    from playwright.sync_api import sync_playwright

    base, server_log = lab
    blocked, errors = [], []
    with sync_playwright() as pw:
        chromium = browser.launch(pw)
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})

        def route(route, request):
            if request.url.startswith(base) or request.url.split(":", 1)[0] in ("data", "blob"):
                return route.continue_()
            blocked.append(request.url)
            return route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/lab/tree/00_start_here.ipynb?reset&token={TOKEN}")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=60_000)
        page.wait_for_timeout(1000)
        state = page.evaluate("""() => {
            const plot = document.querySelector('.js-plotly-plot');
            return {paths: plot.querySelectorAll('.geolayer g.trace.scattergeo path').length,
                    title: plot.querySelector('.gtitle') && plot.querySelector('.gtitle').textContent};
        }""")
        chromium.close()
    assert blocked == []
    assert errors == []
    assert state["title"] == "From Odesa to Yekaterinburg: where the story happens"
    assert state["paths"] > 20, "the map drew no land"
    assert not server_log.exists() or server_log.read_text() == "", server_log.read_text()
