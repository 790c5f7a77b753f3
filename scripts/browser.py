"""See a page as a reader would, offline: headless Chromium through Playwright.

Used by the browser tests, the benchmark and for screenshots. Chromium is
Debian's (``/usr/bin/chromium``, installed by the project's set-up); Playwright
drives it and downloads nothing.

Nothing leaves the machine. Every request the page makes is intercepted:

* ``file://`` and loopback URLs load normally;
* the CDN files that nbviewer-style pages name (plotly.js on cdn.plot.ly,
  require.js and MathJax on cdnjs, the widget manager on unpkg) are answered
  from pinned local copies (the plotly package, ``node_modules/``), with the
  CORS header a CDN sends, so ``integrity``-checked script tags load as they
  would on nbviewer;
* anything else is refused and recorded in ``Report.blocked``.
"""

from __future__ import annotations

import mimetypes
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from explainer import paths

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # A second fence behind the request interception: no name resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]

NODE = paths.ROOT / "node_modules"


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def local_copy(url: str) -> Path | None:
    """The local file that stands in for a CDN ``url``, or None if it has none."""
    from plotly.io._utils import plotly_cdn_url

    parsed = urlparse(url)
    host, path = parsed.netloc, parsed.path
    if url.split("?")[0] == plotly_cdn_url():
        return _plotly_js()
    if host == "cdnjs.cloudflare.com":
        if path == "/ajax/libs/require.js/2.1.10/require.min.js":
            return NODE / "requirejs-2.1.10" / "require.js"
        prefix = "/ajax/libs/mathjax/2.7.7/"
        if path.startswith(prefix):
            return NODE / "mathjax-2.7.7" / path[len(prefix) :]
    if host == "unpkg.com" and path.startswith("/@jupyter-widgets/html-manager@"):
        rest = path.split("/", 3)[3] if path.count("/") >= 3 else ""
        return NODE / "@jupyter-widgets" / "html-manager" / rest
    return None


def find_chromium() -> str | None:
    """Path of the Chromium binary, or None."""
    for candidate in (os.environ.get("EXPLAINER_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@dataclass
class Report:
    """What a page did while it loaded."""

    url: str
    figures: int = 0  # plotly figure divs on the page
    drawn: int = 0  # of those, with a drawn svg.main-svg
    geo_figures: int = 0  # figures with a geo subplot
    geo_drawn: int = 0  # geo subplots with at least one drawn trace path
    errors: list[str] = field(default_factory=list)  # uncaught exceptions, console errors
    blocked: list[str] = field(default_factory=list)  # requests refused (would have left the machine)
    served: list[str] = field(default_factory=list)  # CDN requests answered from local copies
    missing: list[str] = field(default_factory=list)  # CDN requests with no local copy on disk
    failed: list[str] = field(default_factory=list)  # requests that failed otherwise (e.g. a missing file)
    ms_to_drawn: float | None = None  # navigation start to every figure drawn


FIGURE_STATE_JS = """() => {
  const divs = [...document.querySelectorAll('.plotly-graph-div')];
  const drawn = divs.filter(d => d.querySelector('svg.main-svg'));
  const geos = divs.filter(d => d._fullLayout && (d._fullLayout._subplots.geo || []).length > 0);
  // A drawn map has its land polygons and markers as paths in scattergeo traces.
  const geoDrawn = geos.filter(d => d.querySelectorAll('.geolayer g.trace.scattergeo path').length > 0);
  return {figures: divs.length, drawn: drawn.length, geo: geos.length, geoDrawn: geoDrawn.length};
}"""


def open_page(
    url: str,
    *,
    screenshot: Path | None = None,
    wait_ms: int = 20_000,
    viewport: tuple[int, int] = (1280, 900),
    browser=None,
) -> Report:
    """Load ``url`` offline in headless Chromium and report what it drew and tried."""
    from playwright.sync_api import sync_playwright

    report = Report(url=url)

    def route(route, request):
        target = request.url
        scheme = urlparse(target).scheme
        host = urlparse(target).hostname or ""
        if scheme in ("file", "data", "blob") or host in ("127.0.0.1", "localhost", "::1"):
            return route.continue_()
        local = local_copy(target)
        if local is not None:
            if not local.is_file():
                report.missing.append(target)
                return route.fulfill(status=404, body="", headers={"Access-Control-Allow-Origin": "*"})
            report.served.append(target)
            kind = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            return route.fulfill(
                status=200,
                path=str(local),
                headers={"Content-Type": kind, "Access-Control-Allow-Origin": "*"},
            )
        report.blocked.append(target)
        return route.abort("blockedbyclient")

    def run(browser):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda exc: report.errors.append(f"uncaught: {exc}"))
        page.on(
            "console",
            lambda msg: report.errors.append(f"console.error: {msg.text}") if msg.type == "error" else None,
        )
        page.on(
            "requestfailed",
            lambda req: (
                None if req.url in report.blocked else report.failed.append(f"{req.url} ({req.failure})")
            ),
        )
        page.goto(url, wait_until="load")
        try:
            # the time is taken in the page, in the frame that first finds every figure drawn
            # (a second call to ask for it would add Playwright's round trip to every page)
            drawn = page.wait_for_function(
                "() => { const d=[...document.querySelectorAll('.plotly-graph-div')];"
                " return d.length > 0 && d.every(x => x.querySelector('svg.main-svg')) && performance.now(); }",
                timeout=wait_ms,
            )
            report.ms_to_drawn = drawn.json_value()
        except Exception:  # noqa: BLE001 - a page whose figures never draw is reported, not raised
            pass
        page.wait_for_timeout(300)  # let late console errors arrive
        state = page.evaluate(FIGURE_STATE_JS)
        report.figures, report.drawn = state["figures"], state["drawn"]
        report.geo_figures, report.geo_drawn = state["geo"], state["geoDrawn"]
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
        context.close()

    if browser is not None:
        run(browser)
        return report
    with sync_playwright() as pw:
        b = launch(pw)
        try:
            run(b)
        finally:
            b.close()
    return report


def launch(pw):
    """Start Debian's Chromium, headless, with the offline flags."""
    exe = find_chromium()
    if exe is None:
        raise RuntimeError("Chromium not found: install Debian's `chromium` (make test does it as root)")
    return pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_FLAGS)
