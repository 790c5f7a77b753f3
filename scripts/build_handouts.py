"""Printable one-page handouts, one per chapter: key dates, a static figure, the questions.

Usage: ``python scripts/build_handouts.py [SITE]`` (``make site`` runs it; default ``build/site``).

Each handout is print-ready HTML in ``SITE/handouts/`` (it uses the site's own
plotly.js, so build the site first) and a PDF of it, printed by headless Chromium
on one A4 page. Everything comes from the committed notebook: its title, its
summary and discussion questions, its first map (or first figure) drawn static,
and the dated events its figures show.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import mistune
import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer import browser, data  # noqa: E402
from explainer.text import date_label  # noqa: E402

PLOTLY = "application/vnd.plotly.v1+json"
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_DATES = 10


def section(nb, heading: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(heading):
            return cell.source[len(heading):].strip()
    return ""


def figures(nb) -> list[dict]:
    return [o["data"][PLOTLY] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if PLOTLY in o.get("data", {})]


def key_dates(figs: list[dict], events) -> list[tuple[str, str]]:
    """The dated events the chapter's figures show (most recent chapters: the latest ones)."""
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
    return [(date_label(r["date_start"].date(), r["date_precision"]), r["title"]) for _, r in rows.iterrows()]


def static_figure(fig: dict) -> dict:
    fig = json.loads(json.dumps(fig))
    layout = fig.setdefault("layout", {})
    layout.pop("updatemenus", None)
    layout.pop("sliders", None)
    mixed = any(t.get("type") != "scattergeo" for t in fig["data"]) and any(t.get("type") == "scattergeo" for t in fig["data"])
    layout.update(width=700, height=560 if mixed else min(int(layout.get("height", 480)), 430))
    layout["margin"] = {"l": 10, "r": 10, "t": 40, "b": 40}
    fig.pop("frames", None)
    return fig


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} — handout</title>
<style>
@page {{ size: A4; margin: 12mm; }}
body {{ font-family: Inter, "Source Sans Pro", Helvetica, Arial, sans-serif; color: #222; font-size: 10.5pt;
       line-height: 1.35; margin: 0 auto; max-width: 180mm; }}
h1 {{ font-size: 16pt; margin: 0 0 2mm; }} h2 {{ font-size: 11.5pt; margin: 3mm 0 1mm; }}
p, li {{ margin: 0.6mm 0; }} ul, ol {{ margin: 0; padding-left: 5mm; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9.5pt; }}
td {{ border-top: 1px solid #ddd; padding: 0.6mm 1.5mm; vertical-align: top; }} td.d {{ white-space: nowrap; width: 24mm; }}
.cols {{ display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; }}
.foot {{ font-size: 8pt; color: #555; margin-top: 2mm; }}
</style>
<script src="../assets/{plotly}"></script>
</head><body><main>
<h1>{title}</h1>
<div class="plotly-graph-div" id="figure"></div>
<div class="cols">
<section><h2>Key dates</h2>{dates}</section>
<section><h2>Questions for class</h2>{questions}</section>
</div>
<h2>Summary</h2>{summary}
<p class="foot">From the explainer's chapter {number}; every date and figure is sourced in the chapter's data.
Figure: {figure_title}</p>
</main>
<script>
Plotly.newPlot("figure", {fig}.data, {fig}.layout, {{staticPlot: true}});
</script>
</body></html>
"""


def handout(path: Path, events, plotly_file: str) -> str:
    nb = nbformat.read(path, as_version=4)
    title = next(c.source.splitlines()[0][2:] for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("# "))
    figs = figures(nb)
    maps = [f for f in figs if all(t.get("type") == "scattergeo" for t in f["data"])]
    mixed = [f for f in figs if any(t.get("type") == "scattergeo" for t in f["data"])]
    chosen = (maps or mixed or figs)[0]
    dates = key_dates(figs, events)
    table = ("<table>" + "".join(f"<tr><td class='d'>{html.escape(d)}</td><td>{html.escape(t)}</td></tr>" for d, t in dates)
             + "</table>") if dates else "<p>(This chapter's figures are not dated events: see the chapter.)</p>"
    summary = section(nb, "## Summary").split("**Next:**")[0].split("**Back to:**")[0]
    return PAGE.format(
        title=html.escape(title), plotly=plotly_file, dates=table,
        questions=mistune.html(section(nb, "## Questions for class")), summary=mistune.html(summary),
        number=path.name[:2], figure_title=html.escape(chosen["layout"].get("title", {}).get("text", "")),
        fig=json.dumps(static_figure(chosen)).replace("</", "<\\/"),
    )


def build(site: Path) -> list[Path]:
    plotly_file = next((site / "assets").glob("plotly-*.min.js")).name
    events = data.load()["events"].set_index("event_id", drop=False)
    out = site / "handouts"
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for path in CHAPTERS:
        page = out / f"{path.stem}.html"
        page.write_text(handout(path, events, plotly_file), encoding="utf-8")
        pages.append(page)
    return pages


def print_pdfs(pages: list[Path]) -> list[Path]:
    """Print each handout to PDF in headless Chromium, offline."""
    from playwright.sync_api import sync_playwright

    pdfs = []
    with sync_playwright() as pw:
        chromium = browser.launch(pw)
        context = chromium.new_context()
        context.route("**/*", lambda route, req: route.continue_() if req.url.startswith("file:") else route.abort())
        tab = context.new_page()
        for page in pages:
            tab.goto(page.as_uri())
            tab.wait_for_function("() => document.querySelector('#figure svg.main-svg')")
            pdf = page.with_suffix(".pdf")
            tab.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True, scale=0.8)
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
