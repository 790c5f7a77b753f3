"""The one call at the top of every chapter: ``explainer.notebook.setup()``.

It chooses plotly's renderers deliberately (see docs/decisions.md):

* ``application/vnd.plotly.v1+json`` — JupyterLab draws it with its own bundled
  plotly.js, offline, trusted or not;
* ``text/html`` — what nbviewer and nbconvert show. The first figure of a notebook
  carries one ``<script>`` tag for plotly.js from plotly's CDN (the same file the
  plotly package ships, pinned by version and subresource-integrity hash); later
  figures reuse it. The static site and slide decks rewrite that one URL to their
  own copy, so they work with no network. No MathJax is loaded.

Div ids are derived from the figure's content and its position in the notebook,
not from uuid4, so re-executing a notebook reproduces its outputs exactly.
"""

from __future__ import annotations

import hashlib
import json
import os
import re

import plotly.io as pio
from plotly.io._base_renderers import MimetypeRenderer, PlotlyRenderer
from plotly.io._utils import plotly_cdn_url

from explainer import chrome, theme

RENDERER = "explainer"

# Figure config shared by every chart: no plotly logo, no link to plotly's cloud,
# no MathJax, and a sensible PNG download.
CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,  # plotly.js 4 shows a "Share chart" (upload to plotly's cloud) button by default
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


# plotly escapes every "<", ">" and "/" in the figure JSON it writes into a <script>
# (as \u003c, \u003e, \u002f). Inside a script only "</script" and "<!--" are
# dangerous, so the hover-card markup plotly itself understands is written back
# plainly: the same page, about a quarter fewer bytes in a text-heavy figure.
_ESCAPED_TAG = re.compile(
    r"\\u003c(\\u002f)?(br|b|i|em|span|sup|sub)((?:\s(?:(?!\\u003c|\\u003e).)*)?)\\u003e"
)


def _plain_markup(html: str) -> str:
    def tag(m: re.Match) -> str:
        attrs = m.group(3).replace("\\u002f", "/")
        return f"<{'/' if m.group(1) else ''}{m.group(2)}{attrs}>"

    return _ESCAPED_TAG.sub(tag, html)


FIT = r"""<script>
// Phone layout (explainer.chrome.narrow), chosen before the figure is drawn: plotly cannot
// turn a row of buttons into a menu once it has drawn them.
window.explainerNarrow = window.explainerNarrow || {};
window.explainerNarrow[%(id)s] = {narrow: %(narrow)s, aspect: %(aspect)s, limit: %(limit)s};
window.explainerNewPlot = window.explainerNewPlot || function (id, data, layout, config) {
  var gd = document.getElementById(id), spec = window.explainerNarrow[id];
  var width = gd ? gd.getBoundingClientRect().width : 0;
  if (spec && width > 0 && width < spec.limit) {
    Object.keys(spec.narrow).forEach(function (key) {
      var path = key.replace(/\[(\d+)\]/g, ".$1").split("."), node = layout;
      if (path[0] === "data") { node = data; path = path.slice(1); }  // a trace's legend name
      for (var i = 0; i < path.length - 1; i++) {
        if (node[path[i]] === undefined || node[path[i]] === null) node[path[i]] = /^\d+$/.test(path[i + 1]) ? [] : {};
        node = node[path[i]];
      }
      node[path[path.length - 1]] = spec.narrow[key];
    });
    config = Object.assign({}, config, {displayModeBar: false});  // on a phone the toolbar would cover the title
    if (spec.narrow.height) {  // the phone layout is taller (a legend at the foot): so is its box
      gd.style.height = spec.narrow.height + "px";
      if (gd.parentElement && gd.parentElement.style.height) gd.parentElement.style.height = spec.narrow.height + "px";
    }
    if (spec.aspect) {
      var m = layout.margin || {}, fitted = Math.round((width - (m.l || 0) - (m.r || 0)) / spec.aspect + (m.t || 0) + (m.b || 0));
      layout.height = Math.min(layout.height || fitted, fitted);
      if (gd.parentElement && gd.parentElement.style.height) gd.parentElement.style.height = layout.height + "px";
    }
  }
  var drawn = window.Plotly.newPlot(id, data, layout, config);
  if (!(spec && width > 0 && width < spec.limit)) return drawn;
  return drawn.then(function (gd) {
    // captions anchored to the plot's left edge move to the figure's: the plot may start far in
    var left = gd._fullLayout._size.l, update = {};
    (gd.layout.annotations || []).forEach(function (a, i) {
      if (/^(paper|x\d* domain)$/.test(a.xref || "paper") && !a.x && a.xanchor === "left" && left > 8) {
        update["annotations[" + i + "].xshift"] = 6 - left;
      }
    });
    (gd.layout.updatemenus || []).forEach(function (m, i) {  // menus too: they start at the figure's edge
      if (!m.x && m.xanchor === "left" && left > 8) update["updatemenus[" + i + "].x"] = (6 - left) / gd._fullLayout._size.w;
    });
    return Object.keys(update).length ? window.Plotly.relayout(gd, update) : gd;
  });
};
</script>"""


