"""The offline base map: derived from Natural Earth, current, and recognisable."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest
from shapely.geometry import Point, shape

from explainer import maps, paths

SPEC = importlib.util.spec_from_file_location("build_basemap", paths.ROOT / "scripts" / "build_basemap.py")
build_basemap = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build_basemap)


def test_build_script_and_maps_use_the_same_frames():
    for name, spec in build_basemap.REGIONS.items():
        assert (spec["lon"], spec["lat"]) == (maps.REGIONS[name]["lon"], maps.REGIONS[name]["lat"])


def test_committed_geojson_is_what_the_build_script_makes(tmp_path):
    """Re-running the build from node_modules/world-atlas reproduces the committed files byte for byte."""
    if not build_basemap.SOURCE.exists():
        pytest.fail("node_modules/world-atlas missing: run `npm ci` (make test does it)")
    for path in build_basemap.build(tmp_path):
        committed = paths.GEO / path.name
        assert committed.read_bytes() == path.read_bytes(), f"{committed} is stale: run `make basemap`"


def country(region: str, name: str):
    for feature in maps.load_basemap(region)["features"]:
        if feature["properties"]["name"] == name:
            return shape(feature["geometry"])
    raise AssertionError(f"{name} not on the {region} map")


@pytest.mark.parametrize("region", ["caucasus", "eurasia"])
def test_nakhchivan_is_part_of_azerbaijan_and_apart_from_it(region):
    azerbaijan = country(region, "Azerbaijan")
    assert azerbaijan.geom_type == "MultiPolygon"
    nakhchivan = Point(45.41, 39.21)
    exclave = [p for p in azerbaijan.geoms if p.contains(nakhchivan)]
    assert len(exclave) == 1 and not exclave[0].contains(Point(49.89, 40.38))  # not joined to Baku's part


def test_crimea_is_its_own_area_with_its_status():
    crimea = [f for f in maps.load_basemap("eurasia")["features"] if f["properties"]["name"] == "Crimea"]
    assert len(crimea) == 1 and "Ukraine" in crimea[0]["properties"]["status"]
    assert crimea[0]["properties"]["source"].startswith("https://")
    assert not country("eurasia", "Russia").contains(Point(34.1, 45.0))


@pytest.mark.parametrize("region", ["caucasus", "eurasia"])
def test_basemap_is_small_and_rounded(region):
    path = paths.GEO / f"{region}.geojson"
    assert path.stat().st_size < 60_000
    coords = json.dumps(
        [f["geometry"]["coordinates"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
    )
    decimals = [len(d) for d in re.findall(r"-?\d+\.(\d+)", coords)]
    assert decimals and max(decimals) <= 3
