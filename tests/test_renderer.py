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
