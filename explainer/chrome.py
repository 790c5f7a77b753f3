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
MIN_FONT = 16  # smallest text in a slide figure, in canvas pixels
TITLE_FONT = 24
LINE = 1.3  # line height of annotation text, in font sizes

SOURCE = "source"  # the ``name`` of every figure's source-line annotation
MENU_LABEL = "menu label"  # the ``name`` of a label over a menu (hidden on a phone when menus stack)


def source_annotation(text: str, below: int = 8, size: int = 10) -> dict:
    """A small source line under a figure, ``below`` pixels under the plot area
    (room for the x axis's ticks and title), whatever the figure's height."""
    return dict(
        name=SOURCE,
        text=text,
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-below,
        xanchor="left",
        yanchor="top",
        align="left",
        font=dict(size=size, color=theme.MUTED),
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
    if ann.get("yshift", 0) < 0:  # ticks and axis titles above it grow with the type
        ann["yshift"] = round(ann["yshift"] * MIN_FONT / 13) - 4
    ann["text"] = rewrap(ann.get("text", ""), 100)
    ann.setdefault("font", {})["size"] = max((ann.get("font") or {}).get("size", 0), MIN_FONT)
    grown = (
        _block_height(ann["text"], ann["font"]["size"]) - old + (-ann.get("yshift", 0)) * (1 - 13 / MIN_FONT)
    )
    return max(0, round(grown))


NARROW = 600  # pixels: below this width a figure takes its phone layout


def narrow(fig: dict) -> dict:
    """The phone layout of a figure dict, as ``Plotly.relayout`` updates: titles, captions and
    axis titles re-wrapped for a ~370 px screen, every menu a compact dropdown at the left
    with short labels, legends one entry per row. The HTML copy applies it when its
    container is narrower than :data:`NARROW` pixels (and restores the reading layout when it
    widens again); maps also take the height their frame needs at that width, so no blank
    band is left."""
    layout = fig.get("layout", {})
    update: dict = {}
    margin = dict(layout.get("margin") or {})
    title = layout.get("title") or {}
    if isinstance(title, dict) and title.get("text"):
        text = rewrap(title["text"], 30)
        update["title.text"] = text
        margin["t"] = margin.get("t", 70) + 22 * text.count("<br>")
    caption_growth = 0
    for i, ann in enumerate(layout.get("annotations") or []):
        size = (ann.get("font") or {}).get("size", 12)
        if ann.get("name") == SOURCE:
            text = rewrap(ann.get("text", ""), 50)
            update[f"annotations[{i}].text"] = text
            caption_growth = max(
                0, round((text.count("<br>") - ann.get("text", "").count("<br>")) * size * LINE)
            )
            margin["b"] = margin.get("b", 60) + caption_growth
        elif ann.get("text") and len(ann["text"]) > 26:
            update[f"annotations[{i}].text"] = rewrap(
                ann["text"], 26 if ann.get("xref") != "paper" or ann.get("x", 0) else 34
            )
        if (
            str(ann.get("xref", "")).startswith("x")
            and "domain" in str(ann.get("xref", ""))
            or (ann.get("xref") == "paper" and ann.get("x") == 0.5)
        ):
            # subplot titles: left-aligned, so they start at the figure's edge on a phone
            update[f"annotations[{i}].x"] = 0
            update[f"annotations[{i}].xanchor"] = "left"
    for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        text = ((layout[axis] or {}).get("title") or {}).get("text")
        if text and len(text) > 24:
            update[f"{axis}.title.text"] = rewrap(text, 24)
    menus = [m for m in layout.get("updatemenus") or [] if len(m.get("buttons") or []) >= 2]
    side_by_side = (
        sum(1 for m in menus if m.get("y", 1) >= 0.95 and m.get("type", "dropdown") != "buttons") > 1
    )
    longest = 24 if side_by_side else 26
    stacked = 0  # dropdowns that sat side by side are stacked at the left, labels hidden
    for i, menu in enumerate(layout.get("updatemenus") or []):
        top = menu.get("y", 1) >= 0.95
        if len(menu.get("buttons") or []) < 2:  # a lone button (Play) stays a button
            continue
        update[f"updatemenus[{i}].type"] = "dropdown"
        update[f"updatemenus[{i}].direction"] = "down"
        buttons = menu.get("type", "dropdown") == "buttons"
        if buttons or menu.get("xanchor") != "right":
            update[f"updatemenus[{i}].x"] = 0
            update[f"updatemenus[{i}].xanchor"] = "left"
        if side_by_side and top and not buttons:
            update[f"updatemenus[{i}].pad.b"] = 8 + 40 * stacked  # the first one highest
            stacked += 1
        for j, button in enumerate(menu.get("buttons") or []):
            label = button.get("label", "")
            if len(label) > longest:
                update[f"updatemenus[{i}].buttons[{j}].label"] = label[: longest - 1].rstrip() + "…"
        if top and menu.get("type", "dropdown") == "buttons":
            margin["t"] = margin.get("t", 70) + 6
    labelled = any(a.get("name") == MENU_LABEL for a in layout.get("annotations") or [])
    if stacked:
        pads = [k for k in update if k.endswith(".pad.b") and k.startswith("updatemenus[")]
        for key, value in zip(pads, reversed([update[k] for k in pads])):
            update[key] = value
        for i, ann in enumerate(layout.get("annotations") or []):
            if ann.get("name") == MENU_LABEL:
                update[f"annotations[{i}].visible"] = False
        margin["t"] = margin.get("t", 70) + 40 * (stacked - 1) - 30
    if (stacked or labelled) and "title.text" in update:
        # the title is pinned just above what sits over the plot (stacked menus, or a menu and
        # its label), so a title wrapped onto more lines grows upwards, never onto them
        update["title.yref"], update["title.y"], update["title.yanchor"] = "paper", 1, "bottom"
        lines = update["title.text"].count("<br>") + 1  # plotly measures the pad from the first line
        update["title.pad.b"] = (8 + 40 * stacked if stacked else 58) + 13 * lines
    if (
        layout.get("legend") is not None
        and layout.get("showlegend", True) is not False
        and not layout.get("geo")
    ):
        update["legend.orientation"] = "h"
        update["legend.xref"] = "container"
        update["legend.x"] = 0.02
        update["legend.entrywidthmode"] = "pixels"
        update["legend.entrywidth"] = 150
        update["legend.title.side"] = "top"
    elif layout.get("geo"):  # maps: the legend goes under the map, one entry a row, the caption under it
        entries = sum(
            1 for t in fig.get("data", []) if t.get("showlegend") and t.get("visible", True) is True
        )
        room = (entries + 1) * 26 if entries else 0
        update["legend.orientation"] = "v"
        slider = any(
            ((layout.get(k) or {}).get("rangeslider") or {}).get("visible")
            for k in layout
            if k.startswith("xaxis")
        )
        update["legend.y"] = -0.2 if slider else -0.01  # under a timeline's range slider, not on it
        update["legend.yanchor"] = "top"
        update["legend.yref"] = "paper"
        update["legend.x"] = 0
        update["legend.xanchor"] = "left"
        for i, ann in enumerate(layout.get("annotations") or []):
            if ann.get("name") == SOURCE:
                update[f"annotations[{i}].yshift"] = ann.get("yshift", 0) - room
        for i, control in enumerate(layout.get("sliders") or []):
            update[f"sliders[{i}].pad.t"] = (control.get("pad") or {}).get("t", 0) + room + caption_growth
        for i, control in enumerate(layout.get("updatemenus") or []):
            if control.get("y", 1) <= 0.05:
                update[f"updatemenus[{i}].pad.t"] = (
                    (control.get("pad") or {}).get("t", 0) + room + caption_growth
                )
        margin["b"] = margin.get("b", 60) + room
    if layout.get("geo2"):  # a map with an inset beside it: on a phone the map takes the width
        update["geo.domain.x"] = [0, 1]
        update["geo2.domain.x"] = [0.72, 1]
        update["geo2.domain.y"] = [0.78, 1]
    if margin != (layout.get("margin") or {}):
        for key in ("t", "b"):
            if key in margin:
                update[f"margin.{key}"] = margin[key]
    return update


def restore(fig: dict, update: dict) -> dict:
    """The reading-layout values of the keys ``update`` changes (to undo :func:`narrow`)."""
    import re as _re

    layout = fig.get("layout", {})
    out = {}
    for key in update:
        node = layout
        for part in key.split("."):
            m = _re.match(r"(\w+)\[(\d+)\]$", part)
            if m:
                node = (node.get(m.group(1)) or [])[int(m.group(2))] if isinstance(node, dict) else None
            else:
                node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                break
        out[key] = node
    return out


def geo_aspect(fig: dict) -> float | None:
    """Width over height of the figure's (first) map frame in the mercator projection, or None."""
    import math

    geo = fig.get("layout", {}).get("geo") or {}
    lon = (geo.get("lonaxis") or {}).get("range")
    lat = (geo.get("lataxis") or {}).get("range")
    if not lon or not lat:
        return None
    merc = lambda y: math.degrees(math.log(math.tan(math.pi / 4 + math.radians(y) / 2)))  # noqa: E731
    return (lon[1] - lon[0]) / (merc(lat[1]) - merc(lat[0]))
