"""A colour-blind-safe plotly theme, with a larger-font variant for projectors.

Colours are the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008),
distinguishable under the common forms of colour-vision deficiency.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
COLORWAY = [
    OKABE_ITO[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky", "yellow", "black")
]

# Base-map colours: pale land on a pale-blue sea, so markers carry the colour.
LAND = "#EFEDE6"
LAND_FOCUS = "#E2DCCB"  # Azerbaijan and its neighbours on regional maps
BORDER = "#9A968C"
SEA = "#DCEAF2"
INK = "#222222"
MUTED = "#5F5F5F"

FONT = "Inter, 'Source Sans Pro', 'Segoe UI', Helvetica, Arial, sans-serif"


def _template(
    size: int,
    title_size: int,
    hover_size: int,
    *,
    ink: str = INK,
    grid: str = "#EAEAEA",
    hover_border: str | None = None,
) -> go.layout.Template:
    hoverlabel = dict(font=dict(size=hover_size, family=FONT, color=ink), align="left")
    if hover_border:  # presenter: plain white cards with a dark edge, easy to read from the back
        hoverlabel.update(bgcolor="white", bordercolor=hover_border)
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT, size=size, color=ink),
            title=dict(font=dict(size=title_size), x=0.01, xanchor="left"),
            colorway=COLORWAY,
            paper_bgcolor="white",
            plot_bgcolor="white",
            hoverlabel=hoverlabel,
            legend=dict(bgcolor="rgba(255,255,255,0.85)"),
            xaxis=dict(showgrid=True, gridcolor=grid, zeroline=False, linecolor="#BBBBBB"),
            yaxis=dict(showgrid=False, zeroline=False, linecolor="#BBBBBB"),
            geo=dict(visible=False, bgcolor=SEA),
            margin=dict(l=20, r=20, t=70, b=60),
        )
    )


THEMES = {
    # Reading on a screen.
    "explainer": _template(size=13, title_size=18, hover_size=13),
    # Projecting in class: larger type, black ink, firmer grid, plain high-contrast hover cards.
    "explainer_presenter": _template(
        size=18, title_size=26, hover_size=18, ink="#000000", grid="#C8C8C8", hover_border="#000000"
    ),
}


def register() -> None:
    """Add the explainer's templates to plotly's registry."""
    for name, template in THEMES.items():
        pio.templates[name] = template
