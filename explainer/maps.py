"""Offline maps: the base map is drawn from committed GeoJSON as plotly traces.

plotly's geo subplots fetch a world topojson from a CDN for their own base
layers. Every map here keeps those layers off (``geo.visible=False``) and draws
sea, land and borders itself from ``data/geo/<region>.geojson`` (derived from
Natural Earth by ``scripts/build_basemap.py``), so a map renders the same in
JupyterLab, nbviewer, static HTML and slides, with no network.

Regions (``REGIONS``): ``"caucasus"`` (the South Caucasus, Dagestan, northern Iran),
``"eurasia"`` (Moscow to the Caspian's east shore) and ``"karabakh"`` (Karabakh and its
surroundings). Start with ``places_map(tables["places"])``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from explainer import labels as labelling
from explainer import paths, theme
from explainer.chrome import MENU_LABEL, source_annotation
from explainer.text import PARAGRAPH, date_label, plain, wrap


class Regions(dict):
    """The map regions by name, each a lon/lat frame and a height in pixels."""

    def __repr__(self) -> str:
        return "Map regions: " + "; ".join(
            f"{name!r} (lon {s['lon'][0]}–{s['lon'][1]}, lat {s['lat'][0]}–{s['lat'][1]})"
            for name, s in self.items()
        )


def region_spec(region: str) -> dict:
    """``REGIONS[region]``, or an error that lists the regions there are."""
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r}; choose from {', '.join(map(repr, REGIONS))}")
    return REGIONS[region]


# lon/lat frames; scripts/build_basemap.py clips the GeoJSON to the same frames.
# caucasus: the South Caucasus with Dagestan and northern Iran; eurasia: Moscow to the
# Caspian's east shore (for Russia's and Kazakhstan's part); karabakh: Karabakh and its surroundings.
REGIONS = Regions(
    {
        "caucasus": {"lon": (36.5, 54.5), "lat": (36.2, 44.8), "height": 600},
        "eurasia": {"lon": (24.0, 66.0), "lat": (37.0, 58.5), "height": 640},
        "karabakh": {"lon": (44.9, 48.3), "lat": (38.7, 40.7), "height": 800},
    }
)
# Countries drawn a shade darker, so the story's countries stand out.
FOCUS = {"Azerbaijan", "Armenia", "Georgia"}
# Countries named on each map (others are drawn but not labelled).
LABELLED = {
    "caucasus": {"Azerbaijan", "Armenia", "Georgia", "Iran", "Turkey", "Russia"},
    # Azerbaijan and its neighbours are too small here to name beside the markers.
    "eurasia": {"Russia", "Ukraine", "Kazakhstan", "Turkey", "Iran", "Turkmenistan", "Uzbekistan", "Belarus"},
    "karabakh": {"Armenia", "Azerbaijan", "Iran"},
}
# Where a country's name goes when its own label point would fall on the story (Azerbaijan's
# lands inside the Karabakh frame centre on Karabakh itself).
LABEL_AT = {
    "karabakh": {"Azerbaijan": (47.6, 40.45)},
    # Natural Earth's label point for Armenia lies beside Yerevan, whose marker covered the name
    "caucasus": {"Armenia": (44.95, 40.72)},
}
SEAS = {
    "caucasus": [("Caspian<br>Sea", 51.3, 41.2), ("Black Sea", 38.2, 43.4)],
    "eurasia": [("Caspian<br>Sea", 49.6, 45.4), ("Black Sea", 34.5, 43.2)],
    "karabakh": [],
}
SOURCE_LINE = "Base map: Natural Earth 1:50m (public domain); Crimea shown as its own area."


@cache
def load_basemap(region: str) -> dict:
    """The derived GeoJSON FeatureCollection for ``region``."""
    region_spec(region)
    path = paths.GEO / f"{region}.geojson"
    return json.loads(path.read_text(encoding="utf-8"))


def _rings(geometry: dict) -> tuple[np.ndarray, np.ndarray]:
    """Outer rings of a (Multi)Polygon as lon/lat arrays, rings separated by NaN.

    float32 arrays, which plotly serialises as compact base64 typed arrays
    (``{"dtype": "f4", "bdata": …}``) instead of thousands of JSON numbers: the
    notebook stores a map in a fraction of the bytes, and plotly.js reads NaN as
    a gap between rings, as it reads None.
    """
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    lons, lats = [], []
    for polygon in polygons:
        for ring in polygon[:1]:  # outer ring only: no lakes at this scale
            if lons:
                lons.append(np.nan)
                lats.append(np.nan)
            lons.extend(pt[0] for pt in ring)
            lats.extend(pt[1] for pt in ring)
    return np.array(lons, dtype="float32"), np.array(lats, dtype="float32")


def basemap_traces(region: str) -> list[go.Scattergeo]:
    """Sea, land and borders for ``region``: the sea, the land (the story's countries and the
    rest, one trace each), each disputed area on its own, then the country and sea names."""
    # The sea fills the clipped base map's box, which is a little larger than the
    # frame (see scripts/build_basemap.py), so no margin of the view is left bare.
    x0, y0, x1, y1 = load_basemap(region)["bbox"]
    # The sea: the whole frame, its edges densified so they stay straight on the map
    # (plotly joins points by great circles).
    steps = 40
    edge_lon = np.linspace(x0, x1, steps)
    edge_lat = np.linspace(y0, y1, steps)
    sea_lon = np.concatenate([edge_lon, np.full(steps, x1), edge_lon[::-1], np.full(steps, x0)]).round(3)
    sea_lat = np.concatenate([np.full(steps, y0), edge_lat, np.full(steps, y1), edge_lat[::-1]]).round(3)
    traces = [
        go.Scattergeo(
            lon=sea_lon.astype("float32"),
            lat=sea_lat.astype("float32"),
            mode="lines",
            fill="toself",
            fillcolor=theme.SEA,
            line=dict(width=0, color=theme.SEA),
            hoverinfo="skip",
            showlegend=False,
            name="sea",
        )
    ]
    # Land: one trace for the story's countries and one for the rest, each country's rings
    # separated by a gap (plotly fills each ring on its own): a map draws in about two thirds
    # of the time one trace a country took. A disputed area keeps its own trace, dotted, with
    # its status in the details.
    land: dict[bool, list[tuple[str, np.ndarray, np.ndarray]]] = {True: [], False: []}
    for feature in load_basemap(region)["features"]:
        props = feature["properties"]
        name = props["name"]
        lons, lats = _rings(feature["geometry"])
        if "status" in props:
            traces.append(
                go.Scattergeo(
                    lon=lons,
                    lat=lats,
                    mode="lines",
                    fill="toself",
                    fillcolor=theme.LAND,
                    line=dict(width=0.7, color=theme.BORDER, dash="dot"),
                    name=name,
                    showlegend=False,
                    hoverinfo="text",
                    hovertext=f"<b>{plain(name)}</b><br>{wrap(plain(props['status']))}",
                )
            )
        else:
            land[name in FOCUS].append((name, lons, lats))
    for focus in (False, True):
        if not land[focus]:
            continue
        gap = np.array([np.nan], dtype="float32")
        lons = np.concatenate([part for _, lon, _ in land[focus] for part in (gap, lon)][1:])
        lats = np.concatenate([part for _, _, lat in land[focus] for part in (gap, lat)][1:])
        traces.insert(
            1 + focus,
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                fill="toself",
                fillcolor=theme.LAND_FOCUS if focus else theme.LAND,
                line=dict(width=0.7, color=theme.BORDER),
                name="land: " + ", ".join(sorted(n for n, _, _ in land[focus])),
                showlegend=False,
                hoverinfo="skip",
            ),
        )
    countries, seas = _basemap_names(region)
    keep_countries, keep_seas = phone_kept(region)
    traces.append(
        go.Scattergeo(
            lon=[c.lon for c in countries],
            lat=[c.lat for c in countries],
            text=[c.text for c in countries],
            meta={"phone": {"text": [c.text if k else "" for c, k in zip(countries, keep_countries)]}},
            mode="text",
            textfont=dict(size=COUNTRY_FONT, color=theme.MUTED),
            hoverinfo="skip",
            showlegend=False,
            name="countries",
        )
    )
    traces.append(
        go.Scattergeo(
            lon=[sea.lon for sea in seas],
            lat=[sea.lat for sea in seas],
            text=[sea.text for sea in seas],
            meta={"phone": {"text": [sea.text if k else "" for sea, k in zip(seas, keep_seas)]}},
            mode="text",
            textfont=dict(size=SEA_FONT, color="#5B7F95", style="italic"),
            hoverinfo="skip",
            showlegend=False,
            name="seas",
        )
    )
    return traces


COUNTRY_FONT, SEA_FONT = 10, 11


# pixels: a map's drawn width on a 390 px phone (at least), page and figure margins taken off;
# less for a map above a timeline, whose category names take the phone's left margin
PHONE_WIDTH = 300
PHONE_BESIDE_TIMELINE = 210


def _basemap_names(region: str, hide: frozenset = frozenset()) -> tuple[list, list]:
    countries = []
    for feature in load_basemap(region)["features"]:
        props = feature["properties"]
        if props["name"] in LABELLED[region] and props["name"] not in hide:
            lon, lat = LABEL_AT.get(region, {}).get(props["name"], (props["label_lon"], props["label_lat"]))
            countries.append(
                labelling.Label(lon, lat, props["name"].upper(), COUNTRY_FONT, 0, fixed="middle center")
            )
    seas = [
        labelling.Label(lon, lat, text, SEA_FONT, 0, fixed="middle center") for text, lon, lat in SEAS[region]
    ]
    return countries, seas


def phone_kept(
    region: str, hide: frozenset = frozenset(), width: float = PHONE_WIDTH
) -> tuple[list[bool], list[bool]]:
    """Which country and sea names a phone keeps: at :data:`PHONE_WIDTH` some would print on
    one another, so the seas come first, then the story's countries, then the rest."""
    countries, seas = _basemap_names(region, hide)
    order = [("sea", i) for i in range(len(seas))]
    order += sorted(
        (("country", i) for i in range(len(countries))),
        key=lambda k: countries[k[1]].text.title() not in FOCUS,
    )
    labels = [seas[i] if kind == "sea" else countries[i] for kind, i in order]
    kept = dict(zip(order, labelling.clear_of_each_other(labels, REGIONS[region], width)))
    return [kept[("country", i)] for i in range(len(countries))], [kept[("sea", i)] for i in range(len(seas))]


