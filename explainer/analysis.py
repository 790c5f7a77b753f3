"""Figures for the analysis chapters: the claim ledger, the views matrix and
likelihood bands, events grouped by theme, and the scorecard."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from explainer import theme
from explainer.chrome import source_annotation
from explainer.text import PARAGRAPH, date_label, plain, precision_symbols, wrap
from explainer.timeline import hover_card

STATUS_COLOURS = {
    "confirmed": theme.OKABE_ITO["blue"],
    "official_claim_only": theme.OKABE_ITO["sky"],
    "disputed": theme.OKABE_ITO["vermillion"],
    "unverified": theme.OKABE_ITO["orange"],
    "not_applicable": "#B8B8B8",
}
STATUS_LABELS = {
    "confirmed": "confirmed",
    "official_claim_only": "official claim only",
    "disputed": "disputed",
    "unverified": "unverified",
    "not_applicable": "opinion or forecast (not checkable)",
}
KINDS = ["fact", "allegation", "threat", "opinion", "forecast"]


def claims_overview(claims: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """How many claims of each kind, by status; hover lists the claims in each bar."""
    fig = go.Figure()
    for status, colour in STATUS_COLOURS.items():
        if not (claims["status"] == status).any():
            continue
        counts, hovers = [], []
        for kind in KINDS:
            part = claims[(claims["kind"] == kind) & (claims["status"] == status)]
            counts.append(len(part))
            hovers.append(
                f"<b>{kind} · {STATUS_LABELS[status]}</b> ({len(part)})<br>"
                + "<br>".join(
                    f"{plain(r['claim_id'])}: {wrap(plain(r['claim']), 70)}" for _, r in part.iterrows()
                )
            )
        fig.add_trace(
            go.Bar(
                y=KINDS,
                x=counts,
                orientation="h",
                name=STATUS_LABELS[status],
                marker_color=colour,
                hovertext=hovers,
                hoverinfo="text",
            )
        )
    height = 400
    fig.update_layout(
        title=dict(text=title, y=1 - 14 / height, yanchor="top"),
        barmode="stack",
        height=height,
        margin=dict(l=20, r=20, t=110, b=80),
        legend=dict(
            orientation="h", yref="container", yanchor="top", y=1 - 50 / height, x=0, title_text="Status: "
        ),
        xaxis=dict(title_text="number of claims", dtick=2),
        yaxis=dict(categoryorder="array", categoryarray=KINDS[::-1], automargin=True),
        annotations=[source_annotation(source, below=48)],
    )
    return fig


def row_height(columns: list[list[str]], size: int) -> int:
    """The table's row height: that of its shortest row as plotly draws it.

    plotly's table draws each cell at this height, measures it, and when its lines need more
    room makes the row taller and lays out the whole column again: rows of one line (the
    default of 26 px) under cells of four make a chapter page wait a third of a second for
    one table. Rows never shorter than their content need no such pass; taller rows still
    grow. Line spacing 1.3 and padding 8 px above and below are plotly's own.
    """
    lines = min(max(str(col[row]).count("<br>") + 1 for col in columns) for row in range(len(columns[0])))
    return math.ceil((lines - 1) * 1.3 * size + 1.2 * size + 2 * 8)


def claims_table(claims: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """The whole ledger as a table, with buttons that show one status at a time."""
    columns = ["#", "claim", "kind", "speaker", "status", "evidence (sources)"]

    def values(part: pd.DataFrame) -> list[list[str]]:
        return [
            part["claim_id"].tolist(),
            [wrap(plain(c), 42) for c in part["claim"]],
            part["kind"].tolist(),
            [wrap(plain(s), 18) for s in part["speaker"]],
            [STATUS_LABELS[s] for s in part["status"]],
            [
                f"{wrap(plain(e), 90)}<br><i>{wrap(plain(u), 90)}</i>"
                for e, u in zip(part["evidence"], part["source_names"])
            ],
        ]

    def fills(part: pd.DataFrame) -> list[list[str]]:
        status = [STATUS_COLOURS[s] for s in part["status"]]
        white = ["white"] * len(part)
        return [white, white, white, white, status, white]

    def font_colours(part: pd.DataFrame) -> list[list[str]]:
        light = {"not_applicable", "official_claim_only", "unverified"}
        status = [theme.INK if s in light else "white" for s in part["status"]]
        ink = [theme.INK] * len(part)
        return [ink, ink, ink, ink, status, ink]

    fig = go.Figure(
        go.Table(
            columnwidth=[26, 200, 58, 84, 84, 440],
            header=dict(
                values=[f"<b>{c}</b>" for c in columns],
                fill_color="#EDEDED",
                align="left",
                font=dict(size=12, color=theme.INK),
            ),
            cells=dict(
                values=values(claims),
                fill_color=fills(claims),
                align="left",
                font=dict(size=11, color=font_colours(claims)),
                height=row_height(values(claims), 11),
            ),
        )
    )
    buttons = [
        dict(
            label=f"All ({len(claims)})",
            method="restyle",
            args=[
                {
                    "cells.values": [values(claims)],
                    "cells.fill.color": [fills(claims)],
                    "cells.font.color": [font_colours(claims)],
                }
            ],
        )
    ]
    for status in STATUS_COLOURS:
        part = claims[claims["status"] == status]
        if part.empty:
            continue
        buttons.append(
            dict(
                label=f"{STATUS_LABELS[status]} ({len(part)})",
                method="restyle",
                args=[
                    {
                        "cells.values": [values(part)],
                        "cells.fill.color": [fills(part)],
                        "cells.font.color": [font_colours(part)],
                    }
                ],
            )
        )
    fig.update_layout(
        title=dict(text=title),
        height=980,
        margin=dict(l=10, r=10, t=110, b=50),
        updatemenus=[
            dict(
                type="buttons",
                direction="right",
                buttons=buttons,
                x=0,
                xanchor="left",
                y=1.0,
                yanchor="bottom",
                pad=dict(b=6),
                font=dict(size=11),
            )
        ],
        annotations=[source_annotation(source, below=10)],
    )
    return fig


# How the explainer reads each view's own words on the ICD 203 scale (data/likelihood.csv).
# Words that are not a probability (a hope, a capability) are left unmapped, on purpose.
LIKELIHOOD_READING = {
    "not expected": "unlikely",
    "unlikely": "unlikely",
    "there are no forces on the second front and will not be": "almost no chance",
    "quite probable": "likely",
    "likely": "likely",
}


def likelihood_bands(views: pd.DataFrame, scale: pd.DataFrame) -> pd.DataFrame:
    """Views whose words map to a term of the scale, with that term's range."""
    rows = views.assign(term=views["likelihood_words"].map(LIKELIHOOD_READING)).dropna(subset=["term"])
    return rows.merge(
        scale[["term", "low_percent", "high_percent"]], on="term", how="left", validate="many_to_one"
    )


