"""Re-execute the explainer's notebooks top to bottom, in place, offline.

Usage: ``python scripts/run_notebooks.py [notebooks/NN_name.ipynb ...]`` (default: all).

Every notebook runs in a fresh kernel from ``notebooks/`` with the network guard
on (tools/netguard): a cell that reaches for the network fails the run. Outputs
are deterministic (no timings, content-derived figure ids), so running twice
changes nothing; widget state is saved so widgets still show on nbviewer.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from explainer import chapters

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
GUARD = ROOT / "tools" / "netguard"


def offline_env(log: Path) -> dict:
    """Environment variables that put the network guard into every Python child."""
    path = os.environ.get("PYTHONPATH", "")
    return {
        "PYTHONPATH": os.pathsep.join([str(GUARD), path]) if path else str(GUARD),
        "EXPLAINER_NETGUARD_LOG": str(log),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def stable_widget_ids(nb, name: str):
    """Replace the random widget model ids (uuid4) with ids derived from the notebook
    and their order, everywhere they appear, so re-execution reproduces the file."""
    state = (
        nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    )
    if not state:
        return nb
    text = json.dumps(nb)
    for i, old in enumerate(sorted(state, key=text.find)):
        new = uuid.uuid5(uuid.NAMESPACE_URL, f"explainer:{name}:{i}").hex
        text = text.replace(old, new)
    return nbformat.from_dict(json.loads(text))


def run(nb, name: str, presenter: bool = False):
    """``nb`` executed top to bottom in a fresh kernel, its outputs cleaned (see module docstring).

    ``presenter=True`` runs it as for a projector (``EXPLAINER_PRESENTER=1``: slide-sized
    figures), which is how the slide decks are made.
    """
    previous = os.environ.get("EXPLAINER_PRESENTER")
    os.environ["EXPLAINER_PRESENTER"] = "1" if presenter else "0"
    try:
        return _run(nb, name)
    finally:
        if previous is None:
            os.environ.pop("EXPLAINER_PRESENTER", None)
        else:
            os.environ["EXPLAINER_PRESENTER"] = previous


def _run(nb, name: str):
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        record_timing=False,
        store_widget_state=True,
    )
    client.execute()
    # Cells tagged "live-only" (live widgets) keep no output: without a kernel their
    # controls would do nothing, and their saved state would only slow the page.
    for cell in nb.cells:
        if "live-only" in cell.metadata.get("tags", []):
            cell.outputs = []
    if not _has_widgets(nb) or not any(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {})
        for c in nb.cells
        for o in c.get("outputs", [])
    ):
        nb.metadata.pop("widgets", None)
    nb = stable_widget_ids(nb, name)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.validate(nb)
    return nb


def execute(path: Path) -> None:
    nb = run(nbformat.read(path, as_version=4), path.name)
    text = chapters.dumps(nb)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        print(f"  wrote {path.relative_to(ROOT)} ({len(text.encode()):,} bytes)")
    else:
        print(f"  unchanged {path.relative_to(ROOT)}")


def _has_widgets(nb) -> bool:
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return bool(state.get("state"))


def main(argv: list[str]) -> int:
    targets = [Path(a).resolve() for a in argv] or chapters.files()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "network.log"
        os.environ.update(offline_env(log))
        for path in targets:
            print(f"executing {path.relative_to(ROOT)}")
            execute(path)
        if log.exists() and log.read_text().strip():
            print("network access was attempted while executing:\n" + log.read_text(), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
