"""The setup call: JupyterLab gets plotly's mime bundle, nbviewer an HTML copy."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import plotly.io as pio

from explainer.notebook import plotly_js_url, setup


def bundle(fig):
    return pio.renderers._build_mime_bundle(fig.to_dict())


def test_every_figure_carries_both_mime_types():
    setup()
    b = bundle(go.Figure(go.Scatter(x=[1], y=[2])))
    assert set(b) == {"application/vnd.plotly.v1+json", "text/html"}


def test_only_the_first_figure_loads_plotly_js_and_no_mathjax():
    setup()
    first = bundle(go.Figure(go.Scatter(x=[1], y=[2])))["text/html"]
    second = bundle(go.Figure(go.Scatter(x=[1], y=[3])))["text/html"]
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', first)
    assert scripts == [plotly_js_url()]
    assert 'integrity="sha256-' in first  # pinned: the CDN cannot serve another file
    assert re.findall(r'<script[^>]*src="', second) == []
    assert not re.search(r"src=\"[^\"]*mathjax", first + second, re.I)  # no MathJax script


def test_div_ids_are_reproducible_not_random():
    setup()
    a = bundle(go.Figure(go.Scatter(x=[1], y=[2])))["text/html"]
    setup()
    b = bundle(go.Figure(go.Scatter(x=[1], y=[2])))["text/html"]
    assert a == b
    assert re.search(r'id="fig-01-[0-9a-f]{10}"', a)


def test_hover_markup_is_written_plainly_but_script_tags_stay_escaped():
    setup()
    fig = go.Figure(
        go.Scatter(x=[1], y=[2], hovertext=["<b>Baku</b><br>a</script><script>alert(1)</script>"])
    )
    html = bundle(fig)["text/html"]
    assert "<b>Baku</b><br>" in html
    body = html.split("<script", 2)[2]  # the figure's own script
    assert "</script><script>alert" not in body.split("</script>\n", 1)[0]
    assert "\\u003c\\u002fscript\\u003e" in html


def test_base_map_is_stored_as_compact_typed_arrays():
    from explainer import maps

    setup()
    fig = maps.base_figure("caucasus", "t", "s")
    encoded = bundle(fig)["application/vnd.plotly.v1+json"]["data"][1]["lon"]
    assert set(encoded) == {"dtype", "bdata"} and encoded["dtype"] == "f4"