TOPIC_LABELS = {
    "open_war": "open war",
    "hybrid_pressure": "hybrid pressure",
    "relations_outlook": "outlook for relations",
    "azal": "the AZAL crash",
    "peace_track": "the peace track",
    "other": "other",
}
TOPIC_COLOURS = {
    "open_war": theme.OKABE_ITO["vermillion"],
    "hybrid_pressure": theme.OKABE_ITO["orange"],
    "relations_outlook": theme.OKABE_ITO["blue"],
    "azal": theme.OKABE_ITO["black"],
    "peace_track": theme.OKABE_ITO["green"],
    "other": theme.OKABE_ITO["purple"],
}


def views_matrix(views: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Who judged what, when: one row per person (grouped by country), coloured by topic."""
    rows = views.sort_values(["country", "person", "date_start"])
    rows = rows.assign(label=[f"{p} ({c})" for p, c in zip(rows["person"], rows["country"])])
    fig = go.Figure()
    for topic, colour in TOPIC_COLOURS.items():
        part = rows[rows["topic"] == topic]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["date_start"].dt.strftime("%Y-%m-%d").tolist(),
                y=part["label"].tolist(),
                mode="markers+text",
                text=[f"“{w}”" if w else "" for w in part["likelihood_words"]],
                textposition="middle right",
                textfont=dict(size=10, color=theme.MUTED),
                marker=dict(
                    size=13,
                    color=colour,
                    line=dict(width=1, color="white"),
                    symbol=precision_symbols(part["date_precision"]),
                ),
                hovertext=[
                    f"<b>{plain(r['person'])}</b>, {wrap(plain(r['affiliation']), 60)}<br>"
                    f"{date_label(r['date_start'].date(), r['date_precision'])} · {TOPIC_LABELS[r['topic']]}<br>"
                    f"{wrap(plain(r['stance']), 70)}<br><i>{wrap(plain(r['note']), 70)}</i><br>"
                    f"<span style='font-size:0.85em'>Sources: {plain(r['source_names'])}</span>"
                    for _, r in part.iterrows()
                ],
                hoverinfo="text",
                name=TOPIC_LABELS[topic],
                customdata=part["view_id"].tolist(),
            )
        )
    labels = list(dict.fromkeys(rows["label"]))
    height = 170 + 30 * len(labels)
    fig.update_layout(
        title=dict(text=title, y=1 - 14 / height, yanchor="top"),
        height=height,
        # t: the legend's row under the title and plotly's 12 px below it (with less, plotly
        # draws the chart, finds a few pixels short, and draws it all again)
        margin=dict(l=20, r=140, t=116, b=70),
        legend=dict(
            orientation="h", yref="container", yanchor="top", y=1 - 50 / height, x=0, title_text="About: "
        ),
        yaxis=dict(categoryorder="array", categoryarray=labels[::-1], automargin=True),
        xaxis=dict(type="date"),
        annotations=[
            source_annotation(
                f"{source}{PARAGRAPH}Quoted: the speaker's own hedging words. Open marker: month known, not the day.",
                below=32,
            )
        ],
    )
    return fig


def bands_chart(bands: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Each mapped judgement as the probability range its words stand for on the scale."""
    rows = bands.sort_values(["low_percent", "person"])
    labels = [f"{p}: “{w}”" for p, w in zip(rows["person"], rows["likelihood_words"])]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=(rows["high_percent"] - rows["low_percent"]).tolist(),
            base=rows["low_percent"].tolist(),
            orientation="h",
            marker_color=[TOPIC_COLOURS[t] for t in rows["topic"]],
            text=[
                f"{t} ({lo}–{hi}%)"
                for t, lo, hi in zip(rows["term"], rows["low_percent"], rows["high_percent"])
            ],
            textposition="outside",
            cliponaxis=False,
            hovertext=[
                f"<b>{plain(r['person'])}</b> ({TOPIC_LABELS[r['topic']]})<br>{wrap(plain(r['stance']), 70)}<br>"
                f"Their words: “{plain(r['likelihood_words'])}” → read as <b>{plain(r['term'])}</b>, {r['low_percent']}–{r['high_percent']}%"
                for _, r in rows.iterrows()
            ],
            hoverinfo="text",
        )
    )
    height = 200 + 46 * len(rows)
    fig.update_layout(
        title=dict(text=title),
        height=height,
        margin=dict(l=20, r=40, t=70, b=92),
        xaxis=dict(range=[0, 100], title_text="probability, % (ICD 203 range for the words used)", dtick=10),
        yaxis=dict(automargin=True),
        showlegend=False,
        annotations=[source_annotation(source, below=64)],
    )
    return fig


