"""Build the explainer's offline base maps from Natural Earth.

Input: the npm package ``world-atlas`` (Natural Earth 1:50m admin-0 countries as
TopoJSON, public domain), installed by ``npm ci`` from ``package-lock.json``.
``topo2geo`` from the npm package ``topojson-client`` turns it into GeoJSON;
shapely clips each country to a region's frame, simplifies it and rounds the
coordinates, so the committed files are small and byte-for-byte reproducible.

Output: ``data/geo/<region>.geojson``, one feature per country. Notebooks read only
these derived files; nothing here or there reads the network.

Run: ``make basemap`` (or ``python scripts/build_basemap.py``).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

from shapely import segmentize
from shapely.geometry import MultiPolygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
TOPO2GEO = ROOT / "node_modules" / ".bin" / "topo2geo"
OUT = ROOT / "data" / "geo"

# The frames must stay in step with explainer.maps.REGIONS (a test checks it). Each is
# clipped with PAD degrees to spare: plotly keeps the projection's aspect ratio, so a
# map shows a little more than its frame on one axis, and that margin should be land
# and sea, not an empty band.
PAD = 2.0
REGIONS = {
    # South Caucasus and the Caspian: Nakhchivan, Karabakh, Derbent, Tabriz.
    "caucasus": {"lon": (36.5, 54.5), "lat": (36.2, 44.8), "tolerance": 0.03, "digits": 3, "segment": 0.5},
    # Odesa to Yekaterinburg, Moscow to Aktau and Baku.
    "eurasia": {"lon": (24.0, 66.0), "lat": (37.0, 58.5), "tolerance": 0.11, "digits": 2, "segment": 1.0},
    # Karabakh and the districts around it, from Ganja to the Aras (chapter 04).
    "karabakh": {"lon": (44.9, 48.3), "lat": (38.7, 40.7), "tolerance": 0.006, "digits": 3, "segment": 0.1},
}


def _round(coords, digits: int):
    if isinstance(coords[0], (int, float)):
        return [round(float(c), digits) for c in coords]
    return [_round(c, digits) for c in coords]


def _countries() -> list[dict]:
    if not SOURCE.exists() or not TOPO2GEO.exists():
        sys.exit(f"{SOURCE.relative_to(ROOT)} not found: run `npm ci` first (make does it).")
    out = subprocess.run(
        [str(TOPO2GEO), "countries=-"], stdin=SOURCE.open("rb"), capture_output=True, check=True
    ).stdout
    return json.loads(out)["features"]


# Natural Earth 4.1 (as shipped by world-atlas 2.0.2) draws Crimea inside Russia.
# The explainer shows it as its own feature, with its status and the source for it
# (see data/README.md). It is the one polygon of Russia's multipolygon whose interior
# lies in this box.
CRIMEA_BOX = box(32.0, 44.0, 36.8, 46.3)
CRIMEA_STATUS = "Annexed by Russia in 2014; UN General Assembly resolution 68/262 (100 for, 11 against, 58 abstaining) affirmed Ukraine's borders, Crimea included"
CRIMEA_SOURCE = "https://en.wikipedia.org/wiki/United_Nations_General_Assembly_Resolution_68/262"


def split_crimea(features: list[dict]) -> list[dict]:
    """Return ``features`` with Crimea moved out of Russia into a feature of its own."""
    out = []
    found = False
    for feature in features:
        if feature["properties"]["name"] != "Russia":
            out.append(feature)
            continue
        parts = list(shape(feature["geometry"]).geoms)
        crimea = [p for p in parts if CRIMEA_BOX.contains(p.representative_point())]
        if len(crimea) != 1:
            sys.exit(f"expected one Crimea polygon inside Russia in {SOURCE.name}, found {len(crimea)}")
        found = True
        rest = MultiPolygon([p for p in parts if p is not crimea[0]])
        out.append({**feature, "geometry": mapping(rest)})
        out.append(
            {
                "type": "Feature",
                "id": "crimea",
                "properties": {"name": "Crimea", "status": CRIMEA_STATUS, "source": CRIMEA_SOURCE},
                "geometry": mapping(crimea[0]),
            }
        )
    if not found:
        sys.exit(f"no Russia feature in {SOURCE.name}")
    return out


def clip(features: list[dict], lon: tuple, lat: tuple, tolerance: float, digits: int, segment: float) -> dict:
    """Clip, simplify and round ``features`` to a lon/lat frame; return a FeatureCollection."""
    frame = box(lon[0] - PAD, lat[0] - PAD, lon[1] + PAD, lat[1] + PAD)
    inner = box(lon[0], lat[0], lon[1], lat[1])  # where country names may go
    kept = []
    for feature in features:
        if feature["geometry"] is None:
            continue
        geom: BaseGeometry = shape(feature["geometry"])
        if not geom.intersects(frame):
            continue
        part = geom.intersection(frame).simplify(tolerance, preserve_topology=True)
        # plotly draws each segment as a great circle: long straight edges (the
        # frame's cut) would bow away from the frame, so add a vertex every `segment` degrees.
        part = segmentize(part, max_segment_length=segment)
        if part.is_empty or part.area < tolerance**2:
            continue
        geo = mapping(part)
        visible = geom.intersection(inner)
        largest = (
            max(getattr(visible, "geoms", [visible]), key=lambda g: g.area) if not visible.is_empty else part
        )
        label = largest.representative_point()
        kept.append(
            {
                "type": "Feature",
                "id": feature.get("id"),
                "properties": {
                    **feature["properties"],
                    "label_lon": round(label.x, 2),
                    "label_lat": round(label.y, 2),
                },
                "geometry": {"type": geo["type"], "coordinates": _round(geo["coordinates"], digits)},
            }
        )
    kept.sort(key=lambda f: f["properties"]["name"])
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via npm world-atlas 2.0.2",
        "bbox": [lon[0] - PAD, lat[0] - PAD, lon[1] + PAD, lat[1] + PAD],
        "features": kept,
    }


def build(out: Path = OUT) -> list[Path]:
    """Write every region's GeoJSON into ``out``; return the paths written."""
    features = split_crimea(_countries())
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, spec in REGIONS.items():
        fc = clip(features, **spec)
        path = out / f"{name}.geojson"
        path.write_text(json.dumps(fc, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
        print(f"{path}: {len(fc['features'])} countries, {path.stat().st_size:,} bytes")
    path = out / "country_extents.json"
    path.write_text(
        json.dumps(extents(features), separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    written.append(path)
    print(f"{path}: {path.stat().st_size:,} bytes")
    return written


# Natural Earth's name -> the name data/places.csv uses.
NAMES = {"United States of America": "United States"}


def extents(features: list[dict]) -> dict:
    """Each country's bounding box [west, south, east, north] on the whole, unclipped map,
    rounded outward to 0.01°: the loader checks that every place lies in its country's box,
    also where a region's map cuts the country off (Tajikistan, the United States)."""
    boxes = {}
    for feature in features:
        name = feature["properties"]["name"]
        w, s, e, n = shape(feature["geometry"]).bounds
        if name in boxes:
            w0, s0, e0, n0 = boxes[name]
            w, s, e, n = min(w, w0), min(s, s0), max(e, e0), max(n, n0)
        boxes[name] = (w, s, e, n)
    # Crimea is drawn as its own feature (above); its box belongs to Ukraine's recognised
    # extent, and Russia's box contains it already.
    w, s, e, n = boxes.pop("Crimea")
    w0, s0, e0, n0 = boxes["Ukraine"]
    boxes["Ukraine"] = (min(w, w0), min(s, s0), max(e, e0), max(n, n0))
    for natural_earth, ours in NAMES.items():
        boxes[ours] = boxes.pop(natural_earth)
    out = {}
    for name in sorted(boxes):
        w, s, e, n = boxes[name]
        out[name] = [
            math.floor(w * 100) / 100,
            math.floor(s * 100) / 100,
            math.ceil(e * 100) / 100,
            math.ceil(n * 100) / 100,
        ]
    return out


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
