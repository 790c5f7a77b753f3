"""Explore it yourself: pick dates, eras, kinds of event, countries, places or words, and
see the matching events on a map, on a timeline and in a table, together.

Two forms of the same explorer:

- :func:`explorer_figure` is one plotly figure whose own controls (an era menu, a kind
  menu, a range slider under the timeline) work with no kernel: on nbviewer, in the
  static site and in a saved notebook.
- :class:`Explorer` is the live version for JupyterLab: ipywidgets controls over a plotly
  ``FigureWidget`` and a table, updated on every change.

Both filter with :func:`select`, which a reader can also call directly::

    from explainer import data, explore
    tables = data.load()
    explore.select(tables["events"], tables["places"], start=1988, end=1994, text="Shusha")
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer import chrome, maps, theme
from explainer.chrome import source_annotation
from explainer.text import PARAGRAPH, date_label, plain, precision_symbols, wrap
from explainer.timeline import ERAS

NO_MATCH = "No events match these filters."
SOURCE = "Events: data/events.csv, each with its sources (data/sources.csv)."
# Above this many events the saved (kernel-free) figure keeps every k-th event by date
# and says so in its caption, so a page stays light; the live explorer uses all of them.
MAX_SAVED = 1500
# Pixels kept free under the timeline, inside the plot area, for its range slider and tick
# labels. Left in the bottom margin, the slider makes plotly grow that margin by its own
# height and draw the whole figure a second time; given this room it is drawn once.
SLIDER_ROOM = 90
PLOT = (
    590  # pixels: the explorer's plot area, map and timeline (the figure adds its title, menus and caption)
)
CAPTION_GAP = 12  # pixels between the slider's room and the caption, and under the caption


def _choices(label: str, wanted, valid) -> tuple[str, ...]:
    """``wanted`` (one name or several) checked against ``valid``; unknown names are an
    error that lists the valid ones."""
    if wanted is None or wanted == "" or wanted == ():
        return ()
    wanted = (wanted,) if isinstance(wanted, str) else tuple(wanted)
    valid = sorted(valid)
    unknown = [w for w in wanted if w not in valid]
    if unknown:
        raise ValueError(f"unknown {label} {', '.join(map(repr, unknown))}; choose from: {', '.join(valid)}")
    return wanted


def _date(value, end: bool = False) -> pd.Timestamp | None:
    """A year (``1988``) or an ISO date (``"1988-02"``, ``"1988-02-20"``) as a bound."""
    if value is None or value == "":
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        year = int(value)
        return pd.Timestamp(f"{year}-12-31") if end else pd.Timestamp(f"{year}-01-01")
    try:
        return pd.Timestamp(value)
    except ValueError as err:
        raise ValueError(f"{value!r} is not a year or an ISO date (e.g. 1988 or 1988-02-20)") from err


def prepare(events: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The event ledger joined to the gazetteer, with what the explorer needs precomputed:
    coordinates, country, place names, a short hover card and a lower-case search text."""
    lookup = places.set_index("place_id")
    missing = sorted(set(events["place_id"]) - set(lookup.index))
    if missing:
        raise ValueError(f"events name places not in the gazetteer: {', '.join(missing)}")
    rows = events.sort_values(["date_start", "event_id"]).reset_index(drop=True)
    at = lookup.loc[rows["place_id"]]
    rows = rows.assign(
        lon=at["lon"].astype(float).round(3).to_numpy(),
        lat=at["lat"].astype(float).round(3).to_numpy(),
        country=at["country"].to_numpy(),
        place_en=at["name_en"].to_numpy(),
    )
    names = (
        at["name_en"].fillna("")
        + " "
        + at["name_az"].fillna("")
        + " "
        + at["name_ru"].fillna("")
        + " "
        + at["name_hy"].fillna("")
        + " "
        + at["name_historical"].fillna("")
    ).to_numpy()
    rows["haystack"] = (
        rows["title"].fillna("")
        + " "
        + rows["summary"].fillna("")
        + " "
        + rows["actors"].fillna("")
        + " "
        + rows["dispute_note"].fillna("")
        + " "
        + names
    ).str.lower()
    rows["when"] = [date_label(d.date(), p) for d, p in zip(rows["date_start"], rows["date_precision"])]
    rows["card"] = [
        f"<b>{w}</b> — {wrap(plain(t), 60)}<br><i>{plain(p)}</i>{'<br>Disputed: see the chapter' if d else ''}"
        for w, t, p, d in zip(rows["when"], rows["title"], rows["place_en"], rows["dispute_note"].fillna(""))
    ]
    return rows


