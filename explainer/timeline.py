"""Timelines built from the event ledger."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer import theme
from explainer.chrome import source_annotation
from explainer.text import PARAGRAPH, date_label, plain, precision_symbols, wrap

# The eras in reading order, with the label a panel carries and its colour.
# The chapter that tells each era's events in full.
ERA_CHAPTER = {"empire": "02", "soviet": "03", "karabakh": "04", "crisis": "05", "aftermath": "07"}

ERAS = {
    "empire": ("Empire and khanates", theme.OKABE_ITO["blue"]),
    "soviet": ("Soviet century", theme.OKABE_ITO["vermillion"]),
    "karabakh": ("Karabakh conflict", theme.OKABE_ITO["green"]),
    "crisis": ("2024–25 crisis", theme.OKABE_ITO["purple"]),
    "aftermath": ("What happened next", theme.OKABE_ITO["orange"]),
}


def hover_card(event: pd.Series, places: pd.DataFrame, brief: bool = False) -> str:
    """Date (as precise as known), title, place names, summary, dispute and sources.

    ``brief`` (the overview in chapter 00) gives the date, title, place and sources,
    flags a dispute instead of spelling it out, and names the chapter that tells
    the event in full.
    """
    place = places.loc[places["place_id"] == event["place_id"]].iloc[0]
    names = " · ".join(
        plain(n) for n in dict.fromkeys([place["name_en"], place["name_az"], place["name_ru"]]) if n
    )
    card = (
        f"<b>{date_label(event['date_start'].date(), event['date_precision'])}</b> — "
        f"<b>{plain(event['title'])}</b><br><i>{names}</i>"
    )
    if brief:
        chapter = ERA_CHAPTER.get(event["era"])
        card += (
            f"<br>{'Disputed; ' if event.get('dispute_note') else ''}in full in chapter {chapter}"
            if chapter
            else ""
        )
    else:
        card += f"<br>{wrap(plain(event['summary']))}"
    if event.get("dispute_note") and not brief:
        card += f"<br><span style='color:#8A3B00'>Disputed: {wrap(plain(event['dispute_note']), 70)}</span>"
    sources = plain(event["source_names"])
    return card + f"<br><span style='font-size:0.85em'>Sources: {sources}</span>"


SOURCE = "Events: data/events.csv, each with its sources (data/sources.csv)."


def _span(events: pd.DataFrame) -> str:
    first, last = events["date_start"].min().year, events["date_start"].max().year
    return f"{first}" if first == last else f"{first}–{last}"


def overview_timeline(
    events: pd.DataFrame, places: pd.DataFrame, *, title: str | None = None, source: str = SOURCE
) -> go.Figure:
    """One panel per era, side by side, each with its own time axis.

    Example: ``overview_timeline(tables["events"], tables["places"])``.

    Two centuries do not fit one linear axis when half the events fall in two
    years; panels keep every era readable. Markers stack in rows by category;
    hover gives the full card.
    """
    present = [e for e in ERAS if (events["era"] == e).any()]
    if not present:
        raise ValueError("overview_timeline: no events match; widen the selection")
    title = title or f"Events by era, {_span(events)}"
    categories = sorted(events["category"].unique())
    fig = make_subplots(
        rows=1,
        cols=len(present),
        shared_yaxes=True,
        horizontal_spacing=0.025,
        subplot_titles=[ERAS[e][0] for e in present],
    )
    for col, era in enumerate(present, start=1):
        rows = events[events["era"] == era].sort_values("date_start")
        label, colour = ERAS[era]
        fig.add_trace(
            go.Scatter(
                x=rows["date_start"].dt.strftime("%Y-%m-%d").tolist(),
                y=rows["category"].tolist(),
                mode="markers",
                marker=dict(
                    size=12,
                    color=colour,
                    line=dict(width=1, color="white"),
                    symbol=precision_symbols(rows["date_precision"]),
                ),
                hovertext=[hover_card(r, places, brief=True) for _, r in rows.iterrows()],
                hoverinfo="text",
                customdata=rows["event_id"].tolist(),
                name=label,
                showlegend=False,
            ),
            row=1,
            col=col,
        )
        start, end = rows["date_start"].min(), rows["date_start"].max()
        pad = max(pd.Timedelta(days=20), (end - start) * 0.08)
        fig.update_xaxes(
            range=[(start - pad).strftime("%Y-%m-%d"), (end + pad).strftime("%Y-%m-%d")],
            nticks=3,
            tickangle=0,
            row=1,
            col=col,
        )
    fig.update_yaxes(categoryorder="array", categoryarray=categories, title_text=None, automargin=True)
    fig.update_layout(
        title=dict(text=title),
        height=360 + 22 * len(categories),
        margin=dict(l=100, r=20, t=90, b=100),
        hovermode="closest",
        annotations=list(fig.layout.annotations)
        + [
            source_annotation(
                f"{source}{PARAGRAPH}Filled marker: exact day known; open marker: month or year only.",
                below=32,
            )
        ],
    )
    return fig


CATEGORY_COLOURS = {
    "war": theme.OKABE_ITO["vermillion"],
    "violence": theme.OKABE_ITO["vermillion"],
    "strike": theme.OKABE_ITO["vermillion"],
    "arrests": theme.OKABE_ITO["orange"],
    "annexation": theme.OKABE_ITO["orange"],
    "displacement": theme.OKABE_ITO["purple"],
    "treaty": theme.OKABE_ITO["green"],
    "diplomacy": theme.OKABE_ITO["green"],
    "politics": theme.OKABE_ITO["blue"],
    "media": theme.OKABE_ITO["sky"],
    "aviation": theme.OKABE_ITO["black"],
}


def era_timeline(
    events: pd.DataFrame,
    places: pd.DataFrame,
    *,
    title: str | None = None,
    source: str = SOURCE,
    start: str | None = None,
    end: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """A chapter's timeline on one linear axis: one row per kind of event.

    ``start``/``end`` (ISO dates) choose the window; events outside it are left
    out of this figure. Filled markers: the day is known; open: month or year only.

    Example (a timeline of your own)::

        mine = tables["events"][tables["events"]["event_id"].isin(["1813_gulistan_treaty", "1828_turkmenchay_treaty"])]
        era_timeline(mine, tables["places"], title="Two treaties")
    """
    rows = events.copy()
    if start:
        rows = rows[rows["date_start"] >= pd.Timestamp(start)]
    if end:
        rows = rows[rows["date_start"] <= pd.Timestamp(end)]
    if rows.empty:
        raise ValueError("era_timeline: no events match (check the window and the selection)")
    rows = rows.sort_values(["date_start", "event_id"])
    title = title or f"Events, {_span(rows)}"
    categories = sorted(rows["category"].unique())
    fig = go.Figure()
    for category in categories:
        part = rows[rows["category"] == category]
        fig.add_trace(
            go.Scatter(
                x=part["date_start"].dt.strftime("%Y-%m-%d").tolist(),
                y=[category] * len(part),
                mode="markers",
                marker=dict(
                    size=13,
                    color=CATEGORY_COLOURS.get(category, theme.MUTED),
                    line=dict(width=1.5, color=CATEGORY_COLOURS.get(category, theme.MUTED)),
                    symbol=precision_symbols(part["date_precision"]),
                ),
                hovertext=[hover_card(r, places) for _, r in part.iterrows()],
                hoverinfo="text",
                customdata=part["event_id"].tolist(),
                name=category,
                showlegend=False,
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=categories[::-1], automargin=True)
    fig.update_xaxes(type="date")
    fig.update_layout(
        title=dict(text=title),
        height=height or 260 + 34 * len(categories),
        margin=dict(l=20, r=20, t=70, b=90),
        hovermode="closest",
        annotations=[
            source_annotation(
                f"{source}{PARAGRAPH}Filled marker: exact day known; open marker: month or year only.",
                below=32,
            )
        ],
    )
    return fig
