"""The chapters read as data: skeleton, slides, figures, outputs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from explainer.paths import ROOT
from tests.notebook_files import CHAPTERS, PLOTLY, figure_outputs

NOTEBOOKS = {p.name: nbformat.read(p, as_version=4) for p in CHAPTERS}
names = pytest.mark.parametrize("name", sorted(NOTEBOOKS))


def markdown(nb):
    return [c for c in nb.cells if c.cell_type == "markdown"]


def is_nav(cell) -> bool:
    return "navigation" in cell.metadata.get("tags", [])


def test_chapters_exist_and_start_at_00():
    assert sorted(NOTEBOOKS)[0] == "00_start_here.ipynb"


@names
def test_one_title_first_with_what_you_will_see_and_reading_time(name):
    nb = NOTEBOOKS[name]
    titles = [line for c in markdown(nb) for line in c.source.splitlines() if re.match(r"^# ", line)]
    assert len(titles) == 1
    first = next(c for c in nb.cells if not is_nav(c))
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "What you will see" in first.source and re.search(r"\d+ minutes", first.source)


@names
def test_setup_cell_is_hidden_but_not_skipped(name):
    nb = NOTEBOOKS[name]
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup = code[0]
    assert re.search(r"^setup\(", setup.source, re.M), "the first code cell calls setup()"
    assert setup.metadata.get("jupyter", {}).get("source_hidden") is True
    assert setup.metadata.get("slideshow", {}).get("slide_type") == "-"  # "skip" would drop its output


@names
def test_skeleton_sections(name):
    headings = [
        line for c in markdown(NOTEBOOKS[name]) for line in c.source.splitlines() if line.startswith("## ")
    ]
    for section in ("## Questions for class", "## Summary", "## Sources"):
        assert section in headings


@names
def test_heading_levels_match_slide_types(name):
    """## starts a slide (sanity checks are skipped on slides), ### a sub-slide; figure
    descriptions and teaching notes are speaker notes; every figure has a slide of its own."""
    for cell in markdown(NOTEBOOKS[name]):
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        if cell.source.startswith("## Checking the data"):
            assert kind == "skip"
        elif cell.source.startswith("## "):
            assert kind == "slide", cell.source[:40]
        elif cell.source.startswith("### "):
            assert kind == "subslide", cell.source[:40]
        elif cell.source.startswith(("*Figure description:*", "**Teaching note")):
            assert kind == "notes", cell.source[:40]
    for cell in NOTEBOOKS[name].cells:
        if cell.cell_type == "code" and any(PLOTLY in o.get("data", {}) for o in cell.get("outputs", [])):
            assert cell.metadata["slideshow"]["slide_type"] == "subslide"


@names
def test_every_slide_has_speaker_notes(name):
    """A teacher gets a note on every slide: what to point at, a sourced fact, a likely question."""
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("build_site", ROOT / "scripts" / "build_site.py")
    build_site = module_from_spec(spec)
    spec.loader.exec_module(build_site)
    for group in build_site.slide_groups(NOTEBOOKS[name]):
        notes = [c.source for c in group if c.source.startswith("**Teaching note")]
        head = group[0].source[:50]
        assert len(notes) == 1, f"slide {head!r}: {len(notes)} teaching notes"
        assert re.search(r"\(about [\d½]+ min\)", notes[0]), head
        assert (
            "*Point at:*" in notes[0] or "*Expected answers:*" in notes[0] or "goals" in notes[0].lower()
        ), head


@names
def test_every_figure_has_a_title_and_a_text_description_after_it(name):
    nb = NOTEBOOKS[name]
    for i, cell in enumerate(nb.cells):
        figs = [o["data"][PLOTLY] for o in cell.get("outputs", []) if PLOTLY in o.get("data", {})]
        for fig in figs:
            title = fig["layout"].get("title", {}).get("text", "")
            assert title.strip(), f"cell {i}: untitled figure"
            nxt = nb.cells[i + 1]
            assert nxt.cell_type == "markdown" and nxt.source.startswith("*Figure description:*"), (
                f"cell {i}: figure '{title}' has no text description after it"
            )


@names
def test_outputs_are_complete_and_in_order(name):
    nb = NOTEBOOKS[name]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "run top to bottom"
    for c in code:
        for out in c.get("outputs", []):
            assert out["output_type"] != "error"
            assert out.get("name") != "stderr", f"stderr output: {out.get('text', '')[:200]}"
    for fig in figure_outputs(nb):
        assert fig["layout"]["template"]["layout"]["font"]["family"].startswith("Inter"), (
            "setup() theme applied"
        )


@names
def test_every_figure_has_an_html_copy_for_nbviewer(name):
    for c in NOTEBOOKS[name].cells:
        for out in c.get("outputs", []):
            if PLOTLY in out.get("data", {}):
                assert "text/html" in out["data"] and "Plotly.newPlot" in out["data"]["text/html"]


@names
def test_navigation_is_generated_and_current(name):
    nb = NOTEBOOKS[name]
    assert is_nav(nb.cells[0]) and is_nav(nb.cells[-1])
    assert nb.cells[0].metadata["slideshow"]["slide_type"] == "skip"
    links = re.findall(r"\]\(([^)]+)\)", nb.cells[0].source)
    assert links and all((Path(CHAPTERS[0]).parent / link).exists() for link in links)
    if name != "00_start_here.ipynb":
        assert "00_start_here.ipynb" in links


def test_navigation_matches_the_script():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "add_navigation.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout


def test_contents_links_every_chapter():
    contents = next(
        c for c in NOTEBOOKS["00_start_here.ipynb"].cells if "contents" in c.metadata.get("tags", [])
    )
    for path in CHAPTERS[1:]:
        assert f"]({path.name})" in contents.source
