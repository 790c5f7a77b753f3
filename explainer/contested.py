"""Disputed figures as attributed ranges: who says how many, never one invented number."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer import theme
from explainer.maps import source_annotation
from explainer.text import wrap

# Source kinds, grouped for colour, with the legend label each group carries.
KIND_GROUPS = {
    "official_az": ("Azerbaijani officials", theme.OKABE_ITO["blue"]),
    "official_am": ("Armenian officials", theme.OKABE_ITO["vermillion"]),
    "official_ru": ("Russian officials", theme.OKABE_ITO["purple"]),
    "official_ua": ("Ukrainian officials", theme.OKABE_ITO["yellow"]),
    "official_other": ("Other officials (Soviet, Kazakh…)", theme.OKABE_ITO["orange"]),
    "state_media": ("State or state-aligned media", theme.OKABE_ITO["sky"]),
    "independent_media": ("Independent media", theme.OKABE_ITO["green"]),
    "ngo": ("NGOs", theme.OKABE_ITO["green"]),
    "scholar": ("Scholars", theme.OKABE_ITO["black"]),
    "international_org": ("International organisations", theme.OKABE_ITO["black"]),
}


def figure_label(row: pd.Series) -> str:
    """How a source's figure reads: "133", "48–66", "at least 161"."""
    low, high = row["value_low"], row["value_high"]
    fmt = (lambda v: f"{v:,.1f}".rstrip("0").rstrip(".")) if row["unit"] == "percent" else (lambda v: f"{v:,.0f}")
    unit = "%" if row["unit"] == "percent" else ""
    if pd.isna(high):
        return f"at least {fmt(low)}{unit}"
    if high == low:
        return f"{fmt(low)}{unit}"
    return f"{fmt(low)}–{fmt(high)}{unit}"


def short_source(who: str, width: int = 42) -> str:
    """A row label: who gives the figure, without the parenthesised detail (kept for hover)."""
    head = who.split(" (")[0].split(", as ")[0].strip()
    return head if len(head) <= width else head[: width - 1].rstrip() + "…"


def row_labels(rows: pd.DataFrame) -> list[str]:
    """Distinct short labels for one panel's rows (a source named twice gets its year or a number)."""
    labels = [short_source(w) for w in rows["who_says"]]
    seen: dict[str, int] = {}
    out = []
    for label, as_of in zip(labels, rows["as_of"]):
        if labels.count(label) > 1:
            seen[label] = seen.get(label, 0) + 1
            label = f"{label} ({as_of[:4] or seen[label]})" if as_of else f"{label} ({seen[label]})"
            while label in out:
                label += "′"
        out.append(label)
    return out


def ranges_chart(contested: pd.DataFrame, quantity_ids: list[str], *, title: str, source: str,
                 log_x: bool = False) -> go.Figure:
    """One panel per quantity; one row per source: a dot, a bar for a range, an arrow for "at least".

    Colour says what kind of source gives the figure. Hover gives the figure as
    the source states it, when, its note and where it was read.
    """
    missing = [q for q in quantity_ids if q not in set(contested["quantity_id"])]
    if missing:
        raise ValueError(f"no figures for {missing} in contested.csv")
    panels = [contested[contested["quantity_id"] == q].sort_values(["value_low", "who_says"]) for q in quantity_ids]
    heights = [max(len(p), 2) for p in panels]
    height = 200 + 34 * sum(heights) + 105 * len(panels)
    fig = make_subplots(
        rows=len(panels), cols=1, vertical_spacing=(100 / height) if len(panels) > 1 else 0,
        row_heights=heights, subplot_titles=[wrap(p["quantity"].iloc[0], 90) for p in panels],
    )
    shown_groups: set[str] = set()
    for r, rows in enumerate(panels, start=1):
        rows = rows.assign(label=row_labels(rows))
        labels = rows["label"].tolist()
        for kind, (group, colour) in KIND_GROUPS.items():
            part = rows[rows["who_kind"] == kind]
            if part.empty:
                continue
            y = part["label"].tolist()
            low = part["value_low"].astype(float)
            high = part["value_high"].astype(float)
            at_least = high.isna()
            hover = [
                f"<b>{figure_label(p)}</b> {p['unit'] if p['unit'] != 'percent' else ''}<br>"
                f"{wrap(p['who_says'], 60)}{' (' + p['as_of'] + ')' if p['as_of'] else ''}<br>"
                f"{wrap(p['note'], 60) + '<br>' if p['note'] else ''}"
                f"<span style='font-size:0.85em'>Source: {p['source_names']}</span>"
                for _, p in part.iterrows()
            ]
            # Ranges: a thick bar from low to high.
            ranged = part[(~at_least) & (high != low)]
            for (_, p), yy in zip(ranged.iterrows(), ranged["label"]):
                fig.add_trace(go.Scatter(
                    x=[float(p["value_low"]), float(p["value_high"])], y=[yy, yy], mode="lines",
                    line=dict(color=colour, width=7), opacity=0.55, hoverinfo="skip", showlegend=False,
                ), row=r, col=1)
            fig.add_trace(go.Scatter(
                x=low.round(2).tolist(), y=y, mode="markers+text",
                text=[figure_label(p) for _, p in part.iterrows()], textposition="middle right",
                textfont=dict(size=11, color=theme.INK),
                marker=dict(size=11, color=colour, symbol=["triangle-right" if a else "circle" for a in at_least],
                            line=dict(width=1, color="white")),
                hovertext=hover, hoverinfo="text", name=group, legendgroup=group,
                showlegend=group not in shown_groups,
            ), row=r, col=1)
            shown_groups.add(group)
        fig.update_yaxes(categoryorder="array", categoryarray=labels, row=r, col=1, automargin=True)
        top = float(pd.concat([rows["value_low"], rows["value_high"].dropna()]).max())
        if log_x:
            fig.update_xaxes(type="log", row=r, col=1)
        else:
            fig.update_xaxes(range=[0, top * 1.3], row=r, col=1)
        fig.update_xaxes(title_text=rows["unit"].iloc[0], title_standoff=4, row=r, col=1)
    fig.update_layout(
        title=dict(text=title, y=1 - 14 / height, yanchor="top"),
        height=height,
        margin=dict(l=20, r=30, t=120, b=80),
        # The legend sits under the title, in pixels from the top, whatever the height.
        legend=dict(orientation="h", yref="container", yanchor="top", y=1 - 52 / height, x=0,
                    title_text="Who gives the figure: "),
        hovermode="closest",
        annotations=list(fig.layout.annotations) + [source_annotation(
            f"{source}<br>Dot: a single figure; bar: a range the source gives; arrow: 'at least'. Figures are never averaged.",
            below=45)],
    )
    return fig
