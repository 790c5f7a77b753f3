"""Figures for the 2024–25 crisis: the relations temperature, the linked map and
timeline, and the changing explanations of the AZAL crash."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer import maps, theme
from explainer.chrome import source_annotation
from explainer.text import PARAGRAPH, date_label, plain, precision_symbols, wrap
from explainer.timeline import hover_card

# The crisis in phases: (label, first day, last day). The buttons of the linked
# map and timeline show one phase at a time, or all.
PHASES = [
    ("AZAL crash and its aftermath", "2024-12-01", "2025-02-28"),
    ("Spring 2025", "2025-03-01", "2025-06-26"),
    ("Yekaterinburg and the tit-for-tat", "2025-06-27", "2025-07-31"),
    ("August 2025: strikes, threats, summits", "2025-08-01", "2025-08-31"),
    ("The thaw and after", "2025-09-01", "2026-12-31"),
]
# The buttons' words: short, so the row fits a notebook beside JupyterLab's file browser
# (about 900 px); the legend and hover keep the full names.
BUTTON = {
    "AZAL crash and its aftermath": "AZAL crash",
    "Spring 2025": "Spring 2025",
    "Yekaterinburg and the tit-for-tat": "Yekaterinburg",
    "August 2025: strikes, threats, summits": "August 2025",
    "The thaw and after": "The thaw",
}


def monthly_temperature(events: pd.DataFrame) -> pd.DataFrame:
    """Per month: the sum and mean Goldstein score of Russia–Azerbaijan (``ru_az``) events.

    Months with no coded event between the two are kept with a count of 0, so a
    quiet month shows as quiet rather than vanishing.
    """
    coded = events[(events["dyad"] == "ru_az") & events["goldstein"].notna()].copy()
    if coded.empty:
        raise ValueError("no coded Russia–Azerbaijan events")
    coded["month"] = coded["date_start"].dt.to_period("M")
    months = pd.period_range(coded["month"].min(), coded["month"].max(), freq="M")
    grouped = coded.groupby("month")
    out = pd.DataFrame({"month": months})
    out["events"] = out["month"].map(grouped.size()).fillna(0).astype(int)
    out["sum"] = out["month"].map(grouped["goldstein"].sum()).fillna(0.0).astype(float).round(1)
    out["mean"] = out["month"].map(grouped["goldstein"].mean()).astype(float).round(2)
    out["titles"] = out["month"].map(
        grouped.apply(
            lambda g: [f"{float(s):+.1f}  {t}" for s, t in zip(g["goldstein"], g["title"])],
            include_groups=False,
        )
    )
    return out


def temperature_chart(events: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Monthly bars of the summed Goldstein score; hover lists the events behind each month."""
    t = monthly_temperature(events)
    labels = [m.strftime("%b %Y") for m in t["month"]]
    hover = []
    for label, row in zip(labels, t.itertuples()):
        if row.events == 0:
            hover.append(f"<b>{label}</b><br>no coded Russia–Azerbaijan event")
        else:
            lines = "<br>".join(wrap(plain(x), 70) for x in row.titles)
            hover.append(
                f"<b>{label}</b>: sum {row.sum:+.1f}, mean {row.mean:+.2f} over {row.events} event(s)<br>{lines}"
            )
    colours = [theme.OKABE_ITO["vermillion"] if v < 0 else theme.OKABE_ITO["blue"] for v in t["sum"]]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=t["sum"].tolist(),
            marker_color=colours,
            hovertext=hover,
            hoverinfo="text",
            name="sum of Goldstein scores",
        )
    )
    fig.add_hline(y=0, line_color=theme.MUTED, line_width=1)
    fig.update_yaxes(title_text="− conflict · + cooperation", zeroline=False)
    fig.update_xaxes(title_text=None, type="category", tickangle=-45)
    fig.update_layout(
        title=dict(text=title),
        height=470,
        margin=dict(l=70, r=20, t=70, b=150),
        bargap=0.25,
        annotations=[
            source_annotation(
                f"{source}{PARAGRAPH}Each event between Russia and Azerbaijan is coded with a CAMEO root code and that code's Goldstein "
                "score (−10 … +10);<br>a month's bar is the sum. Coding rules: data/README.md. Third parties' actions are left out.",
                below=70,
            )
        ],
    )
    return fig


def _phase_of(date: pd.Timestamp) -> int | None:
    for i, (_, first, last) in enumerate(PHASES):
        if pd.Timestamp(first) <= date <= pd.Timestamp(last):
            return i
    return None


def _phase_map_trace(part: pd.DataFrame, lookup: pd.DataFrame, label: str, colour: str) -> go.Scattergeo:
    """One phase on the map: a marker per place, sized by its events, its hover listing them."""
    by_place = part.groupby("place_id", sort=True)
    lons, lats, hovers = [], [], []
    for pid, group in by_place:
        p = lookup.loc[pid]
        lons.append(round(float(p["lon"]), 3))
        lats.append(round(float(p["lat"]), 3))
        hovers.append(maps.events_card(p, group))
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="markers",
        hovertext=hovers,
        hoverinfo="text",
        marker=dict(
            size=[8 + 3 * len(g) for _, g in by_place], color=colour, line=dict(width=1, color="white")
        ),
        name=label,
        legendgroup=label,
        showlegend=True,
    )