def fixed_names(region: str, hide: frozenset = frozenset(), *, phone: bool = False) -> list[labelling.Label]:
    """The base map's own names (countries, seas), which place labels must keep clear of;
    ``phone``: only those a phone keeps (:func:`phone_kept`)."""
    countries, seas = _basemap_names(region, hide)
    if phone:
        keep_countries, keep_seas = phone_kept(region, hide)
        countries = [c for c, k in zip(countries, keep_countries) if k]
        seas = [c for c, k in zip(seas, keep_seas) if k]
    return countries + seas


def label_positions(
    region: str,
    points: list[labelling.Label],
    *,
    plot_height: float,
    margin: dict | None = None,
    hide: frozenset = frozenset(),
    phone: bool = False,
) -> list[str | None]:
    """Where each of ``points``' names goes on ``region``'s map (None: left off, see
    :mod:`explainer.labels`), for a plot area ``plot_height`` pixels tall; ``phone``: on the
    map as a phone draws it, at most :data:`PHONE_WIDTH` wide."""
    width = labelling.drawn_width(
        REGIONS[region], plot_height, {}, available=1100 - sum((margin or {}).get(k, 0) for k in ("l", "r"))
    )
    if phone:
        width = min(width, PHONE_WIDTH)
    fixed = fixed_names(region, hide, phone=phone)
    return labelling.place(fixed + list(points), REGIONS[region], width)[len(fixed) :]


