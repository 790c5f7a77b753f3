"""Figures for the history chapters: the khanates' passage to Russia, and maps of
events in dated layers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explainer import chrome, maps, theme
from explainer.chrome import SIDE_NOTE, source_annotation
from explainer.text import PARAGRAPH, date_label, plain, rewrap, wrap

STATUS = {
    "khanate": ("outside Russian rule", theme.OKABE_ITO["sky"], "circle"),
    "vassal": ("Russian vassal (khan kept)", theme.OKABE_ITO["orange"], "diamond"),
    "russian": ("under direct Russian rule", theme.OKABE_ITO["vermillion"], "square"),
}
HOW = {
    "storm": "taken by storm",
    "vassal_treaty": "submitted by a vassal treaty",
    "occupation": "occupied without an assault",
    "cession": "ceded by Persia",
}


def khanate_status(row: pd.Series, year: int) -> str:
    """A khanate's status in ``year``, simplified to three states (see the chapter's notes)."""
    if year < row["date_start"].year:
        return "khanate"
    if row["how"] == "vassal_treaty":
        end = row["end_of_khanate"]
        if pd.isna(end) or year < int(end):
            return "vassal"
    return "russian"


FILL = {
    "khanate": "rgba(86,180,233,0.40)",
    "vassal": "rgba(230,159,0,0.50)",
    "russian": "rgba(213,94,0,0.50)",
}


def khanate_treaties(khanates: pd.DataFrame, events: pd.DataFrame, places: pd.DataFrame) -> list[tuple]:
    """(place_id, year, label) of each treaty that confirmed a khanate's passing to Russia: the
    treaties named in khanates.csv's ``treaty`` column, found as treaty events at the place of
    that name (data/events.csv), in date order.

    >>> khanate_treaties(tables["khanates"], tables["events"], tables["places"])  # doctest: +SKIP
    [('gulistan', 1813, 'Gulistan, 1813'), ('turkmenchay', 1828, 'Turkmenchay, 1828')]
    """
    named = set(khanates["treaty"].dropna())
    at = places.set_index("place_id")["name_en"]
    rows = events[(events["category"] == "treaty") & events["place_id"].map(at).isin(named)]
    found = [
        (r["place_id"], r["date_start"].year, f"{at[r['place_id']]}, {r['date_start'].year}")
        for _, r in rows.iterrows()
    ]
    missing = named - {at[p] for p, _, _ in found}
    if missing:
        raise ValueError(
            f"khanates.csv names treaties with no treaty event at a place of that name: {sorted(missing)}"
        )
    return sorted(found, key=lambda t: t[1])


def _frame_years(caps: pd.DataFrame, empire: pd.DataFrame, treaties: list[tuple]) -> list[int]:
    """1800, 1830, and every year in which a khanate's status changes or an event or treaty happens."""
    changes = {int(y) for y in caps["date_start"].dt.year} | {int(y) for y in caps["end_of_khanate"].dropna()}
    happened = {int(y) for y in empire["date_start"].dt.year if 1800 <= y <= 1830}
    return sorted({1800, 1830} | changes | happened | {y for _, y, _ in treaties})


def _khanate_card(k: pd.Series, year: int, extent_drawn: bool, full: bool) -> str:
    """A khanate's hover card in ``year``: short in the frames, full in the opening frame."""
    status = STATUS[khanate_status(k, year)][0]
    passed = f"Passed to Russia: {date_label(k['date_start'].date(), k['date_precision'])}, {HOW[k['how']]}"
    if not full:
        return f"<b>{plain(k['name_en'])}</b><br>{year}: {status}<br>{passed}"
    end = "" if pd.isna(k["end_of_khanate"]) else f"; abolished as a khanate {int(k['end_of_khanate'])}"
    extent = "approximate extent shown" if extent_drawn else "extent not drawn"
    return (
        f"<b>{plain(k['name_en'])}</b> · {plain(k['name_az'])} · {plain(k['name_ru'])}<br>"
        f"<b>{year}: {status}</b><br>"
        f"{passed}; "
        f"confirmed by the Treaty of {plain(k['treaty'])}{end} ({extent})<br>"
        f"{wrap(plain(k['note'][:260]) + ('…' if len(k['note']) > 260 else ''), 70)}<br>"
        f"<span style='font-size:0.85em'>Sources: {plain(k['source_names'])}</span>"
    )


