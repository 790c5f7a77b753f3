"""The chapters read as data: skeleton, slides, figures, outputs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from explainer import chapters
from explainer.chapters import PLOTLY, figure_outputs
from explainer.chapters import files as chapter_files
from explainer.notebook import unpack
from explainer.paths import ROOT

CHAPTERS = chapter_files()

NOTEBOOKS = {p.name: nbformat.read(p, as_version=4) for p in CHAPTERS}
names = pytest.mark.parametrize("name", sorted(NOTEBOOKS))


def markdown(nb):
    return [c for c in nb.cells if c.cell_type == "markdown"]


def is_nav(cell) -> bool:
    return "navigation" in cell.metadata.get("tags", [])


def test_the_chapter_list_is_whole():
    """00 first, numbered without gaps, each with a title: what every script relies on."""
    assert chapters.problems() == []
    assert len(CHAPTERS) >= 9 and chapters.title(NOTEBOOKS[CHAPTERS[0].name]).endswith("start here")


@pytest.mark.parametrize(
    "names, expected",
    [
        (["00_start_here", "01_a", "03_c"], "must run 00, 01"),
        (["01_a", "02_b"], "must run 00, 01"),
        (["00_intro", "01_a"], "the first chapter must be 00_start_here.ipynb"),
        (["00_start_here", "01_Big Name"], "NN_lowercase_words"),
    ],
)
def test_a_broken_chapter_list_is_named(tmp_path, names, expected):
    for name in names:
        cell = nbformat.v4.new_markdown_cell(f"# {name}")
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), tmp_path / f"{name}.ipynb")
    assert any(expected in p for p in chapters.problems(tmp_path)), chapters.problems(tmp_path)


def test_a_chapter_without_a_title_is_named(tmp_path):
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## no title")]),
        tmp_path / "00_start_here.ipynb",
    )
    assert chapters.problems(tmp_path) == ["00_start_here.ipynb: a chapter without a # title"]


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
                assert "text/html" in out["data"]
                (figure,) = unpack(out["data"]["text/html"])
                assert figure["data"] == out["data"][PLOTLY]["data"]


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


def test_every_sanitize_rule_masks_something_real():
    """nbval compares outputs strictly; a sanitize rule that matches no saved output only hides a future change."""
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "tests" / "sanitize.cfg", encoding="utf-8")
    saved = "\n".join(json.dumps([c.get("outputs", []) for c in nb.cells]) for nb in NOTEBOOKS.values())
    for name in cfg.sections():
        assert re.search(cfg[name]["regex"], saved), f"sanitize rule [{name}] matches no saved output"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--nbval --nbval-sanitize-with tests/sanitize.cfg" in makefile
    assert "--nbval-lax" not in makefile


def test_saved_outputs_hold_nothing_random():
    """No widget model ids or uuid4s in committed outputs: why the sanitize file needs no rules."""
    saved = "\n".join(json.dumps([c.get("outputs", []) for c in nb.cells]) for nb in NOTEBOOKS.values())
    assert "application/vnd.jupyter.widget-view+json" not in saved
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", saved)


@names
def test_chapter_files_keep_each_figure_on_one_line(name):
    """Written by the project's own writer: prose as nbformat lays it out (readable diffs),
    each figure one compact line; read back, it is the same notebook."""
    path = ROOT / "notebooks" / name
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    assert text == chapters.dumps(nb)
    figures = [line for line in text.splitlines() if line.lstrip().startswith(f'"{PLOTLY}": {{')]
    assert len(figures) == len(list(figure_outputs(nb)))
    if figures:
        assert json.loads(figures[0].split(": ", 1)[1].rstrip(",")) == next(iter(figure_outputs(nb)))
    plain = nbformat.writes(nb) + "\n"
    assert nbformat.reads(plain, as_version=4) == nb and len(text) < len(plain)
