"""The history chapters' figures: the khanates year by year, events in layers."""

from __future__ import annotations

import pandas as pd
import plotly.io as pio
import pytest

from explainer import chrome, data, history
from explainer.notebook import setup, unpack
from explainer.text import date_label


@pytest.fixture(scope="module")
def tables():
    setup()
    return data.load()


def row(**kw):
    base = {"date_start": pd.Timestamp("1805-05-26"), "how": "vassal_treaty", "end_of_khanate": 1822}
    return pd.Series({**base, **kw})


def test_khanate_status_follows_the_record():
    karabakh = row()
    assert history.khanate_status(karabakh, 1804) == "khanate"
    assert history.khanate_status(karabakh, 1805) == "vassal"
    assert history.khanate_status(karabakh, 1821) == "vassal"
    assert history.khanate_status(karabakh, 1822) == "russian"
    ganja = row(date_start=pd.Timestamp("1804-01-15"), how="storm", end_of_khanate=pd.NA)
    assert [history.khanate_status(ganja, y) for y in (1803, 1804)] == ["khanate", "russian"]
    quba = row(date_start=pd.Timestamp("1806-01-01"), how="vassal_treaty", end_of_khanate=pd.NA)
    assert history.khanate_status(quba, 1830) == "vassal"  # no end year in the sources: never invented


@pytest.fixture(scope="module")
def animation(tables):
    return history.khanates_animation(
        tables["khanates"], tables["places"], tables["events"], title="t", source="s"
    )


def test_animation_has_a_frame_for_every_change_and_opens_on_the_last(animation, tables):
    names = [f.name for f in animation.frames]
    k = tables["khanates"]
    for year in set(k["date_start"].dt.year) | set(int(y) for y in k["end_of_khanate"].dropna()):
        assert str(year) in names
    assert names == sorted(names) and names[0] == "1800" and names[-1] == "1830"
    assert animation.layout.sliders[0].active == len(names) - 1
    assert [list(s.args[0]) for s in animation.layout.sliders[0].steps] == [[n] for n in names]


def test_each_frame_colours_khanates_by_their_status(animation, tables):
    """Every frame recolours each drawn khanate's area, and the capital of one without an
    extent (Derbent), by that year's status; the hover cards follow the year."""
    k = tables["khanates"]
    names = list(animation.data[i].name for i in range(len(animation.data)))
    for frame in animation.frames:
        year = int(frame.name)
        updates = dict(zip(frame.traces, frame.data))
        seen = set()
        for _, r in k.iterrows():
            status = history.khanate_status(r, year)
            if r["name_en"] in names:
                i = names.index(r["name_en"])
                assert updates[i].fillcolor == history.FILL[status], (year, r["name_en"])
                seen.add(r["khanate_id"])
        caps = updates[names.index("capitals")]
        base = animation.data[names.index("capitals")]
        for kid, colour in zip(base.customdata, caps.marker.color):
            if kid not in seen:  # no area: the capital carries the colour
                r = k.set_index("khanate_id").loc[kid]
                assert colour == history.STATUS[history.khanate_status(r, year)][1], (year, kid)
        assert len(caps.hovertext) == len(k) and str(year) in caps.hovertext[0]
        assert seen, "no khanate area is drawn"
    fills = [f for f in (t.fillcolor for t in animation.frames[0].data) if f]
    assert set(fills) == {history.FILL["khanate"]}  # 1800: none yet Russian
    last = [f for f in (t.fillcolor for t in animation.frames[-1].data) if f]
    assert history.FILL["khanate"] not in last  # 1830: every khanate Russian or a Russian vassal


def test_frame_caption_names_the_years_events(animation):
    frame = next(f for f in animation.frames if f.name == "1813")
    caption = frame.layout.annotations[0].text
    assert "Gulistan" in caption and "Lankaran" in caption


def test_a_year_that_changes_the_map_says_what_changed(animation, tables):
    """A year with no event in the timeline but a change of colour on the map (a vassal khanate
    abolished: Sheki 1819, Shirvan 1820, Karabakh 1822) names the change, instead of saying
    nothing happened while the map changes."""
    k = tables["khanates"]
    events = tables["events"]
    years = set(events.loc[events["era"] == "empire", "date_start"].dt.year)
    checked = 0
    for frame in animation.frames:
        year = int(frame.name)
        caption = frame.layout.annotations[0].text.replace("<br>", " ").replace("\n", "")
        if year in years:
            continue
        changed = [
            r
            for _, r in k.iterrows()
            if history.khanate_status(r, year) != history.khanate_status(r, year - 1)
        ]
        for r in changed:
            assert (
                r["name_en"] in caption and history.STATUS[history.khanate_status(r, year)][0] in caption
            ), year
            checked += 1
        assert bool(changed) != ("no change on the map" in caption), year
    assert checked >= 3


