"""The phone layout (explainer.chrome.narrow) of the many-panel charts, as numbers; the
browser test in test_site.py checks what it draws at 390 and 320 px."""

from __future__ import annotations

import pytest

from explainer import chrome, contested, data
from explainer.text import plain


@pytest.fixture(scope="module")
def tables():
    return data.load()


@pytest.fixture(scope="module")
def panels(tables):
    quantities = [
        "khojaly_deaths",
        "azerbaijan_territory_under_armenian_control",
        "karabakh_armenians_exodus_2023",
    ]
    fig = contested.ranges_chart(tables["contested"], quantities, one_at_a_time=False).to_dict()
    return fig, chrome.narrow(fig)


def test_panels_keep_their_order_and_height_and_their_titles_sit_on_them(panels):
    fig, update = panels
    layout = fig["layout"]
    axes = sorted((k for k in layout if k.startswith("yaxis")), key=lambda k: -layout[k]["domain"][1])
    domains = [update.get(f"{k}.domain", layout[k]["domain"]) for k in axes]
    assert all(0 <= low < high <= 1 for low, high in domains)
    assert all(a[0] > b[1] for a, b in zip(domains, domains[1:])), "panels overlap on a phone"
    tops = {round(high, 5) for _, high in domains}
    for i, ann in enumerate(layout["annotations"]):
        if ann.get("yanchor") == "bottom" and ann.get("x") == 0.5:
            assert round(update.get(f"annotations[{i}].y", ann["y"]), 5) in tops
    assert update["height"] > layout["height"]
    # each gap holds the x axis above (ticks and unit, about 45 px) and the wrapped title below
    margin = {**layout["margin"], **{k[7:]: v for k, v in update.items() if k.startswith("margin.")}}
    plot = update["height"] - margin["t"] - margin["b"]
    titles = {
        round(update.get(f"annotations[{i}].y", a["y"]), 5): update.get(f"annotations[{i}].text", a["text"])
        for i, a in enumerate(layout["annotations"])
        if a.get("yanchor") == "bottom" and a.get("x") == 0.5
    }
    for above, below in zip(domains, domains[1:]):
        lines = titles[round(below[1], 5)].count("<br>") + 1
        assert (above[0] - below[1]) * plot >= 45 + lines * 13 * chrome.LINE


def test_the_legend_goes_to_the_foot_one_entry_a_row(panels):
    fig, update = panels
    assert (update["legend.yref"], update["legend.y"], update["legend.yanchor"]) == ("container", 0, "bottom")
    assert update["legend.entrywidthmode"] == "pixels" and update["legend.entrywidth"] > 390 / 2  # one a row
    grown_b = update["margin.b"] - fig["layout"]["margin"]["b"]
    entries = sum(1 for t in fig["data"] if t.get("showlegend", True) and t.get("name"))
    assert entries >= 2 and grown_b >= chrome.LEGEND_LINE * 13 * entries  # a row an entry, 13 px type


def test_each_panel_names_its_rows_in_full_over_them(panels, tables):
    """Stacked panels of who gives which figure: on a 390 px phone the names were cut to 22
    characters at the left ("Aydin Rasulov, Azerba…") and left the dots a plot 120 px wide
    (64 px at 300 px, where the names ran off the left edge). Each row's name and its figure
    now sit over the row, panel by panel, and each row holds its label and its dot."""
    fig, update = panels
    layout = fig["layout"]
    over = [v for k, v in update.items() if k.startswith("annotations[") and isinstance(v, dict)]
    assert {a["name"] for a in over} == {chrome.ROW_LABEL}
    margin = {**layout["margin"], **{k[7:]: v for k, v in update.items() if k.startswith("margin.")}}
    plot = update["height"] - margin["t"] - margin["b"]
    axes = [k for k in layout if k.startswith("yaxis")]
    assert len(axes) == 3
    # who gives each figure, as the data writes it (less the detail in brackets, kept for hover)
    heads = {plain(w.split(" (")[0].split(", as ")[0].strip()) for w in tables["contested"]["who_says"]}
    assert any(len(h) > 42 for h in heads)
    for axis in axes:
        ref = "y" + axis.removeprefix("yaxis")
        names = layout[axis]["categoryarray"]
        mine = [a for a in over if a["yref"] == ref]
        assert [a["y"] for a in mine] == names  # every row of this panel, none of another's
        assert update[f"{axis}.showticklabels"] is False and f"{axis}.ticktext" not in update
        figures = {
            y: text
            for t in fig["data"]
            if t.get("yaxis", "y") == ref and "text" in t.get("mode", "")
            for y, text in zip(t["y"], t["text"])
        }
        for label in mine:
            name, figure = label["text"].replace("<br>", " ").rsplit(": ", 1)
            assert figure == figures[label["y"]]
            # the source in full, where the axis cuts it short ("Aydin Rasulov, Azerbaijani state prosecut…")
            assert name == label["y"] if not label["y"].endswith("…") else name.startswith(label["y"][:-1])
            assert name in heads or name.rsplit(" (", 1)[0] in heads, name
            assert max(len(line) for line in label["text"].split("<br>")) <= chrome.ROW_LINE
        low, high = update[f"{axis}.domain"]
        tallest = max(a["text"].count("<br>") + 1 for a in mine) * chrome.ROW_SIZE * chrome.LINE
        assert (high - low) * plot / len(names) >= tallest + 11 + 8  # a row holds its label over its dot
    assert margin["l"] + margin["r"] <= 30  # the dots take the phone's width
    assert {v for k, v in update.items() if k.endswith("].mode")} == {"markers"}  # figures are in the labels


