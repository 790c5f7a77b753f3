"""The explainer's Jupyter server extension: live slides that start, saves that stay clean.

Enabled for `make lab` (and the tests' JupyterLab) by
``jupyter/jupyter_server_config.d/explainer.json``, which the set-up copies into the
environment's Jupyter configuration.

Why it exists (docs/decisions.md, 12):

* **RISE converted nothing.** JupyterLab's plotly renderer (jupyterlab-plotly 7.1) draws
  a figure, then renders it again to a PNG and writes that PNG into the figure's saved
  output (``image/png``). Writing it marks the notebook as changed. jupyterlab-rise 0.43.1
  turns a notebook into slides once, when it has loaded, and only if the notebook is
  unchanged; when a PNG arrives first (a slower machine, a busy network) the notebook
  stays a plain page and the slides never come. On RISE's pages this extension makes the
  PNG step a no-op (a canvas exports an empty image there), so the notebook stays
  unchanged and RISE starts every time. Nothing is lost: slides draw live figures.
* **Saving bloated notebooks.** The same PNGs reached the file on every save: two to six
  times the size, git showing every chapter changed, and figures reopening as still
  images. :func:`drop_plotly_snapshots` is a pre-save hook that removes them, and
  :func:`write_as_committed` a post-save hook that writes the file as ``make notebooks``
  does (each figure one line).
"""

from __future__ import annotations

PLOTLY = "application/vnd.plotly.v1+json"

# Runs first on every RISE page. A PNG export of a canvas (which there only the plotly
# renderer's snapshot step makes) returns an empty image address with no data part: the
# renderer then finds nothing new to store, and leaves the notebook unchanged.
NO_SNAPSHOTS = """<script>
(function () {
  var toDataURL = HTMLCanvasElement.prototype.toDataURL;
  HTMLCanvasElement.prototype.toDataURL = function (type) {
    if (!type || String(type).toLowerCase() === 'image/png') {
      return 'data:image/png;base64';
    }
    return toDataURL.apply(this, arguments);
  };
})();
</script>"""


def drop_plotly_snapshots(model: dict, **kwargs) -> None:
    """Pre-save hook: remove the PNG the plotly renderer adds beside each saved figure."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data")
            if isinstance(data, dict) and PLOTLY in data:
                data.pop("image/png", None)
                (output.get("metadata") or {}).pop("image/png", None)


def write_as_committed(model: dict, os_path: str, contents_manager=None, **kwargs) -> None:
    """Post-save hook: a saved notebook is rewritten the way ``make notebooks`` writes it
    (:func:`explainer.chapters.dumps`, each figure one line), so Run All + Save leaves a chapter
    byte for byte as committed instead of re-indenting every figure."""
    if model.get("type") != "notebook" or not str(os_path).endswith(".ipynb"):
        return
    import nbformat

    from explainer import chapters

    with open(os_path, encoding="utf-8") as f:
        text = f.read()
    compact = chapters.dumps(nbformat.reads(text, as_version=4))
    if compact != text:
        with open(os_path, "w", encoding="utf-8") as f:
            f.write(compact)


def _guard_rise() -> bool:
    try:
        from jupyterlab_rise.app import RiseHandler
    except ImportError:  # RISE not installed: nothing to guard
        return False
    if getattr(RiseHandler, "_explainer_guarded", False):
        return True
    render = RiseHandler.render_template

    def render_template(self, name: str, **ns) -> str:
        page = render(self, name, **ns)
        return page.replace("<head>", "<head>" + NO_SNAPSHOTS, 1) if name == "index.html" else page

    RiseHandler.render_template = render_template
    RiseHandler._explainer_guarded = True
    return True


def _jupyter_server_extension_points():
    return [{"module": "explainer.jupyter"}]


def _load_jupyter_server_extension(serverapp) -> None:
    serverapp.contents_manager.register_pre_save_hook(drop_plotly_snapshots)
    serverapp.contents_manager.register_post_save_hook(write_as_committed)
    guarded = _guard_rise()
    serverapp.log.info(
        "explainer: saves drop plotly PNG snapshots%s", "; RISE pages refuse them" if guarded else ""
    )
