"""Disputed figures as attributed ranges: who says how many, never one invented number."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explainer import theme
from explainer.chrome import ROW_NAMES, source_annotation
from explainer.data import PRECISION_PARTS, parse_date, written_precision
from explainer.text import PARAGRAPH, plain, wrap

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
# Ten kinds, eight colours that colour-blind readers tell apart: the second kind of each shared
# colour is drawn hollow, so no two kinds look alike in a legend.
HOLLOW = frozenset({"independent_media", "international_org"})


def figure_label(row: pd.Series) -> str:
    """How a source's figure reads: "133", "48–66", "at least 161"."""
    low, high = row["value_low"], row["value_high"]
    fmt = (
        (lambda v: f"{v:,.1f}".rstrip("0").rstrip("."))
        if row["unit"] == "percent"
        else (lambda v: f"{v:,.0f}")
    )
    unit = "%" if row["unit"] == "percent" else ""
    if pd.isna(high):
        return f"at least {fmt(low)}{unit}"
    if high == low:
        return f"{fmt(low)}{unit}"
    return f"{fmt(low)}–{fmt(high)}{unit}"


def short_source(who: str, width: int | None = 42) -> str:
    """A row label: who gives the figure, without the parenthesised detail (kept for hover);
    cut to ``width`` characters (None: whole)."""
    head = who.split(" (")[0].split(", as ")[0].strip()
    return head if width is None or len(head) <= width else head[: width - 1].rstrip() + "…"


def _when(as_of: str, parts: int) -> str:
    """``as_of`` (YYYY, YYYY-MM or YYYY-MM-DD, validated) told to at most ``parts``: 1 the
    year, 2 the month, 3 the day; never finer than it is written."""
    precision = written_precision(as_of)
    day, _ = parse_date(as_of, precision)
    parts = min(parts, PRECISION_PARTS[precision])
    return day.strftime(("%Y", "%b %Y", "%d %b %Y")[parts - 1]).lstrip("0")


def row_labels(rows: pd.DataFrame, width: int | None = 42) -> list[str]:
    """Distinct short labels for one panel's rows. A source named on more than one row gets its
    date, told as finely as tells those rows apart (the year; the month where two share a year;
    the day where two share a month), or a number where the dates cannot."""
    labels = [short_source(w, width) for w in rows["who_says"]]
    dates = list(rows["as_of"])
    out = list(labels)
    for label in {label for label in labels if labels.count(label) > 1}:
        at = [i for i, other in enumerate(labels) if other == label]
        whens = None
        if all(dates[i] for i in at):
            for precision in (1, 2, 3):
                told = [_when(dates[i], precision) for i in at]
                if len(set(told)) == len(told):
                    whens = told
                    break
        for n, i in enumerate(at, 1):
            out[i] = f"{label} ({whens[n - 1] if whens else n})"
    return [plain(label) for label in out]  # axis categories: plotly text, so the data's escaped


