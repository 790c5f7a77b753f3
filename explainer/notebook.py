"""The one call at the top of every chapter: ``explainer.notebook.setup()``.

It chooses plotly's renderers deliberately (see docs/decisions.md):

* ``application/vnd.plotly.v1+json`` — JupyterLab draws it with its own bundled
  plotly.js, offline, trusted or not;
* ``text/html`` — what nbviewer and nbconvert show. Each figure is stored packed
  (JSON, gzip-compressed, base64-encoded: about a third of its plain size) and
  unpacked by the browser's own ``DecompressionStream`` before it is drawn, so the
  notebook does not carry a second full copy of every figure, and no data string
  reaches the page as markup. The first figure of a notebook also carries the small
  drawing script and one ``<script>`` tag for plotly.js from plotly's CDN (the same
  file the plotly package ships, pinned by version and subresource-integrity hash);
  later figures reuse them. The static site and slide decks rewrite that one URL to
  their own copy, so they work with no network. No MathJax is loaded.

Div ids are derived from the figure's content and its position in the notebook,
not from uuid4, so re-executing a notebook reproduces its outputs exactly.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
from functools import cache

import plotly.io as pio
import rjsmin
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


FIT = r"""<script>
// Figures of the HTML copy arrive gzip-compressed and base64-encoded (explainer.notebook):
// the browser unpacks each with its own DecompressionStream, then draws it.
window.explainerNarrow = window.explainerNarrow || {};
window.explainerDraw = window.explainerDraw || function (id, packed, config) {
  var gd = document.getElementById(id);
  if (!gd) return;
  if (typeof DecompressionStream === "undefined") {
    gd.textContent = "This figure needs a browser from 2023 or later (Chrome 80, Firefox 113, Safari 16.4).";
    return;
  }
  var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text().then(function (text) {
    var fig = JSON.parse(text);
    window.explainerNarrow[id] = fig.phone;
    return window.explainerNewPlot(id, fig.data, fig.layout || {}, config, fig.frames).then(function (gd) {
      return fig.frames ? window.Plotly.addFrames(gd, fig.frames).then(function () { return gd; }) : gd;
    });
  });
};
// A figure's box (and the output area holding it, where that has a height) as tall as its layout
window.explainerBox = window.explainerBox || function (gd, height) {
  gd.style.height = height + "px";
  if (gd.parentElement && gd.parentElement.style.height) gd.parentElement.style.height = height + "px";
};
// A map above a timeline, drawn on a phone: the map's box takes the plot's width at its frame's
// aspect (no blank band above or below it), the figure grows or shrinks by as much, and
// everything under the map keeps its place from the bottom.
window.explainerStacked = window.explainerStacked || function (gd, aspect) {
  var L = gd._fullLayout, size = L._size, d = L.geo.domain.y, update = {};
  var grow = Math.round(size.w / aspect - (d[1] - d[0]) * size.h);
  if (Math.abs(grow) <= 4 || d[1] < 1) return update;  // also shrinks: no blank band around a map
  var k = size.h / (size.h + grow), low = function (y) { return y < d[0] ? y * k : y; };
  update.height = L.height + grow;
  update["geo.domain.y"] = [d[0] * k, 1];
  Object.keys(gd.layout).forEach(function (key) {
    if (/^yaxis\d*$/.test(key) && L[key] && L[key].domain) update[key + ".domain"] = L[key].domain.map(function (y) { return y * k; });
  });
  ["annotations", "sliders", "updatemenus"].forEach(function (kind) {
    (gd.layout[kind] || []).forEach(function (a, i) {
      if ((a.yref || "paper") === "paper" && typeof a.y === "number" && a.y < d[0]) update[kind + "[" + i + "].y"] = low(a.y);
    });
  });
  var legend = gd.layout.legend || {};
  if ((legend.yref || "paper") === "paper" && typeof legend.y === "number" && legend.y < d[0]) update["legend.y"] = low(legend.y);
  return update;
};
// Every relayout of the page's own: menus move in a call of their own, after the rest. One
// relayout that moves notes and menus together throws inside plotly's range slider ("reading
// 'length'": the explorer on a phone, and in a JupyterLab panel when the machine is busy).
window.explainerRelayout = window.explainerRelayout || function (gd, update) {
  var menus = {}, rest = {};
  Object.keys(update).forEach(function (key) { (/^updatemenus\[/.test(key) ? menus : rest)[key] = update[key]; });
  var done = Object.keys(rest).length ? window.Plotly.relayout(gd, rest) : Promise.resolve(gd);
  return Object.keys(menus).length ? done.then(function () { return window.Plotly.relayout(gd, menus); }) : done;
};
// A menu choice on a phone (a period, a phase) that lists fewer or more entries in a map's
// legend than the view before it: the figure shrinks or grows by the difference and what sits
// under the legend moves with it, so no band is left blank. (A chart's choices carry their own
// heights, explainer.chrome._choice_heights; a map's phone height is only known here.)
window.explainerFoot = window.explainerFoot || function (gd) {
  var measure = function () { var l = gd.querySelector(".legend"); return l ? l.getBoundingClientRect().height : 0; };
  var base = measure();
  var follow = function () {
    var now = measure(), d = Math.round(now - base), L = gd._fullLayout, update = {};
    if (Math.abs(d) < 2 || !L) return;
    base = now;
    update.height = L.height + d;
    update["margin.b"] = L.margin.b + d;
    if ((gd.layout.legend || {}).yref !== "container") {  // the legend under the map, the caption under it
      (gd.layout.annotations || []).forEach(function (a, i) {
        if ((a.yref || "paper") === "paper" && typeof a.y === "number" && a.y <= 0 && a.yanchor === "top") {
          update["annotations[" + i + "].yshift"] = (a.yshift || 0) - d;
        }
      });
      (gd.layout.sliders || []).forEach(function (c, i) { update["sliders[" + i + "].pad.t"] = ((c.pad || {}).t || 0) + d; });
      (gd.layout.updatemenus || []).forEach(function (c, i) {
        if (typeof c.y === "number" && c.y <= 0.05) update["updatemenus[" + i + "].pad.t"] = ((c.pad || {}).t || 0) + d;
      });
    }
    var title = gd.layout.title || {};
    if (typeof title.y === "number" && (title.yref || "container") === "container") {
      update["title.y"] = 1 - (1 - title.y) * L.height / update.height;
    }
    window.explainerBox(gd, update.height);
    window.explainerRelayout(gd, update);
  };
  gd.on("plotly_update", follow);
  gd.on("plotly_restyle", follow);
};
// A map on a laptop's page, before it is drawn: its box takes the plot's width at its frame's
// aspect (the figure grows by as much; nothing shrinks), up to a height that keeps the whole map
// on the screen (a map above a timeline less, so the two are seen together). Titles, menus,
// sliders, legends and notes keep their distance from the figure's top or bottom edge.
window.explainerFill = window.explainerFill || function (gd, layout, width, spec) {
  var aspect = spec.aspect || spec.stacked, H = layout.height, geo = layout.geo || {};
  if (!aspect || !H || !spec.fill) return;
  var m = layout.margin || {}, side = function (v, d) { return typeof v === "number" ? v : d; };
  var dx = (geo.domain && geo.domain.x) || [0, 1], dy = (geo.domain && geo.domain.y) || [0, 1];
  var plotW = (width - side(m.l, 80) - side(m.r, 80)) * (dx[1] - dx[0]);
  var plotH = H - side(m.t, 100) - side(m.b, 80), legend = layout.legend || {};
  if (legend.orientation === "v" && legend.xanchor === "left" && legend.x > 0.5 && dx[0] === 0 && dx[1] === 1) {
    plotW = Math.min(plotW, 2 * (legend.x - 0.5) * plotW - 16);  // a legend beside the centred map: clear of it
  }
  var cap = window.innerHeight * (spec.stacked ? spec.fill[1] : spec.fill[0]);
  var grow = Math.round(Math.min(plotW / aspect, cap) - (dy[1] - dy[0]) * plotH);
  if (grow <= 4 || plotH <= 0) return;
  var k = plotH / (plotH + grow), h = H / (H + grow);
  var paper = function (y) { return y < dy[0] ? y * k : y > 1 ? 1 + (y - 1) * k : y; };
  layout.height = H + grow;
  layout.geo = Object.assign({}, geo, {domain: Object.assign({}, geo.domain, {y: [dy[0] * k, 1]})});
  Object.keys(layout).forEach(function (key) {
    var axis = layout[key];
    if (/^yaxis\d*$/.test(key) && axis && axis.domain) layout[key] = Object.assign({}, axis, {domain: axis.domain.map(function (y) { return y * k; })});
  });
  ["annotations", "sliders", "updatemenus"].forEach(function (kind) {
    (layout[kind] || []).forEach(function (a) {
      if ((a.yref || "paper") === "paper" && typeof a.y === "number") a.y = paper(a.y);
    });
  });
  [layout.legend, layout.title].forEach(function (item) {
    if (!item || typeof item !== "object" || typeof item.y !== "number") return;
    var ref = item.yref || (item === layout.title ? "container" : "paper");
    // in the figure's box, a legend at its foot keeps its distance from the foot, the rest from the top
    item.y = ref !== "container" ? paper(item.y) : item.y < 0.5 ? item.y * h : 1 - (1 - item.y) * h;
  });
  window.explainerBox(gd, layout.height);
};
// The phone layout is made for a phone's ~370 px; a figure may be narrower still: a 320 px
// phone's page, a notebook's output area beside JupyterLab's side bars (about 274 px). A legend or a note
// that then reaches past the figure's right edge, where plotly cuts it off, is set in a
// smaller type, down to 8 px, until it fits; so is a title, down to 12 px; a menu moves left.
window.explainerTighten = window.explainerTighten || function (gd, tries) {
  var box = gd.getBoundingClientRect(), L = gd._fullLayout, update = {};
  var shrink = function (size, r) { return Math.max(8, Math.floor(size * (box.right - r.left - 3) / r.width * 10) / 10); };
  var legend = gd.querySelector(".legend");
  if (legend && L.legend) {  // entries a fixed width wide: their box; otherwise names and box alike
    var names = [].slice.call(legend.querySelectorAll("text")).map(function (t) { return t.getBoundingClientRect(); });
    var widest = names.reduce(function (w, t) { return t.right > w.right ? t : w; }, {right: 0});
    var left = legend.getBoundingClientRect().left;
    var whole = legend.getBoundingClientRect(), over = whole.right - box.right;
    var pixels = L.legend.entrywidthmode === "pixels" && L.legend.entrywidth;
    if (over > 1 && pixels) {  // its box, as wide as an entry: narrower entries
      update["legend.entrywidth"] = Math.max(40, Math.floor(L.legend.entrywidth - over - 2));
    }
    var reach = pixels ? widest.right : Math.max(widest.right, whole.right);  // else the box holds its names
    if (reach > box.right + 1) update["legend.font.size"] = shrink(L.legend.font.size, {left: left, width: reach - left});
  }
  gd.querySelectorAll(".annotation[data-index]").forEach(function (g) {
    var i = +g.getAttribute("data-index"), r = g.getBoundingClientRect(), a = (L.annotations || [])[i];
    if (a && r.width && r.right > box.right + 1) update["annotations[" + i + "].font.size"] = shrink(a.font.size, r);
  });
  var title = gd.querySelector(".gtitle"), t = title && title.getBoundingClientRect();
  if (t && t.width && L.title && L.title.font && t.right > box.right + 1) {  // a title stays a title's size
    update["title.font.size"] = Math.max(12, shrink(L.title.font.size, t));
  }
  // a menu drawn past the right edge moves left, as far as the figure's left edge
  gd.querySelectorAll(".updatemenu-header-group").forEach(function (g) {
    var menu = g.__data__, r = g.getBoundingClientRect();
    if (!menu || typeof menu._index !== "number" || !r.width || r.right <= box.right + 1) return;
    var by = Math.min(r.right - box.right + 3, r.left - box.left - 2);
    var x = Math.max(-2, menu.x - Math.max(0, by) / L._size.w);  // plotly's least x: -2 plot widths
    if (x < menu.x) update["updatemenus[" + menu._index + "].x"] = x;
    var left = r.left - (menu.x - x) * L._size.w;
    if (left + r.width > box.right + 1) {  // as far left as it goes, and still too wide: smaller type
      update["updatemenus[" + menu._index + "].font.size"] = shrink(menu.font.size, {left: left, width: r.width});
    }
  });
  if (!Object.keys(update).length || !tries) return null;
  // the page script's relayout: menus in a call of their own, as on the chapter pages
  return window.explainerRelayout(gd, update).then(function () { return window.explainerTighten(gd, tries - 1); });
};

// plotly's automargin draws a figure, finds its category labels wider than the left margin
// and draws it all again. Measured first, in the reader's own font on a canvas (no layout),
// the margin is right at once (explainer.chrome.left_labels); automargin stays the safety net.
// On a phone, under a map that takes the whole width, the labels go inside the plot instead:
// the timeline starts right of them (its x axis's domain), and the map keeps the width.
window.explainerLeft = window.explainerLeft || function (layout, spec, width) {
  var context = document.createElement("canvas").getContext("2d"), left = spec.left, m = layout.margin || {};
  spec.axes.forEach(function (axis) {
    var labels = 0;
    context.font = axis.font;
    axis.lines.forEach(function (line) { labels = Math.max(labels, Math.ceil(context.measureText(line).width) + 16); });
    // no redraw for a label's top edge; inside the plot, plotly would still push the margin
    layout[axis.axis] = Object.assign({}, layout[axis.axis], {automargin: width ? false : "left"});
    if (width) {
      var plot = width - (m.l || 0) - (m.r || 0), x = layout[axis.x] || {}, end = (x.domain || [0, 1])[1];
      layout[axis.x] = Object.assign({}, x, {domain: [Math.min(0.5, labels / plot), end]});
    }
    left = Math.max(left, labels);
  });
  if (!width) layout.margin = Object.assign({}, m, {l: left});
};
// Phone layout (explainer.chrome.narrow), chosen before the figure is drawn: plotly cannot
// turn a row of buttons into a menu once it has drawn them.
window.explainerNewPlot = window.explainerNewPlot || function (id, data, layout, config, frames) {
  var gd = document.getElementById(id), spec = window.explainerNarrow[id];
  var width = gd ? gd.getBoundingClientRect().width : 0;
  if (spec && width > 0 && width < spec.limit) {
    Object.keys(spec.narrow).forEach(function (key) {
      var path = key.replace(/\[(\d+)\]/g, ".$1").split("."), node = layout;
      if (path[0] === "data") { node = data; path = path.slice(1); }  // a trace's legend name
      if (path[0] === "frames") { node = frames; path = path.slice(1); }  // a frame's notes (added after drawing)
      if (!node) return;
      for (var i = 0; i < path.length - 1; i++) {
        if (node[path[i]] === undefined || node[path[i]] === null) node[path[i]] = /^\d+$/.test(path[i + 1]) ? [] : {};
        node = node[path[i]];
      }
      node[path[path.length - 1]] = spec.narrow[key];
    });
    config = Object.assign({}, config, {displayModeBar: false});  // on a phone the toolbar would cover the title
    if (spec.narrow.height) {  // the phone layout is taller (a legend at the foot): so is its box
      window.explainerBox(gd, spec.narrow.height);
    }
    if (spec.stacked && spec.labels) window.explainerLeft(layout, spec.labels, width);
    if (spec.aspect) {
      var m = layout.margin || {}, fitted = Math.round((width - (m.l || 0) - (m.r || 0)) / spec.aspect + (m.t || 0) + (m.b || 0));
      layout.height = fitted;  // the map fills the phone's width, and the figure is as tall as that needs
      if (gd.parentElement && gd.parentElement.style.height) gd.parentElement.style.height = layout.height + "px";
    }
  } else if (spec) {
    if (spec.labels) window.explainerLeft(layout, spec.labels);
    if (width > 0) window.explainerFill(gd, layout, width, spec);
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
    var stacked = spec.stacked ? window.explainerStacked(gd, spec.stacked) : {};
    Object.keys(stacked).forEach(function (key) { update[key] = stacked[key]; });
    if (update.height) {
      window.explainerBox(gd, update.height);
    }
    // a menu choice that sets its own height (chrome._choice_heights): the figure's box follows
    gd.on("plotly_update", function () {
      var h = gd._fullLayout && gd._fullLayout.height;
      if (!h || !gd.style.height || Math.abs(parseFloat(gd.style.height) - h) < 1) return;
      window.explainerBox(gd, h);
    });
    var moved = window.explainerRelayout(gd, update).then(function () { return window.explainerTighten(gd, 3); });
    return moved.then(function () {
      if (spec.aspect || spec.stacked) window.explainerFoot(gd);
      return gd;
    });
  });
};
</script>"""


FILL = (0.75, 0.55)


def _compact(script: str) -> str:
    """The page script as each notebook stores it, minified by rjsmin: no comments, no
    indentation, no spaces it does not need (half its bytes; every chapter carries one copy).
    The script tags stay."""
    body = script.strip().removeprefix("<script>").removesuffix("</script>")
    return "<script>" + rjsmin.jsmin(body) + "</script>"


PAGE_SCRIPT = _compact(FIT)


def _phone(fig_dict: dict) -> dict:
    """What the HTML copy needs for its phone layout (see :func:`explainer.chrome.narrow`)."""
    layout = fig_dict.get("layout", {})
    geo = layout.get("geo") or {}
    full_map = bool(geo) and (geo.get("domain") or {}).get("y", [0, 1]) == [0, 1]
    aspect = chrome.geo_aspect(fig_dict) if geo else None
    return {
        "narrow": chrome.narrow(fig_dict),
        "aspect": round(aspect, 4) if aspect and full_map else None,
        "stacked": round(aspect, 4) if aspect and not full_map else None,  # a map above a timeline
        "limit": chrome.NARROW,
        "labels": chrome.left_labels(fig_dict),
        # a map's most height on a laptop, as shares of the window's (a map alone, a map above
        # a timeline); none on slides, which are sized for the projector
        "fill": None if _state["presenter"] else FILL,
    }


def pack(fig_dict: dict) -> str:
    """The figure as the HTML copy stores it: JSON, gzip-compressed, base64-encoded.

    ``mtime=0`` keeps the bytes the same on every run, so re-executed notebooks stay
    unchanged. :func:`unpack` reverses it (tests read figures back with it).
    """
    text = pio.to_json(fig_dict, validate=False, pretty=False)
    return base64.b64encode(gzip.compress(text.encode(), compresslevel=9, mtime=0)).decode("ascii")


def unpack(html: str) -> list[dict]:
    """Every figure packed in an HTML copy (see :func:`pack`), as dicts."""
    return [json.loads(gzip.decompress(base64.b64decode(p))) for p in PACKED.findall(html)]


PACKED = re.compile(r'window\.explainerDraw\("[^"]+", "([A-Za-z0-9+/=]+)"')


@cache
def plotly_js_tags() -> str:
    """plotly's own tags that load plotly.js from its CDN, pinned by an integrity hash."""
    page = pio.to_html({"data": [], "layout": {}}, full_html=False, include_plotlyjs="cdn", validate=False)
    return "".join(re.findall(r"<script[^>]*>[^<]*</script>", page.split('<div id="', 1)[0]))


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
        height = fig_dict.get("layout", {}).get("height", 520)
        packed = pack({**fig_dict, "phone": _phone(fig_dict)})
        html = (
            f'<div style="height:{height}px; width:100%;">'
            + (PAGE_SCRIPT + plotly_js_tags() if count == 1 else "")
            + f'<div id="{div_id}" class="plotly-graph-div" style="height:100%; width:100%;"></div>'
            + f'<script>window.explainerDraw("{div_id}", "{packed}", {json.dumps(self.config, sort_keys=True)});'
            + "</script></div>"
        )
        return {"text/html": html}


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