def test_notes_under_the_plot_are_stacked_not_overprinted(tables):
    fig = contested.figures_explorer(tables["contested"]).to_dict()
    update = chrome.narrow(fig)
    notes = []
    for i, ann in enumerate(fig["layout"]["annotations"]):
        if ann.get("yref") == "paper" and ann.get("y") == 0 and ann.get("yanchor") == "top":
            text = update.get(f"annotations[{i}].text", ann["text"])
            size = (ann.get("font") or {}).get("size", 12)
            top = -update.get(f"annotations[{i}].yshift", ann.get("yshift", 0))
            notes.append((top, top + (text.count("<br>") + 1) * size * chrome.LINE))
    notes.sort()
    assert len(notes) >= 2
    assert all(a[1] <= b[0] for a, b in zip(notes, notes[1:]))


def test_a_phone_names_fewer_places_each_clear_and_inside_the_map(tables):
    """The gazetteer map on a phone: the story's main places keep their names, the names
    kept fit inside the smaller map without touching, and the language menu leaves off the
    same names (it would otherwise bring every name back)."""
    from explainer import labels, maps

    fig = maps.places_map(tables["places"], "caucasus").to_dict()
    update = chrome.narrow(fig)
    i = next(k for k, t in enumerate(fig["data"]) if t.get("name") == "places")
    trace, phone = fig["data"][i], update[f"data[{i}].text"]
    reading = [t for t in trace["text"] if t]
    kept = [t for t in phone if t]
    assert {"Baku", "Yerevan", "Tbilisi"} <= set(kept) and len(kept) < len(reading)
    boxes = [
        labels.text_box(
            *labels.projector(maps.REGIONS["caucasus"], maps.PHONE_WIDTH)(lon, lat),
            labels.Label(lon, lat, text, 11, 5),
            at,
        )
        for lon, lat, text, at in zip(trace["lon"], trace["lat"], phone, update[f"data[{i}].textposition"])
        if text
    ]
    frame = maps.REGIONS["caucasus"]
    bottom = labels.projector(frame, maps.PHONE_WIDTH)(frame["lon"][0], frame["lat"][0])[1]
    assert all(b[0] >= 0 and b[2] <= maps.PHONE_WIDTH and b[1] >= 0 and b[3] <= bottom for b in boxes)
    assert not any(labels._overlap(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1 :])
    menu = next(m for m, u in enumerate(fig["layout"]["updatemenus"]) if u.get("name") == "language")
    targets = fig["layout"]["updatemenus"][menu]["buttons"][1]["args"][1]
    azerbaijani = update[f"updatemenus[{menu}].buttons[1].args[0].text"][targets.index(i)]
    assert [bool(t) for t in azerbaijani] == [bool(t) for t in phone]


def test_a_country_name_that_would_cover_a_place_is_left_off_on_a_phone(tables):
    from explainer import maps

    fig = maps.places_map(tables["places"], "caucasus").to_dict()
    update = chrome.narrow(fig)
    c = next(k for k, t in enumerate(fig["data"]) if t.get("name") == "countries")
    assert "ARMENIA" in fig["data"][c]["text"] and "ARMENIA" not in update[f"data[{c}].text"]  # over Yerevan


def test_side_by_side_panels_keep_their_tick_labels_to_themselves(tables):
    from explainer import timeline

    fig = timeline.overview_timeline(tables["events"], tables["places"]).to_dict()
    update = chrome.narrow(fig)
    axes = [k for k in fig["layout"] if k.startswith("xaxis")]
    assert len(axes) >= 4
    for axis in axes:
        assert update[f"{axis}.ticklabeloverflow"] == "hide past domain"
        assert update[f"{axis}.tickangle"] == -90 and update[f"{axis}.nticks"] == 2