def _panel(rows: pd.DataFrame, width: int = 42) -> tuple[list[go.Scatter], list[str], list[float], str]:
    """One quantity's traces (a dot, a bar or an arrow per source), its row labels, x range and unit.

    Each kind of source has one trace of markers, named in the legend; a chart of several
    panels names each kind once (``ranges_chart``)."""
    # the rows' names in full, for a phone, where each is written over its row on lines of its
    # own (explainer.chrome._labels_over_rows); the axis keeps the short ones
    rows = rows.assign(label=row_labels(rows, width), full=row_labels(rows, None))
    traces = []
    for kind, (group, colour) in KIND_GROUPS.items():
        part = rows[rows["who_kind"] == kind]
        if part.empty:
            continue
        # dots before arrows: a legend draws a trace's first point, and a kind is a dot unless
        # every figure it gives is an "at least" (the rows' order is the axis's, not the trace's)
        part = part.iloc[part["value_high"].astype(float).isna().argsort(kind="stable")]
        hollow = "-open" if kind in HOLLOW else ""
        low = part["value_low"].astype(float)
        high = part["value_high"].astype(float)
        at_least = high.isna()
        hover = [
            f"<b>{figure_label(p)}</b> {p['unit'] if p['unit'] != 'percent' else ''}<br>"
            f"{wrap(plain(p['who_says']), 60)}{' (' + plain(p['as_of']) + ')' if p['as_of'] else ''}<br>"
            f"{wrap(plain(p['note']), 60) + '<br>' if p['note'] else ''}"
            f"<span style='font-size:0.85em'>Source: {plain(p['source_names'])}</span>"
            for _, p in part.iterrows()
        ]
        # Ranges: a thick bar from low to high.
        ranged = part[(~at_least) & (high != low)]
        for (_, p), yy in zip(ranged.iterrows(), ranged["label"]):
            traces.append(
                go.Scatter(
                    x=[float(p["value_low"]), float(p["value_high"])],
                    y=[yy, yy],
                    mode="lines",
                    line=dict(color=colour, width=7),
                    opacity=0.55,
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        traces.append(
            go.Scatter(
                x=low.round(2).tolist(),
                y=part["label"].tolist(),
                mode="markers+text",
                text=[figure_label(p) for _, p in part.iterrows()],
                textposition="middle right",
                textfont=dict(size=11, color=theme.INK),
                marker=dict(
                    size=11,
                    color=colour,
                    symbol=[("triangle-right" if a else "circle") + hollow for a in at_least],
                    # a hollow marker's outline takes its colour
                    line=dict(width=2.5 if hollow else 1, color="white"),
                ),
                hovertext=hover,
                hoverinfo="text",
                meta={ROW_NAMES: part["full"].tolist()},
                name=group,
                legendgroup=group,
                # named in so many words: the phone layout counts a legend's entries by it
                # (chrome.py); ranges_chart names each kind once over several panels
                showlegend=True,
            )
        )
    top = float(pd.concat([rows["value_low"], rows["value_high"].dropna()]).max())
    return traces, rows["label"].tolist(), [0, top * 1.3], rows["unit"].iloc[0]


KEY = "Dot: a single figure; bar: a range the source gives; arrow: 'at least'. Figures are never averaged."


SOURCE = "Figures: data/contested.csv, each with its sources."


def ranges_chart(
    contested: pd.DataFrame,
    quantity_ids: list[str] | str,
    *,
    title: str | None = None,
    source: str = SOURCE,
    log_x: bool = False,
    one_at_a_time: bool | None = None,
) -> go.Figure:
    """One panel per quantity; one row per source: a dot, a bar for a range, an arrow for "at least".

    Colour says what kind of source gives the figure. Hover gives the figure as
    the source states it, when, its note and where it was read. ``one_at_a_time``
    (the default in presenter mode) shows one quantity at a time, chosen from a menu,
    so each fits a slide at a readable size. The title defaults to the quantity's name.
    Example: ``ranges_chart(tables["contested"], "khojaly_deaths")``.
    """
    from explainer import notebook

    if isinstance(quantity_ids, str):
        quantity_ids = [quantity_ids]
    known = list(dict.fromkeys(contested["quantity_id"]))
    missing = [q for q in quantity_ids if q not in known]
    if missing:
        raise ValueError(
            f"no figures for {', '.join(map(repr, missing))} in contested.csv; quantities: {', '.join(known)}"
        )
    if title is None:
        names = dict(zip(contested["quantity_id"], contested["quantity"]))
        title = "; ".join(plain(names[q]) for q in quantity_ids) + ": figures by source"
    panels = [
        contested[contested["quantity_id"] == q].sort_values(["value_low", "who_says"]) for q in quantity_ids
    ]
    if one_at_a_time is None:
        one_at_a_time = notebook.presenter()
    if one_at_a_time:
        return _chooser(panels, title=title, source=source, log_x=log_x)
    heights = [max(len(p), 2) for p in panels]
    height = 200 + 34 * sum(heights) + 105 * len(panels)
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        vertical_spacing=(100 / height) if len(panels) > 1 else 0,
        row_heights=heights,
        subplot_titles=[wrap(plain(p["quantity"].iloc[0]), 90) for p in panels],
    )
    for r, rows in enumerate(panels, start=1):
        traces, labels, x_range, unit = _panel(rows)
        for trace in traces:
            fig.add_trace(trace, row=r, col=1)
        fig.update_yaxes(categoryorder="array", categoryarray=labels, row=r, col=1, automargin=True)
        if log_x:
            fig.update_xaxes(type="log", row=r, col=1)
        else:
            fig.update_xaxes(range=x_range, row=r, col=1)
        fig.update_xaxes(title_text=unit, title_standoff=4, row=r, col=1)
    # Each kind is named once. A legend draws the first point of the trace it names: name it on
    # a panel where it gives a single figure (a dot), not where all it gives is "at least" (an arrow)
    markers = [t for t in fig.data if t.mode == "markers+text"]
    for group in dict.fromkeys(t.legendgroup for t in markers):
        own = [t for t in markers if t.legendgroup == group]
        named = next((t for t in own if not t.marker.symbol[0].startswith("triangle")), own[0])
        for t in own:
            t.showlegend = t is named
    fig.update_layout(
        title=dict(text=title, y=1 - 14 / height, yanchor="top"),
        height=height,
        # Room for the legend's two rows and plotly's 12 px under them: with less, plotly
        # draws the chart, finds the legend's space short by a few pixels, and draws it again.
        margin=dict(l=20, r=30, t=130, b=80),
        # The legend sits under the title, in pixels from the top, whatever the height.
        legend=dict(
            orientation="h",
            yref="container",
            yanchor="top",
            y=1 - 52 / height,
            x=0,
            title_text="Who gives the figure: ",
        ),
        hovermode="closest",
        annotations=list(fig.layout.annotations) + [source_annotation(f"{source}{PARAGRAPH}{KEY}", below=45)],
    )
    return fig


def _chooser(
    panels: list[pd.DataFrame], *, title: str, source: str, log_x: bool, why: bool = False
) -> go.Figure:
    """Every quantity on one pair of axes, one shown at a time, picked from a dropdown menu.

    ``why``: a line under the chart, for the quantity shown, saying how many figures
    there are, from which kinds of source and when, and who gives the lowest and highest."""
    fig = go.Figure()
    owner, views = [], []
    for i, rows in enumerate(panels):
        # each quantity names its own kinds of source in the legend (only the shown one's are drawn)
        traces, labels, x_range, unit = _panel(rows, width=LABEL_CHARS)
        for trace in traces:
            trace.visible = i == 0
            fig.add_trace(trace)
            owner.append(i)
        views.append((rows["quantity"].iloc[0], labels, x_range, unit))
    buttons = []
    for i, (quantity, labels, x_range, unit) in enumerate(views):
        relayout = {"yaxis.categoryarray": labels, "xaxis.title.text": unit}
        if why:
            relayout["annotations[1].text"] = why_they_differ(panels[i])
        if not log_x:
            relayout["xaxis.range"] = x_range
        buttons.append(
            dict(
                label=plain(short_source(quantity, 44)),
                method="update",
                args=[{"visible": [o == i for o in owner]}, relayout],
            )
        )
    quantity, labels, x_range, unit = views[0]
    height, left = (
        600,
        9 * LABEL_CHARS,
    )  # row labels get a fixed margin, so the menu and source line can align with it
    fig.update_yaxes(categoryorder="array", categoryarray=labels, automargin=False)
    fig.update_xaxes(
        title_text=unit, title_standoff=4, type="log" if log_x else None, range=None if log_x else x_range
    )
    fig.update_layout(
        # title, then the legend, then the menu that picks the figure, then the chart
        title=dict(text=title, y=1 - 14 / height, yanchor="top"),
        height=height,
        margin=dict(l=left, r=30, t=170, b=90),
        hovermode="closest",
        legend=dict(
            orientation="h",
            xref="container",
            yref="container",
            yanchor="top",
            y=1 - 56 / height,
            x=0.01,
            title_text="Who: ",
        ),
        updatemenus=[
            dict(
                type="dropdown",
                buttons=buttons,
                active=0,
                x=0,
                xanchor="left",
                y=1.0,
                yanchor="bottom",
                pad=dict(b=14),
                showactive=True,
            )
        ],
        annotations=[source_annotation(f"{source}{PARAGRAPH}{KEY}", below=45) | dict(xshift=-left + 12)],
    )
    if why:
        fig.update_layout(margin=dict(b=170))
        fig.add_annotation(
            text=why_they_differ(panels[0]),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-42,
            xshift=-left + 12,
            align="left",
            showarrow=False,
            font=dict(size=12, color=theme.INK),
        )
        fig.layout.annotations[0].update(yshift=-125)
    return fig


def why_they_differ(rows: pd.DataFrame) -> str:
    """One quantity's figures summed up from the data: how many, from which kinds of
    source, given when, and who gives the lowest and the highest (hover has each note)."""
    kinds = list(dict.fromkeys(plain(KIND_GROUPS.get(k, (k, ""))[0]) for k in rows["who_kind"]))
    years = sorted(a[:4] for a in rows["as_of"] if isinstance(a, str) and a[:4].isdigit())
    when = (
        (f", given {years[0]}–{years[-1]}" if years[0] != years[-1] else f", given {years[0]}")
        if years
        else ""
    )
    low = rows.loc[rows["value_low"].astype(float).idxmin()]
    top = rows.assign(v=rows["value_high"].fillna(rows["value_low"]).astype(float)).sort_values("v").iloc[-1]
    line = (
        f"<b>{len(rows)} figures</b> from {len(kinds)} kind{'s' if len(kinds) > 1 else ''} of source "
        f"({'; '.join(kinds)}){when}.{PARAGRAPH}Lowest: {figure_label(low)} ({plain(short_source(low['who_says'], 50))}); "
        f"highest: {figure_label(top)} ({plain(short_source(top['who_says'], 50))})."
    )
    return (
        line
        + f"{PARAGRAPH}Why they differ: point at a figure for its source's own note (what it counts, where, when)."
    )


def figures_explorer(
    contested: pd.DataFrame, *, title: str = "Disputed figures: who says how many", source: str = SOURCE
) -> go.Figure:
    """Every disputed quantity in one chart, chosen from a menu (works without a kernel):
    each source's figure, colour by kind of source, with a line on why they differ.
    Example: ``contested.figures_explorer(tables["contested"])``."""
    order = list(dict.fromkeys(contested["quantity_id"]))
    panels = [contested[contested["quantity_id"] == q].sort_values(["value_low", "who_says"]) for q in order]
    return _chooser(panels, title=title, source=source, log_x=False, why=True)


def figures_table(rows: pd.DataFrame) -> str:
    """One quantity's figures as an HTML table, every data string escaped."""
    import html

    head = "".join(
        f"<th>{h}</th>" for h in ("Figure", "Who says", "Kind of source", "As of", "Note", "Sources")
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(v))}</td>"
            for v in (
                f"{figure_label(r)} {r['unit']}",
                r["who_says"],
                KIND_GROUPS.get(r["who_kind"], (r["who_kind"],))[0],
                r["as_of"] or "n.d.",
                r["note"],
                r.get("source_names", r["source_ids"]),
            )
        )
        + "</tr>"
        for _, r in rows.iterrows()
    )
    return f"<table class='explainer-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def figures_chooser(contested: pd.DataFrame):
    """The live version for JupyterLab: pick a quantity, see every source's figure and a
    table of who, what kind, when and why. Needs a kernel."""
    import ipywidgets as widgets
    from IPython.display import display

    order = list(dict.fromkeys(contested["quantity_id"]))
    names = dict(zip(contested["quantity_id"], contested["quantity"]))
    pick = widgets.Dropdown(
        options=[(names[q], q) for q in order], description="Quantity", layout=widgets.Layout(width="98%")
    )
    out = widgets.Output()
    table = widgets.HTML()

    def show(_=None) -> None:
        rows = contested[contested["quantity_id"] == pick.value].sort_values(["value_low", "who_says"])
        table.value = f"<p>{why_they_differ(rows)}</p>" + figures_table(rows)
        out.clear_output(wait=True)
        with out:
            display(
                ranges_chart(
                    contested,
                    [pick.value],
                    title=names[pick.value],
                    source="data/contested.csv",
                    one_at_a_time=False,
                )
            )

    pick.observe(show, names="value")
    show()
    return widgets.VBox([pick, out, table])


LABEL_CHARS = 30  # longest row label in the one-at-a-time chart
