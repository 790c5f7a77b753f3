"""Figure chrome shared by every chart: the source line, and the slide layout.

A figure is built once, for reading. For a projector (``setup(presenter=True)``, the
static slide decks, RISE) :func:`for_slides` turns the same figure into a slide figure:
it fits the slide (:data:`SLIDE`), no text is smaller than 16 px, titles and source lines
are re-wrapped for the larger type, and the bottom margin makes room for them, so legends
and source lines never sit on each other.

>>> fig = maps.places_map(places, "caucasus")          # doctest: +SKIP
>>> slide = go.Figure(for_slides(fig.to_dict()))       # doctest: +SKIP
"""

from __future__ import annotations

import copy
import re
import textwrap

from explainer import theme

# A reveal.js slide is 960 x 700 canvas pixels, scaled up to fill the screen (at least
# 1.03x on a 1280x720 or 1024x768 projector). A figure on a slide of its own gets the
# slide less reveal's padding.
SLIDE = {"width": 960, "height": 700, "figure_height": 640}
MIN_FONT = 16       # smallest text in a slide figure, in canvas pixels
TITLE_FONT = 24
LINE = 1.3          # line height of annotation text, in font sizes

SOURCE = "source"   # the ``name`` of every figure's source-line annotation


def source_annotation(text: str, below: int = 8, size: int = 10) -> dict:
    """A small source line under a figure, ``below`` pixels under the plot area
    (room for the x axis's ticks and title), whatever the figure's height."""
    return dict(
        name=SOURCE, text=text, showarrow=False, xref="paper", yref="paper", x=0, y=0, yshift=-below,
        xanchor="left", yanchor="top", align="left", font=dict(size=size, color=theme.MUTED),
    )


def rewrap(text: str, width: int) -> str:
    """Re-wrap plotly annotation text (lines joined by ``<br>``) to ``width`` characters a line."""
    words = re.sub(r"\s*<br>\s*", " ", text or "")
    return "<br>".join(textwrap.wrap(words, width=width)) or text


def _raise_fonts(node, minimum: int) -> None:
    """Every ``size`` inside a font-like dict (font, textfont, tickfont…) raised to ``minimum``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict):
                size = value.get("size")
                if isinstance(size, (int, float)) and size < minimum:
                    value["size"] = minimum
                elif isinstance(size, list):
                    value["size"] = [max(s, minimum) if isinstance(s, (int, float)) else s for s in size]
                elif size is None and key in ("textfont", "tickfont", "font"):
                    value["size"] = minimum
            _raise_fonts(value, minimum)
    elif isinstance(node, list):
        for item in node:
            _raise_fonts(item, minimum)


def for_slides(fig: dict, height: int | None = None) -> dict:
    """A slide version of a figure dict (``fig.to_dict()``): see the module docstring.

    ``height`` defaults to :data:`SLIDE` ``figure_height``; a shorter figure keeps its height.
    Frames get the same treatment, so an animation stays legible as it plays.
    """
    fig = copy.deepcopy(fig)
    layout = fig.setdefault("layout", {})
    target = height or SLIDE["figure_height"]
    layout["height"] = min(layout.get("height") or target, target)
    layout.setdefault("font", {})["size"] = max(layout.get("font", {}).get("size", 0), MIN_FONT)
    title = layout.get("title")
    if isinstance(title, dict) and title.get("text"):
        title["text"] = rewrap(title["text"], 58)
        title.setdefault("font", {})["size"] = TITLE_FONT
    margin = layout.setdefault("margin", {})
    lines_in_title = title.get("text", "").count("<br>") + 1 if isinstance(title, dict) else 1
    top_menus = [m for m in layout.get("updatemenus") or [] if m.get("y", 1) >= 0.95]
    margin["t"] = max(margin.get("t", 70), 40 + 32 * lines_in_title + (44 if top_menus else 0))
    growth = 0
    for ann in layout.get("annotations", []) or []:
        growth = max(growth, _slide_annotation(ann))
    for frame in fig.get("frames", []) or []:
        _raise_fonts(frame, MIN_FONT)
        for ann in (frame.get("layout", {}) or {}).get("annotations", []) or []:
            growth = max(growth, _slide_annotation(ann))
    if growth:
        # The source line grew downwards: everything anchored under the plot moves down with it.
        margin["b"] = margin.get("b", 60) + growth
        for control in (layout.get("sliders") or []) + (layout.get("updatemenus") or []):
            if control.get("y", 1) <= 0.05 and control.get("yref", "paper") == "paper":
                pad = control.setdefault("pad", {})
                pad["t"] = pad.get("t", 0) + growth
    _raise_fonts(layout, MIN_FONT)
    _raise_fonts(fig.get("data", []), MIN_FONT)
    return fig


def _block_height(text: str, size: float) -> float:
    return (text.count("<br>") + 1) * size * LINE


def _slide_annotation(ann: dict) -> int:
    """Re-wrap a source line for slide type; return how many pixels taller it became."""
    if ann.get("name") != SOURCE:
        return 0
    old = _block_height(ann.get("text", ""), (ann.get("font") or {}).get("size", 10))
    ann["text"] = rewrap(ann.get("text", ""), 100)
    ann.setdefault("font", {})["size"] = max((ann.get("font") or {}).get("size", 0), MIN_FONT)
    return max(0, round(_block_height(ann["text"], ann["font"]["size"]) - old))