def test_each_event_of_the_year_starts_its_own_line_on_a_phone(animation, tables):
    """The phone layout re-wraps every frame's year caption narrower: each event still
    starts a line with its date, none runs on from the one before."""
    update = chrome.narrow(animation.to_dict())
    empire = tables["events"][tables["events"]["era"] == "empire"]
    checked = 0
    for k, frame in enumerate(animation.frames):
        text = update.get(f"frames[{k}].layout.annotations[0].text", frame.layout.annotations[0].text)
        starts = [line.strip() for line in text.split("<br>")]
        assert starts[0] == f"<b>{frame.name}</b>"
        happened = empire[empire["date_start"].dt.year == int(frame.name)]
        for _, r in happened.iterrows():
            date = date_label(r["date_start"].date(), r["date_precision"])
            assert any(line.startswith(f"{date}: ") for line in starts), (frame.name, date, starts)
            checked += 1
    assert checked >= 10


def test_animation_does_not_play_on_its_own_in_html(animation):
    setup()
    html = pio.renderers._build_mime_bundle(animation.to_dict())["text/html"]
    assert "Plotly.animate" not in html  # the page only draws it and adds its frames
    (figure,) = unpack(html)
    assert len(figure["frames"]) == len(animation.frames)


def test_event_layers_map_buttons_switch_layers(tables):
    layers = [("1988–1994", "1988-01-01", "1994-12-31"), ("2020 war", "2020-09-01", "2020-11-30")]
    fig = history.event_layers_map(
        tables["events"], tables["places"], "caucasus", layers, title="t", source="s"
    )
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["All", "1988–1994", "2020 war"]
    layer_traces = fig.data[-3:-1]  # the last trace names the places
    first = [e for ids in layer_traces[0].customdata for e in ids.split(",")]
    dates = tables["events"].set_index("event_id").loc[first, "date_start"]
    assert dates.between("1988-01-01", "1994-12-31").all() and len(first) >= 5
    assert buttons[1].args[0]["visible"][-3:] == [True, False, True]


def test_event_layers_map_names_events_outside_its_frame(tables):
    layers = [("1988–1994", "1988-01-01", "1994-12-31")]
    fig = history.event_layers_map(
        tables["events"], tables["places"], "caucasus", layers, title="t", source="s"
    )
    source = fig.layout.annotations[0].text.replace("<br>", " ")
    assert "Outside this frame" in source and "Bishkek" in source  # the 1994 protocol, not dropped
    shown = [e for t in fig.data[-2:-1] for ids in t.customdata for e in ids.split(",")]
    assert "1994_bishkek_ceasefire" not in shown


def test_on_a_phone_each_frame_names_its_treaties_clear_of_the_capitals(animation, tables):
    """Each frame draws the treaties signed by its year; on a phone (and a slide) their names
    are placed again with the capitals': a treaty name at its laptop place ran over the
    capitals' dots on a phone's smaller map ("Gulistan, 1813"). Each frame's treaty names
    take the phone places, and none covers a capital's dot at the phone map's scale."""
    from explainer import labels as labelling
    from explainer import maps

    fig = animation.to_dict()
    update = chrome.narrow(fig)
    spec = maps.REGIONS["caucasus"]
    project = labelling.projector(spec, maps.PHONE_WIDTH)
    capitals = next(t for t in fig["data"] if t.get("name") == "capitals")
    dots = [project(lon, lat) for lon, lat in zip(capitals["lon"], capitals["lat"])]
    treaty = next(i for i, t in enumerate(fig["data"]) if t.get("name") == "treaties")
    named = 0
    for k, frame in enumerate(fig["frames"]):
        j = frame["traces"].index(treaty)
        drawn = frame["data"][j]
        texts = update[f"frames[{k}].data[{j}].text"]
        places = update[f"frames[{k}].data[{j}].textposition"]
        assert len(texts) == len(drawn["text"]) == len(places)
        for lon, lat, text, at in zip(drawn["lon"], drawn["lat"], texts, places):
            if not text or lon is None:
                continue
            x, y = project(lon, lat)
            box = labelling.text_box(x, y, labelling.Label(lon, lat, text, 10, 7), at)
            assert not any(labelling._overlap(box, (u - 4, v - 4, u + 4, v + 4)) for u, v in dots), (
                frame["name"],
                text,
            )
            named += 1
    assert named >= 2  # Turkmenchay, 1828 keeps its name on a phone in 1828 and 1830
