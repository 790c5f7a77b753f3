"""Load the explainer's tables, validated against ``data/datapackage.json``.

Validation runs in three passes and reports every problem it finds, each naming the
file, the row, the column and what is wrong (data/README.md lists the rules):

1. file checks, one plain sentence each: missing, empty or header-only files, Git LFS
   pointers, not UTF-8 (a byte-order mark is fine), the wrong delimiter, a duplicated
   column, a resource path outside the data folder;
2. Frictionless (Table Schema types, constraints, primary and foreign keys; every text
   column limited in length) plus checks of our own: dates real and no finer than their
   precision, sources cited by id at original publishers, no control characters;
3. rules across rows and tables: eras cover their dates, ids start with their year,
   places lie in their country on the base maps, CAMEO scores, references between tables.

Any problem stops the load with a :class:`DataError` listing them all. Nothing is
dropped or coerced silently: the frames hold exactly the rows of the files, typed as
the descriptor declares.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pandas as pd
from frictionless import Check, Checklist, Package, errors

from explainer import paths
from explainer.text import split_list

DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISION_PARTS = {"year": 1, "month": 2, "day": 3}
BOM = b"\xef\xbb\xbf"
LFS_POINTER = b"version https://git-lfs.github.com/spec/"
TEXT_LIMIT = 2000  # characters, for any text column the descriptor gives no maxLength of its own
SHOWN = 80  # characters of a bad value quoted in a message
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ERA_SPANS = {  # first and last year an era's events may fall in (data/README.md)
    "empire": (1795, 1917),
    "soviet": (1918, 1991),
    "karabakh": (1988, 2024),
    "crisis": (2024, 2025),
    "aftermath": (2025, 2026),
}


def shorten(value, limit: int = SHOWN) -> str:
    """A cell as quoted in a message: at most ``limit`` characters, with its length if cut."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file."""

    file: str
    row: int | None  # data row, 1 = first row under the header
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.column:
            where.append(f'column "{self.column}"')
        return f"{', '.join(where)}: {self.message}"


