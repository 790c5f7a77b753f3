"""The offline site and slide decks, as a reader opens them from a USB stick.

Builds the site exactly as README.md says (`make site`, into build/site), then opens every
page from disk in headless Chromium with every request outside the folder
refused: every figure drawn, no JavaScript errors, nothing fetched from outside,
nothing missing; and axe-core finds no serious or critical accessibility problem.
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from explainer import paths
from explainer.chapters import figure_outputs
from explainer.chapters import files as chapter_files
from scripts import browser
from tests import decks, labels
from tests.conftest import require_chromium

CHAPTERS = chapter_files()

require_chromium()

SPEC = importlib.util.spec_from_file_location("build_site", paths.ROOT / "scripts" / "build_site.py")
build_site = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build_site)
AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site() -> Path:
    """The site as README.md says to build it: `make site`, into build/site (a relative path)."""
    done = subprocess.run(
        ["make", "--no-print-directory", "site"], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, f"make site failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    out = paths.ROOT / "build" / "site"
    assert (out / "index.html").is_file() and list((out / "handouts").glob("*.pdf"))
    return out


def pages(kind: str) -> list[str]:
    suffix = ".slides.html" if kind == "slides" else ".html"
    return [p.stem + suffix for p in CHAPTERS]


def test_contents_page_links_every_chapter_and_deck(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in pages("page") + pages("slides"):
        assert f'href="{name}"' in index


def test_every_local_reference_resolves_inside_the_folder(site):
    for page in (
        list(site.glob("*.html")) + list(site.glob("data/*.html")) + list(site.glob("handouts/*.html"))
    ):
        text = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:src|href)="([^"#]+)"', text):
            if ref.startswith(("http://", "https://", "mailto:", "data:")):
                continue  # a link the reader may follow (a source), not something the page loads
            assert (page.parent / ref.split("?")[0]).is_file(), f"{page.name}: {ref} missing"
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', text)
        assert all(not s.startswith("http") for s in scripts), f"{page.name} loads an outside script"


@pytest.mark.parametrize("name", pages("page") + pages("slides"))
def test_page_draws_every_figure_from_the_folder_alone(site, chromium, name):
    chapter = paths.NOTEBOOKS / (name.split(".")[0] + ".ipynb")
    expected = len(figure_outputs(nbformat.read(chapter, as_version=4)))
    report = browser.open_page((site / name).as_uri(), browser=chromium)
    assert report.blocked == [] and report.served == [], "the page reached outside its folder"
    assert report.failed == [] and report.errors == []
    assert report.figures == expected and report.drawn == expected
    assert report.geo_drawn == report.geo_figures


@pytest.mark.parametrize(
    "name",
    [
        "index.html",
        "data/README.html",
        "teaching.html",
        f"handouts/{CHAPTERS[2].stem}.handout.a4.html",
        f"handouts/{CHAPTERS[5].stem}.worksheet.letter.html",
    ]
    + pages("page")
    + pages("slides"),
)
def test_no_serious_accessibility_problems(site, chromium, name):
    context = chromium.new_context()
    context.route(
        "**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort()
    )
    page = context.new_page()
    page.goto((site / name).as_uri())
    page.wait_for_timeout(1000)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s)`)"
    )
    context.close()
    assert violations == []


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_deck_fits_the_projector_slide_by_slide(site, chromium, path, size):
    """Every slide, visited through Reveal's API: nothing off the screen or scrolled (appendix
    slides may scroll), body text at least 24 px and figure text at least 16 px as drawn,
    no prompts or code, every figure drawn, and nothing that only works with a mouse."""
    context = chromium.new_context()
    context.route(
        "**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort()
    )
    page = decks.open_deck(context, site / f"{path.stem}.slides.html", *size)
    slides = decks.measure(page)
    context.close()
    where = lambda r: f"slide {r['index']} {r['heading'][:40]!r}"  # noqa: E731
    assert len(slides) >= 6
    assert [where(r) for r in slides if not r["appendix"] and (r["overflow"] or r["scrolled"])] == []
    assert [where(r) for r in slides if r["minText"] is not None and r["minText"] < 24 - 0.5] == []
    assert [
        where(r) for r in slides if r["minFigureText"] is not None and r["minFigureText"] < 16 - 0.5
    ] == []
    assert [where(r) for r in slides if r["prompts"] or r["code"]] == []
    assert [where(r) for r in slides if r["drawn"] < r["figures"]] == []
    assert [where(r) for r in slides if r["hover"]] == []
    assert any(r["appendix"] for r in slides)  # the Sources slide


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_figure_text_stays_clear_and_whole_on_slides(site, chromium, path):
    """On every figure slide at 1280x720, as a class sees it: no two texts overlap (map
    names, dates, quotes beside their points, legends, captions), nothing is cut off at any
    side of its figure, and no blank band over 60 px runs across a figure; an animation is
    measured in every frame, and its year's caption lies over no part of its map. A slide's
    figure is narrower than the page's and its type larger: a slide's map names the places
    the phone's map names, a narrow panel's dates are spaced for their labels, a source line
    wraps to the room beside the plot's labels."""
    context = chromium.new_context()
    context.route(
        "**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort()
    )
    page = decks.open_deck(context, site / f"{path.stem}.slides.html", 1280, 720)

    def check(page):
        return labels.overlaps(page) + labels.beyond(page) + [g for g in labels.gaps(page) if g["band"] > 60]

    def every_frame(page):  # an animation, as a class sees it play: every year, the opening one last
        found = check(page)
        frames = page.evaluate(FRAMES)
        for f in frames:
            page.evaluate(SHOW, [f["figure"], f["frame"]])
            page.wait_for_timeout(50)
            found += [
                dict(o, frame=f["frame"])
                for o in check(page) + labels.notes_over_maps(page)
                if o.get("figure") == f["figure"]
            ]
        return found

    found = decks.figure_slides(page, every_frame)
    context.close()
    assert found == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_arrow_keys_and_space_reach_every_slide(site, chromium, path):
    context = chromium.new_context()
    context.route(
        "**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort()
    )
    page = decks.open_deck(context, site / f"{path.stem}.slides.html", 1280, 720)
    reach = decks.linear_reach(page)
    context.close()
    assert reach["reached"] == reach["total"] > 5