@dataclass(frozen=True)
class Choices:
    """What a reader can pick from, taken from the data."""

    eras: tuple[str, ...]
    categories: tuple[str, ...]
    countries: tuple[str, ...]
    places: tuple[str, ...]  # English names
    first_year: int
    last_year: int

    @classmethod
    def of(cls, rows: pd.DataFrame) -> Choices:
        return cls(
            eras=tuple(e for e in ERAS if (rows["era"] == e).any()),
            categories=tuple(sorted(rows["category"].unique())),
            countries=tuple(sorted(rows["country"].unique())),
            places=tuple(sorted(rows["place_en"].unique())),
            first_year=int(rows["date_start"].dt.year.min()),
            last_year=int(rows["date_start"].dt.year.max()),
        )


def select(
    events: pd.DataFrame,
    places: pd.DataFrame | None = None,
    *,
    start=None,
    end=None,
    eras=None,
    categories=None,
    countries=None,
    place=None,
    text: str = "",
) -> pd.DataFrame:
    """The events that match every filter given, in date order.

    ``start``/``end``: a year or an ISO date (inclusive). ``eras``, ``categories``,
    ``countries``: one name or several (any of them matches). ``place``: English place
    names or place ids. ``text``: words that must all appear in the title, summary,
    actors, dispute note or the place's names (any language), ignoring case.

    ``events`` is the ledger (``tables["events"]``) with ``places`` the gazetteer, or
    a frame already made by :func:`prepare`. Unknown names raise a ``ValueError`` that
    lists the valid ones. Example: ``select(events, places, start=2024, countries="Russia")``.
    """
    rows = events if "haystack" in events.columns else prepare(events, places)
    choices = Choices.of(rows)
    keep = pd.Series(True, index=rows.index)
    lo, hi = _date(start), _date(end, end=True)
    if lo is not None:
        keep &= rows["date_start"] >= lo
    if hi is not None:
        keep &= rows["date_start"] <= hi
    for label, column, wanted, valid in (
        ("era", "era", eras, choices.eras),
        ("kind of event", "category", categories, choices.categories),
        ("country", "country", countries, choices.countries),
    ):
        picked = _choices(label, wanted, valid)
        if picked:
            keep &= rows[column].isin(picked)
    if place:
        wanted = (place,) if isinstance(place, str) else tuple(place)
        ids = set(rows["place_id"])
        by_name = dict(zip(rows["place_en"], rows["place_id"]))
        unknown = [p for p in wanted if p not in ids and p not in by_name]
        if unknown:
            raise ValueError(
                f"unknown place {', '.join(map(repr, unknown))}; places with events: "
                f"{', '.join(choices.places)}"
            )
        keep &= rows["place_id"].isin({by_name.get(p, p) for p in wanted})
    for word in str(text or "").lower().split():
        keep &= rows["haystack"].str.contains(word, regex=False)
    return rows[keep]


def by_place(rows: pd.DataFrame, most: int = 8) -> pd.DataFrame:
    """One row per place: its coordinates, how many events, and a hover listing them."""
    if rows.empty:
        return pd.DataFrame(columns=["place_id", "lon", "lat", "n", "hover", "place_en"])
    groups = rows.groupby("place_id", sort=True)
    out = groups.agg(
        lon=("lon", "first"), lat=("lat", "first"), n=("event_id", "size"), place_en=("place_en", "first")
    ).reset_index()
    hovers = []
    for _pid, group in groups:
        items = [
            f"• {w}: {wrap(plain(t), 55)}"
            for w, t in zip(group["when"].head(most), group["title"].head(most))
        ]
        more = f"<br>… and {len(group) - most} more" if len(group) > most else ""
        hovers.append(
            f"<b>{plain(group['place_en'].iloc[0])}</b> · {len(group)} event{'s' if len(group) > 1 else ''}<br>"
            + "<br>".join(items)
            + more
        )
    out["hover"] = hovers
    return out


