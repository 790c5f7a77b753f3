"""Label placement for maps: each name goes where it collides with nothing already there.

plotly draws a point's text at one of nine fixed positions around its marker and never
moves a label out of another's way. :func:`place` chooses, for every label in priority
order, the first position (of eight) whose box, as it will be drawn, lies inside the map
(which clips what reaches past its edge) and overlaps no label already placed, no country
or sea name and no other marker; a label with no free position is left off the map (its
marker keeps its name in the details on pointing). Boxes are estimated from the font size
and the number of characters, in the pixels of the map as drawn (``width``: the reading
size, or a phone's, see :func:`explainer.maps.phone_names`).

>>> place([Label(49.87, 40.41, "Baku"), Label(49.67, 40.59, "Sumgait")], frame, width=760)  # doctest: +SKIP
['top center', 'top left']
"""

from __future__ import annotations

import math
from dataclasses import dataclass

POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)
CHAR = 0.58  # average glyph width, in font sizes (Inter/Helvetica; generous)
LINE = 1.25  # line height, in font sizes
GAP = 2  # pixels between a marker and its label
PAD = 3  # pixels of clear space kept around every label


@dataclass(frozen=True)
class Label:
    lon: float
    lat: float
    text: str
    size: float = 11
    radius: float = 5  # the marker's radius in pixels (0 for a bare label)
    fixed: str | None = None  # a position that must be used (a country or sea name: "middle center")
    optional: bool = False  # a fixed name that is left off rather than drawn over another


def _merc(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def projector(frame: dict, width: float):
    """(lon, lat) -> pixels for a mercator map of ``frame`` drawn ``width`` pixels wide."""
    (x0, x1), (_y0, y1) = frame["lon"], frame["lat"]
    scale = width / (x1 - x0)
    top = _merc(y1)
    return lambda lon, lat: ((lon - x0) * scale, (top - _merc(lat)) * scale)


def text_box(x: float, y: float, label: Label, position: str) -> tuple[float, float, float, float]:
    """The drawn box (x0, y0, x1, y1) of ``label``'s text at ``position`` around (x, y)."""
    lines = label.text.split("<br>")
    w = CHAR * label.size * max(len(line) for line in lines)
    h = LINE * label.size * len(lines)
    vertical, horizontal = position.split(" ") if " " in position else ("middle", position)
    d = label.radius + GAP
    if horizontal == "center":
        left = x - w / 2
    elif horizontal == "right":
        left = x + (d if vertical == "middle" else d * 0.5)
    else:
        left = x - w - (d if vertical == "middle" else d * 0.5)
    if vertical == "top":
        top = y - d - h
    elif vertical == "bottom":
        top = y + d
    else:
        top = y - h / 2
    return left - PAD, top - PAD, left + w + PAD, top + h + PAD


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place(labels: list[Label], frame: dict, width: float, *, in_order: bool = False) -> list[str | None]:
    """A position for each label, or None where no position is free (see module docstring).
    Fixed names are placed first unless ``in_order`` (then the list's order is the priority)."""
    to_px = projector(frame, width)
    points = [to_px(lb.lon, lb.lat) for lb in labels]
    taken = [
        (x - lb.radius, y - lb.radius, x + lb.radius, y + lb.radius)
        for lb, (x, y) in zip(labels, points)
        if lb.radius
    ]
    chosen: list[str | None] = [None] * len(labels)
    (x0, x1), (y0, y1) = frame["lon"], frame["lat"]
    bottom = (_merc(y1) - _merc(y0)) * width / (x1 - x0)
    order = (
        range(len(labels)) if in_order else sorted(range(len(labels)), key=lambda k: labels[k].fixed is None)
    )
    for i in order:  # fixed names first, unless in_order
        lb, (x, y) = labels[i], points[i]
        options = [lb.fixed] if lb.fixed else POSITIONS
        own = (x - lb.radius, y - lb.radius, x + lb.radius, y + lb.radius)
        for position in options:
            box = text_box(x, y, lb, position)
            forced = lb.fixed and not lb.optional
            inside = (
                box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= bottom
            )  # the map clips the rest
            if forced or (inside and not any(_overlap(box, other) for other in taken if other != own)):
                chosen[i] = position
                taken.append(box)
                break
    return chosen


def clear_of_each_other(labels: list[Label], frame: dict, width: float) -> list[bool]:
    """Which of ``labels`` (each at its own fixed position, in priority order) can be drawn
    without overprinting one drawn before it: a phone keeps fewer country and sea names."""
    to_px = projector(frame, width)
    kept: list[tuple] = []
    out = []
    for lb in labels:
        x, y = to_px(lb.lon, lb.lat)
        box = text_box(x, y, lb, lb.fixed or "middle center")
        free = not any(_overlap(box, other) for other in kept)
        if free:
            kept.append(box)
        out.append(free)
    return out


def drawn_width(region: dict, height: int, margin: dict, available: float = 1100) -> float:
    """How wide the map of ``region`` is drawn in a figure ``height`` pixels tall: the
    projection keeps its aspect, so the smaller of the available width and what the
    plot area's height allows."""
    (x0, x1), (y0, y1) = region["lon"], region["lat"]
    aspect = (x1 - x0) / (_merc(y1) - _merc(y0))
    plot_height = height - margin.get("t", 0) - margin.get("b", 0)
    return min(available - margin.get("l", 0) - margin.get("r", 0), plot_height * aspect)
