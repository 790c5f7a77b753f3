"""README's reading links come from configuration, and its commands are the real ones."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

from explainer import paths
from explainer.chapters import files as chapter_files

SPEC = importlib.util.spec_from_file_location("readme_links", paths.ROOT / "scripts" / "readme_links.py")
readme_links = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(readme_links)
README = (paths.ROOT / "README.md").read_text(encoding="utf-8")


def test_links_block_is_current():
    run = subprocess.run(
        [sys.executable, str(paths.ROOT / "scripts" / "readme_links.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout


def test_configured_repository_gives_nbviewer_and_binder_links():
    chapters = chapter_files()
    block = readme_links.links_block("someone/explainer", "main", chapters)
    assert (
        "https://mybinder.org/v2/gh/someone/explainer/main?urlpath=lab/tree/notebooks/00_start_here.ipynb"
        in block
    )
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


def test_key_findings_match_the_data():
    """The README's numbers are recomputed from the data; a change in the data must update them."""
    from explainer import crisis, data

    t = data.load()
    claims = t["claims"]["status"].value_counts()
    flat = README.replace("\n  ", " ")
    analysts = t["claims"]["speaker"].str.contains("Fesenko|Ibrahimov").sum()
    assert (
        f"Of the article's {len(t['claims'])} checkable claims ({analysts} of them its two analysts'), "
        f"{claims['confirmed']} are confirmed"
    ) in flat
    assert f"{claims['disputed']} are disputed" in flat
    c = t["contested"]
    for quantity, text in [
        ("black_january_deaths", "(6 sources)"),
        ("khojaly_deaths", "(10 sources)"),
        ("yekaterinburg_raids_detained", "(5 sources)"),
    ]:
        assert c[c["quantity_id"] == quantity]["who_says"].nunique() == int(text[1:].split()[0])
        assert text in README.replace("\n  ", " ")
    temp = crisis.monthly_temperature(t["events"]).set_index("month")["sum"]
    text = README.replace("\n  ", " ")
    months = {m: f"{m.strftime('%B %Y')}" for m in temp.index}
    coldest = temp.sort_values().head(3)
    assert f"lowest in {months[coldest.index[0]]} (−{-coldest.iloc[0]:.0f}" in text
    assert f"(−{-coldest.iloc[1]:.0f}, −{-coldest.iloc[2]:.0f})" in text
    for month, value in temp[temp >= 10].items():
        assert f"{months[month]} (+{value:.0f}" in text
    assert f"{(t['claims']['status'] == 'not_applicable').sum()} are opinions or forecasts" in text
    latest = t["events"]["date_start"].max()
    assert f"latest record ({latest.day} {latest.strftime('%B %Y')})" in text


def test_binder_python_is_the_one_the_pins_need_and_readme_promises():
    """repo2docker reads runtime.txt; without it Binder picks 3.10, where pandas 3.1 does not install."""
    import tomllib

    runtime = (paths.ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), (
        f"runtime.txt: {runtime!r} is not repo2docker's python-X.Y"
    )
    version = runtime.removeprefix("python-")
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == f">={version}"
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: .*\blint pins\b", makefile, re.M), (
        "make test must run the lint gate and the pin check"
    )
    assert "PIN_VERSIONS := $(patsubst python-%,%,$(shell cat runtime.txt)) 3.12 3.13" in makefile
    note = README.split("**Python versions.**", 1)[1].split("\n\n", 1)[0]
    for promised in (version, "3.12", "3.13"):
        assert promised in note
    assert "has not been run" in note  # what cannot be tested here is said, not implied
