"""Chapters in JupyterLab, offline: chapter 00's kernel-free first view draws its map, and
chapter 08's live explorer runs and answers a search.

Starts JupyterLab on loopback with the network guard in its environment, opens
the committed (untrusted) notebook in headless Chromium with every non-loopback
request refused, and checks that plotly's JupyterLab renderer draws the figure
in view, map included, with no page errors and no outside request from the
browser or the server.
"""

from __future__ import annotations

import pytest

from explainer import paths
from scripts import browser
from tests.conftest import require_chromium
from tests.lab_server import TOKEN, lab_server, server_only_page

require_chromium()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with lab_server(paths.NOTEBOOKS, tmp_path_factory.mktemp("lab")) as server:
        yield server


def test_chapter_00_draws_its_map_in_jupyterlab_offline(lab):
    from playwright.sync_api import sync_playwright

    base, server_log = lab
    with sync_playwright() as pw:
        chromium = browser.launch(pw)
        page, blocked, errors = server_only_page(chromium, base)
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


@pytest.fixture(scope="module")
def lab_copy(tmp_path_factory):
    """A JupyterLab on a copy of the chapters: a test that runs cells never touches the committed ones."""
    import shutil

    root = tmp_path_factory.mktemp("chapters") / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, root)
    with lab_server(root, tmp_path_factory.mktemp("lab-live")) as server:
        yield server


def test_the_live_explorer_runs_in_jupyterlab_offline(lab_copy):
    """Chapter 08 as a student meets it: Run All, then type in the explorer's search box;
    the status line, the table and the figure widget follow, nothing is fetched."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    base, server_log = lab_copy
    with sync_playwright() as pw:
        chromium = browser.launch(pw)
        page, blocked, errors = server_only_page(chromium, base)
        page.goto(f"{base}/lab/tree/08_explore_it_yourself.ipynb?reset&token={TOKEN}")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        # Run All once the kernel is up. Until the notebook is fully attached the menu item
        # does nothing, and no page signal says when it is: so Run All is chosen again if no
        # explorer appears (running the cells twice changes nothing a reader would see).
        page.wait_for_selector(
            ".jp-Notebook-ExecutionIndicator[data-status='idle']", state="attached", timeout=60_000
        )
        search = None
        for _ in range(4):
            page.click("div.lm-MenuBar-itemLabel:text('Run')")
            page.click("li.lm-Menu-item:has-text('Run All Cells')")
            try:
                search = page.wait_for_selector(".widget-text input", timeout=45_000)
                break
            except PlaywrightTimeout:
                page.keyboard.press("Escape")  # close the menu if it is still open
        assert search is not None, "Run All never produced the explorer's widgets"
        status = """() => [...document.querySelectorAll('.widget-html-content')]
                           .map(e => e.textContent).find(t => / of \\d+ events/.test(t)) || ''"""
        page.wait_for_function(f"() => ({status})().length > 0", timeout=60_000)
        before = page.evaluate(status)
        search.fill("drone")
        search.press("Enter")
        page.wait_for_function(f"() => ({status})() !== {before!r}", timeout=30_000)
        after = page.evaluate(status)
        widget_plots = page.evaluate("() => document.querySelectorAll('.widget-vbox .js-plotly-plot').length")
        chromium.close()
    total = int(before.split(" of ")[1].split()[0])
    shown = int(after.split(" of ")[0])
    assert before.startswith(f"{total} of {total} events")
    assert 0 < shown < total, after
    assert widget_plots >= 1, "the explorer's figure widget did not draw"
    assert blocked == [] and errors == []
    assert not server_log.exists() or server_log.read_text() == "", server_log.read_text()
