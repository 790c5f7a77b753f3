"""Small shared helpers used by every hover card and map."""

from __future__ import annotations

import pandas as pd

from explainer import maps
from explainer.text import precision_symbols, sources_line, split_list


def test_sources_line_names_each_site_once_in_order():
    cell = "https://www.rferl.org/a/1 ; https://tass.com/x ; https://rferl.org/a/2"
    assert sources_line(cell) == "rferl.org, tass.com"
    assert split_list(" a ;b ; ") == ["a", "b"]


def test_precision_symbols_never_fill_an_unknown_day():
    assert precision_symbols(["day", "month", "year"]) == ["circle", "circle-open", "circle-open"]


def test_in_frame_matches_for_scalars_and_columns():
    lon = pd.Series([49.89, 60.6, -77.0])
    lat = pd.Series([40.38, 56.8, 38.9])
    assert maps.in_frame(lon, lat, "eurasia").tolist() == [True, True, False]
    assert bool(maps.in_frame(49.89, 40.38, "caucasus")) and not bool(maps.in_frame(60.6, 56.8, "caucasus"))
