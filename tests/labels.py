"""Measure what a reader sees of a figure's text, in the browser: overlapping labels and
anything drawn beyond the page's width (a phone).

``overlaps(page)`` returns, for every plotly figure on the page, the pairs of visible text
elements whose drawn boxes overlap by more than a hair, each with the kinds of the two
(``legend``, ``title``, ``annotation``, ``axis title``, ``tick``, ``control`` or ``label``);
``beyond(page)`` the figures whose title, controls, legend, notes or axis titles reach past
either edge of the viewport.
"""

from __future__ import annotations

OVERLAPS = """() => {
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
                  tick: (() => { const g = t.closest('.xtick, .ytick');
                                 return g ? g.getAttribute('class') + '|' + (g.parentElement.getAttribute('class') || '') : null; })()}));
  document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
    const items = boxes(plot);
    const title = (plot.querySelector('.gtitle') || {}).textContent || '';
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        if (items[i].tick && items[i].tick === items[j].tick) continue;  // one axis's ticks: plotly spaces them
        const a = items[i].r, b = items[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        // glyph boxes include line gaps: require a real overlap in both directions
        if (w > 2 && h > Math.min(a.height, b.height) * 0.3) {
          out.push({figure: index, title: title.slice(0, 50), a: items[i].text, b: items[j].text,
                    kinds: [items[i].kind, items[j].kind].sort().join('+')});
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
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > width + 1 || r.left < -1)) out.push({figure: index, title: title.slice(0, 50),
          what: el.getAttribute('class'), left: Math.round(r.left), right: Math.round(r.right), width});
    }
  });
  return out;
}"""


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
