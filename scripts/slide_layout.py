"""Give every chapter the same slide layout, from rules, not by hand.

Usage: ``python scripts/slide_layout.py [--check]`` (``make notebooks`` runs it first;
``--check`` changes nothing and fails if a notebook does not follow the rules).

The rules, which RISE (live slides in JupyterLab) and the static decks both follow:

- the chapter's ``#`` title and every ``##`` heading start a slide; ``###`` a sub-slide;
- a figure or table gets a slide of its own (the code cell that draws it starts a
  sub-slide), so it can use the whole projector;
- the figure's text description (``*Figure description:* …``) and every teaching note
  (``**Teaching note**…``) are speaker notes: read on the notebook page, on the
  presenter's screen in class, never on the wall;
- "Checking the data" (sanity assertions) is skipped on slides;
- the set-up cell stays (its output seeds the figures) with its code hidden;
- "Sources" and other long lists are appendix slides (cell tag ``appendix``), which may
  scroll; every other slide must fit the screen (tests/test_site.py measures it);
- navigation cells are skipped.

Reading the notebook is unchanged: only cell metadata is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from explainer import chapters

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = chapters.files()
APPENDIX_HEADINGS = ("## Sources", "## The chapters")
SKIPPED_HEADINGS = ("## Checking the data",)
PLOTLY = chapters.PLOTLY


def _draws(cell) -> bool:
    """A code cell that draws a figure or a table (its saved output says so)."""
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if PLOTLY in data or ("text/html" in data and "<table" in "".join(data["text/html"])):
            return True
    return False


def layout(nb) -> list[tuple[str, list[str], bool]]:
    """(slide type, tags, input hidden) for every cell, by the rules above."""
    plan = []
    skipping = False
    first_code = True
    for cell in nb.cells:
        tags = [t for t in cell.metadata.get("tags", []) if t != "appendix"]
        source = cell.source.lstrip()
        hidden = False
        if "navigation" in tags:
            kind = "skip"
        elif cell.cell_type == "markdown" and source.startswith(("# ", "## ")):
            skipping = source.startswith(SKIPPED_HEADINGS)
            kind = "skip" if skipping else "slide"
            if source.startswith(APPENDIX_HEADINGS):
                tags.append("appendix")
        elif skipping:
            kind = "skip"
        elif cell.cell_type == "markdown" and source.startswith("### "):
            kind = "subslide"
        elif cell.cell_type == "markdown" and source.startswith(("*Figure description:*", "**Teaching note")):
            kind = "notes"
        elif cell.cell_type == "markdown":
            current = cell.metadata.get("slideshow", {}).get("slide_type", "-")
            kind = current if current in ("fragment", "-") else "-"
        elif first_code:
            kind, hidden = "-", True
            if "hide-input" not in tags:
                tags.append("hide-input")
        elif _draws(cell):
            kind = "subslide"
        else:
            kind = "-"
        if cell.cell_type == "code":
            first_code = False
        plan.append((kind, tags, hidden))
    return plan


def apply(nb) -> bool:
    """Write the plan into ``nb``'s cell metadata; True if anything changed."""
    changed = False
    for cell, (kind, tags, hidden) in zip(nb.cells, layout(nb)):
        before = (
            cell.metadata.get("slideshow", {}).get("slide_type"),
            cell.metadata.get("tags", []),
            cell.metadata.get("jupyter", {}).get("source_hidden", False),
        )
        cell.metadata["slideshow"] = {"slide_type": kind}
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        if hidden:
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        after = (
            kind,
            cell.metadata.get("tags", []),
            cell.metadata.get("jupyter", {}).get("source_hidden", False),
        )
        changed |= before != after
    return changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"] or CHAPTERS
    stale = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if apply(nb):
            stale.append(path.name)
            if not check:
                path.write_text(chapters.dumps(nb), encoding="utf-8")
    if check and stale:
        print("slide layout out of date (run `make notebooks`): " + ", ".join(stale), file=sys.stderr)
        return 1
    for name in stale:
        print(f"slide layout: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