def _capitals_trace(
    caps: pd.DataFrame, extents: dict, year: int, full: bool, text: list, pos: list, meta: dict | None = None
):
    """The capitals as labelled points; a khanate whose extent is not drawn shows its status
    in its capital's colour and shape."""
    states = [khanate_status(k, year) for _, k in caps.iterrows()]
    return go.Scattergeo(
        lon=caps["lon"].tolist(),
        lat=caps["lat"].tolist(),
        mode="markers+text",
        text=text,
        textposition=pos,
        meta=meta,
        textfont=dict(size=11, color=theme.INK),
        marker=dict(
            size=[7 if extents[k] else 14 for k in caps["khanate_id"]],
            color=[theme.INK if extents[k] else STATUS[s][1] for k, s in zip(caps["khanate_id"], states)],
            symbol=[STATUS[s][2] if not extents[k] else "circle" for k, s in zip(caps["khanate_id"], states)],
            line=dict(width=1, color="white"),
        ),
        hovertext=[_khanate_card(k, year, bool(extents[k["khanate_id"]]), full) for _, k in caps.iterrows()],
        hoverinfo="text",
        customdata=caps["khanate_id"].tolist(),
        name="capitals",
        showlegend=False,
    )


def _treaty_trace(
    treaties: list[tuple], lookup: pd.DataFrame, year: int, pos: list, phone: list
) -> go.Scattergeo:
    """The treaties signed by ``year``, as green stars at their villages; ``phone``: each
    one's (text, position) on a phone's map (``meta.phone``, see :func:`explainer.maps.phone_names`)."""
    shown = [(lookup.loc[p], label, at) for (p, y, label), at in zip(treaties, pos) if y <= year]
    on_phone = [where for (_, y, _), where in zip(treaties, phone) if y <= year] or [("", "bottom center")]
    return go.Scattergeo(
        meta={"phone": {"text": [t for t, _ in on_phone], "textposition": [at for _, at in on_phone]}},
        lon=[round(float(p["lon"]), 3) for p, _, _ in shown] or [None],
        lat=[round(float(p["lat"]), 3) for p, _, _ in shown] or [None],
        text=[label for _, label, _ in shown] or [""],
        mode="markers+text",
        textposition=[at for _, _, at in shown] or ["bottom center"],
        textfont=dict(size=10, color=theme.OKABE_ITO["green"]),
        marker=dict(
            size=14, symbol="star", color=theme.OKABE_ITO["green"], line=dict(width=1, color="white")
        ),
        hoverinfo="text",
        hovertext=[f"Treaty of {plain(label)}" for _, label, _ in shown] or [""],
        name="treaties",
        showlegend=False,
    )


# the share of the plot's width at the map's left that the year's caption takes: on a laptop
# (a 1220 px plot, a 577 px tall map) the map is as wide as before, its blank band now the caption's
SIDE = 0.25
SIDE_CHARACTERS = 34  # a line of the caption: about 230 px at its type
SIDE_SIZE = 12  # the caption's type, px


def _year_caption(empire: pd.DataFrame, khanates: pd.DataFrame, year: int) -> dict:
    """The year and what happened in it, in a column left of the map (above it on a phone:
    :func:`explainer.chrome.narrow`), so it covers no territory and no name. A year with no
    event in the timeline but a change on the map (a vassal khanate abolished) names the
    change, from data/khanates.csv."""
    happened = empire[empire["date_start"].dt.year == year]
    lines = [
        f"{date_label(r['date_start'].date(), r['date_precision'])}: {plain(r['title'])}"
        for _, r in happened.iterrows()
    ] or [
        f"{year}: {plain(k['name_en'])} now {STATUS[khanate_status(k, year)][0]}"
        for _, k in khanates.iterrows()
        if khanate_status(k, year) != khanate_status(k, year - 1)
    ]
    lines = lines or ["No event and no change on the map this year."]
    text = PARAGRAPH.join([f"<b>{year}</b>"] + [wrap(line, SIDE_CHARACTERS) for line in lines])
    return dict(
        name=SIDE_NOTE,
        valign="top",
        text=text,
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        xanchor="left",
        yanchor="top",
        align="left",
        bgcolor="rgba(255,255,255,0.88)",
        bordercolor=theme.BORDER,
        borderwidth=1,
        font=dict(size=SIDE_SIZE, color=theme.INK),
    )


