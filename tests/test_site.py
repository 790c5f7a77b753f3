"""The offline site and slide decks, as a reader opens them from a USB stick.

Builds the site into a temporary folder (scripts/build_site.py), then opens every
page from disk in headless Chromium with every request outside the folder
refused: every figure drawn, no JavaScript errors, nothing fetched from outside,
nothing missing; and axe-core finds no serious or critical accessibility problem.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

from explainer import browser, paths
from tests.conftest import require_chromium
from tests.notebook_files import CHAPTERS, figure_outputs

require_chromium()

SPEC = importlib.util.spec_from_file_location("build_site", paths.ROOT / "scripts" / "build_site.py")
build_site = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build_site)
AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site.build(out)
    build_site._handouts().print_pdfs(sorted((out / "handouts").glob("*.html")))
    return out



def pages(kind: str) -> list[str]:
    suffix = ".slides.html" if kind == "slides" else ".html"
    return [p.stem + suffix for p in CHAPTERS]


def test_contents_page_links_every_chapter_and_deck(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in pages("page") + pages("slides"):
        assert f'href="{name}"' in index


def test_every_local_reference_resolves_inside_the_folder(site):
    for page in list(site.glob("*.html")) + list(site.glob("data/*.html")) + list(site.glob("handouts/*.html")):
        text = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:src|href)="([^"#]+)"', text):
            if ref.startswith(("http://", "https://", "mailto:", "data:")):
                continue  # a link the reader may follow (a source), not something the page loads
            assert (page.parent / ref.split("?")[0]).is_file(), f"{page.name}: {ref} missing"
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', text)
        assert all(not s.startswith("http") for s in scripts), f"{page.name} loads an outside script"


@pytest.mark.parametrize("name", pages("page") + pages("slides"))
def test_page_draws_every_figure_from_the_folder_alone(site, chromium, name):
    chapter = paths.NOTEBOOKS / (name.split(".")[0] + ".ipynb")
    expected = len(figure_outputs(nbformat.read(chapter, as_version=4)))
    report = browser.open_page((site / name).as_uri(), browser=chromium)
    assert report.blocked == [] and report.served == [], "the page reached outside its folder"
    assert report.failed == [] and report.errors == []
    assert report.figures == expected and report.drawn == expected
    assert report.geo_drawn == report.geo_figures


@pytest.mark.parametrize("name", ["index.html", "data/README.html", f"handouts/{CHAPTERS[2].stem}.html"]
                         + pages("page") + pages("slides"))
def test_no_serious_accessibility_problems(site, chromium, name):
    context = chromium.new_context()
    context.route("**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort())
    page = context.new_page()
    page.goto((site / name).as_uri())
    page.wait_for_timeout(1000)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s)`)"
    )
    context.close()
    assert violations == []


def test_no_chapter_needs_mermaid():
    """The offline slide template drops nbconvert's mermaid import; no chapter may need it."""
    for path in CHAPTERS:
        text = path.read_text(encoding="utf-8")
        assert "text/vnd.mermaid" not in text and "```mermaid" not in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_handout_is_one_printed_page_with_its_figure(site, chromium, path):
    import re as _re

    page = site / "handouts" / f"{path.stem}.html"
    report = browser.open_page(page.as_uri(), browser=chromium)
    assert report.blocked == [] and report.served == [] and report.errors == [] and report.failed == []
    assert report.figures == 1 and report.drawn == 1
    text = page.read_text(encoding="utf-8")
    assert "Questions for class" in text and "Key dates" in text
    pdf = page.with_suffix(".pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(_re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
