"""Figure builders: what a reader sees on the maps and the timeline."""

from __future__ import annotations

import json

import plotly.io as pio
import pytest

from explainer import data, maps, timeline
from explainer.notebook import setup


@pytest.fixture(scope="module")
def tables():
    setup()
    return data.load()


def geo_layout(fig):
    return fig.to_plotly_json()["layout"]["geo"]


@pytest.mark.parametrize("region", sorted(maps.REGIONS))
def test_maps_draw_their_own_base_and_fetch_nothing(tables, region):
    fig = maps.places_map(tables["places"], region, title="t", source="s")
    geo = geo_layout(fig)
    assert geo["visible"] is False  # plotly's CDN topojson layers stay off
    assert geo["fitbounds"] is False  # the frame is ours, not fitted to the markers
    assert list(geo["lonaxis"]["range"]) == list(maps.REGIONS[region]["lon"])
    names = {t.name for t in fig.data}
    assert "sea" in names and "land: Armenia, Azerbaijan, Georgia" in names
    other = next(n for n in names if n.startswith("land: ") and "Iran" in n)
    assert "Russia" in other  # every country of the base map is drawn, in one of the two land traces
    features = maps.load_basemap(region)["features"]
    drawn = sum(n.startswith("land: ") and n.count(",") + 1 for n in names)
    assert drawn == sum("status" not in f["properties"] for f in features)
    # No trace needs plotly's own geography (locations / geojson would fetch it).
    for trace in fig.data:
        assert trace.locations is None and trace.geojson is None


def test_places_map_hover_gives_names_in_three_languages_and_a_source(tables):
    fig = maps.places_map(tables["places"], "caucasus", title="t", source="s")
    places = fig.data[-1]
    ganja = places.hovertext[list(places.customdata).index("ganja")]
    assert "Ganja" in ganja and "Gəncə" in ganja and "Гянджа" in ganja
    assert "Elizavetpol" in ganja and "Source:" in ganja


def test_places_outside_the_frame_are_named_not_dropped(tables):
    fig = maps.places_map(tables["places"], "caucasus", title="t", source="s")
    shown = set(fig.data[-1].customdata)
    source = fig.layout.annotations[0].text
    for _, row in tables["places"].iterrows():
        assert row["place_id"] in shown or row["name_en"] in source


def test_unknown_region_is_a_clear_error(tables):
    with pytest.raises(ValueError, match="unknown region 'arctic'"):
        maps.load_basemap("arctic")


def test_figures_are_deterministic(tables):
    a = maps.places_map(tables["places"], "eurasia", title="t", source="s").to_json()
    b = maps.places_map(tables["places"], "eurasia", title="t", source="s").to_json()
    assert a == b
    t1 = timeline.overview_timeline(tables["events"], tables["places"], title="t", source="s").to_json()
    t2 = timeline.overview_timeline(tables["events"], tables["places"], title="t", source="s").to_json()
    assert t1 == t2


def test_overview_timeline_shows_every_event_once_in_its_era(tables):
    events = tables["events"]
    fig = timeline.overview_timeline(events, tables["places"], title="t", source="s")
    shown = [eid for trace in fig.data for eid in trace.customdata]
    assert sorted(shown) == sorted(events["event_id"])
    eras = [e for e in timeline.ERAS if (events["era"] == e).any()]
    assert [a.text for a in fig.layout.annotations[: len(eras)]] == [timeline.ERAS[e][0] for e in eras]


def test_timeline_marks_imprecise_dates_and_never_invents_a_day(tables):
    events = tables["events"]
    fig = timeline.overview_timeline(events, tables["places"], title="t", source="s")
    for trace in fig.data:
        for eid, symbol, card in zip(trace.customdata, trace.marker.symbol, trace.hovertext):
            row = events.set_index("event_id").loc[eid]
            assert (symbol == "circle") == (row["date_precision"] == "day")
            if row["date_precision"] == "year":
                assert card.startswith(f"<b>{row['date']}</b>")  # "1806", not "1 Jan 1806"


def test_hover_card_shows_disputes(tables):
    events = tables["events"]
    fig = timeline.overview_timeline(events, tables["places"], title="t", source="s")
    cards = {eid: card for tr in fig.data for eid, card in zip(tr.customdata, tr.hovertext)}
    disputed = events[events["dispute_note"] != ""]["event_id"]
    assert len(disputed) > 0
    assert all("Disputed; in full in chapter" in cards[e] for e in disputed)
    detailed = timeline.era_timeline(events, tables["places"], title="t", source="s")
    full = {eid: card for tr in detailed.data for eid, card in zip(tr.customdata, tr.hovertext)}
    row = events.set_index("event_id").loc[disputed.iloc[0]]
    assert row["dispute_note"][:40].replace("'", "") in full[disputed.iloc[0]].replace("<br>", " ").replace(
        "'", ""
    )


def test_map_payload_stays_small(tables):
    fig = maps.places_map(tables["places"], "eurasia", title="t", source="s")
    assert len(json.dumps(fig.to_plotly_json(), default=str)) < 150_000


def test_presenter_mode_uses_larger_type():
    setup(presenter=True)
    try:
        assert pio.templates.default == "explainer_presenter"
        big = pio.templates["explainer_presenter"].layout.font.size
        small = pio.templates["explainer"].layout.font.size
        assert big >= small * 1.3
        presenter = pio.templates["explainer_presenter"].layout
        assert presenter.font.color == "#000000" and presenter.hoverlabel.bgcolor == "white"
    finally:
        setup()
