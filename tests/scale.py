"""Generated events for scale checks: a test fixture and a benchmark input, never saved data."""

from __future__ import annotations

import pandas as pd


def scaled(events: pd.DataFrame, k: int) -> pd.DataFrame:
    """``k`` copies of the ledger, each with its own ids and dates moved by a few days."""
    copies = []
    for i in range(k):
        c = events.copy()
        c["event_id"] = c["event_id"] + f"__{i}"
        c["date_start"] = c["date_start"] + pd.to_timedelta((i * 7) % 300, unit="D")
        copies.append(c)
    return pd.concat(copies, ignore_index=True)
