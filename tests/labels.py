"""Measure what a reader sees of a figure's text, in the browser: overlapping labels and
anything drawn beyond the page's width (a phone).

``overlaps(page)`` returns, for every plotly figure on the page, the pairs of visible text
elements whose drawn boxes overlap by more than a hair; ``beyond(page)`` the figures
whose title, controls, legend or captions reach past the right edge of the viewport.
"""

from __future__ import annotations

OVERLAPS = """() => {
  const out = [];
  const boxes = plot => [...plot.querySelectorAll('svg text')].filter(t => {
      if (!t.textContent.trim()) return false;
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
                  cls: (t.getAttribute('class') || '') + ' ' + (t.parentElement.getAttribute('class') || '')}));
  document.querySelectorAll('.js-plotly-plot').forEach((plot, index) => {
    const items = boxes(plot);
    const title = (plot.querySelector('.gtitle') || {}).textContent || '';
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i].r, b = items[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        // glyph boxes include line gaps: require a real overlap in both directions
        if (w > 2 && h > Math.min(a.height, b.height) * 0.3) {
          out.push({figure: index, title: title.slice(0, 50), a: items[i].text, b: items[j].text});
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
    for (const el of plot.querySelectorAll('.gtitle, .updatemenu-button, .slider-group, .legend, .annotation, .g-xtitle')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > width + 1) out.push({figure: index, title: title.slice(0, 50),
          what: el.getAttribute('class'), right: Math.round(r.right), width});
    }
  });
  return out;
}"""


def overlaps(page) -> list[dict]:
    return page.evaluate(OVERLAPS)


def beyond(page) -> list[dict]:
    return page.evaluate(BEYOND)
