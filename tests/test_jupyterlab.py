"""Chapters in JupyterLab, offline: chapter 00's kernel-free first view draws its map, and
chapter 08's live explorer runs and answers a search.

Starts JupyterLab on loopback with the network guard in its environment, opens
the committed (untrusted) notebook in headless Chromium with every non-loopback
request refused, and checks that plotly's JupyterLab renderer draws the figure
in view, map included, with no page errors and no outside request from the
browser or the server.
"""

from __future__ import annotations

import json

import pytest

from explainer import paths
from scripts import browser
from tests import labels
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
        # the extension draws each map again to fill its width, as the chapter pages do: every
        # map, not the first alone (on a slow machine the second is redrawn seconds later)
        page.wait_for_function(
            """() => {
                const maps = [...document.querySelectorAll('.js-plotly-plot')].filter(g => g._fullLayout && g._fullLayout.geo);
                return maps.length >= 2 && maps.every(g => g.getAttribute('data-explainer-layout') === 'reading');
            }""",
            timeout=60_000,
        )
        page.wait_for_timeout(1000)
        maps = labels.map_boxes(page)
        state = page.evaluate("""() => {
            const plot = document.querySelector('.js-plotly-plot');
            return {paths: plot.querySelectorAll('.geolayer g.trace.scattergeo path').length,
                    title: plot.querySelector('.gtitle') && plot.querySelector('.gtitle').textContent,
                    phone: document.querySelectorAll('[data-explainer-layout="phone"]').length};
        }""")
        chromium.close()
    assert blocked == []
    assert errors == []
    assert state["title"] == "From Odesa to Yekaterinburg: where the story happens"
    assert state["paths"] > 20, "the map drew no land"
    assert state["phone"] == 0, "a figure in a wide panel took the phone layout"
    # JupyterLab drew the map 600 px tall whatever the panel's width, with blank bands beside it
    assert maps and labels.short_maps(maps) == []
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
        # A page busy drawing the chapter's figures can hold a click past playwright's 30 s
        # default (seen once in a full `make test`): the clicks are retried like Run All.
        for _ in range(4):
            try:
                page.click("div.lm-MenuBar-itemLabel:text('Run')", timeout=60_000)
                page.click("li.lm-Menu-item:has-text('Run All Cells')", timeout=60_000)
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
    assert blocked == [] and errors == [], "\n".join(blocked + errors)
    assert not server_log.exists() or server_log.read_text() == "", server_log.read_text()


# Every text of a figure drawn inside the figure's own box: plotly cuts off what reaches past it.
TEXT_CUT_OFF = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p._fullLayout).flatMap(p => {
  const box = p.getBoundingClientRect(), title = ((p.querySelector('.gtitle') || {}).textContent || '').slice(0, 40);
  const shown = t => { for (let e = t; e && e !== p; e = e.parentElement) { const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false; } return true; };
  return [...p.querySelectorAll('svg text')].filter(t => t.textContent.trim() && !t.closest('.table') && shown(t))
    .map(t => ({t, r: t.getBoundingClientRect()}))
    .filter(({r}) => r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1))
    .map(({t, r}) => ({title, text: t.textContent.slice(0, 30), left: Math.round(r.left - box.left),
                       right: Math.round(r.right - box.left), width: Math.round(box.width)}));
})"""


IN_VIEW = """() => [...document.querySelectorAll('.jp-OutputArea-output.js-plotly-plot')].filter(p => {
  const r = p.getBoundingClientRect(); return p._fullLayout && r.height > 0 && r.bottom > 60 && r.top < innerHeight - 60; })
  .map(p => p.id || '')"""

SCROLL = """() => { const s = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
  const before = s.scrollTop; s.scrollBy(0, Math.round(s.clientHeight * 0.6)); return s.scrollTop > before; }"""

# drawn in its phone layout for the width it has now, and still so a second later
PHONE = """(id, ms) => new Promise(done => { const t0 = Date.now(); let since = 0; (function wait() {
  const gd = document.getElementById(id);
  const settled = gd && gd.getAttribute('data-explainer-layout') === 'phone'
    && Math.abs(gd.getBoundingClientRect().width - gd.getAttribute('data-explainer-width')) <= 8;
  since = settled ? since || Date.now() : 0;
  if (!gd || (since && Date.now() - since > 1000) || Date.now() - t0 > ms) done();
  else setTimeout(wait, 100); })(); })"""


@pytest.mark.parametrize("window", [480, 390])
def test_figures_take_their_phone_layout_in_a_narrow_jupyterlab_panel(lab, window):
    """A narrow JupyterLab panel (the window 480 px wide, the file browser closed: a figure is
    about 364 px wide; or 390 px wide, a phone, where it is 274 px): the explainer's
    JupyterLab extension draws every figure of every chapter again in its phone layout, with
    no two texts overlapping and no text cut off at the figure's edges. Without it the crisis map's title, its phase buttons, its
    legend and its caption ran past the panel's right edge; at 274 px, titles wrapped for a
    phone's 370 px and the disputed-figures menu did. The notebook is scrolled from top
    to bottom: JupyterLab draws only the cells near the view."""
    import nbformat
    from playwright.sync_api import sync_playwright

    base, server_log = lab
    found, layouts, expected = [], {}, {}
    with sync_playwright() as pw:
        chromium = browser.launch(pw)
        page, blocked, errors = server_only_page(chromium, base, window, 844)
        for path in sorted(paths.NOTEBOOKS.glob("0*.ipynb")):
            cells = nbformat.read(path, as_version=4).cells
            expected[path.stem] = sum(
                "application/vnd.plotly.v1+json" in o.get("data", {})
                for c in cells
                for o in c.get("outputs", [])
            )
            page.goto(f"{base}/lab/tree/{path.name}?reset&token={TOKEN}")
            page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=60_000)
            page.keyboard.press("Control+b")  # close the file browser, as a reader in a narrow window would
            page.wait_for_function(
                f"() => document.querySelector('.jp-NotebookPanel').getBoundingClientRect().width > {window - 80}"
            )
            for _ in range(400):
                for gd in page.evaluate(IN_VIEW):
                    if gd and (path.stem, gd) not in layouts:
                        page.evaluate(PHONE, [gd, 20_000])
                        layouts[path.stem, gd] = page.get_attribute(f"#{gd}", "data-explainer-layout")
                        # this figure's findings (others on the page may not be redrawn yet)
                        title = page.evaluate(
                            f"() => document.getElementById('{gd}').querySelector('.gtitle').textContent"
                        )
                        found += [
                            dict(o, chapter=path.stem)
                            for o in labels.overlaps(page) + page.evaluate(TEXT_CUT_OFF)
                            if title.startswith(o["title"])
                        ]
                if not page.evaluate(SCROLL):
                    break
                page.wait_for_timeout(150)
        chromium.close()
    drawn = {stem: sum(1 for s, _ in layouts if s == stem) for stem in expected}
    assert drawn == expected, "figures the extension never took up (no id)"
    assert {f"{s}/{g}": v for (s, g), v in layouts.items() if v != "phone"} == {}, (
        "figures not in the phone layout"
    )
    unique = list({repr(sorted(f.items())): f for f in found}.values())
    assert unique == [], json.dumps(unique, ensure_ascii=False)
    assert blocked == [] and errors == [], "\n".join(blocked + errors)
    assert not server_log.exists() or server_log.read_text() == "", server_log.read_text()