def themed_events(
    events: pd.DataFrame, places: pd.DataFrame, groups: dict[str, list[str]], *, title: str, source: str
) -> go.Figure:
    """Events grouped under themes (one row per theme), placed in time; hover gives each event's card."""
    known = set(events["event_id"])
    missing = [e for ids in groups.values() for e in ids if e not in known]
    if missing:
        raise ValueError(f"unknown event ids: {missing}")
    indexed = events.set_index("event_id", drop=False)
    palette = [
        theme.OKABE_ITO[k] for k in ("vermillion", "orange", "purple", "blue", "green", "black", "sky")
    ]
    fig = go.Figure()
    for i, (label, ids) in enumerate(groups.items()):
        part = indexed.loc[ids].sort_values("date_start")
        fig.add_trace(
            go.Scatter(
                x=part["date_start"].dt.strftime("%Y-%m-%d").tolist(),
                y=[label] * len(part),
                mode="markers",
                marker=dict(
                    size=14,
                    color=palette[i % len(palette)],
                    line=dict(width=1.5, color=palette[i % len(palette)]),
                    symbol=precision_symbols(part["date_precision"]),
                ),
                hovertext=[hover_card(r, places) for _, r in part.iterrows()],
                hoverinfo="text",
                customdata=part["event_id"].tolist(),
                name=label,
                showlegend=False,
            )
        )
    labels = list(groups)
    height = 200 + 48 * len(labels)
    fig.update_layout(
        title=dict(text=title),
        height=height,
        margin=dict(l=20, r=20, t=70, b=80),
        yaxis=dict(categoryorder="array", categoryarray=labels[::-1], automargin=True),
        xaxis=dict(type="date"),
        annotations=[source_annotation(source, below=32)],
    )
    return fig


