"""Bad data gets a clear error: file, row, column and what is wrong.

Each test copies the real descriptor (data/datapackage.json) beside two small,
valid tables, breaks one thing, and asserts the message a maintainer would read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer import paths
from explainer.data import DataError, load, validate

PLACES = """\
place_id,name_en,name_az,name_ru,name_hy,name_historical,lat,lon,country,why,source_ids
baku,Baku,Bakı,Баку,,,40.378,49.892,Azerbaijan,Capital of Azerbaijan,wp-baku
ganja,Ganja,Gəncə,Гянджа,Գանձակ,Elisavetpol; Kirovabad,40.683,46.361,Azerbaijan,Capital of the Ganja khanate,wp-ganja
"""
EVENTS = """\
event_id,date,date_precision,title,summary,era,category,place_id,actors,cameo_root,goldstein,dyad,coder_note,source_ids,dispute_note
1804_ganja_storm,1804-01-15,day,Storming of Ganja,Russian troops storm Ganja.,empire,war,ganja,Russian Empire; Ganja Khanate,,,,,wp-siege-of-ganja-1804,Old Style: 3 January 1804
1806_baku_captured,1806-10,month,Baku taken,Russian troops occupy Baku.,empire,annexation,baku,Russian Empire,,,,,ex-a ; ex-b,
2024_azal_crash,2024-12-25,day,AZAL jet crashes,A jet crashes near Aktau.,crisis,aviation,baku,Russia; Azerbaijan,19,-10.0,ru_az,Air-defence fire.,ex-c,
"""
CAMEO = """\
cameo_root,label,goldstein,source_ids
04,Consult,1.0,ex-cameo
19,Fight,-10.0,ex-cameo
"""
KHANATES = """\
khanate_id,name_en,name_az,name_ru,capital_place_id,date,date_precision,how,treaty,end_of_khanate,source_ids,note
ganja_khanate,Ganja Khanate,Gəncə xanlığı,Гянджинское ханство,ganja,1804-01-15,day,storm,Gulistan,1805,ex-k,
"""
CLAIMS = """\
claim_id,claim,kind,speaker,status,event_ids,evidence,source_ids
c01,The jet was hit from Russia.,allegation,Author,confirmed,2024_azal_crash ; 1806_baku_captured,Putin said so later.,ex-e
"""
CONTESTED = """\
quantity_id,quantity,unit,value_low,value_high,who_says,who_kind,as_of,source_ids,note
killed,People killed,people,38,38,Kazakh officials,official_other,2024-12-25,ex-f,
killed,People killed,people,42,,Early report,official_other,2024,ex-g,at least
"""
AZAL = """\
explanation_id,date,date_precision,speaker,side,explanation,category,summary,source_ids,note
a01,2024-12-25,day,Aviation agency,russia,bird strike,accident_claim,A bird strike was named.,ex-a,
"""
LIKELIHOOD = """\
scale,term,low_percent,high_percent,source_ids
ICD 203,unlikely,20,45,ex-icd
"""
SCORECARD = """\
expectation_id,expectation,who,verdict,evidence,event_ids,source_ids
s01,No war.,c01 ; v01,borne_out,None happened.,2024_azal_crash,ex-s
"""
MAP_LAYERS = """\
layer_id,label,kind,rule,licence,source_ids
nkao,NKAO,open_geometry,Natural Earth's outline.,public domain,ex-cameo
"""
KHANATE_EXTENTS = """\
khanate_id,country,units,source_ids,note
ganja_khanate,AZE,Ganja City ; Goygol District,ex-k,
"""
DISTRICTS_2020 = """\
district,held_1994_2020,how,date,date_precision,source_ids,note
Lachin District,whole,handover,2020-12-01,day,ex-a,
"""
GLOSSARY = """\
term,definition,chapter,source_ids
khanate,A state ruled by a khan.,02,ex-k
"""
SOURCES = """\
source_id,title,publisher,date,kind,perspective,state_affiliated,url,citation,accessed
wp-baku,Baku,Wikipedia (English),,encyclopedia,neutral,independent,https://en.wikipedia.org/wiki/Baku,,2026-12-01
wp-ganja,Ganja,Wikipedia (English),,encyclopedia,neutral,independent,https://en.wikipedia.org/wiki/Ganja_Azerbaijan,,2026-12-01
wp-siege-of-ganja-1804,Siege of Ganja (1804),Wikipedia (English),,encyclopedia,neutral,independent,https://en.wikipedia.org/wiki/Siege_of_Ganja_(1804),,2026-12-01
ex-a,A report,Example News,2024-12-26,news,international,independent,https://example.org/a,,2026-12-01
ex-b,,Example Agency,,news,Russian,state,https://example.org/b,,2026-12-01
ex-c,,Example News,,news,international,independent,https://example.org/c,,2026-12-01
ex-e,,Example News,,news,international,independent,https://example.org/e,,2026-12-01
ex-f,,Example News,,news,international,independent,https://example.org/f,,2026-12-01
ex-g,,Example News,,news,international,independent,https://example.org/g,,2026-12-01
ex-k,,,,scholarship,unknown,unknown,,"A. Author, A Book (City: Press, 1980), p. 1",2026-12-01
ex-s,,Example News,,news,international,independent,https://example.org/s,,2026-12-01
ex-v,,Example News,,news,international,independent,https://example.org/v,,2026-12-01
ex-cameo,CAMEO codebook,GDELT,2012,reference,neutral,independent,https://example.org/cameo,,2026-12-01
ex-icd,ICD 203,ODNI,2015,official_statement,international,government,https://example.org/icd,,2026-12-01
"""
VIEWS = """\
view_id,person,affiliation,country,date,date_precision,topic,stance,likelihood_words,source_ids,note
v01,An Analyst,An Institute,Poland,2025-07-03,day,open_war,Russia is too stretched to fight.,unlikely,ex-v,
"""


@pytest.fixture
def package(tmp_path: Path) -> Path:
    shutil.copy(paths.DATAPACKAGE, tmp_path / "datapackage.json")
    (tmp_path / "places.csv").write_text(PLACES, encoding="utf-8")
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    for name, text in [
        ("cameo", CAMEO),
        ("khanates", KHANATES),
        ("claims", CLAIMS),
        ("contested", CONTESTED),
        ("views", VIEWS),
        ("azal_explanations", AZAL),
        ("likelihood", LIKELIHOOD),
        ("scorecard", SCORECARD),
        ("glossary", GLOSSARY),
        ("sources", SOURCES),
        ("map_layers", MAP_LAYERS),
        ("khanate_extents", KHANATE_EXTENTS),
        ("districts_2020", DISTRICTS_2020),
    ]:
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def only_problem(folder: Path):
    problems = validate(folder / "datapackage.json")
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_is_valid_and_loads_every_row(package):
    tables = load(package / "datapackage.json")
    assert len(tables["places"]) == 2 and len(tables["events"]) == 3
    assert len(tables["claims"]) == 1 and len(tables["contested"]) == 2
    assert tables["places"]["lat"].dtype == "Float64"
    assert str(tables["events"]["date_start"].iloc[1].date()) == "1806-10-01"


def test_missing_file(package):
    (package / "events.csv").unlink()
    p = only_problem(package)
    assert p.file.endswith("events.csv") and p.message == "file not found"


def test_empty_file(package):
    (package / "places.csv").write_text("", encoding="utf-8")
    p = only_problem(package)
    assert p.file.endswith("places.csv") and "empty" in p.message


def test_missing_column(package):
    text = (package / "places.csv").read_text(encoding="utf-8").splitlines()
    rows = [",".join(line.split(",")[:-1]) for line in text]  # drop source_ids
    (package / "places.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    p = only_problem(package)
    assert p.file.endswith("places.csv") and p.column == "source_ids"
    assert p.message == 'missing column "source_ids"'


def test_unknown_column(package):
    text = (package / "places.csv").read_text(encoding="utf-8").splitlines()
    rows = [text[0] + ",population"] + [line + ",1" for line in text[1:]]
    (package / "places.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    p = only_problem(package)
    assert p.file.endswith("places.csv") and 'unknown column "population"' in p.message


def test_bad_date(package):
    edit(package / "events.csv", "1804-01-15,day", "1804-02-30,day")
    p = only_problem(package)
    assert (p.row, p.column) == (1, "date")
    assert "not a real calendar date" in p.message


def test_a_figure_dated_to_a_month_that_does_not_exist(package):
    edit(package / "contested.csv", "official_other,2024-12-25,", "official_other,2024-13,")
    p = only_problem(package)
    assert p.file.endswith("contested.csv") and (p.row, p.column) == (1, "as_of")
    assert "not a real calendar date" in p.message and "2024-13" in p.message


def test_unparseable_date(package):
    edit(package / "events.csv", "1804-01-15,day", "15/01/1804,day")
    problems = validate(package / "datapackage.json")
    assert problems and all((p.row, p.column) == (1, "date") for p in problems)
    assert any("15/01/1804" in p.message for p in problems)


def test_date_finer_than_its_precision(package):
    edit(package / "events.csv", "1806-10,month", "1806-10-12,month")
    p = only_problem(package)
    assert (p.row, p.column) == (2, "date")
    assert p.message == '"1806-10-12" is more precise than its date_precision "month"'


def test_latitude_out_of_range(package):
    edit(package / "places.csv", "40.683,46.361", "140.683,46.361")
    p = only_problem(package)
    assert (p.file.endswith("places.csv"), p.row, p.column) == (True, 2, "lat")
    assert '"140.683"' in p.message and "maximum" in p.message


def test_longitude_not_a_number(package):
    edit(package / "places.csv", "40.378,49.892", "40.378,49.892E")
    p = only_problem(package)
    assert (p.row, p.column) == (1, "lon") and "not a valid number" in p.message


def test_duplicate_id(package):
    edit(package / "events.csv", "1806_baku_captured", "1804_ganja_storm")
    p = only_problem(package)
    assert p.file.endswith("events.csv") and p.row == 2
    assert p.message.startswith("duplicate id")


def test_unknown_place_id(package):
    edit(package / "events.csv", "annexation,baku,", "annexation,bakku,")
    p = only_problem(package)
    assert p.file.endswith("events.csv") and (p.row, p.column) == (2, "place_id")
    assert "bakku" in p.message and "places" in p.message


def test_missing_source(package):
    edit(package / "places.csv", "Capital of Azerbaijan,wp-baku", "Capital of Azerbaijan,")
    p = only_problem(package)
    assert (p.row, p.column) == (1, "source_ids") and p.message == "is empty but required"


def test_source_id_not_in_the_bibliography(package):
    edit(package / "events.csv", "ex-a ; ex-b", "ex-a ; rferl-report")
    p = only_problem(package)
    assert p.file.endswith("events.csv") and (p.row, p.column) == (2, "source_ids")
    assert p.message == '"rferl-report" is not a source_id in sources.csv'


@pytest.mark.parametrize(
    "url, says",
    [
        ("http://www.liquisearch.com/ganja_khanate", "liquisearch.com, which copies other publishers"),
        ("https://it.wiki7.org/wiki/Ganja", "wiki7.org, which copies other publishers"),
        ("https://loveread.me./read_book.php?id=1", "loveread.me, which copies other publishers"),
        ("http://3.127.128.221/wiki/Baku", "bare IP address"),
    ],
)
def test_bibliography_refuses_mirrors_and_bare_addresses(package, url, says):
    edit(package / "sources.csv", "https://en.wikipedia.org/wiki/Baku,", f"{url},")
    p = only_problem(package)
    assert p.file.endswith("sources.csv") and (p.row, p.column) == (1, "url")
    assert says in p.message and "cite the original" in p.message


def test_source_without_url_or_citation(package):
    edit(package / "sources.csv", ',"A. Author, A Book (City: Press, 1980), p. 1",', ",,")
    p = only_problem(package)
    assert p.file.endswith("sources.csv") and (p.row, p.column) == (10, "url")
    assert "neither a url nor a citation" in p.message


def test_source_url_with_another_scheme(package):
    edit(package / "sources.csv", "https://en.wikipedia.org/wiki/Baku,", "ftp://example.org/baku,")
    p = only_problem(package)
    assert p.file.endswith("sources.csv") and (p.row, p.column) == (1, "url")


def test_loaded_tables_name_their_sources(package):
    tables = load(package / "datapackage.json")
    assert tables["events"]["source_names"].tolist()[1] == "Example News, Example Agency (state media)"
    assert tables["khanates"]["source_names"].tolist() == ["A. Author 1980"]


def test_wrong_encoding(package):
    raw = PLACES.replace("Bakı", "Baki").replace("Баку", "").replace("Гянджа", "").replace("Գանձակ", "")
    raw = raw.replace("Gəncə", "Gäncä")
    (package / "places.csv").write_bytes(raw.encode("latin-1"))
    p = only_problem(package)
    assert p.file.endswith("places.csv") and p.row == 2
    assert p.message.startswith("not UTF-8: byte 0xe4 on line 3")


def test_unknown_code(package):
    edit(package / "events.csv", ",empire,war,", ",imperial,war,")
    p = only_problem(package)
    assert (p.row, p.column) == (1, "era") and '"imperial"' in p.message


def test_load_raises_with_every_problem_named(package):
    edit(package / "events.csv", "1806-10,month", "1806-10-12,month")
    edit(package / "places.csv", "40.683,46.361", "140.683,46.361")
    with pytest.raises(DataError) as err:
        load(package / "datapackage.json")
    text = str(err.value)
    assert text.startswith("2 problems in the explainer's data:")
    assert 'events.csv, row 2 (line 3), column "date"' in text
    assert 'places.csv, row 2 (line 3), column "lat"' in text


def test_nothing_is_dropped(package):
    """A blank-looking optional cell stays an empty string; every row arrives."""
    tables = load(package / "datapackage.json")
    assert tables["events"]["dispute_note"].tolist() == ["Old Style: 3 January 1804", "", ""]
    assert tables["contested"]["value_high"].isna().tolist() == [False, True]
    assert tables["places"]["name_hy"].tolist() == ["", "Գանձակ"]


def test_claim_names_an_unknown_event(package):
    edit(package / "claims.csv", "2024_azal_crash ; 1806_baku_captured", "2024_azal_crash ; 1806_baku_taken")
    p = only_problem(package)
    assert p.file.endswith("claims.csv") and (p.row, p.column) == (1, "event_ids")
    assert p.message == '"1806_baku_taken" is not an event_id in events.csv'


def test_recent_event_without_its_cameo_code(package):
    edit(package / "events.csv", "ru_az,Air-defence fire.", "ru_az,")
    p = only_problem(package)
    assert (p.row, p.column) == (3, "coder_note") and "events from 2024 on are coded" in p.message


def test_goldstein_score_must_match_the_code(package):
    edit(package / "events.csv", "19,-10.0,ru_az", "19,-7.0,ru_az")
    p = only_problem(package)
    assert (p.row, p.column) == (3, "goldstein") and "CAMEO root 19" in p.message


def test_unknown_cameo_code(package):
    edit(package / "events.csv", "19,-10.0,ru_az", "18,-10.0,ru_az")
    p = only_problem(package)
    assert p.file.endswith("events.csv") and p.row == 3 and "18" in p.message


def test_range_upside_down(package):
    edit(package / "contested.csv", "people,38,38,", "people,38,30,")
    p = only_problem(package)
    assert p.file.endswith("contested.csv") and (p.row, p.column) == (1, "value_high")
    assert p.message == "30 is below value_low 38"


def test_scorecard_cites_an_unknown_view(package):
    edit(package / "scorecard.csv", "c01 ; v01", "c01 ; v09")
    p = only_problem(package)
    assert p.file.endswith("scorecard.csv") and (p.row, p.column) == (1, "who")
    assert p.message == '"v09" is not a claim_id or view_id'


def test_glossary_chapter_must_be_a_chapter_number(package):
    edit(package / "glossary.csv", ",02,", ",2,")
    p = only_problem(package)
    assert p.file.endswith("glossary.csv") and p.row == 1 and p.column == "chapter"


def test_glossary_definition_is_short(package):
    edit(package / "glossary.csv", "A state ruled by a khan.", "x" * 301)
    p = only_problem(package)
    assert p.file.endswith("glossary.csv") and p.column == "definition"


def _rewrite(path: Path, change) -> None:
    path.write_bytes(change(path.read_bytes()))


def _descriptor_path(package: Path, old: str, new: str) -> None:
    edit(package / "datapackage.json", f'"path": "{old}"', f'"path": "{new}"')


# Each kind of bad input a contributor meets, and the one message they should read.
# (what is done to the fixture, the file named, the row, the column, words of the message)
PROBLEMS = {
    "semicolons": (
        lambda p: _rewrite(p / "events.csv", lambda b: b.replace(b",", b";")),
        "events.csv",
        None,
        None,
        "separated by semicolons",
    ),
    "tabs": (
        lambda p: _rewrite(p / "events.csv", lambda b: b.replace(b",", b"\t")),
        "events.csv",
        None,
        None,
        "separated by tabs",
    ),
    "LFS pointer": (
        lambda p: (p / "places.csv").write_text(
            "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 1234\n"
        ),
        "places.csv",
        None,
        None,
        "Git LFS pointer",
    ),
    "header only": (
        lambda p: (p / "events.csv").write_text(EVENTS.splitlines()[0] + "\n"),
        "events.csv",
        None,
        None,
        "has a header but no rows",
    ),
    "duplicated header": (
        lambda p: edit(p / "events.csv", "summary,era", "title,era"),
        "events.csv",
        None,
        None,
        "names 'title' twice",
    ),
    "control character": (
        lambda p: edit(p / "events.csv", "Russian troops storm Ganja.", "Russian troops\x00 storm."),
        "events.csv",
        1,
        "summary",
        "control character (U+0000)",
    ),
    "escape character": (
        lambda p: edit(p / "places.csv", "Capital of Azerbaijan", "Capital\x1b[31m"),
        "places.csv",
        1,
        "why",
        "control character (U+001B)",
    ),
    "era against date": (
        lambda p: edit(p / "events.csv", "crisis,aviation", "empire,aviation"),
        "events.csv",
        3,
        "era",
        '"empire" covers 1795–1917, but the date is 2024-12-25',
    ),
    "id year against date": (
        lambda p: edit(p / "events.csv", "1804_ganja_storm,1804", "1804_ganja_storm,1805"),
        "events.csv",
        1,
        "event_id",
        'must start with the year of its date, "1805_"',
    ),
    "lat and lon swapped": (
        lambda p: edit(p / "places.csv", "40.378,49.892", "49.892,40.378"),
        "places.csv",
        1,
        "lat",
        "(49.892, 40.378) lies outside Azerbaijan, which spans latitude 38.39…41.9",
    ),
    "longitude negated": (
        lambda p: edit(p / "places.csv", "40.378,49.892", "40.378,-49.892"),
        "places.csv",
        1,
        "lat",
        "lies outside Azerbaijan, which spans latitude 38.39…41.9 and longitude 44.76…50.37",
    ),
    "swapped in a country no base map draws whole": (
        lambda p: edit(p / "places.csv", "40.378,49.892,Azerbaijan", "68.780,38.537,Tajikistan"),
        "places.csv",
        1,
        "lat",
        "(68.780, 38.537) lies outside Tajikistan",
    ),
    "a country the base maps do not know": (
        lambda p: edit(p / "places.csv", "40.378,49.892,Azerbaijan", "40.378,49.892,Azerbaidjan"),
        "places.csv",
        1,
        "lat",
        '"Azerbaidjan" is not a country name of the base maps',
    ),
    "Tbilisi given as Azerbaijani: in the box, outside the outline": (
        lambda p: edit(p / "places.csv", "40.378,49.892,Azerbaijan", "41.715,44.827,Azerbaijan"),
        "places.csv",
        1,
        "lat",
        "is not in Azerbaijan on the caucasus base map",
    ),
    "path out of the data folder": (
        lambda p: _descriptor_path(p, "places.csv", "../../etc/passwd"),
        "datapackage.json",
        None,
        None,
        "outside the data folder",
    ),
    "absolute path": (
        lambda p: _descriptor_path(p, "places.csv", "/etc/passwd"),
        "datapackage.json",
        None,
        None,
        "outside the data folder",
    ),
}


@pytest.mark.parametrize("kind", PROBLEMS)
def test_each_kind_of_bad_input_gets_one_plain_message(package, kind):
    change, file, row, column, words = PROBLEMS[kind]
    change(package)
    problem = only_problem(package)
    assert problem.file.endswith(file), problem
    assert (problem.row, problem.column) == (row, column), problem
    assert words in problem.message, problem


def test_a_byte_order_mark_is_accepted(package):
    for name in ("events.csv", "cameo.csv", "views.csv", "places.csv"):
        _rewrite(package / name, lambda b: b"\xef\xbb\xbf" + b)
    assert validate(package / "datapackage.json") == []
    tables = load(package / "datapackage.json")
    assert list(tables["events"].columns)[0] == "event_id" and len(tables["events"]) == 3


def test_every_problem_in_one_row_is_reported(package):
    edit(
        package / "events.csv",
        "1806_baku_captured,1806-10,month,Baku taken,Russian troops occupy Baku.,empire,annexation,baku",
        "1806_baku_captured,1806-10,month,Baku taken,Russian troops occupy Baku.,empire,annexation,nowhere",
    )
    edit(package / "events.csv", "Baku taken,", "Baku taken" + "!" * 80 + ",")
    problems = validate(package / "datapackage.json")
    assert {(p.row, p.column) for p in problems} >= {(2, "place_id"), (2, "title")}, problems


def test_a_huge_value_is_refused_and_quoted_short(package):
    edit(package / "events.csv", "Old Style: 3 January 1804", "x" * 100_000)
    problem = only_problem(package)
    assert (problem.row, problem.column) == (1, "dispute_note")
    assert "(100,000 characters)" in problem.message and len(str(problem)) < 400
    assert "2000" in problem.message  # the limit every text column has


def test_an_empty_events_table_is_named_alone(package):
    """Not 46 problems about claims: one sentence about events.csv."""
    (package / "events.csv").write_text(EVENTS.splitlines()[0] + "\n")
    with pytest.raises(DataError) as caught:
        load(package / "datapackage.json")
    assert len(caught.value.problems) == 1 and "events.csv" in str(caught.value)
