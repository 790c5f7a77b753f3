"""Printable pages, one of each per chapter: a handout and a student worksheet.

Usage: ``python scripts/build_handouts.py [SITE]`` (``make site`` runs it; default ``build/site``).

Both are print-ready HTML in ``SITE/handouts/`` (they use the site's own plotly.js, so
build the site first), printed by headless Chromium to PDF on one A4 page and on one US
Letter page, at full scale: body text at least 10 pt, figure text at least 7 pt, and
nothing that only works on a screen (no "point at", no buttons; the figure's plain-text
description is its caption).

- **Handout**: the chapter's first map (or first figure) drawn static with its description,
  key dates, the discussion questions, the summary and a short list of sources.
- **Worksheet**: a name line; the key dates to place on a blank timeline; the discussion
  questions with room to answer; the chapter's glossary terms; a short source list.

Everything comes from the committed notebook and the data, so the pages never drift from
the chapters. Every data string is escaped.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import mistune
import nbformat

from explainer import chapters

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer import chrome, data  # noqa: E402
from explainer.bibliography import short_label  # noqa: E402
from explainer.text import date_label, split_list  # noqa: E402
from scripts import browser  # noqa: E402

PLOTLY = chapters.PLOTLY
CHAPTERS = chapters.files()
MAX_DATES = 8
PAPERS = {"a4": "A4", "letter": "Letter"}
# The printable area (paper less the 11 mm x 12 mm margins of the page style), in CSS pixels.
PRINTABLE = {
    "A4": (round((210 - 24) / 25.4 * 96), round((297 - 22) / 25.4 * 96)),
    "Letter": (round((215.9 - 24) / 25.4 * 96), round((279.4 - 22) / 25.4 * 96)),
}
FIGURE_MIN_PX = 10  # 7.5 pt printed at full scale


def section(nb, heading: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(heading):
            return cell.source[len(heading) :].strip()
    return ""


def figures(nb) -> list[tuple[dict, str]]:
    """(figure, its plain-text description) for every figure of the notebook."""
    found = []
    for i, c in enumerate(nb.cells):
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            if PLOTLY in o.get("data", {}):
                after = nb.cells[i + 1].source if i + 1 < len(nb.cells) else ""
                found.append(
                    (
                        o["data"][PLOTLY],
                        after.replace("*Figure description:*", "").strip()
                        if after.startswith("*Figure description:*")
                        else "",
                    )
                )
    return found


SCREEN_ONLY = re.compile(r"\b(hover|point at|tap|click|button|buttons|slider|play|drag|zoom)\b", re.I)


def for_paper(text: str) -> str:
    """``text`` without the sentences that describe screen controls (buttons, sliders, pointing)."""
    sentences = re.split(r"(?<=[.;])\s+", text)
    return " ".join(s for s in sentences if not SCREEN_ONLY.search(s))


def key_events(figs: list[dict], events) -> list:
    """The dated events the chapter's figures show, spread over the chapter's span."""
    ids = []
    for fig in figs:
        for trace in fig["data"]:
            for value in trace.get("customdata") or []:
                for eid in str(value).split(","):
                    if eid in events.index and eid not in ids:
                        ids.append(eid)
    rows = events.loc[ids].sort_values("date_start") if ids else events.iloc[0:0]
    if len(rows) > MAX_DATES:  # keep the span: first, last and evenly between
        step = (len(rows) - 1) / (MAX_DATES - 1)
        rows = rows.iloc[[round(i * step) for i in range(MAX_DATES)]]
    return rows


def static_figure(fig: dict) -> dict:
    """The figure for paper: no controls, no source line (printed as text), text >= 7.5 pt."""
    fig = json.loads(json.dumps(fig))
    layout = fig.setdefault("layout", {})
    layout.pop("updatemenus", None)
    layout.pop("sliders", None)
    layout["annotations"] = [a for a in layout.get("annotations", []) or [] if a.get("name") != chrome.SOURCE]
    mixed = any(t.get("type") != "scattergeo" for t in fig["data"]) and any(
        t.get("type") == "scattergeo" for t in fig["data"]
    )
    layout.update(width=680, height=380 if mixed else min(int(layout.get("height", 400)), 300))
    margin = layout.get("margin", {})
    layout["margin"] = {"l": margin.get("l", 10), "r": 10, "t": 36, "b": 30}
    layout.setdefault("title", {})
    if isinstance(layout["title"], dict):
        layout["title"]["text"] = ""
    chrome._raise_fonts(layout, FIGURE_MIN_PX)
    chrome._raise_fonts(fig["data"], FIGURE_MIN_PX)
    fig.pop("frames", None)
    return fig


STYLE = """
@page {{ size: {paper}; margin: 11mm 12mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: Inter, "Source Sans Pro", Helvetica, Arial, sans-serif; color: #111; font-size: 10pt;
       line-height: 1.28; margin: 0; }}