def phone_names(
    region: str,
    points: list[labelling.Label],
    *,
    plot_height: float,
    hide: frozenset = frozenset(),
    skip: int = 0,
    phone_width: float = PHONE_WIDTH,
) -> dict:
    """A name trace's ``meta`` for a phone: its names placed again on the phone's smaller map,
    fewer of them, each clear of the rest (every place keeps its name in the details on
    pointing). The story's main places come first, then the country names (a country or sea
    name that would cover another name is left off: ``meta["phone_hides"]``), then the places
    with the most events. :func:`explainer.chrome.narrow` applies it. ``skip``: leading ``points`` that are
    only obstacles (names another trace draws where they are); ``phone_width``: the map's width
    on a phone, narrower for a map beside a timeline's labels."""
    spec = REGIONS[region]
    width = min(phone_width, labelling.drawn_width(spec, plot_height, {}))
    countries, seas = _basemap_names(region, hide)
    keep_countries, keep_seas = phone_kept(region, hide, width)
    crowded = [n.text for n, k in zip(countries + seas, keep_countries + keep_seas) if not k]
    seas = [sea for sea, k in zip(seas, keep_seas) if k]
    countries = [replace(c, optional=True) for c, k in zip(countries, keep_countries) if k]
    names = points[skip:]
    first = [i for i in range(len(names)) if _first_word(names[i].text) in PHONE_FIRST]
    rest = sorted(set(range(len(names))) - set(first), key=lambda i: (-names[i].radius, i))
    sequence = seas + list(points[:skip]) + [names[i] for i in first] + countries + [names[i] for i in rest]
    placed = labelling.place(sequence, spec, width, in_order=True)
    start = len(seas) + skip
    positions: list[str | None] = [None] * len(names)
    for i, at in zip(first, placed[start : start + len(first)]):
        positions[i] = at
    for i, at in zip(rest, placed[start + len(first) + len(countries) :]):
        positions[i] = at
    covered = [
        c.text
        for c, at in zip(countries, placed[start + len(first) : start + len(first) + len(countries)])
        if at is None
    ]
    return {
        "phone": {
            "text": [p.text if at else "" for p, at in zip(names, positions)],
            "textposition": [at or "top center" for at in positions],
        },
        "phone_hides": crowded + covered,
    }