class DataError(ValueError):
    """A data file broke its schema. ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems]
        head = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the explainer's data:"
        super().__init__("\n".join([head, *("  - " + line for line in lines)]))


def written_precision(value: str) -> str | None:
    """How finely a date is written ("year", "month" or "day"), or None if it is not a date."""
    match = DATE.match(value or "")
    if not match:
        return None
    written = sum(part is not None for part in match.groups())
    return next(name for name, parts in PRECISION_PARTS.items() if parts == written)


def parse_date(value: str, precision: str) -> tuple[dt.date | None, str | None]:
    """Return (first day of the period, None) or (None, what is wrong)."""
    match = DATE.match(value or "")
    if not match:
        return None, f'"{value}" is not a date written YYYY, YYYY-MM or YYYY-MM-DD'
    parts = [p for p in match.groups() if p is not None]
    want = PRECISION_PARTS.get(precision)
    if want is None:
        return None, None  # the precision column's own enum reports this
    if len(parts) > want:
        return None, f'"{value}" is more precise than its date_precision "{precision}"'
    if len(parts) < want:
        return None, f'"{value}" is less precise than its date_precision "{precision}"'
    year, month, day = (int(p) for p in parts + ["1"] * (3 - len(parts)))
    try:
        return dt.date(year, month, day), None
    except ValueError as exc:
        return None, f'"{value}" is not a real calendar date ({exc})'


split_sources = split_list  # a list cell: ids separated by " ; "


class DatesMatchPrecision(Check):
    """``date`` is a real date written at exactly its ``date_precision``; an ``as_of`` (a
    figure's date, written as finely as it is known) is a real date too."""

    type: ClassVar[str] = "explainer-date-precision"
    Errors = [errors.CellError]

    def validate_row(self, row) -> Iterator[errors.Error]:
        if "as_of" in row.field_names and (precision := written_precision(row["as_of"])):
            _, problem = parse_date(row["as_of"], precision)
            if problem:
                yield errors.CellError.from_row(row, note=problem, field_name="as_of")
        if "date" not in row.field_names or "date_precision" not in row.field_names:
            return
        if row["date"] is None:
            return
        _, problem = parse_date(row["date"], row["date_precision"] or "")
        if problem:
            yield errors.CellError.from_row(row, note=problem, field_name="date")


class SourcesAreCited(Check):
    """``source_ids`` name rows of sources.csv; sources.csv cites original publishers only.

    Table Schema foreign keys cannot reach into a list cell (Frictionless 5.21 stops with
    "unhashable type: 'list'" on one), so this check does what the descriptor declares with
    ``x-listOf`` on each ``source_ids`` field.
    """

    type: ClassVar[str] = "explainer-sources"
    Errors = [errors.CellError]
    known: ClassVar[frozenset] = frozenset()  # set by validate() from sources.csv

    def validate_row(self, row) -> Iterator[errors.Error]:
        from explainer.bibliography import mirror_problem

        if "source_ids" in row.field_names and row["source_ids"] is not None:
            for part in split_sources(row["source_ids"]):
                if part not in self.known:
                    yield errors.CellError.from_row(
                        row, note=f'"{part}" is not a source_id in sources.csv', field_name="source_ids"
                    )
        if "source_id" in row.field_names and "url" in row.field_names:
            url, citation = row["url"] or "", row["citation"] or ""
            if not url and not citation:
                yield errors.CellError.from_row(
                    row,
                    note="has neither a url nor a citation: say where the source can be read",
                    field_name="url",
                )
            problem = mirror_problem(url) if url else None
            if problem:
                yield errors.CellError.from_row(row, note=problem, field_name="url")


class NoControlCharacters(Check):
    """No cell holds a control character (a NUL byte, an escape…): they break pages and exports."""

    type: ClassVar[str] = "explainer-control-characters"
    Errors = [errors.CellError]

    def validate_row(self, row) -> Iterator[errors.Error]:
        for name in row.field_names:
            value = row[name]
            if isinstance(value, str):
                bad = CONTROL.search(value)
                if bad:
                    yield errors.CellError.from_row(
                        row,
                        field_name=name,
                        note=f"holds a control character (U+{ord(bad.group()):04X}) at position {bad.start() + 1}: "
                        "remove it",
                    )


def _known_sources(descriptor: dict, base: Path) -> frozenset:
    import csv

    for resource in descriptor["resources"]:
        if resource["name"] == "sources" and (base / resource["path"]).exists():
            with (base / resource["path"]).open(encoding="utf-8-sig", newline="") as f:
                return frozenset(r.get("source_id", "") for r in csv.DictReader(f))
    return frozenset()


def _inside(base: Path, rel: str) -> bool:
    """``rel`` names a file inside ``base`` (no absolute path, no way out with ``..``)."""
    if Path(rel).is_absolute():
        return False
    return (base / rel).resolve().is_relative_to(base.resolve())


def _expected(resource: dict) -> list[str]:
    return [f["name"] for f in resource.get("schema", {}).get("fields", [])]


def _preflight(descriptor: dict, base: Path, descriptor_name: str = "datapackage.json") -> list[Problem]:
    """File-level problems, each in one plain sentence, before any row is read: a path
    outside the data folder, a missing or empty file, a Git LFS pointer, not UTF-8, the
    wrong delimiter, a duplicated column, a header with no rows."""
    import csv

    problems = []
    for resource in descriptor["resources"]:
        rel = f"data/{resource['path']}" if base == paths.DATA else str(base / resource["path"])
        if not _inside(base, resource["path"]):
            problems.append(
                Problem(
                    descriptor_name,
                    None,
                    None,
                    f'resource "{resource.get("name")}" has path "{resource["path"]}", outside the '
                    "data folder: paths must name files beside the descriptor",
                )
            )
            continue
        path = base / resource["path"]
        if not path.exists():
            problems.append(Problem(rel, None, None, "file not found"))
            continue
        raw = path.read_bytes()
        if raw.startswith(BOM):
            raw = raw[len(BOM) :]  # a byte-order mark (Excel's "CSV UTF-8") is fine
        if not raw.strip():
            problems.append(Problem(rel, None, None, "file is empty (expected a header row and data)"))
            continue
        if raw.startswith(LFS_POINTER):
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    "is a Git LFS pointer, not the table itself: fetch the file with `git lfs pull`",
                )
            )
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            problems.append(
                Problem(
                    rel,
                    line - 1 if line > 1 else None,
                    None,
                    f"not UTF-8: byte 0x{raw[exc.start]:02x} on line {line} cannot be decoded "
                    "(save the file as UTF-8)",
                )
            )
            continue
        header_line = text.splitlines()[0]
        expected = _expected(resource)
        if len(expected) > 1 and "," not in header_line:
            for mark, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
                if mark in header_line:
                    problems.append(
                        Problem(
                            rel,
                            None,
                            None,
                            f"columns are separated by {name}, not commas: save it as comma-separated CSV",
                        )
                    )
                    break
            else:
                problems.append(
                    Problem(
                        rel,
                        None,
                        None,
                        f'the header "{shorten(header_line)}" has no commas: expected the columns '
                        f"{', '.join(expected)}",
                    )
                )
            continue
        rows = list(csv.reader(text.splitlines()))
        header = rows[0]
        twice = sorted({h for h in header if header.count(h) > 1})
        if twice:
            problems.append(
                Problem(
                    rel, None, None, f"the header names {', '.join(map(repr, twice))} twice: each column once"
                )
            )
            continue
        if not any(any(cell.strip() for cell in r) for r in rows[1:]):
            problems.append(Problem(rel, None, None, "has a header but no rows: the table is empty"))
    return problems