h1 {{ font-size: 15pt; margin: 0 0 1.5mm; }} h2 {{ font-size: 11pt; margin: 2.5mm 0 1mm; }}
p, li {{ margin: 0.5mm 0; }} ul, ol {{ margin: 0; padding-left: 5mm; }}
table {{ border-collapse: collapse; width: 100%; }}
td {{ border-top: 1px solid #ccc; padding: 0.5mm 1.2mm; vertical-align: top; font-size: 10pt; }}
td.d {{ white-space: nowrap; width: 25mm; }}
.cols {{ display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; }}
.caption {{ font-size: 10pt; color: #333; margin: 0 0 1mm; }}
.sources li {{ font-size: 10pt; }}
.name {{ display: flex; gap: 8mm; margin: 1mm 0 2mm; }} .name span {{ flex: 1; border-bottom: 1px solid #000; }}
.answer {{ border-bottom: 1px solid #999; height: 7mm; }}
.timeline {{ position: relative; height: 16mm; margin: 3mm 10mm 8mm; border-bottom: 2px solid #000; }}
.tick {{ position: absolute; bottom: -6mm; font-size: 10pt; transform: translateX(-50%); }}
.tick::before {{ content: ""; position: absolute; left: 50%; bottom: 6mm; height: 2mm; border-left: 1px solid #000; }}
dl {{ margin: 0; }} dt {{ font-weight: 700; display: inline; }} dd {{ display: inline; margin: 0; }}
dd::after {{ content: ""; display: block; margin-bottom: 0.6mm; }}
.foot {{ font-size: 10pt; color: #444; margin-top: 1.5mm; }}
"""

HANDOUT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} — handout</title>
<style>{style}</style>
<script src="../assets/{plotly}"></script>
</head><body><main>
<h1>{title}</h1>
<div class="plotly-graph-div" id="figure"></div>
<p class="caption">{caption}</p>
<div class="cols">
<section class="dates"><h2>Key dates</h2>{dates}</section>
<section><h2>Questions for class</h2>{questions}</section>
</div>
<h2>Summary</h2><div class="summary">{summary}</div>
<h2>Sources</h2><ul class="sources">{sources}</ul>
<p class="foot">Chapter {number} of the explainer. Every date and figure is sourced in its data (data/sources.csv).</p>
</main>
<script>
Plotly.newPlot("figure", {fig}.data, {fig}.layout, {{staticPlot: true}});
</script>
<script>
// One page, whatever the chapter: shrink the figure, then drop the least needed lines, until it fits.
window.fitToPage = async function (limit) {{
  const main = document.querySelector('main');
  const fig = document.getElementById('figure');
  const tooTall = () => main.getBoundingClientRect().height > limit;
  while (tooTall() && fig && window.Plotly && fig.layout && fig.layout.height > 200) {{
    await Plotly.relayout(fig, {{height: fig.layout.height - 20}});
  }}
  for (const selector of ['.summary li:last-child', '.dates tr:last-child', '.sources li:last-child', 'dl .term:last-child']) {{
    while (tooTall() && document.querySelectorAll(selector.split(' ')[0] + ' ' + selector.split(' ')[1].split(':')[0]).length > 2) {{
      document.querySelector(selector).remove();
    }}
  }}
  return {{height: main.getBoundingClientRect().height, fits: !tooTall()}};
}};
</script>
</body></html>
"""

WORKSHEET = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} — worksheet</title>
<style>{style}</style>
</head><body><main>
<h1>Worksheet: {title}</h1>
<div class="name"><b>Name</b><span></span><b>Class</b><span></span><b>Date</b><span></span></div>
<h2>1. Place these events on the timeline</h2>
<p>Write each letter above the year it belongs to.</p>
<ol type="A">{events}</ol>
<div class="timeline">{ticks}</div>
<h2>2. Questions</h2>
{questions}
<h2>3. Words to know</h2>
<dl>{glossary}</dl>
<h2>Sources to start from</h2><ul class="sources">{sources}</ul>
</main>
<script>
// One page, whatever the chapter: shrink the figure, then drop the least needed lines, until it fits.
window.fitToPage = async function (limit) {{
  const main = document.querySelector('main');
  const fig = document.getElementById('figure');
  const tooTall = () => main.getBoundingClientRect().height > limit;
  while (tooTall() && fig && window.Plotly && fig.layout && fig.layout.height > 200) {{
    await Plotly.relayout(fig, {{height: fig.layout.height - 20}});
  }}
  for (const selector of ['.summary li:last-child', '.dates tr:last-child', '.sources li:last-child', 'dl .term:last-child']) {{
    while (tooTall() && document.querySelectorAll(selector.split(' ')[0] + ' ' + selector.split(' ')[1].split(':')[0]).length > 2) {{
      document.querySelector(selector).remove();
    }}
  }}
  return {{height: main.getBoundingClientRect().height, fits: !tooTall()}};
}};
</script>
</body></html>
"""


def _questions(nb) -> list[str]:
    text = section(nb, "## Questions for class")
    return [
        re.sub(r"^\d+\.\s*", "", line).strip()
        for line in text.splitlines()
        if re.match(r"^\d+\.\s", line.strip())
    ]


def _short_sources(rows, sources, limit: int = 5) -> str:
    """Up to ``limit`` sources behind ``rows``: independent ones first, then the rest."""
    lookup = sources.set_index("source_id")
    ids = list(dict.fromkeys(i for cell in rows["source_ids"] for i in split_list(cell)))
    ids.sort(key=lambda i: lookup.loc[i, "state_affiliated"] in ("state", "state_aligned", "government"))
    items = []
    for i in ids[:limit]:
        s = lookup.loc[i]
        where = s["url"].split("//", 1)[-1].removeprefix("www.")[:60] if s["url"] else s["citation"][:120]
        items.append(f"<li>{html.escape(short_label(s))}: {html.escape(s['title'] or where)}</li>")
    return "".join(items)


def handout(path: Path, tables: dict, plotly_file: str, paper: str) -> str:
    nb = nbformat.read(path, as_version=4)
    title = chapters.title(nb)
    figs = figures(nb)
    maps = [f for f in figs if all(t.get("type") == "scattergeo" for t in f[0]["data"])]
    mixed = [f for f in figs if any(t.get("type") == "scattergeo" for t in f[0]["data"])]
    chosen, caption = (maps or mixed or figs)[0]
    events = tables["events"].set_index("event_id", drop=False)
    rows = key_events([f for f, _ in figs], events)
    table = (
        (
            "<table>"
            + "".join(
                f"<tr><td class='d'>{html.escape(date_label(r['date_start'].date(), r['date_precision']))}</td>"
                f"<td>{html.escape(r['title'])}</td></tr>"
                for _, r in rows.iterrows()
            )
            + "</table>"
        )
        if len(rows)
        else "<p>(This chapter's figures are not dated events: see the chapter.)</p>"
    )
    summary = section(nb, "## Summary").split("**Next:**")[0].split("**Back to:**")[0]
    summary = "\n".join(summary.strip().splitlines()[:3])  # the first three points: a handout is one page
    fig_title = chosen["layout"].get("title", {}).get("text", "")
    return HANDOUT.format(
        title=html.escape(title),
        plotly=plotly_file,
        dates=table,
        style=STYLE.format(paper=paper),
        caption=f"<b>{html.escape(re.sub('<[^>]+>', ' ', fig_title))}.</b> {html.escape(for_paper(caption))}",
        questions="<ol>" + "".join(f"<li>{mistune.html(q)[3:-5]}</li>" for q in _questions(nb)) + "</ol>",
        summary=mistune.html(
            "\n".join(line for line in summary.splitlines() if not SCREEN_ONLY.search(line))
        ),
        number=path.name[:2],
        sources=_short_sources(rows if len(rows) else events.iloc[:3], tables["sources"]),
        fig=json.dumps(static_figure(chosen)).replace("</", "<\\/"),
    )


def worksheet(path: Path, tables: dict, paper: str) -> str:
    nb = nbformat.read(path, as_version=4)
    title = chapters.title(nb)
    events = tables["events"].set_index("event_id", drop=False)
    rows = key_events([f for f, _ in figures(nb)], events)
    listed = rows.sort_values("title")  # not in date order: placing them is the exercise
    if len(rows):
        first, last = rows["date_start"].min().year, rows["date_start"].max().year
        span = max(last - first, 1)
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50) if span / s <= 8)
        years = list(range(first - first % step, last + step, step))
        ticks = "".join(
            f"<span class='tick' style='left:{100 * (y - years[0]) / (years[-1] - years[0] or 1):.1f}%'>{y}</span>"
            for y in years
        )
    else:
        ticks = ""
    glossary = tables.get("glossary")
    terms = glossary[glossary["chapter"] == path.name[:2]] if glossary is not None else []
    questions = "".join(
        f"<p><b>{k}.</b> {mistune.html(q)[3:-5]}</p><div class='answer'></div><div class='answer'></div>"
        for k, q in enumerate(_questions(nb), start=1)
    )
    return WORKSHEET.format(
        title=html.escape(title),
        style=STYLE.format(paper=paper),
        events="".join(f"<li>{html.escape(r['title'])}</li>" for _, r in listed.iterrows()),
        ticks=ticks,
        questions=questions,
        glossary="".join(
            f"<div class='term'><dt>{html.escape(t['term'])}:</dt> <dd>{html.escape(t['definition'])}</dd></div>"
            for _, t in terms.iterrows()
        )
        if len(terms)
        else "<dd>(See the chapter.)</dd>",
        sources=_short_sources(rows if len(rows) else events.iloc[:3], tables["sources"], limit=4),
    )


def build(site: Path) -> list[Path]:
    plotly_file = next((site / "assets").glob("plotly-*.min.js")).name
    tables = data.load()
    out = site / "handouts"
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for path in CHAPTERS:
        for key, paper in PAPERS.items():
            for kind, text in (
                ("handout", handout(path, tables, plotly_file, paper)),
                ("worksheet", worksheet(path, tables, paper)),
            ):
                page = out / f"{path.stem}.{kind}.{key}.html"
                page.write_text(text, encoding="utf-8")
                pages.append(page)
    return pages


def print_pdfs(pages: list[Path]) -> list[Path]:
    """Print each page to PDF in headless Chromium, offline, at full scale on its own paper size."""
    from playwright.sync_api import sync_playwright

    pdfs = []
    with sync_playwright() as pw:
        chromium = browser.launch(pw)
        context = chromium.new_context()
        context.route(
            "**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort()
        )
        tab = context.new_page()
        tab.emulate_media(media="print")
        for page in pages:
            paper = "Letter" if page.name.endswith(".letter.html") else "A4"
            width, height = PRINTABLE[paper]
            tab.set_viewport_size({"width": width, "height": height})
            tab.goto(page.as_uri())
            if "handout" in page.name:
                tab.wait_for_function("() => document.querySelector('#figure svg.main-svg')")
            fit = tab.evaluate(f"() => window.fitToPage({height - 8})")
            if not fit["fits"]:
                raise SystemExit(
                    f"{page.name} does not fit one {paper} page ({fit['height']:.0f} px of {height})"
                )
            pdf = page.with_suffix(".pdf")
            tab.pdf(path=str(pdf), print_background=True, prefer_css_page_size=True, scale=1)
            pdfs.append(pdf)
        chromium.close()
    return pdfs


def main() -> None:
    site = (Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "site").resolve()
    pages = build(site)
    for pdf in print_pdfs(pages):
        print(f"{pdf.relative_to(site)}: {pdf.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
