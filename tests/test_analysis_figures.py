"""The analysis chapters' figures: claim ledger, views, likelihood bands, themes, scorecard."""

from __future__ import annotations

import pytest

from explainer import analysis, data
from explainer.notebook import setup


@pytest.fixture(scope="module")
def tables():
    setup()
    return data.load()


def test_claims_overview_counts_every_claim_once(tables):
    fig = analysis.claims_overview(tables["claims"], title="t", source="s")
    assert sum(sum(t.x) for t in fig.data) == len(tables["claims"])


def test_claims_table_buttons_show_one_status_each(tables):
    claims = tables["claims"]
    fig = analysis.claims_table(claims, title="t", source="s")
    buttons = fig.layout.updatemenus[0].buttons
    assert buttons[0].label == f"All ({len(claims)})"
    for button in buttons[1:]:
        shown_ids = button.args[0]["cells.values"][0][0]
        status_cells = set(button.args[0]["cells.values"][0][4])
        assert len(status_cells) == 1 and button.label.startswith(next(iter(status_cells)))
        expected = claims[claims["status"].map(analysis.STATUS_LABELS) == next(iter(status_cells))][
            "claim_id"
        ]
        assert list(shown_ids) == list(expected)


def test_likelihood_reading_uses_only_terms_of_the_scale(tables):
    assert set(analysis.LIKELIHOOD_READING.values()) <= set(tables["likelihood"]["term"])
    bands = analysis.likelihood_bands(tables["views"], tables["likelihood"])
    assert (bands["low_percent"] < bands["high_percent"]).all()
    podolyaka = bands[bands["person"] == "Yury Podolyaka"].iloc[0]
    assert (podolyaka["term"], podolyaka["low_percent"], podolyaka["high_percent"]) == ("likely", 55, 80)
    assert "hope" not in set(bands["likelihood_words"])  # a hope is not a probability


def test_views_matrix_shows_every_view(tables):
    fig = analysis.views_matrix(tables["views"], title="t", source="s")
    assert sorted(v for t in fig.data for v in t.customdata) == sorted(tables["views"]["view_id"])


def test_themed_events_refuses_unknown_ids(tables):
    with pytest.raises(ValueError, match="unknown event ids: \\['2099_nothing'\\]"):
        analysis.themed_events(
            tables["events"], tables["places"], {"x": ["2099_nothing"]}, title="t", source="s"
        )


def test_scorecard_table_has_a_verdict_and_evidence_per_row(tables):
    card = tables["scorecard"]
    fig = analysis.scorecard_table(card, tables["claims"], tables["views"], title="t", source="s")
    cells = fig.data[0].cells.values
    assert len(cells[0]) == len(card)
    assert set(cells[2]) <= {label for label, _, _ in analysis.VERDICT.values()}


@pytest.mark.parametrize("which", ["ledger", "scorecard"])
def test_table_rows_start_at_their_shortest_rows_height(tables, which):
    """plotly grows a row its cells do not fit, laying the column out again each time: the
    tables start every row at the height of their shortest row (one line of 26 px made a
    chapter page wait a third of a second), and no taller, so short rows are not padded."""
    if which == "ledger":
        fig = analysis.claims_table(tables["claims"], title="t", source="s")
    else:
        card = tables["scorecard"]
        fig = analysis.scorecard_table(card, tables["claims"], tables["views"], title="t", source="s")
    cells = fig.data[0].cells
    lines = [
        max(str(column[row]).count("<br>") + 1 for column in cells.values)
        for row in range(len(cells.values[0]))
    ]
    line = 1.3 * cells.font.size  # plotly's line spacing
    assert min(lines) > 1
    assert (min(lines) - 1) * line + cells.font.size + 16 <= cells.height <= min(lines) * line + 16