CODED_FROM = "2024"  # events from this year on carry a CAMEO code (data/README.md)
CODING_COLUMNS = ("cameo_root", "goldstein", "dyad", "coder_note")


def _rows(base: Path, descriptor: dict, name: str) -> list[dict]:
    import csv

    for resource in descriptor["resources"]:
        if resource["name"] == name:
            with (base / resource["path"]).open(encoding="utf-8-sig", newline="") as f:
                return list(csv.DictReader(f))
    return []


PLACE_TOLERANCE = 0.15  # degrees (about 15 km): coastal and border towns sit off the 1:50m outlines


def _places_on_the_map(places: list[dict]) -> list[tuple[int, str]]:
    """(row, message) for every place that does not lie in (or within about 15 km of) its
    country. Every place must lie in its country's bounding box on the whole Natural Earth
    map (data/geo/country_extents.json), so a negated or swapped coordinate is caught even
    in a country no map draws whole (Tajikistan, the United States). Within a base map's
    frame it must lie in the country's outline; a place outside every frame whose country
    lies wholly on a map is reported too."""
    from shapely.geometry import Point, box, shape
    from shapely.ops import unary_union

    maps = []
    for name in ("caucasus", "eurasia"):
        geo = json.loads((paths.DATA / "geo" / f"{name}.geojson").read_text(encoding="utf-8"))
        frame = box(*geo["bbox"])
        countries = {}
        for feature in geo["features"]:
            countries.setdefault(feature["properties"]["name"], []).append(shape(feature["geometry"]))
        maps.append((name, frame, {k: unary_union(v) for k, v in countries.items()}))
    boxes = json.loads((paths.DATA / "geo" / "country_extents.json").read_text(encoding="utf-8"))
    found = []
    for i, place in enumerate(places, start=1):
        try:
            point = Point(float(place["lon"]), float(place["lat"]))
        except (TypeError, ValueError):
            continue  # the schema reports a coordinate that is not a number
        country = place.get("country", "")
        if country not in boxes:
            found.append(
                (
                    i,
                    f'"{shorten(country)}" is not a country name of the base maps (data/geo/country_extents.json)',
                )
            )
            continue
        w, s, e, n = boxes[country]
        t = PLACE_TOLERANCE
        if not (w - t <= point.x <= e + t and s - t <= point.y <= n + t):
            found.append(
                (
                    i,
                    f"({place['lat']}, {place['lon']}) lies outside {country}, which spans latitude {s}…{n} "
                    f"and longitude {w}…{e}: check the coordinates, latitude first",
                )
            )
            continue
        on = [(n, c[country]) for n, frame, c in maps if country in c and frame.contains(point)]
        if on:
            distance = min(shape_.distance(point) for _, shape_ in on)
            if distance > PLACE_TOLERANCE:
                found.append(
                    (
                        i,
                        f"({place['lat']}, {place['lon']}) is not in {country} on the {on[0][0]} base map "
                        f"(about {distance * 111:,.0f} km outside it): check the coordinates, "
                        "latitude first",
                    )
                )
            continue
        whole = [n for n, frame, c in maps if country in c and frame.buffer(-0.01).contains(c[country])]
        if whole:
            found.append(
                (
                    i,
                    f"({place['lat']}, {place['lon']}) lies off the {whole[0]} base map, which holds all of "
                    f"{country}: check the coordinates, latitude first",
                )
            )
    return found


def _events_dates(events: list[dict], rel) -> list[Problem]:
    """Each event's era covers its date, and its id starts with its year."""
    problems = []
    for i, e in enumerate(events, start=1):
        year = int(e["date"][:4])
        span = ERA_SPANS.get(e.get("era", ""))
        if span and not span[0] <= year <= span[1]:
            message = f'"{e["era"]}" covers {span[0]}–{span[1]}, but the date is {e["date"]}'
            problems.append(Problem(rel("events"), i, "era", message))
        if not e["event_id"].startswith(f"{year}_"):
            message = f'"{shorten(e["event_id"])}" must start with the year of its date, "{year}_"'
            problems.append(Problem(rel("events"), i, "event_id", message))
    return problems