def _size(n) -> list[float]:
    return [round(min(7 + 3 * k**0.5 * 2, 34), 1) for k in n]


def _era_colour(eras) -> list[str]:
    return [ERAS[e][1] for e in eras]


def _thin(rows: pd.DataFrame, most: int) -> tuple[pd.DataFrame, str]:
    """At most ``most`` events, every k-th by date, and a caption line saying so."""
    if len(rows) <= most:
        return rows, ""
    step = -(-len(rows) // most)
    kept = rows.iloc[::step]
    return kept, (
        f" Showing {len(kept):,} of {len(rows):,} events (every {step}th by date) to keep this page light; "
        "the live explorer in JupyterLab shows all."
    )


def explorer_figure(
    events: pd.DataFrame,
    places: pd.DataFrame,
    *,
    region: str = "caucasus",
    title: str = "Explore the events: where and when",
    source: str = SOURCE,
    most: int = MAX_SAVED,
) -> go.Figure:
    """A map above a timeline, with menus that work without a kernel.

    The era menu shows one era (or all) in both views and sets the timeline to its
    dates; the kind menu dims every event of other kinds, on the map and the timeline;
    the range slider under the timeline zooms it to any span; the language menu names the
    places in English, Azerbaijani, Russian or Armenian. Map markers are one per
    place and era, sized by how many events happened there. Events outside the map's
    frame stay on the timeline and are named in the caption.
    Example: ``explorer_figure(tables["events"], tables["places"], region="eurasia")``.
    """
    maps.region_spec(region)
    rows = events if "haystack" in events.columns else prepare(events, places)
    if rows.empty:
        return empty_figure(title, source)
    rows, thinned = _thin(rows, most)
    choices = Choices.of(rows)
    fig = make_subplots(
        rows=2,
        cols=1,
        row_heights=[0.58, 0.42],
        vertical_spacing=0.1,
        specs=[[{"type": "geo"}], [{"type": "xy"}]],
    )
    for trace in maps.basemap_traces(region):
        fig.add_trace(trace, row=1, col=1)
    n_base = len(fig.data)
    inside = maps.in_frame(rows["lon"], rows["lat"], region)
    owners: list[tuple[str, pd.DataFrame, str]] = []  # (era, the trace's events per point, "map"/"line")
    for era in choices.eras:
        part = rows[rows["era"] == era]
        label, colour = ERAS[era]
        pts = by_place(part[inside[part.index]])
        fig.add_trace(
            go.Scattergeo(
                lon=pts["lon"].tolist(),
                lat=pts["lat"].tolist(),
                mode="markers",
                hovertext=pts["hover"].tolist(),
                hoverinfo="text",
                customdata=pts["place_id"].tolist(),
                name=label,
                legendgroup=era,
                showlegend=False,
                marker=dict(
                    size=_size(pts["n"]), color=colour, opacity=0.85, line=dict(width=1, color="white")
                ),
                unselected=dict(marker=dict(opacity=0.12)),
            ),
            row=1,
            col=1,
        )
        owners.append((era, pts, "map"))
        fig.add_trace(
            go.Scatter(
                x=part["date_start"].dt.strftime("%Y-%m-%d").tolist(),
                y=part["category"].tolist(),
                mode="markers",
                marker=dict(
                    size=10,
                    color=colour,
                    symbol=precision_symbols(part["date_precision"]),
                    line=dict(width=1.5, color=colour),
                ),
                unselected=dict(marker=dict(opacity=0.12)),
                hovertext=part["card"].tolist(),
                hoverinfo="text",
                customdata=part["event_id"].tolist(),
                name=label,
                legendgroup=era,
                showlegend=True,
            ),
            row=2,
            col=1,
        )
        owners.append((era, part, "line"))
    counts = rows[inside].groupby("place_id").size()
    plot_height = PLOT * 0.58 * 0.9
    fig.add_trace(
        maps.place_labels(
            places,
            list(counts.index),
            region,
            plot_height=plot_height,
            radius={p: s / 2 for p, s in zip(counts.index, _size(counts))},
            phone_width=maps.PHONE_BESIDE_TIMELINE,
        ),
        row=1,
        col=1,
    )
    moving = list(range(n_base, n_base + len(owners)))
    pad = pd.Timedelta(days=400)

    def span(part):
        return [
            (part["date_start"].min() - pad).strftime("%Y-%m-%d"),
            (part["date_start"].max() + pad).strftime("%Y-%m-%d"),
        ]

    def visible(era: str | None) -> list[bool]:
        return [True] * n_base + [era is None or e == era for e, _, _ in owners] + [True]

    era_menu = [
        dict(
            label="All eras", method="update", args=[{"visible": visible(None)}, {"xaxis.range": span(rows)}]
        )
    ]
    for era in choices.eras:
        era_menu.append(
            dict(
                label=ERAS[era][0],
                method="update",
                args=[{"visible": visible(era)}, {"xaxis.range": span(rows[rows["era"] == era])}],
            )
        )

    def chosen(kind: str) -> list[list[int]]:
        out = []
        for era, pts, view in owners:
            if view == "line":
                out.append([i for i, c in enumerate(pts["category"]) if c == kind])
            else:
                here = set(rows[(rows["era"] == era) & (rows["category"] == kind)]["place_id"])
                out.append([i for i, p in enumerate(pts["place_id"]) if p in here])
        return out

    kind_menu = [
        dict(label="All kinds", method="restyle", args=[{"selectedpoints": [None] * len(owners)}, moving])
    ]
    for kind in choices.categories:
        kind_menu.append(dict(label=kind, method="restyle", args=[{"selectedpoints": chosen(kind)}, moving]))
    elsewhere = rows.loc[~inside, "place_en"].value_counts()
    outside = (
        f" Not on this map ({int(elsewhere.sum())} events, on the timeline only): "
        f"{', '.join(elsewhere.index[:8])}{' …' if len(elsewhere) > 8 else ''}."
        if len(elsewhere)
        else ""
    )
    fig.update_geos(**maps.geo_layout(region))
    fig.update_xaxes(
        type="date", range=span(rows), rangeslider=dict(visible=True, thickness=0.07), row=2, col=1
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(choices.categories)[::-1],
        automargin=True,
        tickmode="array",
        tickvals=list(choices.categories),  # every row labelled, never thinned
        tickfont=dict(size=11),
        row=2,
        col=1,
    )
    menu = dict(
        type="dropdown",
        direction="down",
        y=1.0,
        yanchor="bottom",
        xanchor="left",
        showactive=True,
        pad=dict(b=8),
        font=dict(size=12),
    )
    fig.update_layout(
        title=dict(text=title, y=0.985, yanchor="top"),
        margin=dict(l=20, r=20, t=120),
        hovermode="closest",
        dragmode="pan",
        # beside the map (which keeps its aspect and leaves the right of its row free), not under the caption
        legend=dict(
            orientation="v", yref="paper", yanchor="top", y=1.0, xanchor="left", x=0.78, title_text="Era"
        ),
        updatemenus=[
            menu | dict(buttons=era_menu, x=0, active=0),
            menu | dict(buttons=kind_menu, x=0.3, active=0),
        ],
        annotations=[
            dict(
                text="Era",
                name=chrome.MENU_LABEL,
                x=0,
                y=1.0,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                yshift=38,
                showarrow=False,
                font=dict(size=12, color=theme.MUTED),
            ),
            dict(
                text="Kind of event (others dimmed)",
                name=chrome.MENU_LABEL,
                x=0.3,
                y=1.0,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                yshift=38,
                showarrow=False,
                font=dict(size=12, color=theme.MUTED),
            ),
            dict(
                text="Place names in",
                name=chrome.MENU_LABEL,
                x=0.62,
                y=1.0,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                yshift=38,
                showarrow=False,
                font=dict(size=12, color=theme.MUTED),
            ),
            source_annotation(
                wrap(
                    f"{source} Marker size on the map: number of events at the place. Drag the "
                    f"slider under the timeline to zoom.{outside}{thinned}",
                    170,
                )
                + f"{PARAGRAPH}{maps.SOURCE_LINE}",
                below=CAPTION_GAP,
            ),
        ],
    )
    caption = fig.layout.annotations[-1]
    bottom = round(CAPTION_GAP + chrome.block_height(caption.text, caption.font.size) + CAPTION_GAP)
    fig.update_layout(height=PLOT + 120 + bottom, margin_b=bottom)  # the caption's height, no more
    lift = SLIDER_ROOM / PLOT  # the map and the timeline move up together; the slider fills the room
    fig.layout.yaxis.domain = [lift + y * (1 - lift) for y in fig.layout.yaxis.domain]
    fig.layout.geo.domain.y = [lift + y * (1 - lift) for y in fig.layout.geo.domain.y]
    return maps.language_menu(fig, places, x=0.62, xanchor="left", label=False)


def empty_figure(title: str, source: str) -> go.Figure:
    """What a filter that matches nothing shows: the message, not an empty frame."""
    fig = go.Figure()
    fig.update_layout(
        title=dict(text=title),
        height=260,
        margin=dict(l=20, r=20, t=70, b=60),
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        annotations=[
            dict(
                text=f"<b>{NO_MATCH}</b>{PARAGRAPH}Widen the dates or clear a filter.",
                x=0.5,
                y=0.5,
                xref="paper",
                yref="paper",
                showarrow=False,
                font=dict(size=16, color=theme.INK),
            ),
            source_annotation(source, below=8),
        ],
    )
    return fig


def table_html(rows: pd.DataFrame, total: int, most: int = 40) -> str:
    """The matching events as an HTML table (every data string escaped), newest last."""
    if rows.empty:
        return f"<p><b>{NO_MATCH}</b> (0 of {total:,} events). Widen the dates or clear a filter.</p>"
    head = f"<p><b>{len(rows):,} of {total:,} events match.</b>"
    head += (
        f" The first {most} are listed; narrow the filters to see the rest.</p>"
        if len(rows) > most
        else "</p>"
    )
    cells = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(v))}</td>"
            for v in (
                r.when,
                r.title,
                r.place_en,
                r.category,
                ERAS[r.era][0],
                getattr(r, "source_names", r.source_ids),
            )
        )
        + "</tr>"
        for r in rows.head(most).itertuples()
    )
    header = "".join(f"<th>{h}</th>" for h in ("When", "What", "Where", "Kind", "Era", "Sources"))
    return (
        f"{head}<table class='explainer-table'><thead><tr>{header}</tr></thead><tbody>{cells}</tbody></table>"
    )


