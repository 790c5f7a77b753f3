"""The chapters, listed once for every script and test.

A chapter is a notebook ``notebooks/NN_name.ipynb``: two digits, from 00, in reading order.
Its title is the first line of its first ``# `` heading, its summary the first paragraph
under that heading, and its figures the plotly outputs it saves.

>>> [path.name for path in files()][:2]
['00_start_here.ipynb', '01_article_claims.ipynb']
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import nbformat

from explainer import paths

PATTERN = "[0-9][0-9]_*.ipynb"
PLOTLY = "application/vnd.plotly.v1+json"
CONTENTS = "00_start_here.ipynb"


def files(folder: Path = paths.NOTEBOOKS) -> list[Path]:
    """Every chapter in ``folder``, in reading order (00 first)."""
    return sorted(folder.glob(PATTERN))


def read(path: Path):
    return nbformat.read(path, as_version=4)


def dumps(nb) -> str:
    """A chapter's file text as every script here writes it: nbformat's own layout (one
    key a line, indented, so a prose change is a readable diff), except that each plotly
    figure is one compact line, not one number a line. Jupyter, nbval and nbviewer read
    it as any notebook; a notebook saved from JupyterLab goes back to nbformat's layout.
    """
    nb = copy.deepcopy(nb)
    figures = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PLOTLY in data:
                key = f"explainer-figure-{len(figures)}"
                figures[json.dumps(key)] = json.dumps(
                    data[PLOTLY], sort_keys=True, ensure_ascii=False, separators=(",", ":")
                )
                data[PLOTLY] = key
    text = nbformat.writes(nb)
    for key, figure in figures.items():
        assert text.count(key) == 1, key
        text = text.replace(key, figure)
    return text + "\n"


def _heading(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell
    raise ValueError("a chapter without a # title")


def title(nb) -> str:
    """The chapter's title: its ``# `` heading without the hashes."""
    return _heading(nb).source.splitlines()[0][2:].strip()


def summary(nb) -> str:
    """The chapter's one-line description: the first paragraph under its title."""
    lines = [line for line in _heading(nb).source.splitlines()[1:] if line.strip()]
    return lines[0].strip() if lines else ""


def short(full: str) -> str:
    """The part of a title before its colon: "The 2024–25 crisis: from Aktau…" → "The 2024–25 crisis"."""
    return full.split(":")[0].strip()


def figure_outputs(nb) -> list[dict]:
    """Every plotly figure (its JSON) in a notebook's saved outputs, in order."""
    return [
        o["data"][PLOTLY]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if PLOTLY in o.get("data", {})
    ]


def problems(folder: Path = paths.NOTEBOOKS) -> list[str]:
    """What is wrong with the chapter list: numbering gaps, a missing 00, titles missing."""
    found = files(folder)
    out = []
    numbers = [int(p.name[:2]) for p in found]
    if numbers != list(range(len(found))):
        out.append(f"chapters are numbered {numbers}; they must run 00, 01, … with no gap or repeat")
    if not found or found[0].name != CONTENTS:
        out.append(f"the first chapter must be {CONTENTS} (the contents and start page)")
    for path in found:
        if not re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name):
            out.append(f"{path.name}: a chapter's file name is NN_lowercase_words.ipynb")
        try:
            title(read(path))
        except ValueError as error:
            out.append(f"{path.name}: {error}")
    return out