# The places a phone names first, before those with the most events: the capitals and the
# places the article's story turns on.
PHONE_FIRST = frozenset(
    {"Baku", "Yerevan", "Tbilisi", "Moscow", "Ganja", "Shusha", "Khankendi", "Nakhchivan", "Grozny", "Aktau"}
)


def _first_word(text: str) -> str:
    return text.split("<br>")[0].split(" (")[0].split(" /")[0].split(" ·")[0]


def hide_names(fig: go.Figure, names: set[str]) -> None:
    """Leave some country names off a map (e.g. today's states on a historical map)."""
    for trace in fig.data:
        if trace.name == "countries":
            keep = [i for i, t in enumerate(trace.text) if t.title() not in names]
            phone = trace.meta["phone"]["text"]
            trace.update(
                lon=[trace.lon[i] for i in keep],
                lat=[trace.lat[i] for i in keep],
                text=[trace.text[i] for i in keep],
                meta={"phone": {"text": [phone[i] for i in keep]}},
            )


def geo_layout(region: str) -> dict:
    """The geo subplot settings every map uses: plotly's own layers off, our frame."""
    spec = REGIONS[region]
    return dict(
        visible=False,  # plotly's CDN topojson layers stay off
        fitbounds=False,  # keep our frame rather than fitting it to the markers
        projection=dict(type="mercator"),
        lonaxis=dict(range=list(spec["lon"])),
        lataxis=dict(range=list(spec["lat"])),
        bgcolor=theme.SEA,
    )


def in_frame(lon, lat, region: str):
    """True where (lon, lat) lies inside ``region``'s frame (scalars or Series)."""
    spec = region_spec(region)
    return (
        (spec["lon"][0] <= lon) & (lon <= spec["lon"][1]) & (spec["lat"][0] <= lat) & (lat <= spec["lat"][1])
    )


def base_figure(region: str, title: str, source: str) -> go.Figure:
    """An empty map of ``region`` with the base map drawn, a title and a source line."""
    spec = REGIONS[region]
    fig = go.Figure(basemap_traces(region))
    fig.update_layout(
        title=dict(text=title),
        height=spec["height"],
        margin=dict(l=10, r=10, t=70, b=70),
        geo=geo_layout(region),
        legend=dict(orientation="h", yanchor="top", y=-0.01, x=0.01),
        annotations=[source_annotation(f"{source}{PARAGRAPH}{SOURCE_LINE}")],
    )
    return fig


