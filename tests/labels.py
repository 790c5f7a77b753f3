"""Measure what a reader sees of a figure's text, in the browser: overlapping labels and
anything drawn beyond the page's width (a phone).

``overlaps(page)`` returns, for every plotly figure on the page, the pairs of visible text
elements whose drawn boxes overlap by more than a hair, each with the kinds of the two
(``legend``, ``title``, ``annotation``, ``axis title``, ``tick``, ``control`` or ``label``)
and whether both are drawn on a map (``map``);
``beyond(page)`` the figures whose title, controls, legend, notes or axis titles reach past
either edge of the viewport, or past any side of the figure (where it is cut off);
``gaps(page)`` the tallest blank band across each figure.
"""

from __future__ import annotations

OVERLAPS = r"""() => {
  const out = [];
  const boxes = plot => [...plot.querySelectorAll('svg text')].filter(t => {
      if (!t.textContent.trim()) return false;
      if (t.closest('.table')) return false;  // a table's cells scroll inside it (clipped), plotly lays them out
      const s = getComputedStyle(t);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
      let el = t;
      while (el && el !== plot) {
        const st = getComputedStyle(el);
        if (st.display === 'none' || st.visibility === 'hidden' || parseFloat(st.opacity) === 0) return false;
        el = el.parentElement;
      }
      const r = t.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    }).map(t => ({text: t.textContent.trim().slice(0, 40), r: t.getBoundingClientRect(),
                  kind: t.closest('.legend') ? 'legend' : t.closest('.gtitle, .g-gtitle') ? 'title'
                        : t.closest('.annotation') ? 'annotation' : t.closest('.g-xtitle, .g-ytitle') ? 'axis title'
                        : t.closest('.xtick, .ytick') ? 'tick' : t.closest('.updatemenu-container, .slider-container') ? 'control' : 'label',
                  map: !!t.closest('.geo'),
                  tick: (() => { const g = t.closest('.xtick, .ytick');
                                 // plotly spaces an axis's ticks that it chooses itself, and a turned
                                 // label's box is wider than its glyphs; categories forced onto every
                                 // row are measured like any other text
                                 const turned = /rotate\(-?[1-9]/.test(t.getAttribute('transform') || '');
                                 const sub = g && g.closest('.subplot');
                                 const ids = sub && sub.getAttribute('class').match(/subplot (x\d*)(y\d*)/);
                                 const id = ids && (g.classList.contains('xtick') ? ids[1] : ids[2]);
                                 const full = id && plot._fullLayout[id.replace(/^([xy])/, '$1axis')];
                                 const forced = full && full.type === 'category' && full.tickmode === 'array';
                                 return g && (turned || !forced) ? g.getAttribute('class') + '|' + (g.parentElement.getAttribute('class') || '') : null; })()}));
  document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
    const items = boxes(plot);
    const title = (plot.querySelector('.gtitle') || {}).textContent || '';
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        if (items[i].tick && items[i].tick === items[j].tick) continue;  // one axis's ticks that plotly spaces
        const a = items[i].r, b = items[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        // glyph boxes include line gaps: require a real overlap in both directions
        if (w > 2 && h > Math.min(a.height, b.height) * 0.3) {
          out.push({figure: index, title: title.slice(0, 50), a: items[i].text, b: items[j].text,
                    kinds: [items[i].kind, items[j].kind].sort().join('+'), map: items[i].map && items[j].map});
        }
      }
    }
  });
  return out;
}"""

