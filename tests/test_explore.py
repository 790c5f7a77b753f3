"""The explorer: its filter, its kernel-free figure, the live widgets driven in a kernel,
the friendly defaults, and what a filter that matches nothing shows."""

from __future__ import annotations

import html
import json

import pandas as pd
import pytest

from explainer import contested, data, explore, maps, timeline
from explainer.notebook import setup
from tests.scale import scaled


@pytest.fixture(scope="module")
def tables():
    setup()
    return data.load()


@pytest.fixture(scope="module")
def rows(tables):
    return explore.prepare(tables["events"], tables["places"])


# --- the filter -------------------------------------------------------------------------


def test_each_filter_keeps_exactly_the_matching_events(tables, rows):
    events, places = tables["events"], tables["places"]
    got = explore.select(events, places, start=1988, end=1994)
    years = events["date_start"].dt.year
    assert set(got["event_id"]) == set(events.loc[(years >= 1988) & (years <= 1994), "event_id"])
    got = explore.select(events, places, start="2024-12-25", end="2024-12-25")
    assert set(got["event_id"]) == set(events.loc[events["date_start"] == "2024-12-25", "event_id"])
    assert len(got) >= 1
    got = explore.select(rows, eras=["empire", "soviet"])
    assert (
        set(got["era"]) == {"empire", "soviet"} and len(got) == events["era"].isin(["empire", "soviet"]).sum()
    )
    got = explore.select(rows, categories="treaty", countries="Azerbaijan")
    assert set(got["category"]) == {"treaty"} and set(got["country"]) == {"Azerbaijan"}
    assert list(got["date_start"]) == sorted(got["date_start"])  # date order


def test_place_by_name_or_id_and_words_in_any_language(rows):
    by_name = explore.select(rows, place="Shusha")
    by_id = explore.select(rows, place="shusha")
    assert len(by_name) > 1 and list(by_name["event_id"]) == list(by_id["event_id"])
    # the Azerbaijani name finds the place's events even where the text says "Shusha"
    assert set(explore.select(rows, text="Şuşa")["event_id"]) >= set(by_name["event_id"])
    # every word must appear, in any case
    both = explore.select(rows, text="AZAL crash")
    assert len(both) > 0
    for haystack in both["haystack"]:
        assert "azal" in haystack and "crash" in haystack
    assert len(explore.select(rows, text="azal")) >= len(both)


def test_unknown_names_get_an_error_listing_the_valid_ones(rows):
    with pytest.raises(ValueError, match="unknown era 'medieval'; choose from: aftermath, crisis"):
        explore.select(rows, eras="medieval")
    with pytest.raises(ValueError, match="unknown place 'Atlantis'; places with events: .*Baku"):
        explore.select(rows, place="Atlantis")
    with pytest.raises(ValueError, match="unknown country"):
        explore.select(rows, countries=["Narnia"])
    with pytest.raises(ValueError, match="not a year or an ISO date"):
        explore.select(rows, start="last spring")
    with pytest.raises(
        ValueError, match="unknown region 'moon'; choose from 'caucasus', 'eurasia', 'karabakh'"
    ):
        explore.explorer_figure(rows, None, region="moon")


def test_a_filter_that_matches_nothing_says_so(rows):
    none = explore.select(rows, text="zzzz-no-such-word")
    assert none.empty
    fig = explore.explorer_figure(none, None)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert explore.NO_MATCH in texts and not fig.data
    assert explore.NO_MATCH in explore.table_html(none, len(rows))


def test_table_escapes_data_strings(rows):
    hostile = rows.head(2).copy()
    hostile["title"] = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>"]
    table = explore.table_html(hostile, 2)
    assert "<script>" not in table and "<img" not in table and "&lt;script&gt;" in table


# --- the kernel-free figure -----------------------------------------------------------


@pytest.fixture(scope="module")
def figure(tables):
    return explore.explorer_figure(tables["events"], tables["places"])


def event_traces(fig):
    return [t for t in fig.data if t.legendgroup in timeline.ERAS]


def test_era_menu_shows_one_era_in_both_views_and_zooms_the_timeline(figure, rows):
    menu = figure.layout.updatemenus[0]
    assert [b.label for b in menu.buttons][0] == "All eras"
    for button in menu.buttons[1:]:
        era = next(e for e, (label, _) in timeline.ERAS.items() if label == button.label)
        visible = button.args[0]["visible"]
        shown = [t for t, v in zip(figure.data, visible) if v and t.legendgroup in timeline.ERAS]
        assert {t.legendgroup for t in shown} == {era}
        assert {type(t).__name__ for t in shown} == {"Scattergeo", "Scatter"}
        lo, hi = (pd.Timestamp(x) for x in button.args[1]["xaxis.range"])
        dates = rows.loc[rows["era"] == era, "date_start"]
        assert lo < dates.min() and dates.max() < hi


