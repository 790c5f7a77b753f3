"""Build the offline site: a contents page, one page and one slide deck per chapter.

Usage: ``python scripts/build_site.py [OUT]`` (``make site``; default ``build/site``).

Pages come from the committed notebooks through nbconvert (the lab template, as
nbviewer shows them; the reveal template for slides). Every script they load is
served from ``OUT/assets/``, copied from ``node_modules/`` (pinned in
package-lock.json, installed by ``npm ci``) — plotly.js, require.js, the Jupyter
widget renderer, reveal.js and the MathJax files nbconvert's template names — so
the folder works from a USB stick with no network. Links between chapters point
at the built pages.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter, SlidesExporter

from explainer import chapters

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer.notebook import plotly_js_url  # noqa: E402

NODE = ROOT / "node_modules"
CHAPTERS = chapters.files()
PLOTLY_FILE = "plotly-" + plotly_js_url().rsplit("plotly-", 1)[1]

# What goes into assets/: (source under node_modules, target under assets, patterns to keep).
ASSETS = [
    ("plotly.js-dist-min/plotly.min.js", PLOTLY_FILE, None),
    ("requirejs/require.js", "require.js", None),
    ("jquery/dist/jquery.min.js", "jquery.min.js", None),  # the reveal template uses it
    (
        "@jupyter-widgets/html-manager/dist",
        "html-manager",
        ("embed-amd.js", "*.woff", "*.woff2", "*.ttf", "*.eot", "*.svg"),
    ),
    ("reveal.js/dist", "reveal.js/dist", ("*.css", "*.js", "theme/*.css", "theme/fonts/**/*")),
    ("reveal.js/plugin/notes", "reveal.js/plugin/notes", ("*.js", "*.html")),
    (
        "mathjax-2.7.7",
        "mathjax",
        (
            "MathJax.js",
            "config/TeX-AMS_CHTML-full.js",
            "config/Safe.js",
            "extensions/**/*.js",
            "jax/input/TeX/*.js",
            "jax/element/**/*.js",
            "jax/output/CommonHTML/**/*.js",
            "fonts/HTML-CSS/TeX/woff/**/*",
        ),
    ),
]

URLS = {
    "require_js_url": "assets/require.js",
    "jquery_url": "assets/jquery.min.js",
    "widget_renderer_url": "assets/html-manager/embed-amd.js",
    "mathjax_url": "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
}

# Readability fixes over nbconvert's lab theme, found by axe-core (tests/test_site.py):
# links distinguishable without colour, and prompts and code comments with enough contrast.
SITE_CSS = """<style>
.jp-RenderedHTMLCommon a, .jp-RenderedMarkdown a { text-decoration: underline !important; }
.jp-InputPrompt, .jp-OutputPrompt { color: #1f4e79 !important; opacity: 1 !important; }
.highlight .c, .highlight .c1, .highlight .cm, .highlight .ch, .highlight .cs, .highlight .cp { color: #3b6b3b !important; }
.highlight .ow, .highlight .o { color: #6a2c91 !important; }
.highlight .mi, .highlight .mf, .highlight .m { color: #1d5e1d !important; }
</style>
"""

SCRIPT_ATTRS = re.compile(r'\s+(integrity|crossorigin)="[^"]*"')
CHAPTER_LINK = re.compile(r'href="(?:\./)?((\d\d_[a-z0-9_]+)\.ipynb)(#[^"]*)?"')
DATA_LINK = re.compile(r'href="\.\./data/([^"#]+?)(\.md)?(#[^"]*)?"')


def copy_assets(out: Path) -> None:
    assets = out / "assets"
    for source, target, patterns in ASSETS:
        src = NODE / source
        if not src.exists():
            sys.exit(f"{src.relative_to(ROOT)} missing: run `npm ci` (make does it)")
        dst = assets / target
        if patterns is None:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            continue
        for pattern in patterns:
            for path in src.glob(pattern):
                if path.is_file():
                    (dst / path.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, dst / path.relative_to(src))


def localise(page: str, prefix: str = "") -> str:
    """Point the page at its own copies and at the built chapter pages."""
    page = page.replace(plotly_js_url(), f"{prefix}assets/{PLOTLY_FILE}")
    # integrity/crossorigin make the browser fetch in CORS mode, which file:// pages refuse.
    page = re.sub(r"<script[^>]*>", lambda m: SCRIPT_ATTRS.sub("", m.group(0)), page)
    page = CHAPTER_LINK.sub(lambda m: f'href="{m.group(2)}.html{m.group(3) or ""}"', page)
    # Links to the data and its codebook point at the copies inside the site.
    page = DATA_LINK.sub(
        lambda m: f'href="data/{m.group(1)}{".html" if m.group(2) else ""}{m.group(3) or ""}"', page
    )
    page = page.replace("</head>", SITE_CSS + "</head>", 1)
    return page.replace("<html>", '<html lang="en">', 1)


def chapter_info(path: Path) -> tuple[str, str]:
    nb = chapters.read(path)
    return chapters.title(nb), chapters.summary(nb)


def contents_page(out: Path) -> None:
    rows = []
    for path in CHAPTERS:
        title, summary = chapter_info(path)
        rows.append(
            f'<li><a href="{path.stem}.html">{html.escape(title)}</a>'
            f' <span class="slides">(<a href="{path.stem}.slides.html">slides</a>,'
            f' handout <a href="handouts/{path.stem}.handout.a4.pdf">PDF</a>,'
            f' worksheet <a href="handouts/{path.stem}.worksheet.a4.pdf">PDF</a>)</span>'
            f"<p>{html.escape(summary)}</p></li>"
        )
    (out / "index.html").write_text(
        f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Between threats and reality: Russia and Azerbaijan — contents</title>
<style>
body {{ font-family: Inter, "Source Sans Pro", "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
       max-width: 46rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }}
h1 {{ font-size: 1.9rem; margin-bottom: .3rem; }}
ol {{ padding-left: 1.2rem; }} li {{ margin: 1rem 0; }}
a {{ color: #0060A0; }} .slides {{ font-size: .9rem; }}
p {{ margin: .2rem 0; color: #444; }}
footer {{ margin-top: 3rem; font-size: .85rem; color: #555; }}
</style>
</head>
<body>
<main>
<h1>Between threats and reality: Russia and Azerbaijan</h1>
<p>An interactive explainer of a news analysis published in August 2025 and the two centuries of history behind it.
Every map and chart works in this folder with no internet connection.</p>
<p><b>Teaching?</b> <a href="teaching.html">The lesson kit</a>: plans, a short deck, worksheets, expected answers, glossary.</p>
<h2>Chapters</h2>
<ol start="0">
{"".join(rows)}
</ol>
</main>
<footer>Built from the explainer's notebooks. Data and sources: see each chapter's Sources section.
Base map: Natural Earth (public domain).</footer>
</body>
</html>
""",
        encoding="utf-8",
    )


def copy_data(out: Path) -> Path:
    """The tables, their descriptor and the codebook (as HTML), so the site carries its data."""
    import mistune

    target = out / "data"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "data").glob("*.csv")) + [ROOT / "data" / "datapackage.json"]:
        shutil.copyfile(path, target / path.name)
    body = mistune.html((ROOT / "data" / "README.md").read_text(encoding="utf-8"))
    page = target / "README.html"
    page.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Data codebook — Between threats and reality</title>
<style>body {{ font-family: Inter, "Source Sans Pro", Helvetica, Arial, sans-serif; color: #222; max-width: 56rem;
margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }} table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; }} a {{ color: #0060A0; }}
code {{ background: #f3f3f3; padding: 0 .2rem; }}</style></head>
<body><main><p><a href="../index.html">← Contents</a></p>
{body}</main></body></html>
""",
        encoding="utf-8",
    )
    return page


def _handouts():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_handouts", ROOT / "scripts" / "build_handouts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _runner():
    import importlib.util

    spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "scripts" / "run_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def slide_notebook(path: Path):
    """The chapter executed for a projector: slide-sized figures, text no smaller than 16 px."""
    runner = _runner()
    return runner.run(nbformat.read(path, as_version=4), path.name, presenter=True)


# Site pages read as articles: code inputs are hidden until the reader asks for them. The
# button sits at the top of the article, in its flow: fixed to a corner of the screen it
# floated over whatever figure scrolled under it (a legend on a phone).
CODE_TOGGLE = """<style>
body:not(.show-code) .jp-CodeCell .jp-Cell-inputWrapper { display: none; }
.code-toggle { display: block; margin: 8px 12px 0 auto; font: 15px Inter, Helvetica, Arial, sans-serif;
  padding: 8px 12px; border: 1px solid #555; border-radius: 6px; background: #fff; color: #222; cursor: pointer; }
@media print { .code-toggle { display: none; } }
</style>
<button class="code-toggle" type="button" aria-pressed="false"
  onclick="var on = document.body.classList.toggle('show-code'); this.setAttribute('aria-pressed', on);
           this.textContent = on ? 'Hide the code' : 'Show the code';">Show the code</button>
"""


def slide_exporter() -> SlidesExporter:
    """nbconvert's reveal exporter, offline: our template, the site's own reveal.js, no code."""
    return SlidesExporter(
        template_name="reveal_offline",
        extra_template_basedirs=[str(ROOT / "templates")],
        reveal_url_prefix="assets/reveal.js",
        reveal_theme="white",  # its font ships with reveal.js; "simple" loads Google Fonts
        exclude_input=True,  # a class sees the figures and the prose, not the code
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        **URLS,
    )


def write_deck(exporter: SlidesExporter, nb, target: Path, title: str) -> Path:
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    target.write_text(localise(body), encoding="utf-8")
    return target


def slide_groups(nb) -> list[list]:
    """The cells of ``nb`` grouped by slide (a slide or sub-slide and the cells that follow it)."""
    groups: list[list] = []
    for cell in nb.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind == "skip":
            continue
        if kind in ("slide", "subslide") or not groups:
            groups.append([])
        groups[-1].append(cell)
    return groups


def short_deck(decks: dict, plan: Path):
    """One lesson's deck from ``teaching/short_deck.csv``: chosen slides of the chapters, in order.

    Each row names a chapter and the heading of one of its slides; ``figure = yes`` takes
    the figure shown after that slide instead. ``decks`` maps chapter stems to notebooks
    executed for slides.
    """
    import copy
    import csv

    title = nbformat.v4.new_markdown_cell(
        "# Russia and Azerbaijan: the story in one lesson\n\nFrom the conquest of the khanates to the 2024–25 "
        "crisis and what came after, in slides taken from the explainer's chapters."
    )
    # plotly.js, once, before any figure (each chapter loads it with its own first figure)
    loader = nbformat.v4.new_code_cell(
        outputs=[
            nbformat.v4.new_output(
                "display_data", data={"text/html": f'<script src="{plotly_js_url()}"></script>'}
            )
        ]
    )
    loader.metadata["slideshow"] = {"slide_type": "-"}
    cells = [title, loader]
    with plan.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            groups = slide_groups(decks[row["chapter"]])
            heads = [
                i
                for i, g in enumerate(groups)
                if g[0].cell_type == "markdown"
                and g[0].source.lstrip("#").strip().splitlines()[0].strip().rstrip("¶")
                == row["heading"].strip()
            ]
            if not heads:
                raise SystemExit(f"{plan.name}: no slide headed {row['heading']!r} in {row['chapter']}")
            i = heads[0]
            if (row.get("figure") or "").strip().lower() == "yes":
                i = next(
                    k
                    for k in range(i + 1, len(groups))
                    if any(c.cell_type == "code" and c.get("outputs") for c in groups[k])
                )
            for n, cell in enumerate(groups[i]):
                cell = copy.deepcopy(cell)
                if n == 0:
                    cell.metadata["slideshow"] = {"slide_type": "slide"}
                cells.append(cell)
    first = next(iter(decks.values()))
    nb = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(first.metadata))
    title.metadata["slideshow"] = {"slide_type": "slide"}
    # the set-up cell's output (plotly.js for the first figure) comes along with the first figure
    return nb


SHORT_DECK = ROOT / "teaching" / "short_deck.csv"
GUIDE = ROOT / "teaching" / "guide.md"


def expected_answers(nb) -> str:
    """The teaching note on a chapter's "Questions for class" slide (Markdown), or ""."""
    groups = slide_groups(nb)
    for group in groups:
        if group[0].cell_type == "markdown" and group[0].source.startswith("## Questions for class"):
            notes = [c.source for c in group if c.source.startswith("**Teaching note")]
            return notes[0] if notes else ""
    return ""


def kit_page(out: Path) -> Path:
    """The teacher's page: the guide, every deck and printable page, expected answers, the glossary."""
    import mistune

    from explainer import data

    rows = []
    answers = []
    for path in CHAPTERS:
        title, _ = chapter_info(path)
        stem = path.stem
        rows.append(
            f'<tr><td>{html.escape(title)}</td><td><a href="{stem}.slides.html">slides</a></td>'
            f'<td><a href="handouts/{stem}.handout.a4.pdf">A4</a> · <a href="handouts/{stem}.handout.letter.pdf">Letter</a></td>'
            f'<td><a href="handouts/{stem}.worksheet.a4.pdf">A4</a> · <a href="handouts/{stem}.worksheet.letter.pdf">Letter</a></td></tr>'
        )
        note = expected_answers(nbformat.read(path, as_version=4))
        if note:
            answers.append(f"<h3>{html.escape(title)}</h3>{mistune.html(note)}")
    glossary = data.load().get("glossary")
    terms = (
        "".join(
            f"<dt>{html.escape(t['term'])}</dt><dd>{html.escape(t['definition'])} (chapter {t['chapter']})</dd>"
            for _, t in glossary.sort_values("term").iterrows()
        )
        if glossary is not None
        else ""
    )
    guide = mistune.html(GUIDE.read_text(encoding="utf-8")) if GUIDE.exists() else ""
    short = (
        '<p><a href="short.slides.html">The whole story in one lesson: the short deck</a></p>'
        if SHORT_DECK.exists()
        else ""
    )
    page = out / "teaching.html"
    page.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>For teachers — Between threats and reality</title>
<style>body {{ font-family: Inter, "Source Sans Pro", Helvetica, Arial, sans-serif; color: #222; max-width: 52rem;
margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }} table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #ccc; padding: .3rem .5rem; vertical-align: top; text-align: left; }} a {{ color: #0060A0; }}
dt {{ font-weight: 700; margin-top: .5rem; }} dd {{ margin-left: 1rem; }}</style></head>
<body><main><p><a href="index.html">← Contents</a></p>
<h1>For teachers: the lesson kit</h1>
{short}
<table><tr><th>Chapter</th><th>Slide deck (speaker notes: press S)</th><th>Handout (one page)</th><th>Worksheet (one page)</th></tr>
{"".join(rows)}</table>
{guide}
<h2>Expected answers to the discussion questions</h2>
{"".join(answers)}
<h2>Glossary</h2><dl>{terms}</dl>
</main></body></html>
""",
        encoding="utf-8",
    )
    return page


def build(out: Path) -> list[Path]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copy_assets(out)
    pages = [out / "index.html", copy_data(out)]
    contents_page(out)
    page_exporter = HTMLExporter(template_name="lab", **URLS)
    slides = slide_exporter()
    executed = {}
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        body, _ = page_exporter.from_notebook_node(
            nb, resources={"metadata": {"name": chapter_info(path)[0]}}
        )
        target = out / f"{path.stem}.html"
        target.write_text(localise(body).replace("<main>", "<main>" + CODE_TOGGLE, 1), encoding="utf-8")
        executed[path.stem] = slide_notebook(path)
        deck = write_deck(
            slides, executed[path.stem], out / f"{path.stem}.slides.html", chapter_info(path)[0]
        )
        pages += [target, deck]
    if SHORT_DECK.exists():
        pages.append(
            write_deck(
                slides,
                short_deck(executed, SHORT_DECK),
                out / "short.slides.html",
                "Russia and Azerbaijan: the story in one lesson",
            )
        )
    pages += _handouts().build(out)
    pages.append(kit_page(out))
    return pages


def main() -> None:
    # resolve(): the handouts are opened as file:// URIs, which need an absolute path
    out = (Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "site").resolve()
    pages = build(out)
    pages += _handouts().print_pdfs(sorted((out / "handouts").glob("*.html")))
    for page in pages:
        print(f"{page.relative_to(out.parent)}: {page.stat().st_size:,} bytes")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"{out}: {size / 1e6:.1f} MB in all")


if __name__ == "__main__":
    main()