def _events_coding(events: list[dict], cameo: list[dict], rel) -> list[Problem]:
    """Events from CODED_FROM on carry a CAMEO code, and each Goldstein score is its code's."""
    scores = {c["cameo_root"]: float(c["goldstein"]) for c in cameo}
    problems = []
    for i, e in enumerate(events, start=1):
        if e["date"] >= CODED_FROM:
            for col in CODING_COLUMNS:
                if not e.get(col):
                    problems.append(
                        Problem(rel("events"), i, col, f"is empty, but events from {CODED_FROM} on are coded")
                    )
        root = e.get("cameo_root")
        if root and e.get("goldstein") and root in scores and float(e["goldstein"]) != scores[root]:
            message = f"{e['goldstein']} is not the score of CAMEO root {root} in cameo.csv ({scores[root]})"
            problems.append(Problem(rel("events"), i, "goldstein", message))
    return problems


def _references(base: Path, descriptor: dict, event_ids: set, rel) -> list[Problem]:
    """Claims and scorecard rows name real events; scorecard rows name real claims or views."""
    problems = []
    for table in ("claims", "scorecard"):
        for i, c in enumerate(_rows(base, descriptor, table), start=1):
            for eid in split_sources(c.get("event_ids", "")):
                if eid not in event_ids:
                    problems.append(
                        Problem(rel(table), i, "event_ids", f'"{eid}" is not an event_id in events.csv')
                    )
    known = {c["claim_id"] for c in _rows(base, descriptor, "claims")}
    known |= {v["view_id"] for v in _rows(base, descriptor, "views")}
    for i, row in enumerate(_rows(base, descriptor, "scorecard"), start=1):
        for ref in split_sources(row.get("who", "")):
            if ref not in known:
                problems.append(Problem(rel("scorecard"), i, "who", f'"{ref}" is not a claim_id or view_id'))
    return problems


def _ranges(base: Path, descriptor: dict, rel) -> list[Problem]:
    """The top of every range is not below its bottom (likelihood terms, disputed figures)."""
    problems = []
    for i, row in enumerate(_rows(base, descriptor, "likelihood"), start=1):
        if int(row["high_percent"]) < int(row["low_percent"]):
            message = f"{row['high_percent']} is below low_percent {row['low_percent']}"
            problems.append(Problem(rel("likelihood"), i, "high_percent", message))
    for i, v in enumerate(_rows(base, descriptor, "contested"), start=1):
        if v.get("value_high") and float(v["value_high"]) < float(v["value_low"]):
            message = f"{v['value_high']} is below value_low {v['value_low']}"
            problems.append(Problem(rel("contested"), i, "value_high", message))
    return problems


def _cross_checks(descriptor: dict, base: Path, rel) -> list[Problem]:
    """Rules that span rows or tables, beyond what Table Schema expresses, in this order:
    event dates, places on the map, event coding, references between tables, ranges."""
    names = {r["name"] for r in descriptor["resources"]}
    events = _rows(base, descriptor, "events")
    problems = _events_dates(events, rel)
    if "places" in names:
        problems += [
            Problem(rel("places"), i, "lat", message)
            for i, message in _places_on_the_map(_rows(base, descriptor, "places"))
        ]
    if "cameo" in names:
        problems += _events_coding(events, _rows(base, descriptor, "cameo"), rel)
    problems += _references(base, descriptor, {e["event_id"] for e in events}, rel)
    return problems + _ranges(base, descriptor, rel)


def _column(error) -> str | None:
    name = getattr(error, "field_name", None)
    if name:
        return name
    # Foreign-key and primary-key errors name their fields in the note.
    match = re.search(r'for "([^"]+)"', getattr(error, "note", "") or "")
    return match.group(1) if match else None


def _message(error) -> str:
    kind = error.type
    cell = getattr(error, "cell", None)
    note = getattr(error, "note", "") or ""
    if kind == "extra-label":
        return f'unknown column "{error.label}" (not in data/datapackage.json)'
    if kind == "missing-label":
        return f'missing column "{error.field_name}"'
    if kind == "blank-label":
        return "a column has no name"
    if kind == "duplicate-label":
        return f'column "{error.label}" appears twice'
    if kind == "constraint-error" and "required" in note:
        return "is empty but required"
    if kind == "constraint-error":
        return f'"{shorten(cell)}" breaks the schema: {note}'
    if kind == "type-error":
        return f'"{shorten(cell)}" is not a valid {note.replace("type is ", "").strip(chr(34))}'
    if kind in ("primary-key", "unique-error"):
        return f"duplicate id: {note or error.message}"
    if kind == "foreign-key":
        return f"unknown reference: {note}"
    if kind in ("blank-row",):
        return "row is blank"
    if kind in ("extra-cell", "missing-cell"):
        return error.message
    if kind.startswith("explainer-") or kind == "cell-error":
        return note
    return error.message


