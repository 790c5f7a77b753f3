"""Maps that show territory: the NKAO, the 1994–2020 line of contact, the 2020 outcome, the
peacekeepers' zone and the Lachin corridor, the khanates' approximate extents.

The layers come from ``data/geo/{karabakh_ne,territory_az,territory_am}.geojson``, built by
``scripts/build_territory.py`` from pinned open geometry and the rules in
``data/map_layers.csv`` (which also says, for every layer, whether it is open geometry,
derived and approximate, or schematic; legends and captions say so too).

>>> territory.karabakh_map(events, places, tables, title="…", source="…")   # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from explainer import labels as labelling
from explainer import maps, paths, theme
from explainer.chrome import source_annotation
from explainer.text import date_label, wrap

FILES = ("karabakh_ne.geojson", "territory_az.geojson", "territory_am.geojson")
LICENCES = (
    "Natural Earth (public domain); districts: geoBoundaries (Wikipedia), CC BY-SA 3.0; "
    "provinces: geoBoundaries (© OpenStreetMap contributors), ODbL 1.0."
)


@cache
def features() -> tuple[dict, ...]:
    """Every territory feature, from all three files."""
    out = []
    for name in FILES:
        out += json.loads((paths.GEO / name).read_text(encoding="utf-8"))["features"]
    return tuple(out)


def layer(name: str, **match) -> list[dict]:
    return [
        f
        for f in features()
        if f["properties"]["layer"] == name and all(f["properties"].get(k) == v for k, v in match.items())
    ]


def rings(feats: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Outer rings (or lines) of ``feats`` as lon/lat float32 arrays, parts separated by NaN."""
    lons: list[float] = []
    lats: list[float] = []

    def add(coords):
        if lons:
            lons.append(np.nan)
            lats.append(np.nan)
        lons.extend(c[0] for c in coords)
        lats.extend(c[1] for c in coords)

    for f in feats:
        g = f["geometry"]
        if g["type"] == "Polygon":
            add(g["coordinates"][0])
        elif g["type"] == "MultiPolygon":
            for poly in g["coordinates"]:
                add(poly[0])
        elif g["type"] == "LineString":
            add(g["coordinates"])
        elif g["type"] == "MultiLineString":
            for line in g["coordinates"]:
                add(line)
    return np.array(lons, dtype="float32"), np.array(lats, dtype="float32")


def centre(feats: list[dict]) -> tuple[float, float]:
    """A point inside the largest part of ``feats`` (for a label)."""
    from shapely.geometry import shape
    from shapely.ops import unary_union

    geom = unary_union([shape(f["geometry"]) for f in feats])
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    p = geom.representative_point()
    return round(p.x, 3), round(p.y, 3)


def area(
    feats: list[dict],
    name: str,
    *,
    fill: str,
    line: str,
    dash: str = "solid",
    width: float = 1.2,
    legend: bool = True,
    group: str | None = None,
) -> go.Scattergeo:
    """A filled area (or a line, with ``fill=""``) for the legend; hover is on its label point."""
    lon, lat = rings(feats)
    return go.Scattergeo(
        lon=lon,
        lat=lat,
        mode="lines",
        fill="toself" if fill else None,
        fillcolor=fill or None,
        line=dict(color=line, width=width, dash=dash),
        name=name,
        showlegend=legend,
        legendgroup=group or name,
        hoverinfo="skip",
    )


def label_point(
    lon: float,
    lat: float,
    text: str,
    hover: str,
    *,
    size: int = 11,
    colour: str = theme.INK,
    group: str | None = None,
) -> go.Scattergeo:
    return go.Scattergeo(
        lon=[lon],
        lat=[lat],
        mode="text",
        text=[text],
        textfont=dict(size=size, color=colour),
        hovertext=[hover],
        hoverinfo="text",
        showlegend=False,
        legendgroup=group,
        name=text,
    )


def km_in_degrees(km: float, lat: float) -> float:
    return km / (111.32 * math.cos(math.radians(lat)))


def scale_bar(region: str, km: int = 20) -> list[go.Scattergeo]:
    """A bar of ``km`` kilometres in the lower left of ``region``'s frame, with its length written."""
    spec = maps.REGIONS[region]
    lon0 = spec["lon"][0] + 0.12
    lat0 = spec["lat"][0] + 0.1
    lon1 = lon0 + km_in_degrees(km, lat0)
    return [
        go.Scattergeo(
            lon=[lon0, lon1],
            lat=[lat0, lat0],
            mode="lines",
            line=dict(color=theme.INK, width=3),
            hoverinfo="skip",
            showlegend=False,
            name="scale",
        ),
        go.Scattergeo(
            lon=[(lon0 + lon1) / 2],
            lat=[lat0],
            mode="text",
            text=[f"{km} km"],
            textposition="top center",
            textfont=dict(size=11, color=theme.INK),
            hoverinfo="skip",
            showlegend=False,
            name="scale label",
        ),
    ]


