"""Measure a reveal.js deck as a class sees it: every slide visited through Reveal's API.

For each slide: does it fit the screen (nothing below or beside the viewport, nothing
scrolled), the smallest body text and the smallest figure text as drawn (CSS size times
reveal's scale), prompts or code on the slide, and whether it is an appendix slide (which
may scroll). Used by tests/test_site.py and scripts/benchmark.py.
"""

from __future__ import annotations

MEASURE = """async () => {
  const R = window.Reveal;
  const wait = ms => new Promise(r => setTimeout(r, ms));
  R.configure({transition: 'none', backgroundTransition: 'none'});  // measure slides at rest
  const out = [];
  const slides = R.getSlides();
  for (const slide of slides) {
    const idx = R.getIndices(slide);
    R.slide(idx.h, idx.v);
    await wait(120);
    const plots = [...slide.querySelectorAll('.js-plotly-plot')];
    for (const p of plots) { if (window.Plotly) { window.Plotly.Plots.resize(p); } }
    if (plots.length) { await wait(200); }
    const scale = R.getScale();
    const vw = window.innerWidth, vh = window.innerHeight;
    const visible = el => {
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility === 'hidden' || el.closest('aside.notes')) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    let right = 0, bottom = 0, top = vh, left = vw;
    for (const el of slide.querySelectorAll('*')) {
      if (!visible(el) || el.closest('.appendix') && slide.classList.contains('appendix')) continue;
      if (el.closest('.js-plotly-plot') && !el.classList.contains('js-plotly-plot')) continue;
      const r = el.getBoundingClientRect();
      right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
      top = Math.min(top, r.top); left = Math.min(left, r.left);
    }
    const textSizes = [];
    for (const el of slide.querySelectorAll('.jp-RenderedHTMLCommon p, .jp-RenderedHTMLCommon li, .jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th')) {
      if (visible(el) && el.textContent.trim()) textSizes.push(parseFloat(getComputedStyle(el).fontSize) * scale);
    }
    const figureSizes = [];
    for (const t of slide.querySelectorAll('.js-plotly-plot text')) {
      if (!t.textContent.trim() || !visible(t)) continue;
      figureSizes.push(parseFloat(getComputedStyle(t).fontSize) * scale);
    }
    const text = [...slide.querySelectorAll('.jp-MarkdownCell .jp-RenderedHTMLCommon')].filter(visible).map(e => e.innerText).join(' ');
    out.push({
      index: [idx.h, idx.v],
      heading: (slide.querySelector('h1, h2, h3') || {}).textContent || '',
      appendix: slide.classList.contains('appendix'),
      overflow: Math.max(0, Math.round(bottom - vh), Math.round(right - vw), Math.round(-top), Math.round(-left)),
      scrolled: slide.scrollHeight > slide.clientHeight + 2 && !slide.classList.contains('appendix'),
      minText: textSizes.length ? Math.min(...textSizes) : null,
      minFigureText: figureSizes.length ? Math.min(...figureSizes) : null,
      figures: plots.length,
      drawn: plots.filter(p => p.querySelector('.main-svg')).length,
      prompts: slide.querySelectorAll('.jp-InputPrompt, .jp-OutputPrompt').length +
               (/(In|Out)\\s*\\[\\d*\\]:/.test(slide.innerText) ? 1 : 0),
      code: [...slide.querySelectorAll('.jp-CodeCell .jp-Cell-inputWrapper, .jp-CodeMirrorEditor')].filter(visible).length,
      hover: /\\bhover/i.test(text + ' ' + [...slide.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent).join(' ')),
    });
  }
  R.slide(0, 0);
  return out;
}"""

LINEAR = """async () => {
  const R = window.Reveal;
  R.slide(0, 0);
  const seen = new Set([R.getIndices().h + ',' + R.getIndices().v]);
  for (let i = 0; i < 400; i++) {
    document.dispatchEvent(new KeyboardEvent('keydown', {keyCode: i % 2 ? 32 : 39, key: i % 2 ? ' ' : 'ArrowRight', bubbles: true}));
    await new Promise(r => setTimeout(r, 30));
    const idx = R.getIndices();
    seen.add(idx.h + ',' + idx.v);
    if (R.isLastSlide() && !R.availableFragments().next) break;
  }
  return {reached: seen.size, total: R.getTotalSlides()};
}"""


def open_deck(context, path, width: int, height: int):
    """A page of ``context`` showing the deck at ``path`` at ``width`` x ``height``, Reveal ready."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(path.as_uri())
    page.wait_for_function(
        "() => window.Reveal && window.Reveal.isReady && window.Reveal.isReady()", timeout=30_000
    )
    return page


def measure(page) -> list[dict]:
    """One dict per slide (see the module docstring)."""
    return page.evaluate(MEASURE)


def linear_reach(page) -> dict:
    """How many slides the right arrow and the space bar reach from the first, and how many there are."""
    return page.evaluate(LINEAR)


def figure_slides(page, check) -> list[dict]:
    """Visit every slide that holds a figure (through Reveal's API, no transitions), redraw its
    figures at the slide's size, and return ``check(page)``'s findings there for the figures
    of that slide (reveal keeps the next slides laid out, unseen), each with the slide's index.
    A finding names its figure by its index among the page's figures (``figure``), so an
    untitled figure's findings stay with its own slide."""
    page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    found = []
    for i in range(page.evaluate("() => Reveal.getSlides().length")):
        plots = page.evaluate(
            """i => { const s = Reveal.getSlides()[i], x = Reveal.getIndices(s); Reveal.slide(x.h, x.v);
                      const plots = [...s.querySelectorAll('.js-plotly-plot')];
                      plots.forEach(p => Plotly.Plots.resize(p)); return plots.length; }""",
            i,
        )
        if plots:
            page.wait_for_timeout(300)
            shown = page.evaluate(
                """i => { const all = [...document.querySelectorAll('.js-plotly-plot')];
                          return [...Reveal.getSlides()[i].querySelectorAll('.js-plotly-plot')].map(p => all.indexOf(p)); }""",
                i,
            )
            items = check(page)
            unplaced = [item for item in items if "figure" not in item]
            assert unplaced == [], f"findings without their figure's index: {unplaced}"
            found += [dict(item, slide=i) for item in items if item["figure"] in shown]
    return found