def test_kind_menu_selects_exactly_that_kind_on_the_timeline(figure, rows):
    menu = figure.layout.updatemenus[1]
    traces = event_traces(figure)
    for button in menu.buttons[1:]:
        kind = button.label
        chosen, indices = button.args[0]["selectedpoints"], button.args[1]
        picked = 0
        for points, i in zip(chosen, indices):
            t = figure.data[i]
            if type(t).__name__ == "Scatter":
                assert all(t.y[p] == kind for p in points)
                picked += len(points)
        assert picked == (rows["category"] == kind).sum(), kind
    assert len(menu.buttons[0].args[0]["selectedpoints"]) == len(traces)
    assert all(p is None for p in menu.buttons[0].args[0]["selectedpoints"])


def test_every_event_is_on_the_timeline_and_those_off_the_map_are_named(figure, rows):
    on_timeline = sum(len(t.x) for t in event_traces(figure) if type(t).__name__ == "Scatter")
    assert on_timeline == len(rows)
    on_map = sum(len(t.lon) for t in event_traces(figure) if type(t).__name__ == "Scattergeo")
    assert on_map < len(rows)  # one marker per place and era
    caption = figure.layout.annotations[-1].text
    outside = rows[~maps.in_frame(rows["lon"], rows["lat"], "caucasus")]
    assert f"{len(outside)} events, on the timeline only" in caption
    assert outside["place_en"].value_counts().index[0] in caption


@pytest.mark.parametrize("k", [10, 100])
def test_many_events_still_draw_and_the_saved_figure_stays_under_1_mb(tables, k):
    events = scaled(tables["events"], k)
    fig = explore.explorer_figure(events, tables["places"])
    size = len(json.dumps(fig.to_plotly_json(), default=str))
    assert size < 1_000_000, size
    on_timeline = sum(len(t.x) for t in event_traces(fig) if type(t).__name__ == "Scatter")
    caption = fig.layout.annotations[-1].text.replace("<br>", " ")
    if len(events) > explore.MAX_SAVED:
        assert on_timeline <= explore.MAX_SAVED and f"of {len(events):,} events" in caption
    else:
        assert on_timeline == len(events) and "Showing" not in caption
    overview = timeline.overview_timeline(events, tables["places"])
    assert sum(len(t.x) for t in overview.data) == len(events)


# --- the live explorer, driven in a kernel ----------------------------------------------


@pytest.fixture()
def live(tables):
    pytest.importorskip("anywidget")
    return explore.Explorer(tables["events"], tables["places"])


def drawn(ex):
    return ex.figure.data[ex._line]


def test_widgets_start_with_everything(live, rows):
    assert len(drawn(live).x) == len(rows)
    assert f"<b>{len(rows):,}</b> of {len(rows):,} events" in live.status.value


def test_moving_the_controls_redraws_map_timeline_and_table(live, rows):
    live.years.value = (1988, 1994)
    expected = explore.select(rows, start=1988, end=1994)
    assert len(drawn(live).x) == len(expected) > 0
    assert sorted(drawn(live).x) == sorted(expected["date_start"].dt.strftime("%Y-%m-%d"))
    assert f"{len(expected)} of {len(rows)} events match" in live.table.value.replace(",", "")
    live.text.value = "Shusha"
    expected = explore.select(rows, start=1988, end=1994, text="Shusha")
    assert len(drawn(live).x) == len(expected)
    places_drawn = live.figure.data[live._map]
    assert len(places_drawn.lon) == expected["place_id"].nunique()
    live.eras.value = ("empire",)  # nothing from the empire between 1988 and 1994
    assert len(drawn(live).x) == 0
    assert explore.NO_MATCH in live.figure.layout.annotations[0].text
    assert explore.NO_MATCH in live.table.value and "<b>0</b>" in live.status.value
    live.eras.value = ()
    live.text.value = ""
    live.years.value = (live.years.min, live.years.max)
    live.categories.value = ("aviation",)
    assert set(drawn(live).y) == {"aviation"}
    live.country.value = "Kazakhstan"
    assert len(drawn(live).x) == len(explore.select(rows, categories="aviation", countries="Kazakhstan"))


def test_switching_the_map_region_keeps_the_filter(live, rows):
    live.categories.value = ("strike",)
    before = list(drawn(live).x)
    old = live.figure
    live.region.value = "eurasia"
    assert live.figure is not old and live.figure in live.widget.children
    assert list(drawn(live).x) == before
    assert list(live.figure.layout.geo.lonaxis.range) == list(maps.REGIONS["eurasia"]["lon"])