# today's states would only confuse a map of 1800
MODERN_NAMES = frozenset({"Azerbaijan", "Armenia"})


def _label_places(caps: pd.DataFrame, lookup: pd.DataFrame, treaties: list[tuple], plot_height: int):
    """Names of capitals and treaty villages, each placed clear of the others and of the base
    map's names: (capital texts, capital positions, treaty positions, the capitals' phone names,
    the treaties' phone (text, position) pairs)."""
    from explainer import labels as labelling

    points = [
        labelling.Label(r["lon"], r["lat"], r["name_en"].replace(" Khanate", "").split(" (")[0], 11, 5)
        for _, r in caps.iterrows()
    ]
    points += [
        labelling.Label(float(lookup.loc[p, "lon"]), float(lookup.loc[p, "lat"]), label, 10, 7)
        for p, _, label in treaties
    ]
    positions = maps.label_positions("caucasus", points, plot_height=plot_height, hide=MODERN_NAMES)
    n = len(caps)
    treaties_at = [at or "bottom center" for at in positions[n:]]
    # on a phone (and a slide) the names are placed again, the treaties' as well as the
    # capitals': each frame draws its treaties, so they carry their phone places too
    phone = maps.phone_names("caucasus", points[n:] + points[:n], plot_height=plot_height, hide=MODERN_NAMES)
    k = len(treaties)
    treaties_phone = list(zip(phone["phone"]["text"][:k], phone["phone"]["textposition"][:k]))
    phone["phone"] = {key: value[k:] for key, value in phone["phone"].items()}
    return (
        [pt.text if at else "" for pt, at in zip(points[:n], positions[:n])],
        [at or "top center" for at in positions[:n]],
        treaties_at,
        phone,
        treaties_phone,
    )


def _play_controls(years: list[int]) -> dict:
    """A year slider (opening on the last year) and a Play button that runs from the first."""
    step_args = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}
    play = {
        "mode": "immediate",
        "fromcurrent": False,
        "frame": {"duration": 700, "redraw": True},
        "transition": {"duration": 0},
    }
    return dict(
        sliders=[
            dict(
                active=len(years) - 1,
                x=0.08,
                len=0.9,
                y=0,
                yanchor="top",
                pad=dict(t=56),
                currentvalue=dict(prefix="Year: ", font=dict(size=13)),
                steps=[dict(label=str(y), method="animate", args=[[str(y)], step_args]) for y in years],
            )
        ],
        updatemenus=[
            dict(
                type="buttons",
                direction="left",
                x=0,
                y=0,
                xanchor="left",
                yanchor="top",
                pad=dict(t=64, r=6),
                buttons=[dict(label="▶ Play", method="animate", args=[None, play])],
            )
        ],
    )