COVERED = """() => { const b = document.querySelector('button.code-toggle').getBoundingClientRect();
  return [...document.querySelectorAll('.js-plotly-plot')].filter(p => { const r = p.getBoundingClientRect();
    return Math.min(r.right, b.right) > Math.max(r.left, b.left) && Math.min(r.bottom, b.bottom) > Math.max(r.top, b.top); }).length; }"""


@pytest.mark.parametrize("width", [390, 1366])
def test_site_pages_read_as_articles_with_code_on_request(site, chromium, width):
    """Code is hidden until asked for; the button that shows it never covers a figure, wherever
    the reader has scrolled (fixed to a corner, it floated over a legend on a phone)."""
    context = chromium.new_context(viewport={"width": width, "height": 800})
    context.route(
        "**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort()
    )
    page = context.new_page()
    page.goto((site / f"{CHAPTERS[5].stem}.html").as_uri())
    page.wait_for_function(DRAWN)
    covered = []
    for i in range(page.locator(".js-plotly-plot").count()):
        page.locator(".js-plotly-plot").nth(i).scroll_into_view_if_needed()
        covered.append(page.evaluate(COVERED))
    shown = "() => [...document.querySelectorAll('.jp-CodeCell .jp-Cell-inputWrapper')].filter(e => e.offsetHeight > 0).length"
    hidden_count = page.evaluate(shown)
    page.click("button.code-toggle")
    visible_count = page.evaluate(shown)
    context.close()
    assert hidden_count == 0 and visible_count >= 4
    assert len(covered) >= 3 and not any(covered), "the code button covers a figure"


DRAWN = "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))"