class Explorer:
    """The live explorer for JupyterLab: controls, a linked map and timeline, and a table.

    Every change of a control re-filters with :func:`select` and updates the figure's
    event traces in place (a plotly ``FigureWidget``) and the table. Python callbacks need
    a kernel; the saved notebook shows :func:`explorer_figure` instead.
    Example: ``explore.Explorer(tables["events"], tables["places"])`` as a cell's last line.
    """

    def __init__(self, events: pd.DataFrame, places: pd.DataFrame, *, region: str = "caucasus"):
        import ipywidgets as widgets

        maps.region_spec(region)
        self.rows = prepare(events, places)
        self.places = places
        self.choices = c = Choices.of(self.rows)
        self.years = widgets.IntRangeSlider(
            value=(c.first_year, c.last_year),
            min=c.first_year,
            max=c.last_year,
            description="Years",
            continuous_update=False,
            layout=widgets.Layout(width="98%"),
        )
        self.eras = widgets.SelectMultiple(
            options=[(ERAS[e][0], e) for e in c.eras], rows=len(c.eras), description="Eras"
        )
        self.categories = widgets.SelectMultiple(
            options=list(c.categories), rows=min(6, len(c.categories)), description="Kinds"
        )
        self.country = widgets.Dropdown(options=["(all)", *c.countries], description="Country")
        self.place = widgets.Dropdown(options=["(all)", *c.places], description="Place")
        self.text = widgets.Text(placeholder="words, e.g. Shusha or drone", description="Search")
        self.region = widgets.Dropdown(options=sorted(maps.REGIONS), value=region, description="Map")
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self.figure = self._figure(region)
        for control in (self.years, self.eras, self.categories, self.country, self.place, self.text):
            control.observe(self.update, names="value")
        self.region.observe(self._new_region, names="value")
        hint = widgets.HTML("<small>Ctrl/⌘-click picks several eras or kinds; none picked means all.</small>")
        self.widget = widgets.VBox(
            [
                self.years,
                widgets.HBox([self.eras, self.categories]),
                widgets.HBox([self.country, self.place]),
                widgets.HBox([self.text, self.region]),
                hint,
                self.status,
                self.figure,
                self.table,
            ]
        )
        self.update()

    def _figure(self, region: str) -> go.FigureWidget:
        fig = make_subplots(
            rows=2,
            cols=1,
            row_heights=[0.6, 0.4],
            vertical_spacing=0.08,
            specs=[[{"type": "geo"}], [{"type": "xy"}]],
        )
        for trace in maps.basemap_traces(region):
            fig.add_trace(trace, row=1, col=1)
        fig.add_trace(
            go.Scattergeo(
                lon=[],
                lat=[],
                mode="markers",
                hoverinfo="text",
                name="places",
                marker=dict(line=dict(width=1, color="white"), opacity=0.85),
                showlegend=False,
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=[],
                y=[],
                mode="markers",
                hoverinfo="text",
                name="events",
                showlegend=False,
                marker=dict(size=10),
            ),
            row=2,
            col=1,
        )
        fig.update_geos(**maps.geo_layout(region))
        fig.update_xaxes(type="date", row=2, col=1)
        fig.update_yaxes(
            categoryorder="array",
            categoryarray=list(self.choices.categories)[::-1],
            automargin=True,
            row=2,
            col=1,
        )
        fig.update_layout(
            height=760,
            margin=dict(l=20, r=20, t=30, b=40),
            hovermode="closest",
            annotations=[
                dict(
                    text="",
                    x=0.5,
                    y=0.5,
                    xref="paper",
                    yref="paper",
                    showarrow=False,
                    font=dict(size=16, color=theme.INK),
                    bgcolor="rgba(255,255,255,0.9)",
                )
            ],
        )
        widget = go.FigureWidget(fig)
        self._map, self._line = len(widget.data) - 2, len(widget.data) - 1
        return widget

    def _new_region(self, change) -> None:
        # a new figure widget: the base map's traces differ in number from region to region
        fresh = self._figure(change["new"])
        self.widget.children = tuple(
            fresh if child is self.figure else child for child in self.widget.children
        )
        self.figure = fresh
        self.update()

    def filters(self) -> dict:
        """The controls' current values as :func:`select` arguments."""
        return dict(
            start=self.years.value[0],
            end=self.years.value[1],
            eras=self.eras.value,
            categories=self.categories.value,
            countries=() if self.country.value == "(all)" else self.country.value,
            place=None if self.place.value == "(all)" else self.place.value,
            text=self.text.value,
        )

    def update(self, _=None) -> pd.DataFrame:
        """Re-filter and redraw; returns the matching events."""
        rows = select(self.rows, **self.filters())
        region = self.region.value
        pts = by_place(rows[maps.in_frame(rows["lon"], rows["lat"], region)])
        with self.figure.batch_update():
            m, t = self.figure.data[self._map], self.figure.data[self._line]
            m.lon, m.lat, m.hovertext = pts["lon"].tolist(), pts["lat"].tolist(), pts["hover"].tolist()
            m.marker.size = _size(pts["n"])
            m.marker.color = (
                [ERAS[e][1] for e in rows.groupby("place_id", sort=True)["era"].first()] if len(rows) else []
            )
            t.x = rows["date_start"].dt.strftime("%Y-%m-%d").tolist()
            t.y = rows["category"].tolist()
            t.hovertext = rows["card"].tolist()
            t.marker.color = _era_colour(rows["era"])
            t.marker.symbol = precision_symbols(rows["date_precision"])
            self.figure.layout.annotations[0].text = f"<b>{NO_MATCH}</b>" if rows.empty else ""
        elsewhere = len(rows) - int(pts["n"].sum()) if len(pts) else len(rows)
        self.status.value = f"<b>{len(rows):,}</b> of {len(self.rows):,} events" + (
            f"; {elsewhere} outside this map (timeline and table only)" if elsewhere else ""
        )
        self.table.value = table_html(rows, len(self.rows))
        self.matched = rows
        return rows

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