def inset(region: str, geo: str = "geo2") -> list[go.Scattergeo]:
    """The Caucasus in miniature with ``region``'s frame drawn on it: where the big map lies."""
    traces = []
    for t in maps.basemap_traces("caucasus"):
        if t.mode == "text":
            continue
        t.geo = geo
        t.line.width = 0.4
        traces.append(t)
    (x0, x1), (y0, y1) = maps.REGIONS[region]["lon"], maps.REGIONS[region]["lat"]
    traces.append(
        go.Scattergeo(
            lon=[x0, x1, x1, x0, x0],
            lat=[y0, y0, y1, y1, y0],
            mode="lines",
            geo=geo,
            line=dict(color=theme.OKABE_ITO["vermillion"], width=2),
            hoverinfo="skip",
            showlegend=False,
            name="this map",
        )
    )
    return traces


def dual_name(row: pd.Series) -> str:
    """A place's name as both parties use it where they differ: "Khankendi / Stepanakert".

    The other name is the first of ``name_historical`` for places with an Armenian name,
    unless that is only another spelling (same first four letters)."""
    other = (row.get("name_historical") or "").split(";")[0].strip()
    if row.get("name_hy") and other and other[:4].lower() != row["name_en"][:4].lower():
        return f"{row['name_en']} / {other}"
    return row["name_en"]


COLOURS = {
    "nkao": ("rgba(0,114,178,0.28)", theme.OKABE_ITO["blue"]),
    "held": ("rgba(213,94,0,0.22)", theme.OKABE_ITO["vermillion"]),
    "fighting": ("rgba(230,159,0,0.45)", "#A36F00"),
    "handover": ("rgba(86,180,233,0.45)", "#2A7FB0"),
    "zone": ("rgba(204,121,167,0.35)", theme.OKABE_ITO["purple"]),
    "corridor": ("rgba(204,121,167,0.6)", theme.OKABE_ITO["purple"]),
    "outline": ("", "#555555"),
}
HEIGHT = 800
# (button label, first day, last day) of the periods the Karabakh map shows
PERIODS = [
    ("1988–91: the NKAO", "1988-01-01", "1991-12-31"),
    ("1994–2020: line of contact", "1992-01-01", "2020-09-26"),
    ("2020: the war", "2020-09-27", "2020-12-31"),
    ("2020–23: peacekeepers", "2021-01-01", "2023-09-18"),
    ("2023–24: all under Baku", "2023-09-19", "2024-12-31"),
]


