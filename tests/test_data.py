"""The explainer's own data: complete, consistent and sourced."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from explainer import data
from explainer.data import ERA_SPANS


@pytest.fixture(scope="module")
def tables():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # loading must not warn
        return data.load()


def test_package_is_valid(tables):
    assert data.validate() == []
    assert set(tables) == {
        "places",
        "events",
        "cameo",
        "khanates",
        "claims",
        "contested",
        "views",
        "azal_explanations",
        "likelihood",
        "scorecard",
        "glossary",
        "sources",
        "map_layers",
        "khanate_extents",
        "districts_2020",
    }


def test_event_ledger_covers_two_centuries(tables):
    events = tables["events"]
    assert len(events) >= 70
    assert events["date_start"].min().year <= 1801 and events["date_start"].max().year >= 2025
    counts = events["era"].value_counts()
    assert all(counts.get(era, 0) >= 5 for era in ERA_SPANS)


def test_events_sit_in_their_era(tables):
    for _, e in tables["events"].iterrows():
        first, last = ERA_SPANS[e["era"]]
        assert first <= e["date_start"].year <= last, e["event_id"]


def test_event_ids_start_with_their_year(tables):
    events = tables["events"]
    assert (events["event_id"].str[:4] == events["date"].str[:4]).all()


def test_recent_events_are_coded_and_temperature_has_rows(tables):
    recent = tables["events"][tables["events"]["date"] >= "2024"]
    assert (recent["cameo_root"] != "").all() and recent["goldstein"].notna().all()
    assert (recent["dyad"] == "ru_az").sum() >= 15


def test_every_contested_quantity_has_two_sources(tables):
    contested = tables["contested"]
    per_quantity = contested.groupby("quantity_id")["who_says"].nunique()
    assert (per_quantity >= 2).all(), per_quantity[per_quantity < 2]
    assert contested["quantity_id"].nunique() >= 10


def test_contested_figures_are_never_averaged_into_one(tables):
    """Black January and Khojaly carry genuinely different figures, each attributed."""
    contested = tables["contested"]
    for quantity in ("black_january_deaths", "khojaly_deaths"):
        rows = contested[contested["quantity_id"] == quantity]
        assert rows["value_low"].nunique() >= 3
        assert rows["who_kind"].nunique() >= 2


def test_claims_cover_every_kind_and_link_to_events(tables):
    claims = tables["claims"]
    assert {"fact", "allegation", "opinion", "threat", "forecast"} <= set(claims["kind"])
    assert (claims["event_ids"] != "").sum() >= len(claims) * 0.7


def test_gazetteer_coordinates_are_plausible(tables):
    places = tables["places"]
    box = {  # rough lon/lat boxes of the modern countries the gazetteer uses
        "Azerbaijan": (44.7, 50.9, 38.3, 41.95),
        "Armenia": (43.4, 46.7, 38.8, 41.35),
        "Georgia": (40.0, 46.8, 41.0, 43.6),
        "Russia": (27.0, 180.0, 41.1, 82.0),
        "Ukraine": (22.1, 40.3, 44.3, 52.4),
        "Iran": (44.0, 63.4, 25.0, 39.8),
        "Kazakhstan": (46.4, 87.4, 40.5, 55.5),
    }
    for _, p in places.iterrows():
        if p["country"] in box:
            x0, x1, y0, y1 = box[p["country"]]
            assert x0 <= p["lon"] <= x1 and y0 <= p["lat"] <= y1, p["place_id"]


def test_gazetteer_names_the_disputed_places_both_ways(tables):
    places = tables["places"].set_index("place_id")
    assert "Stepanakert" in places.loc["khankendi", "name_historical"]
    assert "Elizavetpol" in places.loc["ganja", "name_historical"]
    assert places.loc["shusha", "name_hy"] == "Շուշի"


def test_khanates_pass_to_russia_between_1804_and_1828(tables):
    k = tables["khanates"]
    years = k["date_start"].dt.year
    assert years.between(1804, 1828).all() and len(k) >= 9
    assert set(k.loc[years >= 1827, "treaty"]) == {"Turkmenchay"}


def test_views_are_dated_and_attributed(tables):
    views = tables["views"]
    assert views["person"].nunique() >= 10
    assert pd.Series(views["country"]).nunique() >= 4


def test_every_row_cites_the_bibliography_and_every_source_is_cited(tables):
    from explainer.text import split_list

    known = set(tables["sources"]["source_id"])
    cited = set()
    for name, frame in tables.items():
        if "source_ids" in frame.columns:
            for cell in frame["source_ids"]:
                assert split_list(cell), name
                cited |= set(split_list(cell))
    assert cited == known  # no row cites a missing source, no source is left uncited


def test_bibliography_cites_original_publishers(tables):
    """No mirror, scraper, pirated copy or bare address: a teacher can hand the list out."""
    from explainer.bibliography import mirror_problem

    sources = tables["sources"]
    with_url = sources[sources["url"] != ""]
    assert [u for u in with_url["url"] if mirror_problem(u)] == []
    assert len(with_url) >= 300 and (sources.loc[sources["url"] == "", "citation"] != "").all()
    # state media are flagged, and they are not the only kind of source
    assert sources["state_affiliated"].isin(["state", "state_aligned", "government"]).sum() >= 20
    assert sources["kind"].nunique() >= 6


def test_each_source_is_listed_once(tables):
    """One row per work: the same page under two ids would be listed twice on a Sources slide."""
    sources = tables["sources"]
    with_url = sources[sources["url"] != ""]
    key = with_url["url"].str.replace(r"^https?://(www\.)?", "", regex=True).str.rstrip("/")
    assert with_url.loc[key.duplicated(keep=False), "source_id"].tolist() == []


def test_contested_figures_do_not_rest_on_state_media_alone(tables):
    """Each disputed quantity has at least one source not tied to a state."""
    sources = tables["sources"].set_index("source_id")
    from explainer.text import split_list

    for quantity, rows in tables["contested"].groupby("quantity_id"):
        ids = {i for cell in rows["source_ids"] for i in split_list(cell)}
        ties = set(sources.loc[list(ids), "state_affiliated"])
        assert ties - {"state", "state_aligned", "government"}, quantity


def test_sources_section_links_every_cited_source_once_and_names_each_publisher_once(tables):
    """A chapter's Sources list, one line a publisher: nothing cited is left out, nothing
    is listed twice, and a publisher's perspective and state tie are given on its line."""
    import re

    from explainer.bibliography import cited, source_list_markdown

    events, sources = tables["events"], tables["sources"]
    text = source_list_markdown(sources, events)
    rows = cited(sources, events)
    links = re.findall(r"\]\((https?://[^)\s]+)\)", text)
    assert len(links) == len(set(links)) == (rows["url"] != "").sum()
    for _, s in rows[rows["citation"] != ""].iterrows():
        if not s["url"]:
            assert s["citation"].split(",")[0].split(" (")[0] in text.replace("\\", "")
    sections = re.split(r"^\*\*[^*]+\*\* \(\d+\)$", text, flags=re.M)[1:]
    assert len(sections) >= 5
    for section in sections:  # within a kind of source, one line a publisher
        publishers = [line[3 : line.index("*:")] for line in section.splitlines() if line.startswith("- *")]
        assert len(publishers) == len(set(publishers))
    entries = [line for line in text.splitlines() if line.startswith("- *")]
    yeltsin = next(
        line for line in entries if line.startswith("- *Presidential Library named after B. N. Yeltsin*")
    )
    assert yeltsin.count("](") >= 2 and yeltsin.endswith("(Russian perspective; **government**)")
    assert f"{len(rows)} sources" in text
