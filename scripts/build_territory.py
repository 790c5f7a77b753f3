"""Build the maps' territory layers from pinned open geometry and the rules in data/.

Usage: ``python scripts/build_territory.py [--check]`` (``make basemap`` runs it; ``--check``
rebuilds in memory and fails if a committed file differs).

Inputs, in ``data/geo/sources/`` (exact copies of published files, pinned below by
repository, commit, path and SHA-256; a user with internet gets the same bytes as the raw
file at that commit, e.g. ``https://raw.githubusercontent.com/<repo>/<commit>/<path>``):

- Natural Earth (public domain): the disputed area "Nagorno-Karabakh" (the single feature,
  as published) and the reference lines of the NKAO circa 1991 and the 1994 ceasefire;
- geoBoundaries gbOpen: Azerbaijan's districts (ADM2; from Wikipedia, CC BY-SA 3.0) and
  Armenia's provinces (ADM1; from OpenStreetMap, ODbL 1.0).

Rules, in ``data/``: ``map_layers.csv`` (each layer's rule, licence and sources),
``khanate_extents.csv`` and ``districts_2020.csv``.

Outputs, one file per licence (share-alike licences are not mixed):

- ``data/geo/karabakh_ne.geojson`` (public domain): the NKAO, the 1994–2020 area, the 1994
  line of contact, the schematic Lachin corridor;
- ``data/geo/territory_az.geojson`` (CC BY-SA 3.0): districts returned in 2020, the approximate
  peacekeeping zone, the Nakhchivan ASSR, the khanates' approximate extents in Azerbaijan;
- ``data/geo/territory_am.geojson`` (ODbL 1.0): the khanates' approximate extents in Armenia.

A missing or changed input, or a rule naming a unit that is not in its file, stops the
build with the file and the feature named.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import sys
from pathlib import Path

from shapely.geometry import LineString, Point, Polygon, mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "geo" / "sources"
OUT = ROOT / "data" / "geo"

PINNED = {
    "ne_disputed_nagorno_karabakh.json": (
        "nvkelso/natural-earth-vector",
        "84c039951fc3ccdf97968687ccda67824afa833f",
        "geojson/ne_10m_admin_0_disputed_areas.geojson (the feature NE_ID 1159320385 only)",
        "public domain",
        "ff28aa545246a0d0a2eaa0c4a9a35e4c53a463f65725333e849421ceff17ec80",
    ),
    "ne_boundary_lines_karabakh.json": (
        "nvkelso/natural-earth-vector",
        "b2abeb4f13a228accd533a970264e8138836e29f",
        "geojson/ne_10m_admin_0_boundary_lines_disputed_areas.geojson (its Nagorno-Karabakh features)",
        "public domain",
        "cc2b455e2109f1f3a186891ca5f1e9180ef02d4f1bde8369535690b547a65f4a",
    ),
    "geoBoundaries-AZE-ADM2_simplified.geojson": (
        "wmgeolab/geoBoundaries",
        "3805554f656b7277248a6c0bb5406facfd7eb18b",
        "releaseData/gbOpen/AZE/ADM2/geoBoundaries-AZE-ADM2_simplified.geojson",
        "CC BY-SA 3.0",
        "2a1f252a1e8494078fc055e512a368ec17a1618c21634c614ba9f71b40fe777b",
    ),
    "geoBoundaries-ARM-ADM1_simplified.geojson": (
        "wmgeolab/geoBoundaries",
        "17fc6714145e24001b3180421e600bcd6bd035b4",
        "releaseData/gbOpen/ARM/ADM1/geoBoundaries-ARM-ADM1_simplified.geojson",
        "ODbL 1.0",
        "c30181ee02da3197f14b087e9a55a9fa1f3fed15de3ece5ce0df58afcc95d4a3",
    ),
}
TOLERANCE = 0.004  # degrees (about 400 m): well under a pixel on the Karabakh map
DIGITS = 3
HADRUT_NORTH = 39.58  # the Hadrut area: Khojavend district south of this latitude (map_layers.csv)
CORRIDOR_KM = 5.0


class BuildError(SystemExit):
    pass


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def read_pinned(name: str) -> dict:
    path = SOURCES / name
    repo, commit, where, _, sha = PINNED[name]
    if not path.exists():
        raise BuildError(f"{_shown(path)} is missing: it is {where} in {repo} at {commit}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha:
        raise BuildError(
            f"{_shown(path)} changed (sha256 {digest}, pinned {sha}): "
            f"it must be {where} in {repo} at {commit}, byte for byte"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def rows(name: str) -> list[dict]:
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(" ; ") if p.strip()]


def km_to_deg(km: float, lat: float) -> float:
    """A distance in km as degrees of longitude at ``lat`` (for buffering a schematic band)."""
    return km / (111.32 * math.cos(math.radians(lat)))


def nkao_ring(lines: dict) -> Polygon:
    """The NKAO outline: Natural Earth's 1991 reference lines chained end to end."""
    segments = []
    for f in lines["features"]:
        if "Autonomous Oblast" in (f["properties"].get("comment") or ""):
            g = shape(f["geometry"])
            segments += [list(p.coords) for p in (g.geoms if g.geom_type == "MultiLineString" else [g])]
    if not segments:
        raise BuildError("ne_boundary_lines_karabakh.json: no 'Nagorno-Karabakh Autonomous Oblast' lines")
    ring = segments.pop(0)
    while segments:
        end = ring[-1]
        best = min(
            range(len(segments)),
            key=lambda i: min(math.dist(end, segments[i][0]), math.dist(end, segments[i][-1])),
        )
        seg = segments.pop(best)
        if math.dist(end, seg[-1]) < math.dist(end, seg[0]):
            seg = seg[::-1]
        gap = math.dist(end, seg[0])
        if gap > 0.01:
            raise BuildError(
                f"ne_boundary_lines_karabakh.json: the NKAO lines leave a gap of {gap:.4f}° at {end}"
            )
        ring += seg[1:] if gap == 0 else seg
    return Polygon(ring).buffer(0)