def test_a_timeline_under_a_map_keeps_a_row_per_category_and_its_slider_inside(tables):
    """The explorer on a phone: its timeline keeps at least one 14 px row per kind of event
    (eleven labels one under the next, none printed over another), the room under it for
    its dates and range slider stays inside the plot (plotly then keeps the bottom margin),
    and the figure grows by what the timeline gains instead of squeezing it."""
    from explainer import explore

    fig = explore.explorer_figure(tables["events"], tables["places"]).to_dict()
    update = chrome.narrow(fig)
    layout = fig["layout"]
    margin = {**layout["margin"], **{k[7:]: v for k, v in update.items() if k.startswith("margin.")}}
    plot = update["height"] - margin["t"] - margin["b"]
    low, high = update["yaxis.domain"]
    rows = len(layout["yaxis"]["categoryarray"])
    assert rows >= 10 and (high - low) * plot >= rows * chrome.ROW
    assert low * plot >= chrome.PHONE_SLIDER_ROOM - 1
    assert update["xaxis.rangeslider.thickness"] * plot == pytest.approx(chrome.PHONE_SLIDER, abs=0.5)
    assert update["geo.domain.y"][0] > high  # the map stays above the timeline
    assert (
        update["legend.yref"] == "paper" and update["legend.y"] < 0
    )  # under the plot, not the container's foot


def test_a_legend_that_leaves_the_top_gives_its_room_back(tables):
    """A legend in a row under the title goes to the foot on a phone; the top margin it held
    is given back, so no blank band is left between the title and the plot."""
    fig = contested.ranges_chart(tables["contested"], ["khojaly_deaths"], one_at_a_time=False).to_dict()
    layout = fig["layout"]
    assert layout["legend"]["yref"] == "container" and layout["legend"]["y"] > 0.5  # under the title
    update = chrome.narrow(fig)
    lines = update["title.text"].count("<br>")
    assert update["margin.t"] < layout["margin"]["t"] + 22 * lines
    assert update["legend.y"] == 0 and update["legend.yanchor"] == "bottom"


def test_who_said_what_goes_over_each_bar_in_full_on_a_phone(tables):
    """The probability-scale chart names each bar by who said what ("Yury Podolyaka: “quite
    probable”"). On a 390 px phone those names were cut short at the left and left the bars
    and their readings an 80 px plot. On a phone each bar's full name and reading sit on lines
    of their own over it, no line longer than a phone's width, and the bars take the width."""
    from explainer import analysis

    bands = analysis.likelihood_bands(tables["views"], tables["likelihood"])
    fig = analysis.bands_chart(bands, title="Their words", source="Views").to_dict()
    update = chrome.narrow(fig)
    bar = fig["data"][0]
    over = [v for k, v in update.items() if k.startswith("annotations[") and isinstance(v, dict)]
    assert [a["name"] for a in over] == [chrome.ROW_LABEL] * len(bar["y"])
    for name, text, label in zip(bar["y"], bar["text"], over):
        assert label["y"] == name and label["text"].replace("<br>", " ") == f"{name} → {text}"
        assert max(len(line) for line in label["text"].split("<br>")) <= chrome.ROW_LINE
    assert update["yaxis.showticklabels"] is False and update["data[0].textposition"] == "none"
    assert update["margin.l"] + update["margin.r"] <= 30  # the plot takes the phone's width
    # each row holds its tallest label over a bar, so no label reaches the bar above it
    rows = update["height"] - update["margin.t"] - update["margin.b"]
    tallest = max(a["text"].count("<br>") + 1 for a in over) * 11 * chrome.LINE
    assert rows / len(over) * (1 - update["data[0].width"]) >= tallest + 8


