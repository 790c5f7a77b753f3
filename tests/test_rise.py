"""Live slides in JupyterLab (RISE): every chapter starts, with all its slides and figures.

A JupyterLab of the tests' own (fresh settings and workspace, loopback only) serves a
copy of the chapters (RISE saves the notebook it presents). Each chapter is opened in
RISE, offline: reveal.js must become ready, show as many slides as the notebook's slide
metadata declares, draw every figure on its slide, fetch nothing from outside (RISE's
default theme would fetch Google Fonts; jupyter/overrides.json chooses one that ships
its font), and log no error that RISE does not also log for a one-cell notebook.
"""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest

from explainer import paths
from explainer.chapters import figure_outputs
from explainer.chapters import files as chapter_files
from scripts import browser
from tests.conftest import require_chromium
from tests.lab_server import TOKEN, lab_server, server_only_page

CHAPTERS = chapter_files()

require_chromium()

CONTROL = "control.ipynb"  # one markdown cell: what RISE logs for any notebook


@pytest.fixture(scope="module")
def rise(tmp_path_factory):
    root = tmp_path_factory.mktemp("chapters")
    for path in CHAPTERS + [paths.NOTEBOOKS / "rise.css"]:
        shutil.copy(path, root / path.name)
    control = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# One slide")])
    control.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    control.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(control, root / CONTROL)
    with lab_server(root, tmp_path_factory.mktemp("home")) as (base, log):
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            chromium = browser.launch(pw)
            yield base, log, chromium, {"control": present(chromium, base, CONTROL)}
            chromium.close()


def present(chromium, base: str, name: str, width: int = 1280, height: int = 720) -> dict:
    """Open ``name`` in RISE and report what the class would see."""
    page, outside, errors = server_only_page(chromium, base, width, height)
    # RISE also looks for an optional <notebook>.css beside each notebook: name-independent messages
    same = lambda text: re.sub(r"/files/[^/'\"]+\.css", "/files/NOTEBOOK.css", text.splitlines()[0])[:200]  # noqa: E731
    page.on("console", lambda m: errors.append(same(m.text)) if m.type == "error" else None)
    page.goto(f"{base}/rise/{name}?token={TOKEN}")
    page.wait_for_selector(".reveal.ready", state="attached", timeout=90_000)
    page.wait_for_timeout(1500)
    state = page.evaluate("""() => {
        const leaves = [...document.querySelectorAll('.reveal .slides section')].filter(s => !s.querySelector('section'));
        return {
            slides: leaves.length,
            plots: document.querySelectorAll('.reveal .js-plotly-plot').length,
            drawn: [...document.querySelectorAll('.reveal .js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length,
            empty: leaves.filter(s => !s.textContent.trim() && !s.querySelector('.js-plotly-plot')).length,
        };
    }""")
    # Walk the deck with the space bar, as a teacher would; every slide must come up.
    seen = {page.evaluate("() => location.hash")}
    for _ in range(state["slides"] + 5):
        page.keyboard.press("Space")
        page.wait_for_timeout(150)
        seen.add(page.evaluate("() => location.hash"))
    page.context.close()
    return {**state, "visited": len(seen), "outside": outside, "errors": errors}


def expected(path) -> tuple[int, int]:
    """Slides and figures the notebook's metadata promises (skipped cells show nothing)."""
    nb = nbformat.read(path, as_version=4)
    shown = [
        c for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") not in ("skip", "notes")
    ]
    slides = sum(c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide") for c in shown)
    figures = len(figure_outputs(nbformat.v4.new_notebook(cells=shown)))
    return slides, figures


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_rise_presents_every_slide_and_figure(rise, path):
    base, log, chromium, seen = rise
    slides, figures = expected(path)
    shown = present(chromium, base, path.name)
    assert shown["outside"] == [], "RISE fetched from outside"
    assert shown["slides"] == slides and shown["empty"] == 0
    assert shown["visited"] >= slides
    assert shown["plots"] == figures and shown["drawn"] == figures
    assert set(shown["errors"]) <= set(seen["control"]["errors"]), (
        "errors beyond what RISE logs for any notebook"
    )
    assert not log.exists() or log.read_text() == ""
