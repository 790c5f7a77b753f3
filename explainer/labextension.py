"""The explainer's JupyterLab extension: figures take their phone layout in a narrow panel.

On a chapter page (nbviewer, the site) the HTML copy of each figure carries its phone layout
(:func:`explainer.chrome.narrow`) and a small script applies it when the figure is drawn
narrower than :data:`explainer.chrome.NARROW`. JupyterLab draws the plotly mime bundle
instead, with its own plotly renderer, and runs no script of a notebook's: in a narrow panel
(a phone, two documents side by side) titles, button rows and legends ran off the panel.

This extension brings the same layout to JupyterLab. For every figure drawn in a notebook
it reads the figure's HTML copy from the output's data (JSON only: nothing in a notebook is
run as code), and whenever the figure's width crosses the limit, or changes on the phone
side of it, draws it again with the layout for that width, using the same functions as the
chapter pages (``explainer.notebook.FIT``, one copy of them). A map is drawn again on the
wide side too, at every width it settles at, so that it fills its width as on the pages.

It is a prebuilt ("federated") JupyterLab extension with no build step: a ``package.json``
and one script that declares a module-federation container by hand (``init`` and ``get``,
the two calls JupyterLab's loader makes). It needs no JupyterLab package at run time, only
the application object its plugin is given. The set-up writes it into the environment's
``share/jupyter/labextensions`` (``python -m explainer.labextension DIR``); see
docs/decisions.md, 14.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from explainer import notebook

NAME = "explainer-phone"
VERSION = "0.1.0"

PLUGIN = r"""
var PACKED = /window\.explainerDraw\("[^"]+", "([A-Za-z0-9+\/=]+)"/;
var PLOTLY = "application/vnd.plotly.v1+json";
var seen = new WeakMap(), count = 0;

// The output data behind a figure drawn in a notebook: its cell's output area, by position.
function outputData(app, gd) {
  var main = app.shell && app.shell.widgets ? app.shell.widgets("main") : [];
  for (var panel of main) {
    var cells = panel && panel.content && panel.content.widgets;
    if (!cells || !panel.node.contains(gd)) continue;
    for (var cell of cells) {
      var area = cell && cell.outputArea, widgets = area && area.widgets, model = area && area.model;
      if (!widgets || !model || !cell.node.contains(gd)) continue;
      for (var i = 0; i < widgets.length && i < model.length; i++) {
        if (widgets[i] && widgets[i].node.contains(gd)) return (model.get(i) || {}).data || null;
      }
    }
  }
  return null;
}

function unpack(packed) {
  var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text().then(JSON.parse);
}

// A notebook is untrusted: the phone layout's keys are paths the page functions walk into the
// figure, so none may step onto an object's prototype, and its axes are only plotly's.
var UNSAFE = /(^|[.\[])(__proto__|constructor|prototype)([.\]]|$)/;
function clean(phone) {
  if (!phone || typeof phone !== "object" || typeof phone.limit !== "number") return null;
  var narrow = {};
  Object.keys(phone.narrow || {}).forEach(function (key) { if (!UNSAFE.test(key)) narrow[key] = phone.narrow[key]; });
  phone.narrow = narrow;
  if (phone.labels) {
    phone.labels.axes = (phone.labels.axes || []).filter(function (a) {
      return /^yaxis\d*$/.test(a.axis) && /^xaxis\d*$/.test(a.x) && Array.isArray(a.lines);
    });
  }
  return phone;
}

function copy(value) { return value === undefined ? value : JSON.parse(JSON.stringify(value)); }

// Draw the figure again for its width: the phone layout under the limit, the reading layout
// over it (as the chapter pages choose, before plotly draws; a map's height to fill its width).
function redraw(gd, state, width) {
  state.width = width;
  state.narrow = width < state.figure.phone.limit;
  state.busy = true;
  gd.setAttribute("data-explainer-layout", "drawing");
  gd.style.height = "";
  if (gd.parentElement) gd.parentElement.style.height = "";
  window.explainerNarrow[gd.id] = state.figure.phone;
  var fig = state.figure, frames = copy(fig.frames);  // the phone layout reaches the frames' notes too
  return Promise.resolve(window.explainerNewPlot(gd.id, copy(fig.data), copy(fig.layout || {}), state.config, frames))
    .then(function () { return frames ? window.Plotly.addFrames(gd, frames) : null; })
    .catch(function (error) { console.warn("explainer-phone: could not redraw a figure", error); })
    .then(function () {
      state.busy = false;
      gd.setAttribute("data-explainer-width", Math.round(width));
      gd.setAttribute("data-explainer-layout", state.narrow ? "phone" : "reading");
    });
}

