"""README's reading links come from configuration, and its commands are the real ones."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

from explainer import paths

SPEC = importlib.util.spec_from_file_location("readme_links", paths.ROOT / "scripts" / "readme_links.py")
readme_links = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(readme_links)
README = (paths.ROOT / "README.md").read_text(encoding="utf-8")


def test_links_block_is_current():
    run = subprocess.run([sys.executable, str(paths.ROOT / "scripts" / "readme_links.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_configured_repository_gives_nbviewer_and_binder_links():
    chapters = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    block = readme_links.links_block("someone/explainer", "main", chapters)
    assert "https://mybinder.org/v2/gh/someone/explainer/main?urlpath=lab/tree/notebooks/00_start_here.ipynb" in block
    for path in chapters:
        assert f"https://nbviewer.org/github/someone/explainer/blob/main/notebooks/{path.name}" in block


def test_unconfigured_repository_guesses_nothing():
    block = readme_links.links_block("", "main", [])
    assert "http" not in block and "Not published yet" in block


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    assert re.search(r"^make lab\b", README, re.M) and re.search(r"^make test\b", README, re.M)
    ci = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_readme_links_every_chapter():
    for path in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        assert f"(notebooks/{path.name})" in README
