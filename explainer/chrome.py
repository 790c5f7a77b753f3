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
import datetime
import html
import json
import re

from explainer import theme
from explainer.text import rewrap

# A reveal.js slide is 960 x 700 canvas pixels, scaled up to fill the screen (at least
# 1.03x on a 1280x720 or 1024x768 projector). A figure on a slide of its own gets the
# slide less reveal's padding.
SLIDE = {"width": 960, "height": 700, "figure_height": 640}
MIN_FONT = 16  # smallest text in a slide figure, in canvas pixels
TITLE_FONT = 24
LINE = 1.3  # line height of annotation text, in font sizes
GLYPH = 0.5  # font sizes: an average glyph of slide type, generous (the page font draws about 0.46)

SOURCE = "source"  # the ``name`` of every figure's source-line annotation
SIDE_NOTE = "side note"  # the ``name`` of a note in a column beside a map (above it on a phone)
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
    labelled = any(a.get("name") == MENU_LABEL for a in layout.get("annotations") or [])
    margin["t"] = max(
        margin.get("t", 70), 40 + 32 * lines_in_title + (44 if top_menus else 0) + (26 if labelled else 0)
    )
    if top_menus and isinstance(title, dict) and title.get("yref", "container") == "container":
        # hung from the top, not centred in a top margin that also holds the menus and their labels
        title["y"], title["yanchor"] = 1 - 12 / layout["height"], "top"
    if (
        isinstance(title, dict)
        and "<br>" in title.get("text", "")
        and title.get("yref", "container") == "container"
        and title.get("yanchor") == "top"
        and title.get("y") is not None
    ):  # plotly hangs a title of several lines higher than one line (see _title_from_the_top)
        title["y"] -= MULTILINE_TITLE_SHIFT * TITLE_FONT / layout["height"]
    left = _plot_left(fig)
    plot_width = SLIDE["width"] - left - margin.get("r", 80)
    # a source line starts at the plot's left edge and may run to the figure's right edge
    characters = min(100, int((SLIDE["width"] - left - 12) / (GLYPH * MIN_FONT)))
    growth = 0
    for ann in layout.get("annotations", []) or []:
        growth = max(growth, _slide_annotation(ann, characters))
    for frame in fig.get("frames", []) or []:
        _raise_fonts(frame, MIN_FONT)
        for ann in (frame.get("layout", {}) or {}).get("annotations", []) or []:
            growth = max(growth, _slide_annotation(ann, characters))
    growth += _clear_of_the_axis_title(layout)
    for key in [k for k in layout if re.fullmatch(r"xaxis\d*", k)]:
        domain = (layout[key] or {}).get("domain") or [0, 1]
        if domain[1] - domain[0] < 0.9:  # panels side by side: at slide type a date may reach the next
            layout[key]["ticklabeloverflow"] = "hide past domain"
            _panel_ticks(layout[key], plot_width * (domain[1] - domain[0]))
    _row_labels_clear(fig, plot_width)
    _button_rows_fit(layout)
    if growth:
        # The source line grew downwards: everything anchored under the plot moves down with it.
        margin["b"] = margin.get("b", 60) + growth
        for control in (layout.get("sliders") or []) + (layout.get("updatemenus") or []):
            if control.get("y", 1) <= 0.05 and control.get("yref", "paper") == "paper":
                pad = control.setdefault("pad", {})
                pad["t"] = pad.get("t", 0) + growth
    _side_note_on_a_slide(fig, plot_width)
    _raise_fonts(layout, MIN_FONT)
    _raise_fonts(fig.get("data", []), MIN_FONT)
    _beside_on_a_slide(fig)
    # a slide's map is smaller than the page's and its names larger: the reading layout's names
    # would print over one another; the fewer names placed for a phone's map stay clear at
    # slide size (a map at least as wide, relative to its type)
    names: dict = {}
    _phone_names(fig, names)
    names.update(_frame_names(fig))
    _set(fig, names)
    return fig


def _side_note_on_a_slide(fig: dict, plot_width: float) -> None:
    """A note in a column beside a map, in every frame, re-wrapped at slide type to the room
    the slide leaves left of the map (the map keeps its aspect, so it is narrower than its
    share of the width when the slide's plot is short)."""
    layout = fig.get("layout", {})
    geo, aspect = layout.get("geo") or {}, geo_aspect(fig)
    start = ((geo.get("domain") or {}).get("x") or [0, 1])[0]
    if not aspect or not start:
        return
    margin = layout.get("margin") or {}
    plot_height = layout["height"] - margin.get("t", 100) - margin.get("b", 80)
    drawn = min(plot_width * (1 - start), plot_height * aspect)
    room = start * plot_width + (plot_width * (1 - start) - drawn) / 2 - 8
    characters = max(12, int(room / (GLYPH * MIN_FONT)))
    versions = _note_versions(fig)
    for i in {i for notes in versions for i, ann in enumerate(notes) if ann.get("name") == SIDE_NOTE}:
        tallest = _tallest(versions, i, characters, MIN_FONT)
        for notes in versions:
            if len(notes) > i and notes[i].get("name") == SIDE_NOTE:
                notes[i]["text"] = rewrap(notes[i].get("text", ""), characters)
                notes[i]["height"] = tallest