def _period_traces(i: int, tables: dict) -> list[go.Scattergeo]:
    """The territory of period ``i`` (see :data:`PERIODS`), legend entries included."""
    nkao, held = layer("nkao"), layer("held_1994_2020")
    layers = tables["map_layers"].set_index("layer_id")

    def note(lid):
        return wrap(layers.loc[lid, "rule"], 60)

    outline = area(nkao, "Former NKAO (outline)", fill="", line=COLOURS["outline"][1], dash="dash", width=1.2)
    if i == 0:
        lon, lat = centre(nkao)
        return [
            area(
                nkao,
                "NKAO, 1923–1991 (≈4,300 km² as drawn)",
                fill=COLOURS["nkao"][0],
                line=COLOURS["nkao"][1],
            ),
            label_point(
                lon, lat - 0.05, "NKAO", f"<b>Nagorno-Karabakh Autonomous Oblast</b><br>{note('nkao')}"
            ),
        ]
    if i == 1:
        out = [
            area(
                held,
                "Held by Armenian forces 1994–2020 (≈11,900 km² as drawn)",
                fill=COLOURS["held"][0],
                line=COLOURS["held"][1],
            ),
            area(layer("ceasefire_1994"), "Line of contact, 1994", fill="", line=theme.INK, width=2.2),
            outline,
        ]
        for f in layer("returned_2020"):
            if f["properties"]["district"] == "Shusha District":
                continue
            lon, lat = centre([f])
            name = f["properties"]["district"].replace(" District", "")
            part = " (part)" if f["properties"]["held"] == "part" else ""
            out.append(
                label_point(
                    lon,
                    lat,
                    name + part,
                    f"<b>{name} district</b><br>held {'in part' if part else 'whole'}, 1993–2020",
                    size=10,
                    colour="#7A3300",
                )
            )
        return out
    if i == 2:
        out = [outline]
        for how, legend in (
            ("fighting", "Retaken in the war, Oct–Nov 2020"),
            ("handover", "Handed over under the 10 Nov 2020 statement"),
        ):
            feats = layer("returned_2020", how=how)
            out.append(area(feats, legend, fill=COLOURS[how][0], line=COLOURS[how][1]))
            for f in feats:
                p = f["properties"]
                lon, lat = centre([f])
                name = p["district"].replace(" District", "")
                when = date_label(
                    pd.Timestamp(p["date"] + ("-01" if p["date_precision"] == "month" else "")).date(),
                    p["date_precision"],
                )
                out.append(
                    label_point(
                        lon,
                        lat,
                        f"{name}<br>{when}",
                        f"<b>{name}</b>: {legend.lower()}, {when}",
                        size=10,
                        colour=COLOURS[how][1],
                    )
                )
        return out
    if i == 3:
        zone, corridor = layer("peacekeeping_zone"), layer("lachin_corridor")
        lon, lat = centre(zone)
        return [
            outline,
            area(
                zone,
                "Russian peacekeepers' zone (approximate)",
                fill=COLOURS["zone"][0],
                line=COLOURS["zone"][1],
                dash="dot",
            ),
            area(
                corridor,
                "Lachin corridor, 5 km (schematic)",
                fill=COLOURS["corridor"][0],
                line=COLOURS["corridor"][1],
                dash="dot",
            ),
            label_point(
                lon,
                lat + 0.08,
                "peacekeepers",
                f"<b>Russian peacekeepers' zone</b><br>{note('peacekeeping_zone')}",
                size=10,
                colour=COLOURS["zone"][1],
            ),
        ]
    lon, lat = centre(nkao)
    exodus = tables["contested"].query("quantity_id == 'karabakh_armenians_exodus_2023'")
    low, high = int(exodus["value_low"].min()), int(exodus["value_low"].max())
    return [
        outline,
        label_point(
            lon,
            lat - 0.05,
            "all under Baku's control",
            f"<b>September 2023</b>: after Azerbaijan's offensive "
            f"almost all Karabakh Armenians left for Armenia ({low:,} to {high:,} people, by source: chapter's "
            "figures chart)",
            size=10,
            colour="#555555",
        ),
    ]