def units(features: list[dict], names: list[str], source: str) -> list:
    by_name: dict[str, list] = {}
    for f in features:
        by_name.setdefault(f["properties"]["shapeName"], []).append(shape(f["geometry"]).buffer(0))
    missing = [n for n in names if n not in by_name]
    if missing:
        raise BuildError(f"{source}: no feature named {missing} (shapeName)")
    return [g for n in names for g in by_name[n]]


def clean(geometry, tolerance: float = TOLERANCE):
    geometry = geometry.simplify(tolerance, preserve_topology=True)
    data = mapping(geometry)

    def rnd(obj):
        if isinstance(obj, (list, tuple)):
            if obj and isinstance(obj[0], (int, float)):
                return [round(obj[0], DIGITS), round(obj[1], DIGITS)]
            return [rnd(o) for o in obj]
        return obj

    return {"type": data["type"], "coordinates": rnd(data["coordinates"])}


def feature(layer: str, geometry, **props) -> dict:
    return {"type": "Feature", "properties": {"layer": layer, **props}, "geometry": clean(geometry)}


def collection(features: list[dict], licence: str, attribution: str) -> dict:
    return {
        "type": "FeatureCollection",
        "licence": licence,
        "attribution": attribution,
        "rules": "data/map_layers.csv; built by scripts/build_territory.py",
        "features": features,
    }