def _with_text_limits(descriptor: dict) -> dict:
    """A copy of ``descriptor`` in which every text column without a maxLength of its own
    gets :data:`TEXT_LIMIT`, so no cell can be pasted in at any length."""
    import copy

    limited = copy.deepcopy(descriptor)
    for resource in limited["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            if field.get("type", "string") == "string":
                field.setdefault("constraints", {}).setdefault("maxLength", TEXT_LIMIT)
    return limited


def validate(descriptor_path: Path = paths.DATAPACKAGE) -> list[Problem]:
    """Every problem in the data package at ``descriptor_path`` (empty when valid)."""
    descriptor_path = Path(descriptor_path)
    base = descriptor_path.parent
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [Problem(str(descriptor_path), None, None, "data package descriptor not found")]
    except json.JSONDecodeError as exc:
        return [Problem(str(descriptor_path), exc.lineno, None, f"not valid JSON: {exc.msg}")]
    problems = _preflight(descriptor, base, str(descriptor_path))
    if problems:
        return problems
    package = Package(_with_text_limits(descriptor), basepath=str(base))
    SourcesAreCited.known = _known_sources(descriptor, base)
    report = package.validate(
        Checklist(checks=[DatesMatchPrecision(), SourcesAreCited(), NoControlCharacters()]),
        limit_errors=10_000,
    )
    for task in report.tasks:
        rel = f"data/{Path(task.place).name}" if base == paths.DATA else task.place
        for error in task.errors:
            row = getattr(error, "row_number", None)
            problems.append(Problem(rel, row - 1 if row else None, _column(error), _message(error)))
    for error in report.errors:
        problems.append(Problem(str(descriptor_path), None, None, error.message))
    if not problems:
        paths_by_name = {r["name"]: r["path"] for r in descriptor["resources"]}

        def rel(name: str) -> str:
            return f"data/{paths_by_name[name]}" if base == paths.DATA else str(base / paths_by_name[name])

        problems += _cross_checks(descriptor, base, rel)
    # A primary-key clash is reported twice by Frictionless (unique + primary key); two
    # problems in different columns of one row are both kept.
    unique, seen = [], set()
    for p in problems:
        head = p.message.split(":")[0]
        key = (p.file, p.row, None if head == "duplicate id" else p.column, head)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    for field in schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        if kind == "number":
            frame[name] = pd.to_numeric(frame[name].replace("", None), errors="raise").astype("Float64")
        elif kind == "integer":
            frame[name] = pd.to_numeric(frame[name].replace("", None), errors="raise").astype("Int64")
    return frame


def load(descriptor_path: Path = paths.DATAPACKAGE) -> dict[str, pd.DataFrame]:
    """Validate the package, then return each table as a DataFrame keyed by its name.

    Strings stay strings (empty cells are ""), numbers are nullable floats/ints;
    tables with ``date`` and ``date_precision`` gain ``date_start`` (first day of
    the stated period, as a Timestamp). Raises :class:`DataError` on any problem.
    """
    descriptor_path = Path(descriptor_path)
    problems = validate(descriptor_path)
    if problems:
        raise DataError(problems)
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    tables = {}
    for resource in descriptor["resources"]:
        frame = pd.read_csv(
            descriptor_path.parent / resource["path"], dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        frame = _typed(frame, resource["schema"])
        if {"date", "date_precision"} <= set(frame.columns):
            frame["date_start"] = pd.to_datetime(
                [parse_date(d, p)[0] for d, p in zip(frame["date"], frame["date_precision"])]
            )
        tables[resource["name"]] = frame
    if "sources" in tables:
        from explainer.bibliography import names

        for frame in tables.values():
            if "source_ids" in frame.columns:
                frame["source_names"] = [names(cell, tables["sources"]) for cell in frame["source_ids"]]
    return tables


def source_list(sources: pd.DataFrame, *tables: pd.DataFrame):
    """A chapter's Sources section: every source ``tables`` cite, grouped by kind (Markdown)."""
    from explainer.bibliography import source_list as grouped

    return grouped(sources, *tables)