def karabakh_map(
    events: pd.DataFrame, places: pd.DataFrame, tables: dict, *, title: str, source: str
) -> go.Figure:
    """Karabakh itself, period by period (buttons): territory as areas, events as points on top.

    Periods (:data:`PERIODS`): the NKAO; the area held 1994–2020 with the line of contact
    and the surrounding districts named; the 2020 war, district by district, how and when
    each returned; the peacekeepers' zone and the Lachin corridor, 2020–23; 2023–24. An
    inset shows where the map lies; a scale bar gives distance. Every layer's rule and
    licence is in data/map_layers.csv, and the legend says which are approximate or schematic.
    """
    region = "karabakh"
    lookup = places.set_index("place_id")

    def inside(pid):
        return bool(maps.in_frame(float(lookup.loc[pid, "lon"]), float(lookup.loc[pid, "lat"]), region))

    fig = go.Figure(maps.basemap_traces(region))
    for t in scale_bar(region) + inset(region):
        fig.add_trace(t)
    n_fixed = len(fig.data)
    owner: list[int] = []
    for i, (label, first, last) in enumerate(PERIODS):
        for t in _period_traces(i, tables):
            t.visible = i == 1
            fig.add_trace(t)
            owner.append(i)
        part = events[
            (events["date_start"] >= pd.Timestamp(first)) & (events["date_start"] <= pd.Timestamp(last))
        ]
        part = part[
            part["place_id"].isin(lookup.index)
            & part["place_id"].map(lambda p: p in lookup.index and inside(p))
        ]
        groups = list(part.sort_values(["date_start", "event_id"]).groupby("place_id", sort=True))
        fig.add_trace(
            go.Scattergeo(
                lon=[round(float(lookup.loc[p, "lon"]), 3) for p, _ in groups],
                lat=[round(float(lookup.loc[p, "lat"]), 3) for p, _ in groups],
                mode="markers",
                marker=dict(
                    size=[9 + 3 * len(g) for _, g in groups],
                    color=theme.INK,
                    line=dict(width=1.5, color="white"),
                    opacity=0.9,
                ),
                hovertext=[maps.events_card(lookup.loc[p], g) for p, g in groups],
                hoverinfo="text",
                customdata=[",".join(g["event_id"]) for _, g in groups],
                name=f"Events, {label.split(':')[0]} ({len(part)})",
                visible=i == 1,
                showlegend=True,
            )
        )
        owner.append(i)
    # place names, per period: each clear of the others, of that period's own names and of the base map's
    named = [
        p for p in ("khankendi", "shusha", "khojaly", "lachin", "kalbajar", "getashen") if p in lookup.index
    ]
    points = [
        labelling.Label(
            float(lookup.loc[p, "lon"]), float(lookup.loc[p, "lat"]), dual_name(lookup.loc[p]), 11, 5
        )
        for p in named
    ]
    for i in range(len(PERIODS)):
        own = [
            t
            for t, o in zip(fig.data[n_fixed:], owner)
            if o == i and t.mode == "text" and t.text and t.text[0]
        ]
        taken = [
            labelling.Label(t.lon[0], t.lat[0], t.text[0], t.textfont.size, 0, fixed="middle center")
            for t in own
        ]
        # on a phone, an area's name that would print over another's is left to the details on pointing
        for t, kept in zip(own, labelling.clear_of_each_other(taken, maps.REGIONS[region], maps.PHONE_WIDTH)):
            if not kept:
                t.meta = {"phone": {"text": [""]}}
        taken_phone = [lb for lb, t in zip(taken, own) if not t.meta]
        positions = maps.label_positions(region, taken + points, plot_height=HEIGHT - 120 - 90)[len(taken) :]
        fig.add_trace(
            go.Scattergeo(
                lon=[pt.lon for pt in points],
                lat=[pt.lat for pt in points],
                mode="markers+text",
                text=[pt.text if pos else "" for pt, pos in zip(points, positions)],
                meta=maps.phone_names(
                    region, taken_phone + points, plot_height=HEIGHT - 120 - 90, skip=len(taken_phone)
                ),
                textposition=[pos or "top center" for pos in positions],
                textfont=dict(size=11, color=theme.INK),
                marker=dict(size=5, color=theme.INK),
                hoverinfo="skip",
                showlegend=False,
                name="places",
                visible=i == 1,
            )
        )
        owner.append(i)
    n_all = len(fig.data)

    def visible(i: int) -> list[bool]:
        return [True] * n_fixed + [o == i for o in owner] + [True] * (n_all - n_fixed - len(owner))

    buttons = [
        dict(label=label, method="update", args=[{"visible": visible(i)}])
        for i, (label, _, _) in enumerate(PERIODS)
    ]
    outside = sorted(
        {
            lookup.loc[p, "name_en"]
            for p in events[events["era"] == "karabakh"]["place_id"]
            if p in lookup.index and not inside(p)
        }
    )
    caption = (
        f"{source} Areas: {LICENCES} Approximate and schematic layers are marked so; rules: data/map_layers.csv."
        + (f" Outside this frame: {', '.join(outside)}." if outside else "")
    )
    fig.update_layout(
        title=dict(text=title),
        height=HEIGHT,
        margin=dict(l=10, r=10, t=120, b=90),
        hovermode="closest",
        # the map on the left; where it lies (inset) and what it shows (legend) on the right
        geo=maps.geo_layout(region) | dict(domain=dict(x=[0, 0.66], y=[0, 1])),
        geo2=dict(
            visible=False,
            fitbounds=False,
            projection=dict(type="mercator"),
            bgcolor=theme.SEA,
            lonaxis=dict(range=list(maps.REGIONS["caucasus"]["lon"])),
            lataxis=dict(range=list(maps.REGIONS["caucasus"]["lat"])),
            domain=dict(x=[0.69, 1.0], y=[0.68, 1.0]),
        ),
        updatemenus=[
            dict(
                type="buttons",
                direction="right",
                buttons=buttons,
                active=1,
                x=0,
                xanchor="left",
                y=1.0,
                yanchor="bottom",
                pad=dict(b=6),
                font=dict(size=11),
                showactive=True,
            )
        ],
        legend=dict(
            orientation="v",
            x=0.69,
            xanchor="left",
            y=0.64,
            yanchor="top",
            font=dict(size=11),
            title_text="This period:",
        ),
        annotations=[source_annotation(wrap(caption, 170), below=8)],
    )
    return fig