def test_who_judged_what_is_named_in_full_over_each_row_of_dots_on_a_phone(tables):
    """The views chart names a row per person ("Akper Hasanov (Azerbaijan)"). On a 390 px
    phone the names were cut to 22 characters ("Akper Hasanov (Azerba…"), the country lost,
    and the dots had a plot about 130 px wide (60 px in a JupyterLab panel, where the date
    labels then tilted onto the caption). On a phone each person's full name, with the words
    quoted beside their dots, sits over their row, and the dots take the width."""
    from explainer import analysis

    fig = analysis.views_matrix(tables["views"], title="Views", source="Views").to_dict()
    update = chrome.narrow(fig)
    over = [v for k, v in update.items() if k.startswith("annotations[") and isinstance(v, dict)]
    people = fig["layout"]["yaxis"]["categoryarray"]
    assert [a["y"] for a in over] == people and {a["name"] for a in over} == {chrome.ROW_LABEL}
    views = tables["views"]
    for label in over:
        text = label["text"].replace("<br>", " ")
        person, country = label["y"].rsplit(" (", 1)
        assert text.startswith(label["y"])  # in full
        mine = views[(views["person"] == person) & (views["country"] == country.rstrip(")"))]
        for words in mine["likelihood_words"].dropna():
            if words:
                assert f"“{words}”" in text  # the words quoted beside the dots, now over the row
        assert max(len(line) for line in label["text"].split("<br>")) <= chrome.ROW_LINE
    assert update["yaxis.showticklabels"] is False
    assert {v for k, v in update.items() if k.endswith("].mode")} == {"markers"}
    assert update["margin.l"] + update["margin.r"] <= 30
    rows = update["height"] - update["margin.t"] - update["margin.b"]
    tallest = max(a["text"].count("<br>") + 1 for a in over) * 11 * chrome.LINE
    marker = max(t["marker"]["size"] for t in fig["data"])
    assert rows / len(over) >= tallest + marker + 8  # a row holds its label over its dots


def test_rows_a_menu_changes_keep_their_names_at_the_left(tables):
    """A chart whose menu changes its y axis (the disputed-figures chart swaps its rows for the
    quantity picked; here a menu moves the axis): labels written over one set of rows would
    stay behind, so its rows keep their (shortened) names at the left. The same chart without
    the menu gets its names over the rows."""
    import plotly.graph_objects as go

    rows = ["Human Rights Watch/Helsinki (1991)", "Azerbaijani government (2022)"]
    fig = go.Figure([go.Scatter(x=[1, 2], y=rows, mode="markers", marker_size=10)])
    fig.update_yaxes(categoryorder="array", categoryarray=rows)
    plain = chrome.narrow(fig.to_dict())
    assert [
        v["y"] for v in plain.values() if isinstance(v, dict) and v.get("name") == chrome.ROW_LABEL
    ] == rows
    fig.update_layout(
        updatemenus=[
            dict(
                buttons=[
                    dict(label="log", method="relayout", args=[{"xaxis.type": "log", "yaxis.side": "right"}])
                ]
            )
        ]
    )
    update = chrome.narrow(fig.to_dict())
    assert not any(isinstance(v, dict) and v.get("name") == chrome.ROW_LABEL for v in update.values())
    assert update.get("yaxis.showticklabels", True) is not False
    assert all(len(t) <= chrome.TICK for t in update["yaxis.ticktext"])
    chooser = chrome.narrow(contested.figures_explorer(tables["contested"]).to_dict())
    assert not any(isinstance(v, dict) and v.get("name") == chrome.ROW_LABEL for v in chooser.values())


def test_words_past_short_bars_end_keep_room_on_a_phone():
    """Bars with short names keep them at the left, and words written past a bar's end get a
    right margin wide enough on a phone (plotly cuts off what runs past the figure's edge)."""
    fig = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": ["one", "two"],
                "x": [90, 30],
                "text": ["a reading of twenty letters", "short"],
                "textposition": "outside",
                "cliponaxis": False,
            }
        ],
        "layout": {"xaxis": {"range": [0, 100]}, "margin": {"l": 20, "r": 40, "t": 70, "b": 60}},
    }
    update = chrome.narrow(fig)
    assert "yaxis.showticklabels" not in update
    # as drawn: about half the type size a glyph at plotly's 13 px, after a few pixels' gap,
    # beyond the room left between the bar's end and the plot's
    past = (100 - 90) / 100 * chrome.PHONE_PLOT
    assert update["margin.r"] >= len("a reading of twenty letters") * 0.5 * 13 + 4 - past


def test_a_slider_beside_a_play_button_starts_clear_of_it_on_a_phone():
    """The khanates map's year slider starts a tenth of the way along the plot, beside its Play
    button: on a 390 px phone the button covered the slider's "Year: 1830"."""
    play = dict(type="buttons", x=0, xanchor="left", y=0, yanchor="top", buttons=[dict(label="▶ Play")])
    slider = dict(x=0.08, len=0.9, y=0, yanchor="top", currentvalue=dict(prefix="Year: "), steps=[])
    fig = {"data": [], "layout": {"updatemenus": [play], "sliders": [slider], "height": 600}}
    update = chrome.narrow(fig)
    assert update["sliders[0].x"] * chrome.PHONE_FIGURE_PLOT >= chrome.PLAY
    assert update["sliders[0].x"] + update["sliders[0].len"] <= 1
    alone = {"data": [], "layout": {"sliders": [slider], "height": 600}}
    assert "sliders[0].x" not in chrome.narrow(alone), "a slider with no Play button keeps its place"