BEYOND = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
    const title = (plot.querySelector('.gtitle') || {}).textContent || '';
    for (const el of plot.querySelectorAll('.gtitle, .updatemenu-header, .updatemenu-button, .slider-group, .legend, .annotation, .g-xtitle')) {
      let hidden = false;
      for (let e = el; e && e !== plot; e = e.parentElement) {
        const st = getComputedStyle(e);
        if (st.display === 'none' || st.visibility === 'hidden' || parseFloat(st.opacity) === 0) { hidden = true; break; }
      }
      if (hidden) continue;
      const r = el.getBoundingClientRect(), box = plot.getBoundingClientRect();
      // past the screen's sides, or past the figure's own box (cut off there)
      if (r.width && (r.right > Math.min(width, box.right) + 1 || r.left < Math.max(0, box.left) - 1
                      || r.top < box.top - 1 || r.bottom > box.bottom + 1))
        out.push({figure: index, title: title.slice(0, 50), what: el.getAttribute('class'), left: Math.round(r.left),
                  right: Math.round(r.right), top: Math.round(r.top - box.top), bottom: Math.round(r.bottom - box.top),
                  height: Math.round(box.height), width});
    }
  });
  return out;
}"""


NOTES_OVER_MAPS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((p, figure) => {
  const clip = p.querySelector('clipPath[id$="geo"] rect'), svg = p.querySelector('.main-svg');
  if (!clip || !svg) return [];
  const s = svg.getBoundingClientRect(), x0 = s.left + +clip.getAttribute('x'), y0 = s.top + +clip.getAttribute('y');
  const x1 = x0 + +clip.getAttribute('width'), y1 = y0 + +clip.getAttribute('height');
  return [...p.querySelectorAll('.annotation')].filter(a => a.textContent.trim()
      && getComputedStyle(a).visibility !== 'hidden' && getComputedStyle(a).display !== 'none')
    .map(a => ({a, r: a.getBoundingClientRect()}))
    .filter(({r}) => Math.min(r.right, x1) - Math.max(r.left, x0) > 2 && Math.min(r.bottom, y1) - Math.max(r.top, y0) > 2)
    .map(({a, r}) => ({figure, note: a.textContent.trim().slice(0, 40), top: Math.round(r.top - y0),
                       bottom: Math.round(r.bottom - y0), right: Math.round(r.right - x0)}));
})"""


def notes_over_maps(page) -> list[dict]:
    """The notes (annotations) drawn over any part of a map's area: a caption over the map
    hides territory and names."""
    return page.evaluate(NOTES_OVER_MAPS)


def overlaps(page) -> list[dict]:
    return page.evaluate(OVERLAPS)


def beyond(page) -> list[dict]:
    return page.evaluate(BEYOND)


BLANK = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p._fullLayout && p._fullLayout.geo
        && p._fullLayout.geo._subplot)
    .map(p => {
      const clip = p.querySelector('clipPath[id$="geo"] rect');
      const y = p._fullLayout.geo.domain.y || [0, 1];
      const box = (y[1] - y[0]) * p._fullLayout._size.h;  // the map's share of the plot area
      const drawn = clip ? parseFloat(clip.getAttribute('height')) : box;
      const wrapper = p.parentElement.getBoundingClientRect().height;
      return {title: ((p.querySelector('.gtitle') || {}).textContent || '').slice(0, 50),
              band: Math.round(Math.max(box - drawn, wrapper - p._fullLayout.height))};
    })"""


def blank_bands(page) -> list[dict]:
    """For every map (a whole figure, or above a timeline), the largest blank band: the part of
    its box the map does not fill, or wrapper the figure does not fill."""
    return page.evaluate(BLANK)


LEFT = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(p => p._fullLayout && ((window.explainerNarrow || {})[p.id] || {}).labels)
    .map(p => {
      const pushes = Object.entries(p._fullLayout._pushmargin || {})
        .filter(([key]) => /^y\\d*\\.automargin$/.test(key)).map(([, push]) => push.l.size);
      return {title: ((p.querySelector('.gtitle') || {}).textContent || '').slice(0, 50),
              base: window.explainerNarrow[p.id].labels.left, set: p.layout.margin.l, drawn: Math.round(p._fullLayout._size.l),
              labels: Math.ceil(Math.max(...pushes))};
    })"""


def left_margins(page) -> list[dict]:
    """For every figure whose left margin the page measured before drawing
    (``explainer.chrome.left_labels``): the margin it set, the margin drawn, and the room
    plotly found its category labels need."""
    return page.evaluate(LEFT)


