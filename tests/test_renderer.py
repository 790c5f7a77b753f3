"""The setup call: JupyterLab gets plotly's mime bundle, nbviewer an HTML copy."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import plotly.io as pio

from explainer.notebook import pack, plotly_js_url, setup, unpack


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


def test_html_copy_carries_the_figure_packed_and_no_data_text_in_the_page():
    setup()
    hostile = "<b>Baku</b><br>a</script><script>alert(1)</script>"
    fig = go.Figure(go.Scatter(x=[1], y=[2], hovertext=[hostile]))
    html = bundle(fig)["text/html"]
    assert "alert" not in html and "Baku" not in html  # data reaches the page only inside the packed figure
    (figure,) = unpack(html)
    assert figure["data"][0]["hovertext"] == [hostile]  # and comes back whole
    assert figure["phone"]["limit"] > 0  # with its phone layout


def test_packed_figures_are_reproducible_bytes():
    fig = {"data": [{"type": "scatter", "x": [1, 2], "y": [3, 4]}], "layout": {"title": {"text": "Şuşa"}}}
    assert pack(fig) == pack(fig)
    assert unpack(f'window.explainerDraw("fig-01-x", "{pack(fig)}", {{}})') == [fig]


def test_base_map_is_stored_as_compact_typed_arrays():
    from explainer import maps

    setup()
    fig = maps.base_figure("caucasus", "t", "s")
    encoded = bundle(fig)["application/vnd.plotly.v1+json"]["data"][1]["lon"]
    assert set(encoded) == {"dtype", "bdata"} and encoded["dtype"] == "f4"


def test_the_html_copy_lists_the_category_labels_that_set_the_left_margin():
    """The page sizes the left margin from these lines before plotly draws (see
    test_site.py): every line of every untitled left category axis, markup removed, in
    the font plotly will use; an axis with a title, or starting right of the edge, is left
    to plotly."""
    from plotly.subplots import make_subplots

    from explainer import chrome

    setup()
    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(
        go.Bar(x=[1, 2], y=["<b>Long</b> source,<br>second line", "R&amp;D"], orientation="h"), 1, 1
    )
    fig.add_trace(go.Bar(x=[1], y=["right panel"], orientation="h"), 1, 2)
    fig.update_yaxes(automargin=True)
    fig.update_layout(yaxis_tickfont_size=11, margin_l=20)
    spec = chrome.left_labels(fig.to_dict())
    assert spec["left"] == 20
    assert [a["axis"] for a in spec["axes"]] == ["yaxis"]
    assert spec["axes"][0]["lines"] == ["Long source,", "R&D", "second line"]
    assert spec["axes"][0]["font"].startswith("11px Inter")
    fig.update_yaxes(title_text="who", row=1, col=1)
    assert chrome.left_labels(fig.to_dict()) is None
