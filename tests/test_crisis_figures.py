"""The crisis chapter's figures: temperature, linked map and timeline, disputed figures."""

from __future__ import annotations

import pandas as pd
import pytest

from explainer import contested, crisis, data
from explainer.notebook import setup


@pytest.fixture(scope="module")
def tables():
    setup()
    return data.load()


def test_temperature_sums_only_russia_azerbaijan_events(tables):
    events = tables["events"]
    t = crisis.monthly_temperature(events).set_index("month")
    dec = events[(events["date"].str.startswith("2024-12")) & (events["dyad"] == "ru_az")]
    assert t.loc[pd.Period("2024-12", "M"), "sum"] == pytest.approx(float(dec["goldstein"].sum()))
    assert t.loc[pd.Period("2024-12", "M"), "events"] == len(dec)
    # The Kazakh preliminary report (a third party) is not in February's figure.
    feb = events[(events["date"].str.startswith("2025-02")) & (events["dyad"] == "ru_az")]
    assert t.loc[pd.Period("2025-02", "M"), "events"] == len(feb)


def test_quiet_months_are_kept_not_dropped(tables):
    t = crisis.monthly_temperature(tables["events"])
    months = list(t["month"])
    assert months == list(pd.period_range(months[0], months[-1], freq="M"))
    assert (t["events"] == 0).any()


def test_temperature_hover_lists_every_event_behind_a_bar(tables):
    fig = crisis.temperature_chart(tables["events"], title="t", source="s")
    dec = fig.data[0].hovertext[fig.data[0].x.index("Dec 2024")]
    for title in tables["events"].query("dyad == 'ru_az' and date.str.startswith('2024-12')")["title"]:
        assert title[:30] in dec.replace("<br>", " ")


def test_linked_buttons_show_one_phase_in_both_views(tables):
    fig = crisis.linked_map_timeline(tables["events"], tables["places"], title="t", source="s")
    buttons = fig.layout.updatemenus[0].buttons
    assert buttons[0].label == "All phases" and all(buttons[0].args[0]["visible"])
    for button in buttons[1:]:
        visible = button.args[0]["visible"]
        assert len(visible) == len(fig.data)
        phase = next(long for long, short in crisis.BUTTON.items() if short == button.label)
        shown = [t for t, v in zip(fig.data, visible) if v and t.name == phase]
        assert {t.type for t in shown} == {"scattergeo", "scatter"}  # map and timeline together
        hidden_phases = {t.name for t, v in zip(fig.data, visible) if not v}
        assert phase not in hidden_phases and hidden_phases
        lo, hi = (pd.Timestamp(x) for x in button.args[1]["xaxis.range"])
        timeline = next(t for t in shown if t.type == "scatter")
        assert all(lo <= pd.Timestamp(x) <= hi for x in timeline.x)


def test_every_crisis_event_is_on_the_timeline_once(tables):
    fig = crisis.linked_map_timeline(tables["events"], tables["places"], title="t", source="s")
    on_timeline = [e for t in fig.data if t.type == "scatter" for e in t.customdata]
    expected = tables["events"].query("date >= '2024-12'")["event_id"]
    assert sorted(on_timeline) == sorted(expected)


def test_ranges_chart_shows_every_source_and_marks_at_least(tables):
    quantity = "yekaterinburg_raids_detained"
    rows = tables["contested"].query("quantity_id == @quantity")
    fig = contested.ranges_chart(tables["contested"], [quantity], title="t", source="s")
    markers = [t for t in fig.data if t.mode == "markers+text"]
    assert sum(len(t.x) for t in markers) == len(rows)
    texts = [x for t in markers for x in t.text]
    assert "9" in texts and "at least 60" in texts
    symbols = [s for t in markers for s in t.marker.symbol]
    assert sum(s.startswith("triangle-right") for s in symbols) == int(rows["value_high"].isna().sum())


def test_figure_labels():
    row = pd.Series({"value_low": 48.0, "value_high": 66.0, "unit": "people"})
    assert contested.figure_label(row) == "48–66"
    assert contested.figure_label(pd.Series({**row.to_dict(), "value_high": float("nan")})) == "at least 48"
    assert (
        contested.figure_label(pd.Series({"value_low": 13.3, "value_high": 13.3, "unit": "percent"}))
        == "13.3%"
    )