@contextlib.contextmanager
def chapter_page(site, chromium, path, *, ready: str = DRAWN, settle: int = 0, **context_options):
    """The chapter's site page, offline, once every figure is ``ready`` and ``settle`` ms have
    passed; ``page.script_errors`` collects the page's uncaught errors and console errors."""
    context = chromium.new_context(**context_options)
    context.route(
        "**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort()
    )
    page = context.new_page()
    page.script_errors = []
    page.on("pageerror", lambda exc: page.script_errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: page.script_errors.append(msg.text) if msg.type == "error" else None)
    page.goto((site / f"{path.stem}.html").as_uri())
    page.wait_for_function(ready)
    page.wait_for_timeout(settle)
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_two_figure_labels_overlap_on_a_laptop(site, chromium, path):
    """Every figure of the chapter page at 1366x768: no two drawn texts overlap (map names,
    country and sea names, titles, legends, source lines, annotations, a category axis's
    labels), no band over 60 px is left blank across a figure, and a range slider kept
    inside its plot leaves the bottom margin as set (no second drawing); the page logs no error."""
    with chapter_page(site, chromium, path, settle=800, viewport={"width": 1366, "height": 768}) as page:
        found = labels.overlaps(page)
        bands = [g for g in labels.gaps(page) if g["band"] > 60]
        sliders = [s for s in labels.slider_margins(page) if s["drawn"] != s["set"]]
        errors = page.script_errors
    assert found == [] and bands == [] and sliders == [] and errors == []


def test_maps_fill_their_width_on_a_laptop(site, chromium):
    """At 1366x768 every map takes its plot's width at its frame's aspect (clear of a legend
    beside it), or is as tall as still keeps it whole on the screen: three quarters of the
    window's height, or 55% for a map above its timeline, so the two are seen together. The
    khanates map was drawn 699 px wide in a 1236 px figure, the explorer's 414 px."""
    maps = []
    for path in CHAPTERS:
        with chapter_page(site, chromium, path, viewport={"width": 1366, "height": 768}) as page:
            maps += labels.map_boxes(page)
    assert len(maps) >= 8
    assert labels.short_maps(maps) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_category_labels_get_their_margin_before_the_first_drawing(site, chromium, path):
    """At 1366x768 the page measures each chart's category labels and sets its left margin
    before plotly draws it: plotly finds nothing to add (with too little it would draw the
    chart twice, the most of a chapter page's waiting) and the margin wastes no more than a
    few pixels beyond the widest label."""
    laid_out = "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p._fullLayout)"
    with chapter_page(site, chromium, path, ready=laid_out, viewport={"width": 1366, "height": 768}) as page:
        margins = labels.left_margins(page)
    grown = [m for m in margins if m["drawn"] != m["set"]]
    wasted = [m for m in margins if m["set"] - m["labels"] > 8 and m["set"] > m["base"]]
    assert grown == [] and wasted == []


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_figures_fit_a_phone(site, chromium, path, width):
    """At 390x844, and on the narrowest phone a page must reflow to (320 px, where a figure
    is 274 px wide, as in a narrow JupyterLab panel: the disputed figures' row names ran off
    the left edge and legends off the right), nothing of a figure reaches past the screen's
    edges (title, menus, slider, legend, notes, axis titles), no two drawn texts overlap
    (place, country and sea names,
    tick labels, legends, titles, notes: a phone's names are placed again for its smaller
    map; a timeline's rows), maps take the height their width needs, and no band over 60 px
    is left blank in a map or across a figure (between a title and its menus, a caption and
    its legend, or at the foot); a range slider kept inside its plot leaves the bottom margin
    as set; and the page logs no error."""
    phone = dict(viewport={"width": width, "height": 844}, is_mobile=True, has_touch=True)
    with chapter_page(site, chromium, path, settle=1200, **phone) as page:
        outside = labels.beyond(page)
        crossed = labels.overlaps(page)
        bands = [b for b in labels.blank_bands(page) + labels.gaps(page) if b["band"] > 60]
        sliders = [s for s in labels.slider_margins(page) if s["drawn"] != s["set"]]
        errors = page.script_errors  # the phone layout's second relayout once threw in a range slider
    assert outside == [] and crossed == [] and bands == [] and sliders == [] and errors == []