function fit(gd) {
  var state = seen.get(gd);
  if (!state || !state.figure || state.busy || !gd._fullLayout || !window.Plotly) return;
  var width = gd.getBoundingClientRect().width;
  if (width < 40) return;  // not laid out yet (a collapsed or hidden panel)
  var narrow = width < state.figure.phone.limit, phone = state.figure.phone;
  // a map on a wide panel fills its width too (the pages' fill step), at every width it settles at
  var fill = !narrow && !!phone.fill && !!(phone.aspect || phone.stacked);
  if (state.width === null && !narrow && !fill) { state.width = width; return; }  // as JupyterLab drew it
  var change = state.width === null || narrow !== state.narrow || ((narrow || fill) && Math.abs(width - state.width) > 8);
  // a width seen on two checks in a row: panels pass through other widths as they are laid out
  if (change && state.seen !== null && Math.abs(width - state.seen) <= 2) redraw(gd, state, width);
  state.seen = change ? width : null;
}

function watch(app, gd) {
  if (seen.has(gd)) return;
  var data = outputData(app, gd);
  var html = data && data["text/html"];
  if (Array.isArray(html)) html = html.join("");
  var match = typeof html === "string" && html.match(PACKED);
  if (!data) return;  // not in a notebook's output area (yet)
  if (!match || typeof DecompressionStream === "undefined") { seen.set(gd, null); return; }  // not ours
  var state = {figure: null, width: null, seen: null, narrow: false, busy: false,
               config: Object.assign({}, (data[PLOTLY] || {}).config || {})};
  seen.set(gd, state);
  if (!gd.id) gd.id = "explainer-lab-" + (++count);
  unpack(match[1]).then(function (figure) {
    if (figure && clean(figure.phone)) state.figure = figure;
  }).catch(function (error) { console.warn("explainer-phone: unreadable figure copy", error); });
}

var plugin = {
  id: "explainer-phone:plugin",
  description: "Figures of the explainer take their phone layout in a narrow panel.",
  autoStart: true,
  activate: function (app) {
    // Every figure drawn in an output, checked a few times a second: a panel's width changes
    // with the window, the sidebars and the split of the main area, and a notebook draws and
    // drops its cells as they scroll by (a ResizeObserver missed the changes of cells drawn
    // while out of view).
    var warned = false;
    setInterval(function () {
      document.querySelectorAll(".jp-OutputArea-output.js-plotly-plot").forEach(function (gd) {
        if (!gd._fullLayout) return;
        try {
          watch(app, gd);
          fit(gd);
        } catch (error) {  // a figure left as JupyterLab drew it, never an error on the page
          if (!warned) console.warn("explainer-phone: left a figure as drawn", error);
          warned = true;
          seen.set(gd, null);
        }
      });
    }, 400);
  }
};
"""


def script() -> str:
    """The extension's one script: the chapter pages' layout functions, the plugin, and the
    module-federation container JupyterLab's loader asks for."""
    fit = re.fullmatch(r"\s*<script>(.*)</script>\s*", notebook.FIT, re.S)
    if not fit:
        raise ValueError("explainer.notebook.FIT is not one <script> element")
    return (
        "// The explainer's JupyterLab extension, written by explainer/labextension.py (do not edit).\n"
        "var _JUPYTERLAB = (window._JUPYTERLAB = window._JUPYTERLAB || {});\n"
        "(function () {\n" + fit.group(1) + PLUGIN + f"_JUPYTERLAB[{json.dumps(NAME)}] = {{\n"
        "  init: function () { return Promise.resolve(); },\n"
        "  get: function () { return Promise.resolve(function () { return {__esModule: true, default: [plugin], clean: clean}; }); }\n"
        "};\n"
        "})();\n"
    )


def package() -> dict:
    """The ``package.json`` JupyterLab reads to find and load the extension."""
    return {
        "name": NAME,
        "version": VERSION,
        "description": "Figures of the explainer take their phone layout in a narrow JupyterLab panel.",
        "license": "MIT",
        "jupyterlab": {
            "extension": True,
            "_build": {"load": "static/remoteEntry.js", "extension": "./extension"},
        },
    }


def install(labextensions: Path) -> Path:
    """Write the extension into ``labextensions`` (an environment's
    ``share/jupyter/labextensions``); the folder written."""
    target = Path(labextensions) / NAME
    (target / "static").mkdir(parents=True, exist_ok=True)
    (target / "package.json").write_text(json.dumps(package(), indent=2) + "\n", encoding="utf-8")
    (target / "static" / "remoteEntry.js").write_text(script(), encoding="utf-8")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m explainer.labextension LABEXTENSIONS_DIR")
    print(f"JupyterLab extension written to {install(Path(sys.argv[1]))}")
