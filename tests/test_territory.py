"""Maps that show territory: the layers are reproducible, licensed, and the size they should be."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from explainer import data, paths, territory

SPEC = importlib.util.spec_from_file_location(
    "build_territory", paths.ROOT / "scripts" / "build_territory.py"
)
build_territory = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build_territory)


def km2(geometry) -> float:
    """Area in km² (an equal-area sinusoidal projection, accurate to well under 1 % here)."""
    r = 6371.0
    return shapely.transform(
        geometry,
        lambda c: np.c_[np.radians(c[:, 0]) * r * np.cos(np.radians(c[:, 1])), np.radians(c[:, 1]) * r],
    ).area


def test_committed_layers_are_what_the_build_makes():
    for name, built in build_territory.build().items():
        committed = (paths.GEO / name).read_text(encoding="utf-8")
        assert committed == build_territory.text(built), f"{name} is stale: run `make basemap`"


def test_a_changed_input_stops_the_build(tmp_path, monkeypatch):
    for name in build_territory.PINNED:
        (tmp_path / name).write_bytes((build_territory.SOURCES / name).read_bytes())
    monkeypatch.setattr(build_territory, "SOURCES", tmp_path)
    path = tmp_path / "ne_disputed_nagorno_karabakh.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Nagorno-Karabakh", "Nagorno Karabakh"), encoding="utf-8"
    )
    with pytest.raises(SystemExit) as stop:
        build_territory.build()
    assert "ne_disputed_nagorno_karabakh.json changed" in str(stop.value)
    path.unlink()
    with pytest.raises(SystemExit) as stop:
        build_territory.build()
    assert "is missing" in str(stop.value) and "natural-earth-vector" in str(stop.value)


def test_a_rule_naming_an_unknown_district_is_refused():
    districts = json.loads(
        (build_territory.SOURCES / "geoBoundaries-AZE-ADM2_simplified.geojson").read_text()
    )["features"]
    with pytest.raises(SystemExit) as stop:
        build_territory.units(districts, ["Shusha District", "Atlantis District"], "geoBoundaries-AZE-ADM2")
    assert "Atlantis District" in str(stop.value)


@pytest.mark.parametrize(
    "layer, low, high",
    [
        ("nkao", 4_000, 4_700),  # Britannica: about 4,400 km²
        ("held_1994_2020", 10_500, 12_500),  # FIP.am 11,500 km²; the NKR constitution 11,300 km²
    ],
)
def test_areas_match_published_figures(layer, low, high):
    (feature,) = territory.layer(layer)
    assert low <= km2(shape(feature["geometry"])) <= high


def test_2020_districts_match_their_published_sizes():
    """Whole-district areas as virtualkarabakh.az (Azerbaijani, state-affiliated) gives them, within 12 %."""
    published = {
        "Lachin District": 1840,
        "Kalbajar District": 3054,
        "Jabrayil District": 1050,
        "Qubadli District": 802,
        "Zangilan District": 707,
        "Fuzuli District": 1390,
        "Agdam District": 1150,
    }
    for f in territory.layer("returned_2020"):
        name = f["properties"]["district"]
        if name in published:
            assert abs(km2(shape(f["geometry"])) - published[name]) / published[name] < 0.12, name


def test_peacekeeping_zone_lies_in_the_nkao_and_the_corridor_is_5_km_wide():
    (nkao,), (zone,), (corridor,) = (
        territory.layer(k) for k in ("nkao", "peacekeeping_zone", "lachin_corridor")
    )
    nkao, zone, corridor = (shape(f["geometry"]) for f in (nkao, zone, corridor))
    assert zone.buffer(0.01).contains(zone) and zone.difference(nkao.buffer(0.01)).area < 1e-6
    assert 0.55 < km2(zone) / km2(nkao) < 0.85  # Crisis Group: Azerbaijan regained about a third of the NKAO
    r = 6371.0
    perimeter = shapely.transform(
        corridor,
        lambda c: np.c_[np.radians(c[:, 0]) * r * np.cos(np.radians(c[:, 1])), np.radians(c[:, 1]) * r],
    ).length
    width = 2 * km2(corridor) / perimeter  # a long thin band: area / length, length about half the perimeter
    assert 4.5 < width < 5.5


def test_every_layer_file_carries_its_licence_and_every_layer_its_rule():
    for name, licence in (
        ("karabakh_ne.geojson", "public domain"),
        ("territory_az.geojson", "CC BY-SA 3.0"),
        ("territory_am.geojson", "ODbL 1.0"),
    ):
        collection = json.loads((paths.GEO / name).read_text(encoding="utf-8"))
        assert collection["licence"] == licence and collection["attribution"]
    rules = data.load()["map_layers"]
    layers = {f["properties"]["layer"] for f in territory.features()}
    assert layers <= set(rules["layer_id"])
    assert set(rules.loc[rules["kind"] != "open_geometry", "layer_id"]) >= {
        "peacekeeping_zone",
        "lachin_corridor",
        "khanate_extents",
    }


def test_every_khanate_with_a_drawn_extent_is_one_of_the_ten():
    khanates = set(data.load()["khanates"]["khanate_id"])
    drawn = {f["properties"]["khanate_id"] for f in territory.layer("khanate_extents")}
    assert drawn <= khanates and len(drawn) == 9  # Derbent's extent is not drawn