# every choice of every menu that changes a figure in place (not a map's Play button)
CHOICES = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((p, figure) =>
  (p.layout.updatemenus || []).flatMap((m, menu) => (m.buttons || []).length < 2 ? [] :
    m.buttons.map((b, button) => ({figure, menu, button, method: b.method}))
      .filter(c => ['update', 'relayout', 'restyle'].includes(c.method))))"""
# the choice made as plotly makes it on a click: the button's call, then the menu's active label
PICK = """([figure, menu, button]) => {
  const gd = document.querySelectorAll('.js-plotly-plot')[figure], b = gd.layout.updatemenus[menu].buttons[button];
  return Plotly[b.method](gd, ...b.args)
    .then(() => Plotly.relayout(gd, {['updatemenus[' + menu + '].active']: button})).then(() => true);
}"""


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_menu_choice_fits_a_phone(site, chromium, path):
    """At 390x844, each choice of every menu (a disputed quantity, a period, a phase, a
    language) still fits: what the choice writes (the disputed figures' "why they differ"
    line, the rows' names) stays inside the screen and clear of every other text, leaves no
    band over 60 px blank (a legend with fewer entries than the first view's left one of up to
    194 px), and the page logs no error. The phone layout is set for the first choice; a note
    written at the reading width by a later one ran 500 px past the edge."""
    phone = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    found = []
    with chapter_page(site, chromium, path, settle=1200, **phone) as page:
        choices = page.evaluate(CHOICES)
        for c in choices:
            page.evaluate(PICK, [c["figure"], c["menu"], c["button"]])
            page.wait_for_timeout(50)
            mine = [
                dict(o, choice=c["button"])
                for o in labels.beyond(page) + labels.overlaps(page)
                if o.get("figure") == c["figure"]
            ]
            mine += [
                dict(g, choice=c["button"])
                for g in labels.gaps(page)
                if g["figure"] == c["figure"] and g["band"] > 60
            ]
            found += mine
        errors = page.script_errors
    assert found == [] and errors == []


# every frame of every animation (the khanates map's years), as its slider shows it
FRAMES = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((p, figure) =>
  ((p._transitionData || {})._frames || []).map(f => ({figure, frame: f.name})))"""
SHOW = """([figure, frame]) => Plotly.animate(document.querySelectorAll('.js-plotly-plot')[figure], [frame],
  {frame: {duration: 0, redraw: true}, transition: {duration: 0}, mode: 'immediate'}).then(() => true)"""


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_frame_of_an_animation_fits_the_screen(site, chromium, path, width):
    """At 390x844 and at 1366x768, every year of the khanates map, as the slider or Play shows
    it, keeps its layout: a frame brings its own notes (the year's caption, the source line),
    and on a phone they came at the reading width, the source line running 500 px past the
    screen's edge and over the legend. The year's caption covers no part of the map (it sat
    over the map's corner in a box, hiding Black Sea, GEORGIA or TURKEY in 8 of 13 years on a
    phone and the khanates' own areas). Nothing past an edge, no overlap, no note over a map,
    no page error, in any frame."""
    screen = (
        dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        if width < 600
        else dict(viewport={"width": width, "height": 768})
    )
    found = []
    with chapter_page(site, chromium, path, settle=1200, **screen) as page:
        for f in page.evaluate(FRAMES):
            page.evaluate(SHOW, [f["figure"], f["frame"]])
            page.wait_for_timeout(50)
            found += [
                dict(o, frame=f["frame"])
                for o in labels.beyond(page) + labels.overlaps(page) + labels.notes_over_maps(page)
                if o.get("figure") == f["figure"]
            ]
        errors = page.script_errors
    assert found == [] and errors == []


def test_no_chapter_needs_mermaid():
    """The offline slide template drops nbconvert's mermaid import; no chapter may need it."""
    for path in CHAPTERS:
        text = path.read_text(encoding="utf-8")
        assert "text/vnd.mermaid" not in text and "```mermaid" not in text


PRINT_CHECK = """() => {
  const text = [...document.querySelectorAll('main p, main li, main td, main dd, main dt')]
      .filter(e => e.textContent.trim()).map(e => parseFloat(getComputedStyle(e).fontSize));
  const fig = [...document.querySelectorAll('#figure text')].filter(e => e.textContent.trim())
      .map(e => parseFloat(getComputedStyle(e).fontSize));
  return {body: Math.min(...text) * 0.75, figure: fig.length ? Math.min(...fig) * 0.75 : null,
          screenOnly: (document.body.innerText.match(/\\b(hover|point at|tap|click|button)\\b/gi) || []),
          answerLines: document.querySelectorAll('.answer').length, nameLine: !!document.querySelector('.name')};
}"""


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("kind", ["handout", "worksheet"])
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_printed_page_is_one_page_readable_on_paper(site, chromium, path, kind, paper):
    """Handouts and worksheets: exactly one page on A4 and on US Letter, printed at full scale,
    body at least 10 pt and figure text at least 7 pt, nothing that only works on a screen."""
    import re as _re

    page = site / "handouts" / f"{path.stem}.{kind}.{paper}.html"
    pdf = page.with_suffix(".pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(_re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    report = browser.open_page(page.as_uri(), browser=chromium)
    assert report.blocked == [] and report.served == [] and report.errors == [] and report.failed == []
    context = chromium.new_context()
    context.route(
        "**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort()
    )
    tab = context.new_page()
    tab.emulate_media(media="print")
    tab.goto(page.as_uri())
    if kind == "handout":
        tab.wait_for_function("() => document.querySelector('#figure svg.main-svg')")
    seen = tab.evaluate(PRINT_CHECK)
    context.close()
    assert seen["body"] >= 10 - 0.01 and (seen["figure"] is None or seen["figure"] >= 7)
    assert seen["screenOnly"] == []
    if kind == "handout":
        assert report.figures == 1 and report.drawn == 1
        assert "Questions for class" in page.read_text(encoding="utf-8")
    else:
        assert seen["nameLine"] and seen["answerLines"] >= 4


def test_short_deck_tells_the_story_in_one_lesson(site, chromium):
    context = chromium.new_context()
    context.route(
        "**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort()
    )
    page = decks.open_deck(context, site / "short.slides.html", 1280, 720)
    slides = decks.measure(page)
    reach = decks.linear_reach(page)
    context.close()
    assert 15 <= len(slides) <= 22 and reach["reached"] == reach["total"]
    assert [r["index"] for r in slides if r["overflow"] or r["scrolled"] or r["drawn"] < r["figures"]] == []
    assert sum(r["figures"] for r in slides) >= 8


def test_teachers_page_links_every_deck_handout_and_worksheet(site):
    text = (site / "teaching.html").read_text(encoding="utf-8")
    for path in CHAPTERS:
        for ref in (
            f"{path.stem}.slides.html",
            f"handouts/{path.stem}.handout.a4.pdf",
            f"handouts/{path.stem}.worksheet.letter.pdf",
        ):
            assert f'href="{ref}"' in text
    assert 'href="short.slides.html"' in text and "Expected answers" in text and "<dt>NKAO" in text


def test_saved_widget_state_renders_and_jslinked_widgets_respond(site, chromium, tmp_path):
    """A notebook saved with widget state shows its widgets in a site page, and a jslink works with no kernel."""
    import nbformat as nbf
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    code = (
        "import ipywidgets as w\n"
        "a = w.IntSlider(value=3, max=10, description='slider')\n"
        "b = w.IntText(value=3, description='number')\n"
        "w.jslink((a, 'value'), (b, 'value'))\n"
        "w.VBox([a, b])"
    )
    nb = nbf.v4.new_notebook(cells=[nbf.v4.new_code_cell(code)])
    NotebookClient(nb, kernel_name="python3", timeout=120, store_widget_state=True).execute()
    assert nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    body, _ = HTMLExporter(template_name="lab", **build_site.URLS).from_notebook_node(nb)
    page = site / "widget_check.html"
    page.write_text(build_site.localise(body), encoding="utf-8")

    context = chromium.new_context()
    refused = []
    context.route(
        "**/*",
        lambda route, req: (
            route.continue_() if req.url.startswith("file:") else (refused.append(req.url), route.abort())
        ),
    )
    errors = []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(page.as_uri())
    tab.wait_for_selector(".widget-slider .widget-readout", timeout=20_000)
    number = tab.locator(".widget-text input").first
    number.fill("8")
    number.press("Enter")
    tab.wait_for_function(
        "() => document.querySelector('.widget-slider .widget-readout').textContent.trim() === '8'",
        timeout=5_000,
    )
    context.close()
    page.unlink()
    assert refused == [] and errors == []