def _phase_timeline_trace(part: pd.DataFrame, places: pd.DataFrame, label: str, colour: str) -> go.Scatter:
    """One phase on the timeline: an event per marker, by kind, with its full hover card."""
    return go.Scatter(
        x=part["date_start"].dt.strftime("%Y-%m-%d").tolist(),
        y=part["category"].tolist(),
        mode="markers",
        marker=dict(
            size=11,
            color=colour,
            symbol=precision_symbols(part["date_precision"]),
            line=dict(width=1.5, color=colour),
        ),
        hovertext=[hover_card(r, places) for _, r in part.iterrows()],
        hoverinfo="text",
        customdata=part["event_id"].tolist(),
        name=label,
        legendgroup=label,
        showlegend=False,
    )


def _phase_buttons(rows: pd.DataFrame, visible, full: list) -> list[dict]:
    """ "All phases", then a button per phase with events: it shows that phase in both views
    and sets the timeline to its dates (a week either side)."""
    buttons = [
        dict(
            label="All phases",
            method="update",
            args=[{"visible": visible(None)}, {"xaxis.range": [d.strftime("%Y-%m-%d") for d in full]}],
        )
    ]
    for i, (label, _first, _last) in enumerate(PHASES):
        part = rows[rows["phase"] == i]
        if part.empty:
            continue
        lo = part["date_start"].min() - pd.Timedelta(days=7)
        hi = part["date_start"].max() + pd.Timedelta(days=7)
        buttons.append(
            dict(
                label=BUTTON[label],
                method="update",
                args=[
                    {"visible": visible(i)},
                    {"xaxis.range": [lo.strftime("%Y-%m-%d"), hi.strftime("%Y-%m-%d")]},
                ],
            )
        )
    return buttons


def linked_map_timeline(events: pd.DataFrame, places: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """A map of where the crisis happened above a timeline of when; buttons pick a phase.

    Each phase has one map trace (one marker per place, its hover listing the
    phase's events there) and one timeline trace. A button shows one phase in
    both views and sets the timeline to its dates, using plotly's own controls,
    so it works on nbviewer and in a static page without a kernel.
    """
    rows = events[events["date_start"] >= pd.Timestamp(PHASES[0][1])].copy()
    rows["phase"] = rows["date_start"].map(_phase_of)
    rows = rows.dropna(subset=["phase"]).sort_values(["date_start", "event_id"])
    fig = make_subplots(
        rows=2,
        cols=1,
        row_heights=[0.62, 0.38],
        vertical_spacing=0.08,
        specs=[[{"type": "geo"}], [{"type": "xy"}]],
    )
    for trace in maps.basemap_traces("eurasia"):
        fig.add_trace(trace, row=1, col=1)
    n_base = len(fig.data)
    lookup = places.set_index("place_id")
    palette = [theme.OKABE_ITO[k] for k in ("black", "sky", "vermillion", "purple", "green")]
    categories = sorted(rows["category"].unique())
    for i, (label, _, _) in enumerate(PHASES):
        part = rows[rows["phase"] == i]
        fig.add_trace(_phase_map_trace(part, lookup, label, palette[i]), row=1, col=1)
        fig.add_trace(_phase_timeline_trace(part, places, label, palette[i]), row=2, col=1)
    # Place names once, for every phase (a name per phase would print on top of itself).
    counts = rows.groupby("place_id").size()
    plot_height = (940 - 130 - 185) * 0.62 * (1 - 0.08)  # the map's row of the plot area
    fig.add_trace(
        maps.place_labels(
            places,
            list(rows["place_id"]),
            "eurasia",
            plot_height=plot_height,
            radius={pid: (8 + 3 * n) / 2 for pid, n in counts.items()},
            phone_width=maps.PHONE_BESIDE_TIMELINE,
        ),
        row=1,
        col=1,
    )
    n = len(PHASES)
    full = [
        rows["date_start"].min() - pd.Timedelta(days=15),
        rows["date_start"].max() + pd.Timedelta(days=15),
    ]

    def visible(phase: int | None) -> list[bool]:
        per_phase = [phase is None or i == phase for i in range(n) for _ in (0, 1)]
        return [True] * n_base + per_phase + [True]

    buttons = _phase_buttons(rows, visible, full)
    fig.update_geos(**maps.geo_layout("eurasia"))
    fig.update_xaxes(type="date", range=[d.strftime("%Y-%m-%d") for d in full], row=2, col=1)
    fig.update_yaxes(categoryorder="array", categoryarray=categories[::-1], automargin=True, row=2, col=1)
    fig.update_layout(
        title=dict(text=title, y=0.985, yanchor="top"),
        height=940,
        margin=dict(l=20, r=20, t=130, b=185),
        hovermode="closest",
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.1, x=0, title_text="Phase: "),
        updatemenus=[
            dict(
                type="buttons",
                direction="right",
                buttons=buttons,
                x=0,
                xanchor="left",
                y=1.02,
                yanchor="bottom",
                showactive=True,
                pad=dict(r=4, t=2),
                font=dict(size=11),
            )
        ],
        annotations=[
            source_annotation(
                f"{source}{PARAGRAPH}{maps.SOURCE_LINE} Marker size: number of events at the place in the phase.",
                below=105,
            )
        ],
    )
    return fig