def test_disputed_figures_chooser_shows_each_quantity_with_its_table(tables):
    pytest.importorskip("ipywidgets")
    box = contested.figures_chooser(tables["contested"])
    pick, _chart, table = box.children
    first = table.value
    last = pick.options[-1][1]
    pick.value = last
    shown = table.value
    assert shown != first, "choosing another quantity must change the table"
    rows = tables["contested"][tables["contested"]["quantity_id"] == last]
    assert f"{len(rows)} figures" in shown
    assert shown.count("<tr>") == len(rows) + 1  # header + one row per source
    for who in rows["who_says"]:
        assert html.escape(who) in shown


def test_disputed_figures_explorer_menu_covers_every_quantity(tables):
    c = tables["contested"]
    fig = contested.figures_explorer(c)
    menu = fig.layout.updatemenus[0]
    assert len(menu.buttons) == c["quantity_id"].nunique()
    for button, (_qid, rows) in zip(menu.buttons, c.groupby("quantity_id", sort=False)):
        why = button.args[1]["annotations[1].text"]
        assert f"{len(rows)} figures" in why


def test_each_disputed_quantity_names_its_kinds_of_source_in_the_legend(tables):
    """Whichever quantity a reader picks, the legend says what each colour is: every kind of
    source whose figures are shown has its entry (a kind first met in an earlier quantity
    had none, so Khojaly's legend named only "International organisations")."""
    fig = contested.figures_explorer(tables["contested"])
    for button in fig.layout.updatemenus[0].buttons:
        visible = button.args[0]["visible"]
        shown = [t for t, v in zip(fig.data, visible) if v]
        kinds = {t.legendgroup for t in shown if t.legendgroup}
        named = {t.legendgroup for t in shown if t.showlegend is not False and t.legendgroup}
        assert named == kinds, button.label
        assert len([t for t in shown if t.showlegend is not False]) == len(kinds), button.label


# --- friendly defaults ----------------------------------------------------------------


def test_builders_work_with_their_defaults(tables):
    fig = maps.places_map(tables["places"])
    assert fig.layout.title.text and "data/places.csv" in fig.layout.annotations[0].text
    fig = timeline.era_timeline(tables["events"], tables["places"])
    assert "Events, 1795" in fig.layout.title.text
    assert "data/events.csv" in fig.layout.annotations[0].text
    assert timeline.overview_timeline(tables["events"], tables["places"]).layout.title.text
    with pytest.raises(ValueError, match="choose from 'caucasus', 'eurasia', 'karabakh'"):
        maps.places_map(tables["places"], "Caucasus")
    assert "'karabakh' (lon 44.9–48.3" in repr(maps.REGIONS)


def test_help_points_to_the_recipes():
    import explainer

    assert "Explore it yourself" in explainer.__doc__ and "explore.select" in explainer.__doc__


def test_recipes_in_readme_are_the_executed_cells_of_chapter_08():
    """README's five recipes are the cells nbval runs in chapter 08, character for character."""
    import re

    import nbformat

    from explainer.paths import ROOT

    nb = nbformat.read(ROOT / "notebooks" / "08_explore_it_yourself.ipynb", as_version=4)
    recipes = [c.source for c in nb.cells if "recipe" in c.metadata.get("tags", [])]
    assert len(recipes) == 5
    assert any(c.source.startswith("## Recipes for your own questions") for c in nb.cells)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Explore it yourself", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)\n```", section, re.S)
    assert blocks[1:] == recipes
    setup_cell = next(c.source for c in nb.cells if c.cell_type == "code")
    for line in blocks[0].splitlines():
        assert line.split("#")[0].strip() in setup_cell, f"README's set-up line {line!r} is not chapter 08's"


def test_every_explorer_and_places_map_names_places_in_four_languages(tables):
    places = tables["places"].set_index("place_id")
    for fig in (
        maps.places_map(tables["places"], "caucasus"),
        explore.explorer_figure(tables["events"], tables["places"]),
    ):
        menu = next(m for m in fig.layout.updatemenus if m.name == "language")
        assert [b.label for b in menu.buttons] == list(maps.LANGUAGES.values())
        armenian = menu.buttons[list(maps.LANGUAGES).index("hy")]
        (texts,), (index,) = armenian.args[0]["text"], armenian.args[1]
        trace = fig.data[index]
        assert len(texts) == len(trace.text)
        for pid, english, shown in zip(trace.customdata, trace.text, texts):
            if not english:
                assert shown == "", "a place left unlabelled for lack of room stays unlabelled"
            else:
                assert shown == (places.at[pid, "name_hy"] or places.at[pid, "name_en"])
        assert any(t and t != e for t, e in zip(texts, trace.text)), "no name changed language"
    with pytest.raises(ValueError, match="draws no place names"):
        maps.language_menu(timeline.era_timeline(tables["events"], tables["places"]), tables["places"])
