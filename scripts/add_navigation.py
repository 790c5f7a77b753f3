"""Write the navigation of every chapter: generated, never typed.

Usage: ``python scripts/add_navigation.py [--check]`` (``make notebooks`` runs it first).

Each chapter gets a first and a last markdown cell, tagged ``navigation``, with
``← previous | Contents | next →`` links, and chapter 00's cell tagged ``contents``
is rewritten as the table of chapters with links. Titles come from each chapter's
``#`` heading. ``--check`` changes nothing and exits 1 if a notebook's navigation
is not what this script would write (the tests run it that way).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from explainer import chapters as chapters_module

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CONTENTS = chapters_module.CONTENTS
chapters = chapters_module.files
title, short, summary = chapters_module.title, chapters_module.short, chapters_module.summary


def nav_source(paths: list[Path], i: int, titles: list[str]) -> str:
    parts = []
    if i > 0:
        parts.append(f"[← {paths[i - 1].name[:2]} {short(titles[i - 1])}]({paths[i - 1].name})")
    if paths[i].name != CONTENTS:
        parts.append(f"[Contents]({CONTENTS})")
    if i + 1 < len(paths):
        parts.append(f"[{paths[i + 1].name[:2]} {short(titles[i + 1])} →]({paths[i + 1].name})")
    return " | ".join(parts)


def nav_cell(source: str, where: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = f"navigation-{where}"  # fixed ids: regenerating changes nothing
    cell.metadata["tags"] = ["navigation"]
    cell.metadata["slideshow"] = {"slide_type": "skip"}
    return cell


def contents_source(paths: list[Path], notebooks: list) -> str:
    rows = ["## The chapters", "", "| nb | chapter | what it covers |", "|---|---|---|"]
    for path, nb in zip(paths, notebooks):
        label = "Start here" if path.name == CONTENTS else short(title(nb))
        link = "this page" if path.name == CONTENTS else f"[{label}]({path.name})"
        rows.append(f"| {path.name[:2]} | {link} | {summary(nb)} |")
    return "\n".join(rows)


def navigated(path: Path, paths: list[Path], notebooks: list, titles: list[str]):
    i = paths.index(path)
    nb = notebooks[i]
    cells = [c for c in nb.cells if "navigation" not in c.metadata.get("tags", [])]
    source = nav_source(paths, i, titles)
    for cell in cells:
        if "contents" in cell.metadata.get("tags", []):
            cell.source = contents_source(paths, notebooks)
    nb.cells = [nav_cell(source, "top"), *cells, nav_cell(source, "bottom")]
    return nb


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = chapters()
    notebooks = [nbformat.read(p, as_version=4) for p in paths]
    titles = [title(nb) for nb in notebooks]
    stale = []
    for path in paths:
        before = path.read_text(encoding="utf-8")
        nb = navigated(path, paths, [nbformat.read(p, as_version=4) for p in paths], titles)
        after = chapters_module.dumps(nb)
        if after != before:
            stale.append(path.name)
            if not check:
                path.write_text(after, encoding="utf-8")
    if check and stale:
        print("navigation out of date (run `make notebooks`): " + ", ".join(stale))
        return 1
    for name in stale:
        print(f"  navigation written: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