SIDES = {"russia": "Russia", "azerbaijan": "Azerbaijan", "kazakhstan": "Kazakhstan", "other": "Others"}
EXPLANATION_COLOURS = {
    "accident_claim": theme.OKABE_ITO["sky"],
    "no_comment": theme.MUTED,
    "external_damage": theme.OKABE_ITO["orange"],
    "russian_air_defence": theme.OKABE_ITO["vermillion"],
    "apology": theme.OKABE_ITO["purple"],
    "admission": theme.OKABE_ITO["green"],
}
EXPLANATION_LABELS = {
    "accident_claim": "accident (bird, oxygen, fog, fault)",
    "no_comment": "wait for the investigation",
    "external_damage": "damage from outside",
    "russian_air_defence": "Russian air defence",
    "apology": "apology",
    "admission": "admission",
}


def azal_lane(explanations: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Who explained the AZAL crash how, and when: one lane per side, coloured by explanation.

    Two panels: the first five days, when most explanations were given, and the
    year after. Statements by one side on the same day are spread over that day
    so none hides another.
    """
    rows = explanations.sort_values(["date_start", "explanation_id"]).copy()
    # Spread same-day statements of one side across the day (6 hours apart).
    rows["offset"] = rows.groupby(["date_start", "side"]).cumcount() * pd.Timedelta(hours=6)
    rows["x"] = (rows["date_start"] + pd.Timedelta(hours=3) + rows["offset"]).dt.strftime("%Y-%m-%d %H:%M")
    first_days = (pd.Timestamp("2024-12-24"), pd.Timestamp("2024-12-31"))
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        column_widths=[0.42, 0.58],
        horizontal_spacing=0.03,
        subplot_titles=["The first days, 25–30 Dec 2024", "The year after"],
    )
    for col, (lo, hi) in enumerate(
        [first_days, (pd.Timestamp("2024-12-31"), pd.Timestamp("2026-12-31"))], start=1
    ):
        window = rows[(rows["date_start"] >= lo) & (rows["date_start"] < hi)]
        for category, label in EXPLANATION_LABELS.items():
            part = window[window["category"] == category]
            if part.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=part["x"].tolist(),
                    y=[SIDES[s] for s in part["side"]],
                    mode="markers",
                    name=label,
                    legendgroup=label,
                    showlegend=col == 1
                    or not (
                        rows[(rows["date_start"] < first_days[1]) & (rows["category"] == category)]
                    ).shape[0],
                    marker=dict(
                        size=15,
                        color=EXPLANATION_COLOURS[category],
                        line=dict(width=1, color="white"),
                        symbol=precision_symbols(part["date_precision"]),
                    ),
                    hovertext=[
                        f"<b>{date_label(r['date_start'].date(), r['date_precision'])}</b> — {wrap(plain(r['speaker']), 60)}<br>"
                        f"<i>{wrap(plain(r['explanation']), 60)}</i><br>{wrap(plain(r['summary']))}"
                        f"{'<br>' + wrap(plain(r['note']), 70) if r['note'] else ''}<br>"
                        f"<span style='font-size:0.85em'>Sources: {plain(r['source_names'])}</span>"
                        for _, r in part.iterrows()
                    ],
                    hoverinfo="text",
                    customdata=part["explanation_id"].tolist(),
                ),
                row=1,
                col=col,
            )
    fig.update_xaxes(
        type="date",
        range=["2024-12-24 12:00", "2024-12-30 12:00"],
        dtick=86_400_000,
        tickformat="%d %b",
        row=1,
        col=1,
    )
    fig.update_xaxes(
        type="date",
        range=["2025-01-01", (rows["date_start"].max() + pd.Timedelta(days=20)).strftime("%Y-%m-%d")],
        row=1,
        col=2,
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=[SIDES[s] for s in ("other", "kazakhstan", "azerbaijan", "russia")],
        automargin=True,
    )
    height = 470
    fig.update_layout(
        title=dict(text=title, y=1 - 14 / height, yanchor="top"),
        height=height,
        margin=dict(l=20, r=20, t=125, b=70),
        legend=dict(
            orientation="h",
            yref="container",
            yanchor="top",
            y=1 - 50 / height,
            x=0,
            title_text="Explanation: ",
        ),
        annotations=list(fig.layout.annotations) + [source_annotation(source, below=32)],
    )
    return fig