def build() -> dict[str, dict]:
    disputed = read_pinned("ne_disputed_nagorno_karabakh.json")
    lines = read_pinned("ne_boundary_lines_karabakh.json")
    districts = read_pinned("geoBoundaries-AZE-ADM2_simplified.geojson")["features"]
    provinces = read_pinned("geoBoundaries-ARM-ADM1_simplified.geojson")["features"]
    layers = {r["layer_id"]: r for r in rows("map_layers.csv")}

    held = shape(disputed["geometry"]).buffer(0)
    nkao = nkao_ring(lines)
    ceasefire = unary_union(
        [
            shape(f["geometry"])
            for f in lines["features"]
            if f["properties"].get("name") == "Ceasefire Line 1994"
        ]
    )
    places = {r["place_id"]: (float(r["lon"]), float(r["lat"])) for r in rows("places.csv")}
    armenia = unary_union(
        units(provinces, [f["properties"]["shapeName"] for f in provinces], "geoBoundaries-ARM-ADM1")
    )
    lachin = Point(places["lachin"])
    border = (
        armenia.exterior.interpolate(armenia.exterior.project(lachin))
        if armenia.geom_type == "Polygon"
        else min(
            (g.exterior.interpolate(g.exterior.project(lachin)) for g in armenia.geoms), key=lachin.distance
        )
    )
    route = LineString([places["khankendi"], places["lachin"], (border.x, border.y)])
    corridor = route.buffer(km_to_deg(CORRIDOR_KM / 2, 39.7), cap_style="flat", join_style="round")

    ne = [
        feature("nkao", nkao, label=layers["nkao"]["label"]),
        feature("held_1994_2020", held, label=layers["held_1994_2020"]["label"]),
        feature("ceasefire_1994", ceasefire, label=layers["ceasefire_1994"]["label"]),
        feature("lachin_corridor", corridor, label=layers["lachin_corridor"]["label"]),
    ]

    az = []
    for r in rows("districts_2020.csv"):
        (geom,) = [unary_union(units(districts, [r["district"]], "geoBoundaries-AZE-ADM2"))]
        az.append(
            feature(
                "returned_2020",
                geom,
                district=r["district"],
                how=r["how"],
                date=r["date"],
                date_precision=r["date_precision"],
                held=r["held_1994_2020"],
            )
        )
    shusha = unary_union(units(districts, ["Shusha District", "Shusha City"], "geoBoundaries-AZE-ADM2"))
    khojavend = unary_union(units(districts, ["Khojavend District"], "geoBoundaries-AZE-ADM2"))
    (x0, _, x1, _) = khojavend.bounds
    hadrut = khojavend.intersection(
        Polygon([(x0 - 1, 30), (x1 + 1, 30), (x1 + 1, HADRUT_NORTH), (x0 - 1, HADRUT_NORTH)])
    )
    zone = nkao.intersection(held).difference(shusha).difference(hadrut)
    az.append(feature("peacekeeping_zone", zone, label=layers["peacekeeping_zone"]["label"]))
    nakhchivan = [
        "Nakhchivan City",
        "Babek District",
        "Julfa District",
        "Ordubad District",
        "Shahbuz District",
        "Kangarli District",
        "Sharur District",
        "Sadarak District",
    ]
    az.append(
        feature(
            "nakhchivan_assr",
            unary_union(units(districts, nakhchivan, "geoBoundaries-AZE-ADM2")),
            label=layers["nakhchivan_assr"]["label"],
        )
    )
    am = []
    for r in rows("khanate_extents.csv"):
        source, target = (districts, az) if r["country"] == "AZE" else (provinces, am)
        geom = unary_union(units(source, split(r["units"]), f"geoBoundaries-{r['country']}"))
        target.append(feature("khanate_extents", geom, khanate_id=r["khanate_id"], country=r["country"]))
    return {
        "karabakh_ne.geojson": collection(
            ne,
            "public domain",
            "Natural Earth (naturalearthdata.com), public domain; "
            "the Lachin corridor is schematic (data/map_layers.csv)",
        ),
        "territory_az.geojson": collection(
            az,
            "CC BY-SA 3.0",
            "Districts: geoBoundaries gbOpen (Azerbaijan ADM2, from "
            "Wikipedia), CC BY-SA 3.0; derived layers shared alike under CC BY-SA 3.0",
        ),
        "territory_am.geojson": collection(
            am,
            "ODbL 1.0",
            "Provinces: geoBoundaries gbOpen (Armenia ADM1), © OpenStreetMap "
            "contributors, ODbL 1.0; derived layers shared alike under ODbL 1.0",
        ),
    }


def text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    outputs = build()
    stale = []
    for name, data in outputs.items():
        path = OUT / name
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text(data):
                stale.append(name)
        else:
            path.write_text(text(data), encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {len(text(data).encode()):,} bytes")
    if stale:
        print("out of date (run `make basemap`): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
