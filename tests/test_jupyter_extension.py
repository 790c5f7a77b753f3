"""The explainer's Jupyter server extension: clean saves, and the guard RISE pages need."""

from __future__ import annotations

import json
import shutil

from jupyter_server.services.contents.filemanager import FileContentsManager

from explainer import jupyter, paths

CHAPTER = paths.NOTEBOOKS / "05_crisis_2024_25.ipynb"


def test_run_all_and_save_leaves_the_chapter_unchanged(tmp_path):
    """What JupyterLab sends after Run All + Save: the figures plus the renderer's PNG snapshots.
    Saved through the contents manager with the hooks, the file is byte for byte the committed one."""
    shutil.copy(CHAPTER, tmp_path / CHAPTER.name)
    manager = FileContentsManager(root_dir=str(tmp_path))
    manager.register_pre_save_hook(jupyter.drop_plotly_snapshots)
    manager.register_post_save_hook(jupyter.write_as_committed)
    model = manager.get(CHAPTER.name)
    figures = 0
    for cell in model["content"]["cells"]:
        for output in cell.get("outputs", []):
            if jupyter.PLOTLY in output.get("data", {}):
                output["data"]["image/png"] = "iVBORw0KGgo" + "A" * 200_000  # the renderer's snapshot
                figures += 1
    assert figures >= 3
    manager.save(model, CHAPTER.name)
    saved = (tmp_path / CHAPTER.name).read_text(encoding="utf-8")
    assert "image/png" not in saved
    assert saved == CHAPTER.read_text(encoding="utf-8")


def test_without_the_hook_the_snapshots_would_be_saved(tmp_path):
    shutil.copy(CHAPTER, tmp_path / CHAPTER.name)
    manager = FileContentsManager(root_dir=str(tmp_path))
    model = manager.get(CHAPTER.name)
    cell = next(
        c
        for c in model["content"]["cells"]
        if any(jupyter.PLOTLY in o.get("data", {}) for o in c.get("outputs", []))
    )
    cell["outputs"][0]["data"]["image/png"] = "iVBORw0KGgo"
    manager.save(model, CHAPTER.name)
    assert "image/png" in (tmp_path / CHAPTER.name).read_text(encoding="utf-8")


def test_rise_pages_carry_the_snapshot_guard_first(monkeypatch):
    """RISE's page gets the guard as the first thing in its head; other templates are untouched."""
    from jupyterlab_rise.app import RiseHandler

    page = "<html><head><title>RISE</title></head><body></body></html>"
    monkeypatch.setattr(RiseHandler, "render_template", lambda self, name, **ns: page)
    monkeypatch.setattr(RiseHandler, "_explainer_guarded", False, raising=False)
    assert jupyter._guard_rise()
    html = RiseHandler.render_template(object(), "index.html")
    assert html.startswith("<html><head><script>") and "toDataURL" in html and "<title>RISE</title>" in html
    assert RiseHandler.render_template(object(), "error.html") == page


def test_the_extension_is_enabled_by_the_setup():
    config = json.loads((paths.ROOT / "jupyter" / "jupyter_server_config.d" / "explainer.json").read_text())
    assert config["ServerApp"]["jpserver_extensions"] == {"explainer.jupyter": True}
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert "jupyter_server_config.d/explainer.json" in makefile
