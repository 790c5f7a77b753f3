"""Write the README's nbviewer and Binder links from configuration, never by hand.

Usage: ``python scripts/readme_links.py [--check]`` (``make readme``).

Reads ``[tool.explainer] repository`` ("owner/name" on GitHub) and ``branch``
from pyproject.toml and rewrites the block between the ``links:start`` and
``links:end`` markers in README.md: one nbviewer link per chapter and a Binder
launch link that opens chapter 00 in JupyterLab. With no repository configured
the block says so. ``--check`` exits 1 if README.md is not what it would write.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from explainer import chapters

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- links:start -->", "<!-- links:end -->"


def links_block(repository: str, branch: str, chapters: list[Path]) -> str:
    if not repository:
        return (
            'Not published yet: set `[tool.explainer] repository` ("owner/name" on GitHub) in '
            "`pyproject.toml` and run `make readme` to write the nbviewer and Binder links here."
        )
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repository):
        raise SystemExit(f"pyproject.toml [tool.explainer] repository: {repository!r} is not owner/name")
    lines = [
        f"[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/{repository}/{branch}"
        f"?urlpath=lab/tree/notebooks/00_start_here.ipynb)",
        "",
        "Read on nbviewer (no installation; maps and charts are interactive):",
        "",
    ]
    for path in chapters:
        lines.append(
            f"- [{path.stem}](https://nbviewer.org/github/{repository}/blob/{branch}/notebooks/{path.name})"
        )
    return "\n".join(lines)


def render(readme: str, block: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        raise SystemExit(f"README.md has no {START} … {END} block")
    return pattern.sub(lambda _: f"{START}\n{block}\n{END}", readme)


def main(argv: list[str]) -> int:
    config = (
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        .get("tool", {})
        .get("explainer", {})
    )
    found = chapters.files()
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    new = render(readme, links_block(config.get("repository", ""), config.get("branch", "main"), found))
    if "--check" in argv:
        if new != readme:
            print("README.md links are out of date: run `make readme`")
            return 1
        return 0
    readme_path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