def events_card(place: pd.Series, events: pd.DataFrame) -> str:
    """The hover card of a place's marker: its names, then each of its events, dated."""
    items = "<br>".join(
        f"• {date_label(r['date_start'].date(), r['date_precision'])}: {wrap(plain(r['title']), 55)}"
        for _, r in events.iterrows()
    )
    return f"{place_names(place)}<br>{items}"


def place_names(row: pd.Series) -> str:
    """The place's names as a hover line: English, then Azerbaijani / Russian / Armenian."""
    others = [row.get(c, "") for c in ("name_az", "name_ru", "name_hy")]
    others = [plain(n) for n in others if n and n != row["name_en"]]
    line = f"<b>{plain(row['name_en'])}</b>"
    if others:
        line += " · " + " · ".join(others)
    if row.get("name_historical"):
        line += f"<br><i>also: {plain(row['name_historical'])}</i>"
    return line


PLACES_SOURCE = "Places: data/places.csv, each with its sources (data/sources.csv)."

# The gazetteer's languages, as the language menu on a map names them (each in itself).
LANGUAGES = {"en": "English", "az": "Azərbaycanca", "ru": "Русский", "hy": "Հայերեն"}


def language_menu(
    fig: go.Figure, places: pd.DataFrame, *, x: float = 0, xanchor: str = "left", label: bool = True
) -> go.Figure:
    """Add a menu that switches the place names drawn on ``fig``'s map between English,
    Azerbaijani, Russian and Armenian; it works without a kernel (plotly's own restyle).

    The names switched are those of every map trace that draws text and carries place ids
    in ``customdata`` (what :func:`places_map` and :func:`place_labels` make); a name the
    gazetteer lacks in a language stays in English, and a place left unlabelled (no room)
    stays unlabelled. Label positions are those chosen for the English names.
    Example: ``maps.language_menu(fig, tables["places"])``.
    """
    by_id = places.set_index("place_id")
    targets = [
        i
        for i, t in enumerate(fig.data)
        if t.type == "scattergeo"
        and t.customdata is not None
        and t.text is not None
        and "text" in (t.mode or "")
    ]
    if not targets:
        raise ValueError("language_menu: this figure draws no place names (no text trace with place ids)")

    def names(lang: str) -> list[list[str]]:
        column = f"name_{lang}"
        out = []
        for i in targets:
            trace = fig.data[i]
            out.append(
                [
                    (str(by_id.at[pid, column]).strip() or str(by_id.at[pid, "name_en"])) if text else ""
                    for pid, text in zip(trace.customdata, trace.text)
                ]
            )
        return out

    buttons = [
        dict(label=name, method="restyle", args=[{"text": names(lang)}, targets])
        for lang, name in LANGUAGES.items()
    ]
    for i in targets:  # every place's name in each language, for a layout that names other places (a phone)
        trace = fig.data[i]
        every = [
            [
                str(by_id.at[pid, f"name_{lang}"]).strip() or str(by_id.at[pid, "name_en"])
                for pid in trace.customdata
            ]
            for lang in LANGUAGES
        ]
        trace.meta = {**(trace.meta or {}), "names": every}
    menus = list(fig.layout.updatemenus or [])
    menus.append(
        dict(
            type="dropdown",
            direction="down",
            buttons=buttons,
            active=0,
            x=x,
            xanchor=xanchor,
            y=1.0,
            yanchor="bottom",
            pad=dict(b=8),
            font=dict(size=12),
            showactive=True,
            name="language",
        )
    )
    fig.update_layout(updatemenus=menus)
    if label:
        fig.add_annotation(
            text="Place names in",
            name=MENU_LABEL,
            x=x,
            y=1.0,
            xref="paper",
            yref="paper",
            xanchor=xanchor,
            yanchor="bottom",
            yshift=38,
            showarrow=False,
            font=dict(size=12, color=theme.MUTED),
        )
    return fig