def khanates_animation(
    khanates: pd.DataFrame,
    places: pd.DataFrame,
    events: pd.DataFrame,
    *,
    title: str,
    source: str,
    years: list[int] | None = None,
) -> go.Figure:
    """The khanates as areas on the Caucasus map, recoloured year by year by their status
    (outside Russian rule, Russian vassal, under direct Russian rule), with a play button
    and a slider; capitals are labelled points and the two treaties are marked.

    Each khanate is its approximate extent (data/khanate_extents.csv: today's districts
    and provinces that its cited description names; dashed outline, light fill); Derbent's
    is not drawn (no open boundary in our sources), so it is coloured at its capital only.
    By default the frames are 1800 and every year in which an event or a change of status
    happens, to 1830. The figure opens on the last year; "Play" runs from the first. It is
    all plotly frames, so it works on nbviewer and in static pages without a kernel. Frames
    carry short hover cards; the opening (last) frame carries the full ones.
    """
    from explainer import territory

    lookup = places.set_index("place_id")
    caps = khanates.assign(
        lon=[round(float(lookup.loc[p, "lon"]), 3) for p in khanates["capital_place_id"]],
        lat=[round(float(lookup.loc[p, "lat"]), 3) for p in khanates["capital_place_id"]],
    )
    treaties = khanate_treaties(khanates, events, places)
    empire = events[events["era"] == "empire"]
    years = years or _frame_years(caps, empire, treaties)
    last = years[-1]
    extents = {k: territory.layer("khanate_extents", khanate_id=k) for k in caps["khanate_id"]}
    drawn = [k for _, k in caps.iterrows() if extents[k["khanate_id"]]]
    height = maps.REGIONS["caucasus"]["height"] + 90
    names, names_at, treaties_at, phone, treaties_phone = _label_places(
        caps, lookup, treaties, plot_height=height - 100 - 150
    )
    source_line = source_annotation(
        rewrap(
            f"{source} {maps.SOURCE_LINE} Districts: geoBoundaries (CC BY-SA 3.0; Armenia: © OpenStreetMap "
            "contributors, ODbL 1.0). Areas: approximate extents built from today's districts "
            "(data/khanate_extents.csv), not borders. Derbent's extent is not drawn. ★ treaty villages.",
            170,
        ),
        below=8,
    )

    # traces: base map, the areas (which change colour), the legend's colour keys, capitals, treaties
    fig = maps.base_figure("caucasus", title, source)
    maps.hide_names(fig, set(MODERN_NAMES))
    n_base = len(fig.data)
    for k in drawn:
        fill = FILL[khanate_status(k, last)]
        fig.add_trace(
            territory.area(
                extents[k["khanate_id"]],
                k["name_en"],
                fill=fill,
                line="#6B5B45",
                dash="dash",
                width=0.9,
                legend=False,
            )
        )
    for key, (label, colour, _) in STATUS.items():
        fig.add_trace(
            go.Scattergeo(
                lon=[None],
                lat=[None],
                mode="markers",
                name=label,
                showlegend=True,
                marker=dict(size=14, symbol="square", color=FILL[key], line=dict(width=1, color=colour)),
            )
        )
    fig.add_trace(_capitals_trace(caps, extents, last, True, names, names_at, phone))
    fig.add_trace(_treaty_trace(treaties, lookup, last, treaties_at, treaties_phone))
    first_point = n_base + len(drawn) + len(STATUS)
    moving = list(range(n_base, n_base + len(drawn))) + [first_point, first_point + 1]

    def frame_data(year: int) -> list[dict]:
        capitals = _capitals_trace(caps, extents, year, year == last, names, names_at)
        return (
            [dict(type="scattergeo", fillcolor=FILL[khanate_status(k, year)]) for k in drawn]
            + [
                dict(
                    type="scattergeo",
                    marker=dict(color=capitals.marker.color, symbol=capitals.marker.symbol),
                    hovertext=capitals.hovertext,
                )
            ]
            + [_treaty_trace(treaties, lookup, year, treaties_at, treaties_phone)]
        )

    captions = {y: _year_caption(empire, caps, y) for y in years}
    tallest = chrome.tallest_note((c["text"] for c in captions.values()), SIDE_SIZE)
    for caption in captions.values():  # one box in every year, as tall as the year with the most
        caption["height"] = tallest
    fig.frames = [
        go.Frame(
            name=str(y),
            data=frame_data(y),
            traces=moving,
            layout=dict(annotations=[captions[y], source_line]),
        )
        for y in years
    ]
    # replace, not merge with, the base map's source line
    fig.layout.annotations = [captions[last], source_line]
    fig.update_layout(
        margin=dict(l=10, r=10, t=100, b=150),
        height=height,
        legend=dict(
            orientation="h",
            x=0,
            y=1.0,
            yanchor="bottom",
            xanchor="left",
            font=dict(size=11),
            title_text="That year: ",
            traceorder="normal",
        ),
        geo_domain_x=[SIDE, 1],
        **_play_controls(years),
    )
    return fig