def _fit_script(div_id: str, fig_dict: dict) -> str:
    """The script that gives the HTML copy its phone layout (see :func:`explainer.chrome.narrow`)."""
    layout = fig_dict.get("layout", {})
    geo = layout.get("geo") or {}
    full_map = bool(geo) and (geo.get("domain") or {}).get("y", [0, 1]) == [0, 1]
    aspect = chrome.geo_aspect(fig_dict) if full_map else None
    return FIT % {
        "id": json.dumps(div_id),
        "narrow": json.dumps(chrome.narrow(fig_dict), sort_keys=True),
        "aspect": json.dumps(round(aspect, 4) if aspect else None),
        "limit": chrome.NARROW,
    }


class HtmlCopy(MimetypeRenderer):
    """The ``text/html`` half of the explainer renderer (see module docstring)."""

    def __init__(self, config: dict | None = None):
        self.config = dict(config or {})
        # plotly shallow-copies renderers before each use: keep the count in a
        # shared dict so every copy sees it.
        self.state = {"count": 0}

    def reset(self) -> None:
        """Forget earlier figures: the next one loads plotly.js again."""
        self.state["count"] = 0

    def to_mimebundle(self, fig_dict: dict) -> dict:
        fig_dict = _for_output(fig_dict)
        self.state["count"] += 1
        count = self.state["count"]
        payload = json.dumps(fig_dict, sort_keys=True, default=str).encode()
        div_id = f"fig-{count:02d}-{hashlib.sha1(payload).hexdigest()[:10]}"
        html = pio.to_html(
            fig_dict,
            config=self.config,
            full_html=False,
            include_plotlyjs="cdn" if count == 1 else False,
            include_mathjax=False,
            div_id=div_id,
            default_height=fig_dict.get("layout", {}).get("height", 520),
            default_width="100%",
            validate=False,
            auto_play=False,  # an animated figure opens on its saved state; the reader presses Play
        )
        html = html.replace("Plotly.newPlot(", "window.explainerNewPlot(", 1)
        return {"text/html": _fit_script(div_id, fig_dict) + _plain_markup(html)}


class MimeCopy(PlotlyRenderer):
    """The mime-bundle half: what JupyterLab (and RISE) draw, slide-sized in presenter mode."""

    def to_mimebundle(self, fig_dict: dict) -> dict:
        return super().to_mimebundle(_for_output(fig_dict))


def _for_output(fig_dict: dict) -> dict:
    return chrome.for_slides(fig_dict) if _state["presenter"] else fig_dict


_html = HtmlCopy(CONFIG)
_state = {"presenter": False}
PRESENTER_ENV = "EXPLAINER_PRESENTER"


def setup(presenter: bool | None = None) -> None:
    """Prepare a chapter: renderers, theme, no network.

    ``presenter=True`` is for a projector: larger type (no text under 16 px), figures
    sized to fit a slide, and figures with many panels shown one panel at a time, in
    JupyterLab, in RISE and in the slide decks alike. Left out, it follows the
    ``EXPLAINER_PRESENTER`` environment variable (``1``: presenter), which the
    slide-deck build sets. Call it once, at the top of the notebook; calling it again
    restarts the HTML copy's count (so a re-run notebook reloads plotly.js in its first figure).
    """
    if presenter is None:
        presenter = os.environ.get(PRESENTER_ENV) == "1"
    theme.register()
    _html.reset()
    mime = MimeCopy(config=CONFIG)
    pio.renderers[RENDERER + "_mime"] = mime
    pio.renderers[RENDERER + "_html"] = _html
    pio.renderers.default = f"{RENDERER}_mime+{RENDERER}_html"
    pio.templates.default = "explainer_presenter" if presenter else "explainer"
    _state["presenter"] = presenter


def presenter() -> bool:
    """True when the chapter was set up for a projector."""
    return _state["presenter"]


def plotly_js_url() -> str:
    """The one external URL the HTML copy names (rewritten by the site and slide builds)."""
    return plotly_cdn_url()