@pytest.mark.parametrize(
    "dates, told",
    [
        (["1993", "1994-12"], ["1993", "1994"]),  # the year tells them apart
        (["2020-12-03", "2021-03-02", "2021-06-02"], ["Dec 2020", "Mar 2021", "Jun 2021"]),
        (["2021-03-02", "2021-03-19"], ["2 Mar 2021", "19 Mar 2021"]),
        (["2021", ""], ["1", "2"]),  # a date missing: numbered
        (["2021-03", "2021-03"], ["1", "2"]),  # the same date twice: numbered
    ],
)
def test_a_source_named_on_two_rows_is_told_apart_by_its_date(dates, told):
    """A reader tells two figures from one source apart by when each was given, never by a mark."""
    who = [f"Ministry of Defence (statement {n})" for n in range(len(dates))]
    rows = pd.DataFrame({"who_says": who + ["A reporter"], "as_of": dates + ["2021-06-02"]})
    assert contested.row_labels(rows) == [f"Ministry of Defence ({t})" for t in told] + ["A reporter"]


def test_every_row_label_in_the_data_is_distinct_and_unmarked(tables):
    for quantity, rows in tables["contested"].groupby("quantity_id"):
        for width in (42, None):
            names = contested.row_labels(rows, width)
            assert len(set(names)) == len(names), quantity
            assert not any("\u2032" in name for name in names), names


def _legend_looks(fig) -> tuple[list, dict]:
    markers = [t for t in fig.data if t.mode == "markers+text"]
    looks: dict[str, set] = {}
    for t in markers:
        looks.setdefault(t.name, set()).add((t.marker.color, t.marker.symbol[0].endswith("-open")))
    return markers, looks


def test_no_two_kinds_of_source_look_alike_in_the_legend(tables):
    """Ten kinds share eight colours: the legend must still tell every kind apart."""
    rows = tables["contested"]
    fig = contested.ranges_chart(rows, list(dict.fromkeys(rows["quantity_id"])), one_at_a_time=False)
    _, looks = _legend_looks(fig)
    assert len(looks) == len(set(rows["who_kind"]))
    assert all(len(look) == 1 for look in looks.values()), looks
    assert len({next(iter(look)) for look in looks.values()}) == len(looks), looks


@pytest.mark.parametrize(
    "quantities",
    [
        # chapter 03's chart: independent media give only "at least" in its first panel
        ["sumgait_pogrom_deaths", "baku_pogrom_deaths", "black_january_deaths"],
        None,  # every quantity
    ],
)
def test_the_legend_names_a_kind_with_a_dot_where_it_gives_one(tables, quantities):
    """A legend draws the first point of the trace it names: a kind is shown as a dot (a single
    figure) unless all it gives in the chart is 'at least' (an arrow)."""
    rows = tables["contested"]
    quantities = quantities or list(dict.fromkeys(rows["quantity_id"]))
    markers, looks = _legend_looks(contested.ranges_chart(rows, quantities, one_at_a_time=False))
    for name in looks:
        own = [t for t in markers if t.name == name]
        named = [t for t in own if t.showlegend]
        assert len(named) == 1, name
        if any(s.startswith("circle") for t in own for s in t.marker.symbol):
            assert named[0].marker.symbol[0].startswith("circle"), name


def test_unknown_quantity_is_a_clear_error(tables):
    with pytest.raises(
        ValueError, match="no figures for 'martian_deaths' in contested.csv; quantities: black_january_deaths"
    ):
        contested.ranges_chart(tables["contested"], ["martian_deaths"], title="t", source="s")


def test_azal_lane_shows_every_explanation_once_in_its_side(tables):
    ex = tables["azal_explanations"]
    fig = crisis.azal_lane(ex, title="t", source="s")
    shown = {i: y for t in fig.data for i, y in zip(t.customdata, t.y)}
    assert sorted(shown) == sorted(ex["explanation_id"])
    for _, row in ex.iterrows():
        assert shown[row["explanation_id"]] == crisis.SIDES[row["side"]]


def test_azal_lane_spreads_same_day_statements(tables):
    fig = crisis.azal_lane(tables["azal_explanations"], title="t", source="s")
    points = [(x, y) for t in fig.data for x, y in zip(t.x, t.y)]
    assert len(points) == len(set(points)), "two statements drawn on the same spot"


def test_phase_buttons_fit_a_notebook_beside_the_file_browser(tables):
    """JupyterLab at 1280 px with its file browser open leaves a figure about 900 px: the row
    of phase buttons (about 7 px a character at 11 px type, plus 30 px of padding a button)
    must fit in it, so the last phase can be reached."""
    fig = crisis.linked_map_timeline(tables["events"], tables["places"], title="t", source="s")
    buttons = fig.layout.updatemenus[0].buttons
    assert sum(7 * len(b.label) + 30 for b in buttons) <= 880
    assert len(buttons) == 1 + len(crisis.PHASES)