def _beside_on_a_slide(fig: dict) -> None:
    """A map above a category timeline (the crisis phases, the explorer) on a 16:9 slide: the
    map on the left, the timeline on the right, each as tall as the plot, every category
    labelled; the legend goes to the figure's foot, one row under the caption. Stacked in
    640 px with slide type, the map was about 180 px wide and the timeline labelled every
    third row."""
    layout = fig["layout"]
    geo = layout.get("geo") or {}
    low = ((geo.get("domain") or {}).get("y") or [0, 1])[0]
    below = [
        k
        for k in layout
        if re.fullmatch(r"yaxis\d*", k) and ((layout[k] or {}).get("domain") or [1, 1])[1] <= low
    ]
    if not low or len(below) != 1:
        return
    axis = layout[below[0]]
    xkey = "xaxis" + (axis.get("anchor") or "x").removeprefix("x")
    xaxis = layout.setdefault(xkey, {})
    margin = layout.setdefault("margin", {})
    captions = [a for a in layout.get("annotations") or [] if a.get("name") == SOURCE]
    caption = max((block_height(a["text"], a["font"]["size"]) for a in captions), default=0)
    slider = (xaxis.get("rangeslider") or {}).get("visible")
    # a row of legend entries across the slide (about 900 px), at slide type
    names = [t.get("name") or "" for t in fig.get("data", []) if t.get("showlegend") is True]
    heading = ((layout.get("legend") or {}).get("title") or {}).get("text") or ""
    wide = sum(len(n) * GLYPH * MIN_FONT + 40 for n in names) + len(heading) * GLYPH * MIN_FONT + 24
    rows = -(-wide // (SLIDE["width"] - 30)) if names else 0
    legend_room = rows * LEGEND_LINE * MIN_FONT + 8 if rows else 0
    under = 8 if slider else 44  # the dates are drawn inside the plot, above the slider, or under it
    margin["b"] = round(under + caption + 8 + legend_room)
    for a in captions:
        a["yshift"] = -under
    layout["legend"] = {
        **(layout.get("legend") or {}),
        **dict(
            orientation="h", xref="container", x=0.02, xanchor="left", yref="container", y=0, yanchor="bottom"
        ),
    }
    plot = layout["height"] - margin.get("t", 70) - margin["b"]
    geo["domain"] = {"x": [0, 0.5], "y": [0, 1]}
    xaxis["domain"] = [0.66, 1]
    axis["domain"] = [min(0.5, PHONE_SLIDER_ROOM / plot) if slider else 0, 1]
    if slider:
        xaxis["rangeslider"]["thickness"] = PHONE_SLIDER / plot
    categories = axis.get("categoryarray") or _categories(fig, below[0])
    if categories:  # every row labelled: plotly would label every other one, or every third
        axis["tickmode"], axis["tickvals"] = "array", list(categories)


def _set(fig: dict, update: dict) -> None:
    """Apply ``Plotly.relayout``-style updates (``data[2].text``, ``updatemenus[0].buttons[1].args[0].text``) to a figure dict."""
    for key, value in update.items():
        parts = [
            int(p) if p.isdigit() else p for part in key.split(".") for p in re.findall(r"[^\[\]]+", part)
        ]
        node = fig if parts[0] in ("data", "frames") else fig.setdefault("layout", {})
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value


def _clear_of_the_axis_title(layout: dict) -> int:
    """A slide's source line under an x axis title: moved down below the title (at slide type
    the ticks and the title take more room than the reading layout left); the pixels it moved."""
    title = (layout.get("xaxis") or {}).get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if not text:
        return 0
    needed = round(MIN_FONT * LINE * (text.count("<br>") + 2) + 38)  # ticks, the title, the gaps
    moved = 0
    for ann in layout.get("annotations") or []:
        if ann.get("name") == SOURCE and ann.get("y") == 0 and -ann.get("yshift", 0) < needed:
            moved = max(moved, needed + ann.get("yshift", 0))
            ann["yshift"] = -needed
    return moved


def _plot_left(fig: dict) -> float:
    """Where a slide figure's plot starts, in pixels: its left margin, or further right when
    its category labels grow the margin (their longest line at slide type)."""
    left = float((fig["layout"].get("margin") or {}).get("l", 80))
    for axis in (left_labels(fig) or {}).get("axes", []):
        size = max(float(re.match(r"[\d.]+", axis["font"]).group()), MIN_FONT)
        left = max(left, max(len(line) for line in axis["lines"]) * GLYPH * size + 10)
    return left


def _button_rows_fit(layout: dict) -> None:
    """A row of buttons wider than the slide at slide type: its longest labels shortened (…)
    until the row fits; the legend keeps the full names. The Soviet-century map's last period,
    "1988–1991: the Karabakh movement and Black January", was cut off at the slide's edge."""
    for menu in layout.get("updatemenus") or []:
        if menu.get("type") != "buttons" or menu.get("direction", "left") not in ("left", "right"):
            continue
        room = (SLIDE["width"] - 40) * (1 - float(menu.get("x") or 0))
        labels = [b.get("label") or "" for b in menu.get("buttons") or []]
        cap = max(map(len, labels), default=0)
        while cap > 12 and sum(min(len(t), cap) * GLYPH * MIN_FONT + 26 for t in labels) > room:
            cap -= 1
        for button in menu.get("buttons") or []:
            if len(button.get("label") or "") > cap:
                button["label"] = button["label"][: cap - 1].rstrip() + "…"


def _panel_ticks(axis: dict, width: float) -> None:
    """A narrow panel's dates on a slide, chosen for the room their labels need: the finest
    step (a month to a century) whose labels stand apart, and only labels drawn wholly inside
    the panel. plotly spaces a date axis's ticks by count: in a 145 px panel "Oct 2025" and
    "Jan 2026" printed into each other, and fewer ticks put the centuries' years past the
    panel's edges, where they are hidden."""
    ends = axis.get("range") or []
    if len(ends) != 2 or not all(isinstance(v, str) and re.match(r"\d{4}-\d{2}-\d{2}", v) for v in ends):
        return
    start, end = (datetime.date.fromisoformat(v[:10]) for v in ends)
    per_day = width / max(1, (end - start).days)
    for months in (1, 2, 3, 6, 12, 24, 60, 120, 240, 300, 600, 1200):
        monthly = months < 12
        label = GLYPH * MIN_FONT * (8 if monthly else 4)  # "Jan 2026", "1850"
        if months * 30.44 * per_day < label + 24:
            continue
        ticks, k = [], -(-(start.year * 12 + start.month - 1) // months) * months
        while (day := datetime.date(k // 12, k % 12 + 1, 1)) <= end:
            if label / 2 <= (day - start).days * per_day <= width - label / 2:
                ticks.append(day)
            k += months
        if ticks:
            axis.update(
                tickmode="array",
                tickvals=[d.isoformat() for d in ticks],
                ticktext=[d.strftime("%b %Y") if monthly else str(d.year) for d in ticks],
            )
            return


def _row_labels_clear(fig: dict, plot_width: float) -> None:
    """On a slide, a point's words written to its right (``middle right``, on a row of a
    category axis over dates) are left to its hover card when at slide type they would reach
    the next point on the row, or run past its panel's right edge (at the figure's right edge
    plotly cuts them off; inside, they would run into the next panel). Chapter 06's matrix of
    views printed one speaker's "not expected" into his "unlikely", and cut a long quote off at
    the plot's edge. Every x axis of type date counts, each over its own domain."""
    layout = fig["layout"]
    right_margin = (layout.get("margin") or {}).get("r", 80) - 6

    def axis_of(trace: dict) -> dict:
        return layout.get("xaxis" + trace.get("xaxis", "x")[1:]) or {}

    traces = [
        t
        for t in fig.get("data") or []
        if t.get("type", "scatter") == "scatter"
        and axis_of(t).get("type") == "date"
        and isinstance(t.get("y"), list)
    ]
    stamps = [(t, k, _timestamp(x)) for t in traces for k, x in enumerate(t.get("x") or [])]
    panels: dict = {}
    for t, k, x in stamps:
        if x is not None:
            panels.setdefault(t.get("xaxis", "x"), []).append((t, k, x))
    for name, points in panels.items():
        domain = (layout.get("xaxis" + name[1:]) or {}).get("domain") or [0, 1]
        left, width = domain[0] * plot_width, (domain[1] - domain[0]) * plot_width
        right = left + width + (right_margin if domain[1] >= 0.999 else 0)
        low, high = min(x for _, _, x in points), max(x for _, _, x in points)
        span = (high - low) or 1.0
        low, high = low - span * 0.06, high + span * 0.06  # plotly pads an autoranged axis for its markers
        rows: dict = {}
        for t, k, x in points:
            at = left + (x - low) / (high - low) * width
            rows.setdefault((t.get("yaxis", "y"), t["y"][k]), []).append((at, t, k))
        for row in rows.values():
            for x, t, k in row:
                text = (t.get("text") or [""] * (k + 1))[k] if isinstance(t.get("text"), list) else ""
                if "text" not in (t.get("mode") or "") or t.get("textposition") != "middle right" or not text:
                    continue
                size = max(((t.get("textfont") or {}).get("size") or MIN_FONT), MIN_FONT)
                end = x + 10 + len(text) * GLYPH * size
                if end > right or any(x < other - 8 < end for other, _, _ in row):
                    t["text"] = list(t["text"])
                    t["text"][k] = ""


def _timestamp(value) -> int | None:
    """An ISO date string (``2025-07-01``, a time may follow) as a day count, for spacing
    points; anything else None."""
    try:
        return datetime.date.fromisoformat(value[:10]).toordinal()
    except (TypeError, ValueError):
        return None


def block_height(text: str, size: float) -> float:
    """The height in pixels of an annotation's lines (joined by ``<br>``) at font ``size``."""
    return (text.count("<br>") + 1) * size * LINE


def _slide_annotation(ann: dict, characters: int = 100) -> int:
    """Re-wrap a source line for slide type, ``characters`` a line; return how many pixels
    taller it became."""
    if ann.get("name") != SOURCE:
        return 0
    old = block_height(ann.get("text", ""), (ann.get("font") or {}).get("size", 10))
    if ann.get("yshift", 0) < 0:  # ticks and axis titles above it grow with the type
        ann["yshift"] = round(ann["yshift"] * MIN_FONT / 13) - 4
    ann["text"] = rewrap(ann.get("text", ""), characters)
    ann.setdefault("font", {})["size"] = max((ann.get("font") or {}).get("size", 0), MIN_FONT)
    grown = (
        block_height(ann["text"], ann["font"]["size"]) - old + (-ann.get("yshift", 0)) * (1 - 13 / MIN_FONT)
    )
    return max(0, round(grown))


NARROW = 600  # pixels: below this width a figure takes its phone layout
TICK = 22  # characters: a category tick label on a phone (the full name is in the hover)
LEGEND_NAME = 36  # characters: a legend entry's line on a phone
LEGEND_LINE = 1.55  # font sizes: a legend entry's line on a phone, as plotly draws it
LEGEND_TITLE = 2.6  # font sizes: a legend's title and its padding
MULTILINE_TITLE_SHIFT = (
    0.72  # font sizes: how much higher plotly draws a title of two lines or more, hung from the top
)
MENU_HEIGHT = 34  # pixels: a dropdown menu's box
TITLE_ROOM = 70  # pixels: the top margin of a chart with only its title above the plot


def _below(layout: dict, update: dict) -> tuple[int, dict]:
    """Where the notes under the plot go when laid one under another (see
    :func:`_stack_below`): how much lower the lowest one ends, and each moved note's
    ``yshift``."""
    below = []
    for i, ann in enumerate(layout.get("annotations") or []):
        if ann.get("yref") == "paper" and ann.get("y") == 0 and ann.get("yanchor") == "top":
            text = update.get(f"annotations[{i}].text", ann.get("text", ""))
            shift = update.get(f"annotations[{i}].yshift", ann.get("yshift", 0))
            size = update.get(f"annotations[{i}].font.size", (ann.get("font") or {}).get("size", 12))
            below.append((-shift, i, block_height(text, size)))
    bottom = grown = 0
    shifts = {}
    for top, i, tall in sorted(below) if len(below) > 1 else []:
        if top < bottom + 6:
            shifts[f"annotations[{i}].yshift"] = -(bottom + 6)
            grown = max(grown, bottom + 6 - top)
            top = bottom + 6
        bottom = top + tall
    return grown, shifts


def _choices(layout: dict):
    """Every menu button whose choice changes the layout (a ``Plotly.update``): its key in a
    relayout update (``updatemenus[m].buttons[b].args[1]``), its trace changes and its layout
    changes. A step that gives the phone layout to every choice merges into
    ``update[key]``, starting from ``update.get(key, changes)``."""
    for m, menu in enumerate(layout.get("updatemenus") or []):
        for b, button in enumerate(menu.get("buttons") or []):
            args = button.get("args") or []
            if len(args) > 1 and isinstance(args[1], dict):
                yield (
                    f"updatemenus[{m}].buttons[{b}].args[1]",
                    args[0] if isinstance(args[0], dict) else {},
                    args[1],
                )


def _stack_below(layout: dict, update: dict, margin: dict, widths: dict) -> dict:
    """Notes under the plot (a caption, a reading of the figure), re-wrapped for a phone, are
    laid one under another, each where it was or lower, so none runs into the next.

    A note a menu rewrites (the disputed figures' "why they differ") is re-wrapped in each of
    the menu's choices as its first version was (``widths``: characters a line, by key), and
    each choice moves the notes under it to where its own text leaves them; the figure is as
    tall as the tallest choice needs. Returns how much each choice (by its key) and the first
    view (``None``) grew, with the tallest's under ``"tallest"``."""
    grown, shifts = _below(layout, update)
    growth = {None: grown}
    for this, _, changes in _choices(layout):
        notes = {k: v for k, v in changes.items() if k in widths and isinstance(v, str)}
        if not notes:
            continue
        mine, choice = dict(update), dict(update.get(this, changes))
        for note, text in notes.items():
            mine[note] = choice[note] = rewrap(text, widths[note])
        for i, ann in enumerate(layout.get("annotations") or []):  # every note back to its own place
            shift = f"annotations[{i}].yshift"
            if ann.get("yref") == "paper" and ann.get("y") == 0 and ann.get("yanchor") == "top":
                choice[shift] = update.get(shift, ann.get("yshift", 0))
        its_growth, its_shifts = _below(layout, mine)
        choice.update(its_shifts)
        grown = max(grown, its_growth)
        growth[this] = its_growth
        update[this] = choice
    update.update(shifts)
    margin["b"] = margin.get("b", 60) + grown
    if grown and (update.get("height") or layout.get("height")):  # the plot keeps its height
        update["height"] = update.get("height", layout.get("height")) + grown
    growth["tallest"] = grown
    return growth


def _legend_entries(layout: dict, traces: list[dict], visible: list | None = None) -> list[tuple[int, dict]]:
    """The traces a legend lists (with their indices): named, shown (``visible``: a menu
    choice's), and not a table or a pie."""
    return [
        (i, t)
        for i, t in enumerate(traces)
        if t.get("showlegend", len(traces) > 1 or layout.get("showlegend") is True) is not False
        and t.get("name")
        and (t.get("visible", True) if visible is None else visible[i]) is True
        and t.get("type") not in ("table", "pie")
    ]


def _choice_heights(fig: dict, update: dict, growth: dict) -> None:
    """A chart whose menu shows other traces (08's disputed figures: one quantity at a time)
    is laid out on a phone for its first view, its legend at the foot. A choice with fewer
    kinds of source or a shorter note would leave a blank band there; each choice sets the
    height it needs instead (the plot keeps its own: the bottom margin takes the difference)."""
    layout = fig.get("layout", {})
    traces = fig.get("data") or []
    height, bottom = update.get("height"), update.get("margin.b")
    if not height or bottom is None or layout.get("geo") or update.get("legend.yref") != "container":
        return
    first = _legend_height(layout, [t for _, t in _legend_entries(layout, traces)])
    title = layout.get("title") if isinstance(layout.get("title"), dict) else {}
    title_y = update.get("title.y", title.get("y"))
    for this, styles, changes in _choices(layout):
        visible = styles.get("visible")
        if not isinstance(visible, list) or len(visible) != len(traces):
            continue
        legend = _legend_height(layout, [t for _, t in _legend_entries(layout, traces, visible)])
        delta = legend - first + growth.get(this, growth[None]) - growth["tallest"]
        choice = dict(update.get(this, changes))
        choice["height"] = round(height + delta, 1)
        choice["margin.b"] = round(bottom + delta, 1)
        if title_y is not None and update.get("title.yref", title.get("yref", "container")) == "container":
            choice["title.y"] = 1 - (1 - title_y) * height / (height + delta)
        update[this] = choice


def _title_from_the_top(layout: dict, update: dict) -> None:
    """A title hung from the figure's top (``yanchor`` top) that wraps onto more lines on a
    phone: plotly draws such a title about 0.7 of its font size higher than one line (its
    first line then cut off at the top), so it is lowered by as much."""
    title = layout.get("title") if isinstance(layout.get("title"), dict) else {}
    text = update.get("title.text", title.get("text") or "")
    y = update.get("title.y", title.get("y"))
    height = update.get("height", layout.get("height"))
    if (
        "<br>" not in text
        or y is None
        or not height
        or update.get("title.yref", title.get("yref", "container")) != "container"
        or update.get("title.yanchor", title.get("yanchor")) != "top"
    ):
        return
    update["title.y"] = y - MULTILINE_TITLE_SHIFT * _title_size(layout) / height


def _legend_height(layout: dict, traces: list[dict]) -> int:
    """The height plotly draws a phone's legend at, in pixels: its title, then one entry a row
    (a long name wrapped onto more lines), and a gap between legend groups."""
    legend = layout.get("legend") or {}
    template = (layout.get("template") or {}).get("layout") or {}
    size = next(
        (
            f["size"]
            for f in (
                legend.get("font"),
                layout.get("font"),
                (template.get("legend") or {}).get("font"),
                template.get("font"),
            )
            if isinstance(f, dict) and f.get("size")
        ),
        12,
    )
    title = legend.get("title")
    titled = bool(title.get("text") if isinstance(title, dict) else title)
    wrapped = sum(rewrap(t.get("name") or "", LEGEND_NAME).count("<br>") for t in traces)
    # plotly groups a legend whose traces name a group, unless told the order
    grouped = "grouped" in (
        legend.get("traceorder") or ("grouped" if any(t.get("legendgroup") for t in traces) else "")
    )
    groups = len({t.get("legendgroup") or f"_{i}" for i, t in enumerate(traces)}) if grouped else 1
    gap = legend.get("tracegroupgap", 10) * (groups - 1)
    return round(
        LEGEND_LINE * size * len(traces)
        + LINE * size * wrapped
        + gap
        + (LEGEND_TITLE * size if titled else 10)
    )


def _legend_room_above(layout: dict, margin: dict) -> None:
    """A legend in a row between the title and the plot goes to the foot on a phone: the room
    it had above the plot is given back."""
    legend = layout.get("legend") or {}
    height, top = layout.get("height"), margin.get("t", 70)
    if legend.get("orientation") != "h" or legend.get("y") is None or not height:
        return
    above = (
        legend["y"] * height >= height - (layout.get("margin") or {}).get("t", 70)
        if legend.get("yref") == "container"
        else legend["y"] >= 1
    )
    given = (layout.get("margin") or {}).get("t", 70) - TITLE_ROOM
    if not above or given <= 0:
        return
    if not any(m.get("y", 1) >= 0.95 for m in layout.get("updatemenus") or []):
        margin["t"] = top - given  # menus over the plot: see _menus_under_title


def _menus_under_title(layout: dict, update: dict, margin: dict) -> None:
    """Menus over the plot, on a phone: the plot and its menus move up as far as the title
    above them allows, so no band is left between the title and the menus."""
    menus = [m for m in layout.get("updatemenus") or [] if m.get("y", 1) >= 0.95]
    over = [
        a
        for a in layout.get("annotations") or []
        if a.get("yref") == "paper" and float(a.get("y", 0)) >= 1 and a.get("name") != MENU_LABEL
    ]
    height = layout.get("height")
    if not menus or over or not height:
        return
    title = layout.get("title") if isinstance(layout.get("title"), dict) else {}
    lines = update.get("title.text", title.get("text") or "").count("<br>") + 1
    text = lines * _title_size(layout) * LINE
    if update.get("title.yref") == "paper":  # pinned over the menus: it moves up with them
        floor = update.get("title.pad.b", 0) + text + 4
    elif title.get("y") is not None and title.get("yanchor") == "top":
        menu = max((m.get("pad") or {}).get("b", 0) + MENU_HEIGHT for m in menus)
        floor = (1 - title["y"]) * height + text + 8 + menu
    else:
        return
    margin["t"] = min(margin.get("t", 70), round(floor))


def _title_size(layout: dict) -> float:
    title = layout.get("title") if isinstance(layout.get("title"), dict) else {}
    template = ((layout.get("template") or {}).get("layout") or {}).get("title") or {}
    return (title.get("font") or {}).get("size") or (template.get("font") or {}).get("size") or 17


def _legend_room_below(layout: dict) -> int:
    """A legend at the figure's foot, under the caption, moves on a phone (to the foot, one
    entry a row, or between a map and its caption): the room it had under the caption is
    given back (the pixels returned), and the phone's legend gets its own room."""
    legend = layout.get("legend") or {}
    height, bottom = layout.get("height"), (layout.get("margin") or {}).get("b", 60)
    if legend.get("y") is None or not height:
        return 0
    captions = [
        -a.get("yshift", 0) + block_height(a.get("text", ""), (a.get("font") or {}).get("size", 10))
        for a in layout.get("annotations") or []
        if a.get("name") == SOURCE and a.get("y") == 0 and a.get("yanchor") == "top"
    ]
    if legend.get("yref") == "container":  # the legend's foot under the lowest caption's
        below = bool(captions) and legend["y"] * height < bottom - max(captions)
    else:
        below = legend["y"] < 0
    controls = any(
        c.get("y", 1) <= 0.05 for c in (layout.get("sliders") or []) + (layout.get("updatemenus") or [])
    )
    return max(0, round(bottom - max(captions) - 8)) if below and captions and not controls else 0


def _legend_between(layout: dict, update: dict, clearance: int) -> int:
    """A legend in the bottom margin between the plot and the caption goes to the foot on a
    phone: the caption moves up under the plot (``clearance`` pixels, room for the tick labels),
    and the pixels it moved are returned."""
    legend = layout.get("legend") or {}
    height, bottom = layout.get("height"), (layout.get("margin") or {}).get("b", 60)
    if legend.get("yref") != "container" or legend.get("yanchor") != "bottom" or not height:
        return 0
    captions = [
        i
        for i, a in enumerate(layout.get("annotations") or [])
        if a.get("name") == SOURCE and a.get("y") == 0
    ]
    shifts = {
        i: update.get(f"annotations[{i}].yshift", layout["annotations"][i].get("yshift", 0)) for i in captions
    }
    if not captions or any(bottom + shift > legend.get("y", 0) * height for shift in shifts.values()):
        return 0  # a caption above the legend stays where it is
    lift = min(-shift for shift in shifts.values()) - clearance
    if lift <= 0:
        return 0
    for i, shift in shifts.items():
        update[f"annotations[{i}].yshift"] = shift + lift
    return lift


PHONE_PLOT = 180  # pixels: the plot of a chart with category labels in a ~364 px panel, about


def _room_for_bar_texts(fig: dict) -> int:
    """The right margin a phone needs for words written past the end of horizontal bars on a
    fixed axis (``textposition="outside"``, not clipped): in a 364 px JupyterLab panel chapter
    06's "likely (55–80%)" ran 33 px past the figure's edge."""
    layout = fig.get("layout") or {}
    ends = (layout.get("xaxis") or {}).get("range") or []
    room = 0
    for trace in fig.get("data") or []:
        if trace.get("type") != "bar" or trace.get("orientation") != "h" or len(ends) != 2:
            continue
        if trace.get("textposition") != "outside" or trace.get("cliponaxis") is not False:
            continue
        size = (trace.get("textfont") or {}).get("size") or (layout.get("font") or {}).get("size") or 13
        bases = trace.get("base") or [0] * len(trace.get("x") or [])
        for text, base, length in zip(trace.get("text") or [], bases, trace.get("x") or []):
            left_over = (ends[1] - (base or 0) - length) / (ends[1] - ends[0]) * PHONE_PLOT
            room = max(room, round(len(str(text)) * 0.6 * size + 8 - left_over))
    return room


ROW_LABEL = "row label"  # the name of a row's label written over it on a phone
# a trace's ``meta`` key: its points' rows named in full (the axis may show them cut short),
# one name per point, already escaped; what a phone writes over each row
ROW_NAMES = "row names"
ROW_LINE = 50  # characters: a line of a row's label over it on a phone (11 px type, ~350 px)


def _row_words(fig: dict, names: list[str], axis: str = "y") -> list[str]:
    """What a chart writes beside each row's marks, joined per row: a bar's words past its end
    ("likely (55–80%)"), or the words quoted beside a row's dots (the rows of one y axis)."""
    words: dict[str, list[str]] = {n: [] for n in names}
    for trace in fig.get("data") or []:
        texts = trace.get("text")
        if (
            trace.get("visible", True) is False
            or not isinstance(texts, list)
            or trace.get("yaxis", "y") != axis
        ):
            continue
        beside = trace.get("type") == "bar" or "text" in (trace.get("mode") or "")
        for name, text in zip(trace.get("y") or [], texts):
            if beside and text and str(name) in words and str(text) not in words[str(name)]:
                words[str(name)].append(str(text))
    return [", ".join(words[n]) for n in names]


def _one_row_each(trace: dict) -> bool:
    """A trace :func:`_labels_over_rows` can name row by row: dots (markers, maybe with words
    beside them), or a line along one row (a range from low to high)."""
    mode = trace.get("mode") or ""
    if trace.get("type", "scatter") != "scatter" or not mode:
        return False
    return "lines" not in mode or len({str(y) for y in trace.get("y") or []}) == 1


def _full_names(traces: list[dict]) -> dict[tuple[str, str], str]:
    """(y axis, row) to the row's name in full, from the traces that carry it (``meta`` under
    :data:`ROW_NAMES`: the disputed figures' sources, whose axis names are cut to 42 characters)."""
    full = {}
    for trace in traces:
        meta = trace.get("meta")
        names = meta.get(ROW_NAMES) if isinstance(meta, dict) else None
        if isinstance(names, list):
            for row, name in zip(trace.get("y") or [], names):
                full[(trace.get("yaxis", "y"), str(row))] = str(name)
    return full


ROW_SIZE = 11  # px: the type of a row's label over it
PANEL_FOOT = 46  # px: under a panel of rows, its x axis's tick labels and unit


def _labels_over_rows(fig: dict, update: dict, margin: dict) -> None:
    """Rows named by long categories (who said what, who gave which reading, who gave which
    figure): on a phone the names took half the width, cut short ("Akper Hasanov (Azerba…",
    "Yury Podolyaka: “quit…"), and left the marks a plot 60–130 px wide. Each row's full name,
    and the words written beside its marks, go on lines of their own over it, across the whole
    width, and the marks take the plot's width. Panels stacked one above another (the disputed
    figures, one per quantity) get it panel by panel, each as tall as its rows, its title and
    the x axis over it. Not where a menu changes the rows: labels written over one set of rows
    would stay behind when a menu swaps them (see docs/decisions.md, 18)."""
    layout = fig.get("layout") or {}
    traces = fig.get("data") or []
    if not traces or any(
        "yaxis" in json.dumps(button.get("args"))
        for menu in layout.get("updatemenus") or []
        for button in menu.get("buttons") or []
    ):
        return
    refs = list(dict.fromkeys(t.get("yaxis", "y") for t in traces))
    axes = ["yaxis" + r[1:] for r in refs]
    if len(axes) > 1 and not _stacked_panels(layout, refs):
        return
    if len(axes) == 1 and any(re.fullmatch(r"[xy]axis\d+", k) for k in layout):
        return
    bars = all(t.get("type") == "bar" and t.get("orientation") == "h" for t in traces)
    if not (bars and len(traces) == 1 or all(_one_row_each(t) for t in traces)):
        return
    names = {
        a: [str(n) for n in (layout.get(a) or {}).get("categoryarray") or _categories(fig, a)] for a in axes
    }
    if not all(names.values()) or not any(len(n) > TICK for rows in names.values() for n in rows):
        return  # a panel without categories (a number or date axis) keeps its ticks
    joiner = " → " if bars else ": "
    full = _full_names(traces)
    lines = {
        a: [
            rewrap(f"{full.get((r, n), n)}{joiner}{w}" if w else full.get((r, n), n), ROW_LINE)
            for n, w in zip(names[a], _row_words(fig, names[a], r))
        ]
        for a, r in zip(axes, refs)
    }
    tall = max(line.count("<br>") + 1 for rows in lines.values() for line in rows)
    thick = 14 if bars else max(int((t.get("marker") or {}).get("size") or 8) for t in traces)
    row = thick + 6 + round(tall * ROW_SIZE * LINE) + 6
    for a in axes:
        for key in ("tickmode", "tickvals", "ticktext"):
            update.pop(f"{a}.{key}", None)
        update[f"{a}.showticklabels"] = False
        update[f"{a}.automargin"] = False
        update[f"{a}.range"] = [-0.5, len(names[a]) - 0.5]
    for i, trace in enumerate(traces):
        if bars:
            update[f"data[{i}].width"] = round(thick / row, 3)
            update[f"data[{i}].textposition"] = "none"
        elif "text" in (trace.get("mode") or ""):  # the words are in the row's label
            update[f"data[{i}].mode"] = "markers"
    margin["l"], margin["r"] = 8, 16
    for i, ann in enumerate(layout.get("annotations") or []):
        # a caption shifted left out of a wide label margin: the plot now starts at the edge
        if ann.get("xshift") and not ann.get("x") and ann.get("xanchor") == "left":
            update[f"annotations[{i}].xshift"] = 0
    k = len(layout.get("annotations") or [])
    for a, r in zip(axes, refs):
        for name, text in zip(names[a], lines[a]):
            update[f"annotations[{k}]"] = dict(
                name=ROW_LABEL,
                text=text,
                x=0,
                xref="paper",
                xanchor="left",
                y=name,
                yref=r,
                yanchor="bottom",
                yshift=thick / 2 + 2,
                align="left",
                showarrow=False,
                font=dict(size=ROW_SIZE),
            )
            k += 1
    if len(axes) == 1:
        update["height"] = margin.get("t", 70) + margin.get("b", 60) + row * len(names[axes[0]])
        return
    _panels_of_rows(layout, update, margin, {a: len(names[a]) for a in axes}, row, thick, lines)


def _stacked_panels(layout: dict, refs: list[str]) -> bool:
    """Panels one above another, each with its own pair of axes across the whole width."""
    for r in refs:
        y = layout.get("yaxis" + r[1:]) or {}
        x = layout.get("xaxis" + r[1:]) or {}
        if (
            not y.get("domain")
            or (x.get("domain") or [0, 1]) != [0, 1]
            or y.get("anchor", "x") != "x" + r[1:]
        ):
            return False
    return True


def _panels_of_rows(
    layout: dict, update: dict, margin: dict, counts: dict, row: int, thick: int, lines: dict
) -> None:
    """Stacked panels, each row as tall as :func:`_labels_over_rows` needs: from the top, each
    panel's title (the phone's wrapped one), the label of its top row where it reaches over the
    panel, its rows, then its x axis; the figure grows or shrinks to hold them."""
    order = sorted(counts, key=lambda a: -layout[a]["domain"][1])
    titles = {}  # a panel's title: the note at its top edge, over the plot
    for i, ann in enumerate(layout.get("annotations") or []):
        for a in order:
            if (
                ann.get("xref") == "paper"
                and ann.get("yanchor") == "bottom"
                and ann.get("name") != SOURCE
                and abs(float(ann.get("y", -1)) - layout[a]["domain"][1]) < 1e-3
            ):
                text = update.get(f"annotations[{i}].text", ann.get("text", ""))
                size = update.get(f"annotations[{i}].font.size", (ann.get("font") or {}).get("size", 13))
                was = (ann.get("text", "").count("<br>") + 1) * (ann.get("font") or {}).get("size", 13) * LINE
                titles[a] = (i, round((text.count("<br>") + 1) * size * LINE), round(was))
    reach = {  # how far the top row's label reaches over its panel
        a: max(0, round(thick / 2 + 2 + (lines[a][-1].count("<br>") + 1) * ROW_SIZE * LINE - row / 2))
        for a in order
    }
    lift = {a: reach[a] + 4 for a in order}  # a title clear of the label under it
    gaps = [PANEL_FOOT + titles.get(a, (None, 0, 0))[1] + lift[a] + 6 for a in order[1:]]
    plot = sum(counts[a] * row for a in order) + sum(gaps)
    first = titles.get(
        order[0], (None, 0, 0)
    )  # over the top panel, in the top margin: it grows by its new lines
    margin["t"] = margin.get("t", 70) + lift[order[0]] + max(0, first[1] - first[2])
    top = plot
    for n, a in enumerate(order):
        bottom = top - counts[a] * row
        update[f"{a}.domain"] = [round(bottom / plot, 5), round(top / plot, 5)]
        if a in titles:
            update[f"annotations[{titles[a][0]}].y"] = round(top / plot, 5)
            update[f"annotations[{titles[a][0]}].yshift"] = lift[a]
        if n + 1 < len(order):
            top = bottom - gaps[n]
    update["height"] = margin["t"] + margin.get("b", 60) + plot


PLAY = 80  # pixels: a Play button at a phone's left edge and the gap after it
PHONE_FIGURE_PLOT = 324  # pixels: the plot of a figure on a 390 px phone (344 px, margins off)


def _slider_clear_of_play(layout: dict, update: dict) -> None:
    """A slider beside a lone Play button at the foot starts a tenth of the way along the
    plot: clear of the button on a laptop, under it on a phone, where the button covered the
    slider's "Year: 1830". On a phone the slider starts right of the button."""
    play = [
        m
        for m in layout.get("updatemenus") or []
        if len(m.get("buttons") or []) == 1 and (m.get("x") or 0) < 0.05 and m.get("y", 1) <= 0.05
    ]
    if not play:
        return
    start = round(PLAY / PHONE_FIGURE_PLOT, 3)
    for i, slider in enumerate(layout.get("sliders") or []):
        if slider.get("x", 0) < start and slider.get("y", 1) <= 0.05:
            update[f"sliders[{i}].x"] = start
            update[f"sliders[{i}].len"] = round(min(slider.get("len", 1), 1 - start), 3)


def _range_slider(layout: dict) -> str | None:
    """Where a timeline's range slider is drawn: ``"foot"``, in the bottom margin (its timeline
    starts at the plot's foot), ``"inside"`` the plot, in room left under its timeline (the
    explorer, :data:`explainer.explore.SLIDER_ROOM`), or None if there is none."""
    for key in sorted(k for k in layout if re.fullmatch(r"xaxis\d*", k)):
        axis = layout[key] or {}
        if (axis.get("rangeslider") or {}).get("visible"):
            line = layout.get("yaxis" + (axis.get("anchor") or "y").removeprefix("y")) or {}
            return "inside" if (line.get("domain") or [0])[0] > 0 else "foot"
    return None


ROW = 14  # pixels: a category row of a timeline on a phone (11 px labels, one under the next)
PHONE_SLIDER = 28  # pixels: a range slider's height on a phone
PHONE_SLIDER_ROOM = 84  # pixels under a timeline for its date labels, then its range slider


def _timeline_under_map(fig: dict, update: dict, margin: dict) -> None:
    """A map above a category timeline (the explorer), on a phone: the timeline keeps a row
    per category (none printed over the next) and the room under it for its dates and range
    slider inside the plot, so plotly keeps the bottom margin; the figure grows by what the
    timeline gains. The map's own height follows the phone's width in the page
    (``explainerStacked``), from the top, leaving all of this in place."""
    layout = fig.get("layout", {})
    low = (((layout.get("geo") or {}).get("domain") or {}).get("y") or [0, 1])[0]
    height = update.get("height", layout.get("height"))
    below = [
        k
        for k in layout
        if re.fullmatch(r"yaxis\d*", k) and ((layout[k] or {}).get("domain") or [1, 1])[1] <= low
    ]
    if not low or not height or len(below) != 1:
        return
    axis = layout[below[0]]
    xkey = "xaxis" + (axis.get("anchor") or "x").removeprefix("x")
    rows = len(axis.get("categoryarray") or _categories(fig, below[0]))
    plot = height - margin.get("t", 70) - margin.get("b", 60)
    start, top = axis["domain"]
    line, gap, drawn = (top - start) * plot, (low - top) * plot, (1 - low) * plot
    line = max(line, rows * ROW)
    slider = ((layout.get(xkey) or {}).get("rangeslider") or {}).get("visible")
    room = PHONE_SLIDER_ROOM if slider else start * plot
    grown = drawn + gap + line + room
    update["height"] = round(height + grown - plot)
    update[f"{below[0]}.domain"] = [room / grown, (room + line) / grown]
    update["geo.domain.y"] = [(room + line + gap) / grown, 1]
    if slider:
        update[f"{xkey}.rangeslider.thickness"] = PHONE_SLIDER / grown
    title = layout.get("title") if isinstance(layout.get("title"), dict) else {}
    y = update.get("title.y", title.get("y"))
    if update.get("title.yref", title.get("yref", "container")) == "container" and y is not None:
        update["title.y"] = 1 - (1 - y) * height / update["height"]  # the same pixels from the top


def _room_for_titles(layout: dict, update: dict, margin: dict) -> None:
    """Panels stacked one above another whose titles wrap onto more lines on a phone: each
    panel moves down by the lines its title and those above gained, the figure grows by the
    total, and every panel keeps its height, so no title runs into the panel above."""
    height = update.get("height", layout.get("height"))
    panels = sorted(
        (
            (k, list(layout[k]["domain"]))
            for k in layout
            if k.startswith("yaxis") and (layout[k] or {}).get("domain")
        ),
        key=lambda p: -p[1][1],
    )
    if not height or len(panels) < 2:
        return
    old_margin = layout.get("margin") or {}
    plot = layout["height"] - old_margin.get("t", 70) - old_margin.get("b", 60)
    extra = {}
    columns = _column_titles(layout.get("annotations") or [])  # rows of titles side by side stay
    for i, ann in enumerate(layout.get("annotations") or []):
        key = f"annotations[{i}].text"
        if (
            key in update
            and ann.get("xref") == "paper"
            and ann.get("yanchor") == "bottom"
            and i not in columns
        ):
            grown = update[key].count("<br>") - ann["text"].count("<br>")
            extra[round(float(ann.get("y", 0)), 3)] = (i, max(0, round(grown * 14 * LINE)))
    total = sum(px for _, px in extra.values())
    if not total:
        return
    new_plot = plot + total
    moved = 0
    for axis, (low, high) in panels:
        i, px = extra.get(round(high, 3), (None, 0))
        moved += px
        top, bottom = (1 - high) * plot + moved, (1 - low) * plot + moved
        update[f"{axis}.domain"] = [round(1 - bottom / new_plot, 5), round(1 - top / new_plot, 5)]
        if i is not None:
            update[f"annotations[{i}].y"] = update[f"{axis}.domain"][1]
    update["height"] = height + total


def _column_titles(annotations: list) -> dict:
    """{index: room} for annotations that sit in a row over the plot, side by side (titles of
    panels or spans): room is the share of the width each has, up to its nearest neighbour."""
    rows: dict = {}
    for i, ann in enumerate(annotations):
        if ann.get("xref") == "paper" and ann.get("yanchor") == "bottom" and ann.get("name") != SOURCE:
            rows.setdefault((ann.get("yref"), round(float(ann.get("y", 0)), 3)), []).append(i)
    out = {}
    for members in rows.values():
        if len(members) < 2:
            continue
        xs = sorted((float(annotations[i].get("x", 0)), i) for i in members)
        for k, (x, i) in enumerate(xs):
            left = x - xs[k - 1][0] if k else 2 * x
            right = xs[k + 1][0] - x if k + 1 < len(xs) else 2 * (1 - x)
            out[i] = min(left, right)
    return out


def _column_width(room: float) -> int:
    """Characters a line for a title that has ``room`` (a share of the plot's width) on a phone."""
    return max(8, int(room * 330 / 7))


def _staggered(annotations: list, columns: dict) -> dict:
    """{index: True} for every other title of a row of four or more over the top of the plot:
    on a phone those rows are too tight for their words side by side."""
    row = sorted(
        (float(annotations[i].get("x", 0)), i) for i in columns if float(annotations[i].get("y", 0)) >= 1
    )
    return {i: True for k, (_, i) in enumerate(row) if len(row) >= 4 and k % 2}


def _categories(fig: dict, axis: str) -> list:
    """The text categories of a y axis, in order of appearance, read from its traces (a
    horizontal bar chart gives none in its layout)."""
    ref = "y" + axis.removeprefix("yaxis")
    found = []
    for trace in fig.get("data", []):
        if trace.get("yaxis", "y") == ref and isinstance(trace.get("y"), list):
            found += [v for v in trace["y"] if isinstance(v, str)]
    return list(dict.fromkeys(found))


def _tick(name) -> str:
    """A row's name as a phone's tick label: at most :data:`TICK` characters."""
    return str(name) if len(str(name)) <= TICK else str(name)[: TICK - 1].rstrip() + "…"


def _phone_names(fig: dict, update: dict) -> None:
    """Map names placed again for a phone (a trace's ``meta.phone``, see
    :func:`explainer.maps.phone_names`); a language menu then leaves off the same names."""
    phone, hides = {}, set()
    for i, trace in enumerate(fig.get("data") or []):
        meta = trace.get("meta")
        if isinstance(meta, dict) and isinstance(meta.get("phone"), dict):
            phone[i] = dict(meta["phone"])
            hides |= set(meta.get("phone_hides") or [])
    for i, trace in enumerate(fig.get("data") or []):
        if trace.get("name") in ("countries", "seas") and i in phone:  # a name that would cover another
            phone[i]["text"] = ["" if t in hides else t for t in phone[i]["text"]]
    for i, names in phone.items():
        for key, value in names.items():
            update[f"data[{i}].{key}"] = value
    for m, menu in enumerate(fig.get("layout", {}).get("updatemenus") or []):
        if menu.get("name") != "language":
            continue
        for b, button in enumerate(menu.get("buttons") or []):
            styles, targets = button["args"][0], button["args"][1]
            every = {
                t: ((fig["data"][t].get("meta") or {}).get("names") or [None] * (b + 1))[b] for t in targets
            }
            names = [
                [(every[t] or texts)[k] if phone[t]["text"][k] else "" for k in range(len(texts))]
                if t in phone
                else texts
                for t, texts in zip(targets, styles["text"])
            ]
            update[f"updatemenus[{m}].buttons[{b}].args[0].text"] = names


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
    caption_growth = column_growth = 0
    widths: dict = {}  # characters a line of each note re-wrapped, by key
    columns = _column_titles(layout.get("annotations") or [])
    staggered = _staggered(layout.get("annotations") or [], columns)
    for i, ann in enumerate(layout.get("annotations") or []):
        size = (ann.get("font") or {}).get("size", 12)
        if ann.get("name") == SOURCE:
            text = rewrap(ann.get("text", ""), 50)
            update[f"annotations[{i}].text"] = text
            caption_growth = max(
                0, round((text.count("<br>") - ann.get("text", "").count("<br>")) * size * LINE)
            )
            margin["b"] = margin.get("b", 60) + caption_growth
        elif ann.get("name") == SIDE_NOTE:  # above the map: _side_note_above
            continue
        elif ann.get("text") and (len(ann["text"]) > 26 or i in columns):
            x = ann.get("x", 0)
            subplot_title = (
                ann.get("xref") == "paper"
                and x == 0.5
                and ann.get("yanchor") == "bottom"
                and i not in columns
            )
            if subplot_title:
                width = 44
            elif i in columns:  # one of a row of titles over panels or spans side by side
                width = _column_width(columns[i])
            else:
                width = 26 if ann.get("xref") != "paper" or x else 34
            update[f"annotations[{i}].text"] = rewrap(ann["text"], width)
            widths[f"annotations[{i}].text"] = width
            if subplot_title or i in columns:  # smaller, so it stays clear of the panel above
                update[f"annotations[{i}].font.size"] = min(size, 11 if i in columns else 13)
            if i in columns and float(ann.get("y", 0)) >= 1:  # over the top panel: the title moves up
                lines = update[f"annotations[{i}].text"].count("<br>") - ann["text"].count("<br>")
                column_growth = max(column_growth, round(lines * 11 * LINE))
                if staggered.get(i):  # every other one of a crowded row sits above the tallest of them
                    tallest = max(
                        rewrap(layout["annotations"][j]["text"], _column_width(columns[j])).count("<br>")
                        for j in columns
                    )
                    lift = round((tallest + 1) * 11 * LINE) + 2
                    update[f"annotations[{i}].yshift"] = ann.get("yshift", 0) + lift
                    column_growth = max(column_growth, round(lines * 11 * LINE) + lift)
        if (
            str(ann.get("xref", "")).startswith("x")
            and "domain" in str(ann.get("xref", ""))
            or (ann.get("xref") == "paper" and ann.get("x") == 0.5 and i not in columns)
        ):
            # subplot titles: left-aligned, so they start at the figure's edge on a phone
            update[f"annotations[{i}].x"] = 0
            update[f"annotations[{i}].xanchor"] = "left"
            update[f"annotations[{i}].align"] = "left"  # a wrapped title's lines too
    title_growth = 0
    upright = False
    for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        text = ((layout[axis] or {}).get("title") or {}).get("text")
        if text and len(text) > 24:
            update[f"{axis}.title.text"] = rewrap(text, 24)
            if axis.startswith("xaxis"):  # more lines under the axis: the caption moves down by them
                lines = update[f"{axis}.title.text"].count("<br>") - text.count("<br>")
                title_growth = max(title_growth, round(lines * 14 * LINE))
        if axis.startswith("xaxis") and (layout[axis] or {}).get("type") != "category":
            # a phone has room for three tick labels, unrotated
            update[f"{axis}.nticks"] = 3
            domain = (layout[axis] or {}).get("domain") or [0, 1]
            if domain[1] - domain[0] < 0.9:  # panels side by side: a tick label may not reach the next one
                update[f"{axis}.ticklabeloverflow"] = "hide past domain"
            if domain[1] - domain[0] < 0.34:  # one of three or more panels side by side: ~100 px or less
                update[f"{axis}.tickangle"] = -90  # upright labels, one beside the next, none over another
                update[f"{axis}.nticks"] = 2
                update[f"{axis}.tickfont.size"] = 9
                upright = True
        categories = (layout[axis] or {}).get("categoryarray") or _categories(fig, axis)
        if axis.startswith("yaxis") and categories and any(len(str(c)) > TICK for c in categories):
            # long category names (who gives a figure) take the phone's width from the plot:
            # shortened, in full in the hover card
            update[f"{axis}.tickmode"] = "array"
            update[f"{axis}.tickvals"] = list(categories)
            update[f"{axis}.ticktext"] = [_tick(c) for c in categories]
            for key, _, changes in _choices(layout):  # a menu that swaps the rows
                rows = changes.get(f"{axis}.categoryarray")
                if isinstance(rows, list):
                    update[key] = dict(update.get(key, changes))
                    update[key][f"{axis}.tickvals"] = list(rows)
                    update[key][f"{axis}.ticktext"] = [_tick(c) for c in rows]
    margin["t"] = margin.get("t", 70) + column_growth
    if column_growth and layout.get("height") and "title.yref" not in update:
        # a title left to plotly sits mid-way down the top margin, which has grown: pin it to the top
        update["title.yref"], update["title.yanchor"] = "container", "top"
        update["title.y"] = 1 - 8 / layout["height"]
    xaxis = layout.get("xaxis") or {}
    xtitle = (xaxis.get("title") or {}).get("text")
    # ticks drawn inside the plot (every x axis above room kept free under it) need no room under it
    inside = all(
        (
            (layout.get("yaxis" + ((layout[k] or {}).get("anchor") or "y").removeprefix("y")) or {}).get(
                "domain"
            )
            or [0]
        )[0]
        > 0
        for k in layout
        if re.fullmatch(r"xaxis\d*", k)
    )
    clearance = 28 if xaxis and not inside else 8  # under the plot: its tick labels, if any
    if (xtitle or (xaxis and xaxis.get("type") == "date")) and not inside:
        # the caption, moved to the figure's left edge, must clear the ticks and title above it
        lines = update.get("xaxis.title.text", xtitle).count("<br>") + 1 if xtitle else 0
        needed = clearance = (50 if xtitle else 40) + round(16 * LINE * lines) + (30 if upright else 0)
        for ann in layout.get("annotations") or []:
            if ann.get("name") == SOURCE and -ann.get("yshift", 0) + title_growth < needed:
                title_growth = needed + ann.get("yshift", 0)
    if title_growth:
        for i, ann in enumerate(layout.get("annotations") or []):
            if ann.get("name") == SOURCE:
                update[f"annotations[{i}].yshift"] = ann.get("yshift", 0) - title_growth
        margin["b"] = margin.get("b", 60) + title_growth
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
    traces = fig.get("data", [])
    _phone_names(fig, update)
    for i, trace in enumerate(traces):
        # a chart's words beside its markers (a quote, a figure) run past a phone's narrow plot
        # or over each other: on a phone they stay in the details on pointing
        if trace.get("textposition") == "middle right" and "text" in (trace.get("mode") or ""):
            update[f"data[{i}].mode"] = trace["mode"].replace("+text", "").replace("text+", "")
    shown = _legend_entries(layout, traces)
    for i, trace in shown:  # legend entries wrap instead of running off a phone's edge
        name = trace.get("name") or ""
        if len(name) > LEGEND_NAME:
            update[f"data[{i}].name"] = rewrap(name, LEGEND_NAME)
    timeline = any(k.startswith("xaxis") for k in layout)  # a chart, or a map above a timeline
    slider = _range_slider(layout)
    if (
        layout.get("legend") is not None
        and layout.get("showlegend", True) is not False
        and (not layout.get("geo") or timeline)
        and slider != "inside"
    ):
        # charts: the legend goes to the foot of the figure, one entry a row, under the plot and
        # its caption; the figure grows by the legend's height, so the plot keeps its own
        room = _legend_height(layout, [t for _, t in shown]) if shown else 0
        _legend_room_above(layout, margin)
        room -= _legend_room_below(layout) + _legend_between(layout, update, clearance)
        update["legend.orientation"] = "h"  # a vertical legend at the left would push the plot right
        update["legend.entrywidthmode"] = "pixels"
        update["legend.entrywidth"] = 250  # wider than half a phone: one entry a row
        update["legend.xref"] = "container"
        update["legend.x"] = 0.02
        update["legend.xanchor"] = "left"
        update["legend.yref"] = "container"
        update["legend.y"] = 0
        update["legend.yanchor"] = "bottom"
        update["legend.title.side"] = "top"
        if room:
            margin["b"] = margin.get("b", 60) + room
            if layout.get("height"):
                update["height"] = layout["height"] + room
                title = layout.get("title") or {}
                if (
                    isinstance(title, dict)
                    and title.get("y") is not None
                    and title.get("yref", "container") == "container"
                ):
                    update["title.y"] = 1 - (1 - title["y"]) * layout["height"] / update["height"]
    elif layout.get("geo"):  # maps: the legend goes under the map, one entry a row, the caption under it
        entries = [t for _, t in shown if t.get("showlegend")]
        room = _legend_height(layout, entries) + 12 if entries else 0  # and a gap above the caption
        margin["b"] = margin.get("b", 60) - _legend_room_below(layout)
        _legend_room_above(layout, margin)
        update["legend.orientation"] = "v"
        # a range slider drawn in the bottom margin: the legend goes under it, not on it
        update["legend.y"] = -0.2 if slider == "foot" else -0.01
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
    if margin.get("r", 0) > 40:  # room for labels right of the plot: a phone needs the width for the plot
        margin["r"] = 20
    margin["r"] = max(margin.get("r", 80), _room_for_bar_texts(fig))
    for axis in [k for k in layout if k.startswith("xaxis")]:
        if (layout[axis] or {}).get("dtick") is not None:
            update[f"{axis}.dtick"] = None  # a daily or every-ten tick crowds a phone's axis
    if margin.get("l", 0) > 120:  # a fixed room for long labels at the left: on a phone the labels are short
        margin["l"] = 20
        for axis in [k for k in layout if k.startswith("yaxis")]:
            update[f"{axis}.automargin"] = True
    growth = _stack_below(layout, update, margin, widths)
    _side_note_above(fig, update, margin)
    _room_for_titles(layout, update, margin)
    _menus_under_title(layout, update, margin)
    _timeline_under_map(fig, update, margin)
    _labels_over_rows(fig, update, margin)
    _slider_clear_of_play(layout, update)
    _title_from_the_top(layout, update)
    if margin != (layout.get("margin") or {}):
        for key in ("t", "b", "r", "l"):
            if key in margin:
                update[f"margin.{key}"] = margin[key]
    _choice_heights(fig, update, growth)
    _frames(fig, update)
    return update


def _frames(fig: dict, update: dict) -> None:
    """An animation whose frames carry their own notes (the khanates map: the year's caption
    and the source line): plotly puts a frame's annotations in place of the layout's, so each
    frame's notes take the phone layout the layout's took (``frames[k].layout.annotations…``
    keys; the pages apply them before the frames are added). A side note's frame keys are
    :func:`_side_note_above`'s, which sees every frame."""
    layout = fig.get("layout", {})
    for k, frame in enumerate(fig.get("frames") or []):
        notes = (frame.get("layout") or {}).get("annotations")
        if not notes:
            continue
        mine = narrow({"data": fig.get("data") or [], "layout": {**layout, "annotations": notes}})
        side = {f"annotations[{i}]." for i, note in enumerate(notes) if note.get("name") == SIDE_NOTE}
        for key, value in mine.items():  # a side note's place depends on every frame: _side_note_above
            if key.startswith("annotations[") and key[: key.index("]") + 2] not in side:
                update[f"frames[{k}].layout.{key}"] = value
    for key, value in _frame_names(fig).items():
        update[key] = value


def _frame_names(fig: dict) -> dict:
    """A frame's traces that carry names placed for a phone (``meta.phone``: the khanates'
    treaties, drawn by each frame) take them as the layout's traces do: ``frames[k].data[j]…``."""
    update = {}
    for k, frame in enumerate(fig.get("frames") or []):
        for j, trace in enumerate(frame.get("data") or []):
            meta = trace.get("meta")
            if isinstance(meta, dict) and isinstance(meta.get("phone"), dict):
                for key, value in meta["phone"].items():
                    update[f"frames[{k}].data[{j}].{key}"] = value
    return update


SIDE_LINE = 48  # characters: a line of a side note above a phone's map


def _note_versions(fig: dict) -> list[list]:
    """The figure's notes as the layout has them, then as each frame has them."""
    return [fig.get("layout", {}).get("annotations") or []] + [
        (f.get("layout") or {}).get("annotations") or [] for f in fig.get("frames") or []
    ]


def tallest_note(texts, size: float) -> int:
    """The height in pixels of the tallest of a side note's versions (the layout's and every
    frame's) at font ``size``: the note is a box of that height in every frame, its text at the
    top, so it keeps its place and size as the years play."""
    return round(max(block_height(text, size) for text in texts))


def _side_versions(versions: list[list], i: int) -> list[tuple[int, dict]]:
    """Side note ``i`` as the layout has it (-1) and as each frame ``k`` has it."""
    return [(k - 1, v[i]) for k, v in enumerate(versions) if len(v) > i and v[i].get("name") == SIDE_NOTE]


def _tallest(versions: list[list], i: int, characters: int, size: float) -> int:
    """:func:`tallest_note` of side note ``i`` re-wrapped to ``characters`` a line."""
    return tallest_note((rewrap(n.get("text", ""), characters) for _, n in _side_versions(versions, i)), size)


def _side_note_above(fig: dict, update: dict, margin: dict) -> None:
    """A note in a column beside a map (the khanates' year and its events) goes above the map
    on a phone, where the map takes the whole width: re-wrapped to the phone's width, its box
    as tall as the tallest of its versions (every frame's) needs and that far over the map,
    so none reaches the map or changes the figure's height as the years play."""
    layout = fig.get("layout", {})
    notes = [(i, a) for i, a in enumerate(layout.get("annotations") or []) if a.get("name") == SIDE_NOTE]
    if not notes:
        return
    versions = _note_versions(fig)
    for i, ann in notes:
        size = (ann.get("font") or {}).get("size", 12)
        tallest = _tallest(versions, i, SIDE_LINE, size)
        room = tallest + 2 * (ann.get("borderwidth", 0) + 1) + 10
        for k, note in _side_versions(versions, i):  # the layout's, then each frame's
            at = f"annotations[{i}]" if k < 0 else f"frames[{k}].layout.annotations[{i}]"
            update[f"{at}.text"] = rewrap(note.get("text", ""), SIDE_LINE)
            update[f"{at}.height"] = tallest
            update[f"{at}.x"], update[f"{at}.xanchor"] = 0, "left"
            update[f"{at}.y"], update[f"{at}.yanchor"] = 1, "top"
            update[f"{at}.yshift"] = room
        margin["t"] = margin.get("t", 70) + room
    if layout.get("height") and "title.yref" not in update:
        # a title left to plotly sits mid-way down the top margin, which has grown: pin it to the top
        update["title.yref"], update["title.yanchor"] = "container", "top"
        update["title.y"] = 1 - 8 / layout["height"]
    if layout.get("geo"):
        update["geo.domain.x"] = [0, 1]


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


def _resolved(fig: dict, axis: str, part: str, key: str, default):
    """A tick-font or margin setting as plotly resolves it: the axis's own, the template's
    axis, the figure's, the template's, then plotly's default."""
    layout = fig.get("layout", {})
    template = (layout.get("template") or {}).get("layout", {})
    base = re.sub(r"\d+$", "", axis)
    for source in (
        (layout.get(axis) or {}).get("tick" + part),
        (template.get(base) or {}).get("tick" + part),
        layout.get(part),
        template.get(part),
    ):
        if isinstance(source, dict) and source.get(key) is not None:
            return source[key]
    return default


def left_labels(fig: dict) -> dict | None:
    """What the HTML copy needs to size the left margin before plotly draws the figure.

    plotly's ``automargin`` draws a figure, finds its category labels wider than the left
    margin, and draws the whole figure again; on a chapter page that second pass is most of
    a many-panel chart's drawing time. For every left y axis that starts at the figure's
    left edge, has no title and grows the margin, this gives its label lines and tick font:
    the page measures them in the reader's own font (a canvas, no layout) and sets the
    margin once. ``automargin`` stays on as the safety net. None if no axis needs it.
    """
    layout = fig.get("layout", {})
    axes = []
    for key in sorted(k for k in layout if re.fullmatch(r"yaxis\d*", k)):
        axis = layout[key] or {}
        anchor = axis.get("anchor") or "x"
        domain = (layout.get("xaxis" + anchor.removeprefix("x")) or {}).get("domain") or [0, 1]
        title = axis.get("title")
        titled = bool(title.get("text") if isinstance(title, dict) else title)
        if axis.get("automargin") is not True or axis.get("side") == "right" or titled or domain[0] != 0:
            continue
        if anchor == "free" or axis.get("overlaying") or axis.get("visible") is False:
            continue
        labels = axis.get("ticktext") or axis.get("categoryarray") or _categories(fig, key)
        lines = [
            html.unescape(re.sub(r"<[^>]+>", "", line))
            for label in labels
            if isinstance(label, str)
            for line in re.split(r"<br\s*/?>", label)
        ]
        if lines:
            axes.append(
                {
                    "axis": key,
                    "x": "xaxis" + anchor.removeprefix("x"),
                    "font": f"{_resolved(fig, key, 'font', 'size', 12)}px {_resolved(fig, key, 'font', 'family', 'sans-serif')}",
                    "lines": sorted(set(lines)),
                }
            )
    if not axes:
        return None
    margin = (layout.get("margin") or {}).get("l")
    if margin is None:
        margin = ((layout.get("template") or {}).get("layout", {}).get("margin") or {}).get("l", 80)
    return {"axes": axes, "left": margin}
