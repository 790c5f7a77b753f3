"""Key facts of the chapters, pinned to their sources: a unit test catches a changed date or
toll before nbval does (tests/facts.csv; docs/mutations.md lists what each test catches).

Each row names a table, a row key, a column, the value the chapters rely on, and one of the
row's own sources that gives it. To change a pinned value, change it here with the source.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from explainer import data, paths, timeline
from explainer.text import split_list

FACTS = list(csv.DictReader((paths.ROOT / "tests" / "facts.csv").open(encoding="utf-8")))
KEYS = {"events": "event_id", "contested": "quantity_id", "claims": "claim_id"}


@pytest.fixture(scope="module")
def tables():
    return data.load()


def _value(cell) -> str:
    if isinstance(cell, pd.Timestamp):
        return cell.strftime("%Y-%m-%d")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


@pytest.mark.parametrize("fact", FACTS, ids=[f"{f['key']}.{f['column']}={f['expected']}" for f in FACTS])
def test_pinned_fact_holds_with_its_source(tables, fact):
    frame = tables[fact["table"]]
    rows = frame[frame[KEYS[fact["table"]]] == fact["key"]]
    assert len(rows), f"{fact['table']}: no row {fact['key']!r} ({fact['why it is pinned']})"
    matching = rows[[_value(v) == fact["expected"] for v in rows[fact["column"]]]]
    assert len(matching), (
        f"{fact['table']}.{fact['key']}.{fact['column']} is {sorted(map(_value, rows[fact['column']]))}, "
        f"not {fact['expected']} as {fact['source_id']} gives it ({fact['why it is pinned']})"
    )
    cited = {s for cell in matching["source_ids"] for s in split_list(cell)}
    assert fact["source_id"] in cited, f"{fact['source_id']} no longer cited for {fact['key']}"


def test_pinned_events_keep_their_order(tables):
    """Khojaly before Shusha, Gulistan before Turkmenchay…: the chapters tell them in this order."""
    pinned = [f["key"] for f in FACTS if f["table"] == "events"]
    events = tables["events"].set_index("event_id").loc[pinned]
    assert list(events.sort_values("date_start").index) == pinned


def test_hover_cards_carry_the_summary_and_the_sources(tables):
    """Readers read an event's summary and its sources in the hover card of every full timeline."""
    event = tables["events"].set_index("event_id", drop=False).loc["1992_khojaly_killings"]
    card = timeline.hover_card(event, tables["places"])
    assert event["summary"][:40] in card.replace("<br>", " ")
    assert "Sources:" in card and event["source_names"].split(";")[0][:20] in card