VERDICT = {
    "borne_out": ("borne out so far", theme.OKABE_ITO["blue"], "white"),
    "partly": ("partly", theme.OKABE_ITO["sky"], theme.INK),
    "not_borne_out": ("not borne out", theme.OKABE_ITO["vermillion"], "white"),
    "too_early": ("too early to say", "#D9D9D9", theme.INK),
}


def scorecard_table(
    scorecard: pd.DataFrame, claims: pd.DataFrame, views: pd.DataFrame, *, title: str, source: str
) -> go.Figure:
    """Each expectation, who held it, the verdict and the evidence, as a table."""
    who_names = {
        **dict(zip(claims["claim_id"], claims["speaker"])),
        **dict(zip(views["view_id"], views["person"])),
    }
    verdicts = [VERDICT[v] for v in scorecard["verdict"]]
    cells = [
        [wrap(plain(e), 44) for e in scorecard["expectation"]],
        [
            wrap(plain("; ".join(dict.fromkeys(who_names[w.strip()] for w in s.split(";")))), 24)
            for s in scorecard["who"]
        ],
        [label for label, _, _ in verdicts],
        [
            f"{wrap(plain(e), 66)}<br><i>{wrap(plain(u), 66)}</i>"
            for e, u in zip(scorecard["evidence"], scorecard["source_names"])
        ],
    ]
    fig = go.Figure(
        go.Table(
            columnwidth=[230, 130, 90, 340],
            header=dict(
                values=[
                    "<b>expectation</b>",
                    "<b>who</b>",
                    "<b>verdict</b>",
                    "<b>what happened (sources)</b>",
                ],
                fill_color="#EDEDED",
                align="left",
                font=dict(size=12, color=theme.INK),
            ),
            cells=dict(
                values=cells,
                fill_color=[
                    ["white"] * len(scorecard),
                    ["white"] * len(scorecard),
                    [c for _, c, _ in verdicts],
                    ["white"] * len(scorecard),
                ],
                font=dict(
                    size=11,
                    color=[
                        [theme.INK] * len(scorecard),
                        [theme.INK] * len(scorecard),
                        [f for _, _, f in verdicts],
                        [theme.INK] * len(scorecard),
                    ],
                ),
                align="left",
                height=row_height(cells, 11),
            ),
        )
    )
    fig.update_layout(
        title=dict(text=title),
        height=150 + 105 * len(scorecard),
        margin=dict(l=10, r=10, t=70, b=50),
        annotations=[source_annotation(source, below=8)],
    )
    return fig


def claims_filter(claims: pd.DataFrame):
    """A live filter for JupyterLab: pick a kind, a status or a speaker and see the matching claims.

    Python callbacks run only with a kernel; the committed notebook shows the
    complete static table above it, which needs none.
    """
    import ipywidgets as widgets
    from IPython.display import HTML, display

    def options(column: str) -> list[str]:
        return ["(all)"] + sorted(claims[column].unique())

    kind = widgets.Dropdown(options=options("kind"), description="Kind")
    status = widgets.Dropdown(options=options("status"), description="Status")
    speaker = widgets.Dropdown(
        options=options("speaker"), description="Speaker", layout=widgets.Layout(width="420px")
    )
    out = widgets.Output()

    def show(_=None) -> None:
        part = claims
        for widget, column in ((kind, "kind"), (status, "status"), (speaker, "speaker")):
            if widget.value != "(all)":
                part = part[part[column] == widget.value]
        out.clear_output()
        with out:
            table = part[["claim_id", "claim", "kind", "speaker", "status", "evidence"]].rename(
                columns={"claim_id": "#"}
            )
            display(
                HTML(f"<p>{len(part)} of {len(claims)} claims</p>" + table.to_html(index=False, escape=True))
            )

    for widget in (kind, status, speaker):
        widget.observe(show, names="value")
    show()
    return widgets.VBox([widgets.HBox([kind, status]), speaker, out])