def places_map(
    places: pd.DataFrame,
    region: str = "caucasus",
    *,
    title: str | None = None,
    source: str = PLACES_SOURCE,
    label: set[str] | None = None,
) -> go.Figure:
    """Markers for ``places`` (a gazetteer frame) over the ``region`` base map.

    ``region`` is one of ``REGIONS``: ``"caucasus"`` (default), ``"eurasia"`` or
    ``"karabakh"``. Hover shows the names in each language, why the place matters and
    the source. Places outside the region's frame are left out of this map and listed
    in the source line, so nothing disappears unannounced. ``label``: the place ids to
    name on the map (default: all that fit).

    Example::

        tables = explainer.load()
        maps.places_map(tables["places"])               # the Caucasus
        maps.places_map(tables["places"], "eurasia", title="From Moscow to the Caspian")
    """
    region_spec(region)
    title = title or f"Places in the gazetteer: {region.capitalize()}"
    inside = in_frame(places["lon"].astype(float), places["lat"].astype(float), region)
    shown = places[inside]
    outside = places[~inside]
    hover = [
        f"{place_names(r)}<br>{wrap(plain(r['why']))}<br><span style='font-size:0.85em'>Source: "
        f"{plain(r['source_names'])}</span>"
        for _, r in shown.iterrows()
    ]
    label = label if label is not None else set(shown["place_id"])
    fig = base_figure(
        region,
        title,
        wrap(source + (f" Not in this frame: {', '.join(outside['name_en'])}." if len(outside) else ""), 160),
    )
    # every marker is an obstacle; only the chosen places are named, each clear of the rest
    points = [
        labelling.Label(
            float(r["lon"]), float(r["lat"]), r["name_en"] if r["place_id"] in label else "", 11, 5
        )
        for _, r in shown.iterrows()
    ]
    spec = REGIONS[region]
    positions = label_positions(region, points, plot_height=spec["height"] - 140)
    texts = [p.text if (p.text and pos) else "" for p, pos in zip(points, positions)]
    fig.add_trace(
        go.Scattergeo(
            lon=shown["lon"].astype(float).round(3).tolist(),
            lat=shown["lat"].astype(float).round(3).tolist(),
            text=texts,
            meta=phone_names(region, points, plot_height=spec["height"] - 140),
            customdata=shown["place_id"].tolist(),
            hovertext=hover,
            hoverinfo="text",
            mode="markers+text",
            textposition=[pos or "top center" for pos in positions],
            textfont=dict(size=11, color=theme.INK),
            marker=dict(size=9, color=theme.OKABE_ITO["vermillion"], line=dict(width=1, color="white")),
            name="places",
            showlegend=False,
        )
    )
    fig.update_layout(margin_t=120)  # the title, then the language menu under its label
    return language_menu(fig, places, x=0, xanchor="left")


def place_labels(
    places: pd.DataFrame,
    place_ids: list[str],
    region: str,
    *,
    plot_height: float,
    radius: dict[str, float] | None = None,
    phone_width: float = PHONE_WIDTH,
) -> go.Scattergeo:
    """One text-only trace naming ``place_ids`` once each, each placed clear of the others,
    of the markers (``radius`` per place id, in pixels) and of the base map's names."""
    rows = places.set_index("place_id").loc[sorted(set(place_ids))]
    radius = radius or {}
    points = [
        labelling.Label(float(r["lon"]), float(r["lat"]), r["name_en"], 10, radius.get(pid, 5))
        for pid, r in rows.iterrows()
    ]
    positions = label_positions(region, points, plot_height=plot_height)
    return go.Scattergeo(
        lon=rows["lon"].astype(float).round(3).tolist(),
        lat=rows["lat"].astype(float).round(3).tolist(),
        text=[p.text if pos else "" for p, pos in zip(points, positions)],
        meta=phone_names(region, points, plot_height=plot_height, phone_width=phone_width),
        mode="text",
        customdata=list(rows.index),  # place ids: the language menu names them in each language
        textposition=[pos or "top center" for pos in positions],
        textfont=dict(size=10, color=theme.INK),
        hoverinfo="skip",
        showlegend=False,
        name="place names",
    )