def event_layers_map(
    events: pd.DataFrame,
    places: pd.DataFrame,
    region: str,
    layers: list[tuple[str, str, str]],
    *,
    title: str,
    source: str,
    areas: list[tuple[str, str, str]] | None = None,
) -> go.Figure:
    """Events as markers on a base map, in dated layers a reader switches with buttons.

    ``layers`` are (label, first day, last day). Each layer is one trace (one
    marker per place, its hover listing the layer's events there); the buttons
    show one layer or all, with plotly's own controls. ``areas`` are territory
    layers drawn under the markers, as (map layer id, legend label, first day): each
    shows with the event layers that end on or after its first day.
    """
    from explainer import territory

    lookup = places.set_index("place_id")
    palette = [theme.OKABE_ITO[k] for k in ("blue", "vermillion", "orange", "purple", "green", "black")]

    def inside(pid: str) -> bool:
        return bool(maps.in_frame(float(lookup.loc[pid, "lon"]), float(lookup.loc[pid, "lat"]), region))

    in_layers = pd.concat(
        [
            events[(events["date_start"] >= pd.Timestamp(a)) & (events["date_start"] <= pd.Timestamp(b))]
            for _, a, b in layers
        ]
    ).drop_duplicates("event_id")
    outside = in_layers[~in_layers["place_id"].map(inside)]
    if len(outside):
        listed = "; ".join(
            f"{lookup.loc[pid, 'name_en']}: {', '.join(g['title'])}"
            for pid, g in outside.groupby("place_id", sort=True)
        )
        source = f"{source}{PARAGRAPH}Outside this frame: {wrap(listed, 150)}"
    fig = maps.base_figure(region, title, source)
    n_base = len(fig.data)
    area_from = []
    shades = [
        ("rgba(0,114,178,0.25)", theme.OKABE_ITO["blue"]),
        ("rgba(0,158,115,0.22)", theme.OKABE_ITO["green"]),
        ("rgba(204,121,167,0.25)", theme.OKABE_ITO["purple"]),
    ]
    for k, (layer_id, label, first) in enumerate(areas or []):
        fill, line = shades[k % len(shades)]
        fig.add_trace(
            territory.area(territory.layer(layer_id), label, fill=fill, line=line, dash="dash", width=1)
        )
        area_from.append(pd.Timestamp(first))
    n_base += len(area_from)
    counts = []
    for i, (label, first, last) in enumerate(layers):
        part = events[
            (events["date_start"] >= pd.Timestamp(first)) & (events["date_start"] <= pd.Timestamp(last))
        ]
        part = part[part["place_id"].map(inside)].sort_values(["date_start", "event_id"])
        groups = list(part.groupby("place_id", sort=True))
        counts.append(len(part))
        fig.add_trace(
            go.Scattergeo(
                lon=[round(float(lookup.loc[p, "lon"]), 3) for p, _ in groups],
                lat=[round(float(lookup.loc[p, "lat"]), 3) for p, _ in groups],
                mode="markers",
                marker=dict(
                    size=[9 + 3 * len(g) for _, g in groups],
                    color=palette[i % len(palette)],
                    line=dict(width=1, color="white"),
                    opacity=0.9,
                ),
                hovertext=[maps.events_card(lookup.loc[p], g) for p, g in groups],
                hoverinfo="text",
                customdata=[",".join(g["event_id"]) for _, g in groups],
                name=f"{label} ({len(part)})",
                showlegend=True,
            )
        )
    n = len(layers)
    source_lines = fig.layout.annotations[0].text.count("<br>") + 1
    bottom = 30 + 14 * source_lines + 24 * ((n + len(area_from) + 1) // 2)
    shown = [p for p in in_layers["place_id"] if inside(p)]
    counts = in_layers[in_layers["place_id"].isin(shown)].groupby("place_id").size()
    fig.add_trace(
        maps.place_labels(
            places,
            shown,
            region,
            plot_height=maps.REGIONS[region]["height"] - 70 - 110,
            radius={pid: (9 + 3 * n) / 2 for pid, n in counts.items()},
        )
    )
    n_plain = n_base - len(area_from)
    buttons = [dict(label="All", method="update", args=[{"visible": [True] * (n_base + n + 1)}])]
    for i, (label, _, last) in enumerate(layers):
        shown_areas = [pd.Timestamp(last) >= start for start in area_from]
        buttons.append(
            dict(
                label=label,
                method="update",
                args=[{"visible": [True] * n_plain + shown_areas + [j == i for j in range(n)] + [True]}],
            )
        )
    fig.update_layout(
        updatemenus=[
            dict(
                type="buttons",
                direction="right",
                buttons=buttons,
                x=0,
                xanchor="left",
                y=1.0,
                yanchor="bottom",
                pad=dict(b=4),
                font=dict(size=11),
            )
        ],
        height=maps.REGIONS[region]["height"] + bottom - 70,
        margin=dict(l=10, r=10, t=110, b=bottom),
        legend=dict(
            orientation="h",
            yref="container",
            yanchor="bottom",
            y=0.01,
            x=0,
            title_text="Layers: ",
            entrywidth=0.45,
            entrywidthmode="fraction",
            traceorder="normal",
        ),
    )
    return fig