GAPS = """() => [...document.querySelectorAll('.js-plotly-plot')].map((p, figure) => [p, figure])
    .filter(([p]) => p._fullLayout).map(([p, figure]) => {
  const shown = el => {
    for (let e = el; e && e !== p; e = e.parentElement) {
      const st = getComputedStyle(e);
      if (st.display === 'none' || st.visibility === 'hidden' || parseFloat(st.opacity) === 0) return false;
    }
    return true;
  };
  const box = p.getBoundingClientRect();
  // a note's box counts where it is drawn (a border), whatever its text fills of it
  const boxed = el => !el.classList.contains('bg') || !el.closest('.annotation')
      || parseFloat(getComputedStyle(el).strokeWidth) > 0;
  const spans = [...p.querySelectorAll('svg text, .legend, .rangeslider-container, .updatemenu-container, '
                                       + '.nsewdrag, .geo .bg, .cbbg, .table, .annotation rect.bg')]
    .filter(el => (el.tagName !== 'text' || el.textContent.trim()) && shown(el) && boxed(el))
    .map(el => el.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0)
    .map(r => [r.top - box.top, r.bottom - box.top]).sort((a, b) => a[0] - b[0]);
  let reached = 0, band = 0, at = 0;
  for (const [top, bottom] of spans) {
    if (top - reached > band) { band = top - reached; at = reached; }
    reached = Math.max(reached, bottom);
  }
  if (box.height - reached > band) { band = box.height - reached; at = reached; }
  return {figure, title: ((p.querySelector('.gtitle') || {}).textContent || '').slice(0, 50),
          band: Math.round(band), at: Math.round(at), height: Math.round(box.height)};
})"""


def gaps(page) -> list[dict]:
    """For every figure, the tallest band with nothing drawn across the figure's width: no
    text, plot area, map frame, legend, control, table or a note's bordered box, from the
    figure's top to its foot (where it starts, and the figure's height)."""
    return page.evaluate(GAPS)


SLIDERS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p._fullLayout)
    .filter(p => Object.keys(p._fullLayout).some(k => /^xaxis\\d*$/.test(k) && p._fullLayout[k].rangeslider
        && p._fullLayout[k].rangeslider.visible && p._fullLayout[k]._counterDomainMin > 0))
    .map(p => ({title: ((p.querySelector('.gtitle') || {}).textContent || '').slice(0, 50),
                set: p.layout.margin.b, drawn: p._fullLayout._size.b}))"""


def slider_margins(page) -> list[dict]:
    """For every figure whose range slider is kept inside the plot, under its timeline (the
    explorer): the bottom margin set and the one plotly drew (it grows it, and draws the figure
    again, when the slider does not fit its room)."""
    return page.evaluate(SLIDERS)


# every map's drawn size, the width it has room for (clear of a legend beside a centred map),
# whether it is alone in its figure (not above a timeline) and the window's height
MAP_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(g => g._fullLayout && g._fullLayout.geo).map(g => {
  const L = g._fullLayout, map = L.geo._subplot, dx = L.geo.domain.x, legend = L.legend || {};
  let room = L._size.w * (dx[1] - dx[0]);
  if (L.showlegend && legend.orientation === 'v' && legend.xanchor === 'left' && legend.x > 0.5 && dx[0] === 0 && dx[1] === 1)
    room = Math.min(room, 2 * (legend.x - 0.5) * L._size.w - 16);
  return {title: L.title.text, width: map.xaxis._length, height: map.yaxis._length, room: room,
          alone: L.geo.domain.y[0] === 0, window: innerHeight};
})"""


def map_boxes(page) -> list[dict]:
    return page.evaluate(MAP_BOXES)


def short_maps(maps: list[dict]) -> list[dict]:
    """Maps narrower than their room that could still grow: neither as wide as the plot
    allows nor as tall as keeps them whole on the screen (three quarters of the window's
    height, 55% for a map above its timeline). A map short of either by under 1% (plotly's
    frame and the aspect the page computes differ by about that) is as large as it gets."""
    return [
        m
        for m in maps
        if m["width"] < m["room"] - max(4, 0.01 * m["room"])
        and m["height"] < m["window"] * (0.75 if m["alone"] else 0.55) - 4
    ]
