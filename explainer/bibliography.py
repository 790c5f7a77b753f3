"""The bibliography (``data/sources.csv``): every table cites its sources by id.

A source is one publication at its original publisher: a news report, an official
statement, an encyclopedia article, a scholarly work, a document. Books and reports
without a usable address carry a full citation instead of a URL. Each source says
what kind it is, whose perspective its publisher usually carries in this conflict,
and whether the publisher is tied to a state, so a reader can weigh it.

Mirrors, scrapers, proxies and pirated copies are not sources: :data:`MIRROR_HOSTS`
lists the ones met while checking the data, and validation refuses them (and bare
IP addresses) with a message that says what to cite instead.

>>> tables = data.load()                       # doctest: +SKIP
>>> source_list(tables["sources"], events)     # doctest: +SKIP  (Markdown, grouped by kind)
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pandas as pd

from explainer.text import md_escape, md_url, split_list

# Hosts that copy other publishers' text (wiki mirrors and scrapers, translation and web
# proxies, re-posting content farms, pirated books and document dumps). A URL whose host
# is one of these, or ends with "." + one of these, is refused. Found while checking
# the data (docs/source_check.md); extend it when a new one turns up.
MIRROR_HOSTS = (
    # Wikipedia mirrors, scrapers and offline copies
    "absoluteastronomy.com",
    "academic.ru",
    "alchetron.com",
    "alegsaonline.com",
    "askwikinow.com",
    "abcdef.wiki",
    "bestref.net",
    "classicistranieri.com",
    "encycloreader.org",
    "enacademic.com",
    "everything.explained.today",
    "examplum.com",
    "frwiki.wiki",
    "graphsearch.epfl.ch",
    "handwiki.org",
    "hmong.in.th",
    "hmong.ru",
    "iiab.me",
    "infogalactic.com",
    "jakami.de",
    "jmediawiki.org",
    "kiwix.casplantje.nl",
    "kiwix.lema.org",
    "knowledgr.com",
    "liquisearch.com",
    "mapnall.com",
    "owiki.org",
    "perceptioes.com",
    "perceptiofi.com",
    "piglix.com",
    "primidi.com",
    "profilbaru.com",
    "rhythmusic.net",
    "riteme.site",
    "ru-wiki.ru",
    "search.com.vn",
    "stringtranslate.com",
    "terminy.info",
    "the-uncensored-wiki.com",
    "wiki-gateway.eudic.net",
    "wiki.x.io",
    "wiki7.org",
    "wikiamp.com",
    "wikimili.com",
    "wikipedia-on-ipfs.org",
    "wikisort.ru",
    "wikisum.wiki",
    "wikiwand.com",
    "wikizero.com",
    "wikizero.net",
    "wipi.ai.kr",
    "ask3.ru",
    "mdict.net",
    "babylon.com",
    "calendarz.com",
    "historydraft.com",
    "clever-geek.imtqy.com",
    "xn--h1ajim.xn--p1ai",
    # proxies, gateways, CDN and archive copies
    "gopherproxy.meulie.net",
    "zproxy.org",
    "workers.dev",
    "yimiao.online",
    "gtranslate.net",
    "ipfs.io",
    "ipfs.dweb.link",
    "cloudfront.net",
    "fastly.net",
    "cdn.arcpublishing.com",
    "pages.dev",
    "osmarks.net",
    "c97.org",
    "cozy.pub",
    "lfwp.net",
    "web.archive.org",
    "threadreaderapp.com",
    "oocities.org",
    # content farms and re-posters of other outlets' stories
    "menafn.com",
    "devdiscourse.com",
    "newsbeep.com",
    "pledgetimes.com",
    "smi24.net",
    "ru24.net",
    "newsio.com",
    "daily8.com",
    "ckhq.net",
    "diamedi.ru",
    "usmuslims.com",
    "am1.news",
    "independentxpress.de",
    "urdupoint.com",
    "swedenherald.com",
    "rightnowbusiness.org",
    "adsitepro.com",
    "agenbrilink.net",
    "embedy.cc",
    "evrimagaci.org",
    "marketscreener.com",
    "kvia.com",
    "947thebeast.com",
    "iheart.com",
    "arkansasonline.com",
    "journal-news.com",
    "onthemovema.com",
    "rantburg.com",
    "suomalaiset-podcastit.fi",
    "turbinatravels.com",
    "obastan.com",
    "news-pravda.com",
    "review.clateway.com",
    "telegram.mediamonitoring.am",
    "bol.uol.com.br",
    "oval.ru",
    "bahnsport-info.de",
    "alem.dynip.sapo.pt",
    "znanija.site",
    # pirated books and document dumps
    "loveread.me",
    "hozir.org",
    "docslib.org",
    "issuhub.com",
    "usermanual.wiki",
    "dokumen.tips",
    "scribd.com",
    "rulit.me",
    "readli.net",
    "readania.com",
    "bibliboba.online",
    "edocr.com",
    "azkurs.org",
    "cryer.org.uk",
    "vdocuments.mx",
    "knigochet.com",
    "byteseu.com",
)

_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$|^\[?[0-9a-f:]+\]?$")


def host(url: str) -> str:
    """The host of ``url``, lower-case, without a port or a trailing dot."""
    return (urlparse(url).hostname or "").rstrip(".")


def mirror_problem(url: str) -> str | None:
    """Why ``url`` cannot be cited (a mirror host or a bare IP address), or None."""
    name = host(url)
    if _IP.match(name):
        return f'"{url}" is a bare IP address, not a publisher: cite the original publisher\'s address'
    for mirror in MIRROR_HOSTS:
        if name == mirror or name.endswith("." + mirror):
            return (
                f'"{url}" is on {mirror}, which copies other publishers\' text: cite the original '
                "(the Wikipedia article itself, the news site, the book with its pages)"
            )
    return None


KIND_ORDER = {
    "primary_document": "Documents",
    "official_statement": "Official statements",
    "report": "Reports by NGOs and international bodies",
    "scholarship": "Scholarship",
    "encyclopedia": "Encyclopedias",
    "news": "News reports",
    "advocacy": "Advocacy and partisan sites",
    "reference": "Reference works and data",
    "other": "Other",
}
STATE_NOTE = {
    "government": "government",
    "state": "state media",
    "state_aligned": "state-aligned",
    "public_service_international": "US-funded public broadcaster",
}


def short_label(source: pd.Series) -> str:
    """A hover-card name for a source: its publisher, marked when it is state media."""
    if source["publisher"]:
        name = source["publisher"]
    else:  # a citation: its author and year
        author = source["citation"].split(",")[0].strip()
        year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", source["citation"])
        name = f"{author} {year.group(1)}" if year else author
    note = STATE_NOTE.get(source["state_affiliated"])
    return f"{name} ({note})" if note in ("state media", "government") else name


def names(cell: str, sources: pd.DataFrame) -> str:
    """The sources of a ``source_ids`` cell as a short line: "TASS (state media), Wikipedia (English)"."""
    lookup = sources.set_index("source_id")
    return ", ".join(dict.fromkeys(short_label(lookup.loc[i]) for i in split_list(cell)))


def cited(sources: pd.DataFrame, *tables: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``sources`` that ``tables`` cite (through their ``source_ids``), once each."""
    ids = []
    for table in tables:
        for cell in table["source_ids"]:
            ids += split_list(cell)
    ids = list(dict.fromkeys(ids))
    return sources.set_index("source_id").loc[ids].reset_index()


def _readable_address(url: str) -> str:
    parsed = urlparse(url)
    name = host(url).removeprefix("www.")
    path = parsed.path.rstrip("/")
    text = name + path if len(name + path) <= 70 else name + path[:60] + "…"
    return text


def _notes(source: pd.Series) -> list[str]:
    notes = (
        [source["perspective"] + " perspective"]
        if source["perspective"] not in ("neutral", "international", "unknown")
        else []
    )
    if source["state_affiliated"] in STATE_NOTE:
        notes.append(f"**{STATE_NOTE[source['state_affiliated']]}**")
    return notes


def _link(source: pd.Series, *, named: bool = False) -> str:
    """A source's title or address as a link (or its citation). ``named``: its publisher is
    already named beside it, so an untitled address drops its host."""
    if not source["url"]:
        link = md_escape(source["citation"])
    else:
        text = source["title"] or _readable_address(source["url"])
        if named and not source["title"] and "/" in text:
            text = text.split("/", 1)[1]
        link = f"[{md_escape(text)}]({md_url(source['url'])})"
    return link + (f", {md_escape(source['date'])}" if source["date"] else "")


def entry(source: pd.Series) -> str:
    """One Markdown line for a source, every data string escaped."""
    return entries(pd.DataFrame([source]))[0]


def entries(sources: pd.DataFrame) -> list[str]:
    """Markdown lines for ``sources``: one line a publisher, its perspective and state note
    given once and each of its sources linked after it; every data string escaped."""
    groups: dict[tuple, list[pd.Series]] = {}
    for i, s in sources.reset_index(drop=True).iterrows():
        key = (s["publisher"], tuple(_notes(s))) if s["publisher"] else (i, tuple(_notes(s)))
        groups.setdefault(key, []).append(s)
    lines = []
    for (publisher, notes), rows in groups.items():
        if isinstance(publisher, str):
            links = "; ".join(_link(r, named=len(rows) > 1) for r in rows)
            line = f"*{md_escape(publisher)}*: {links}"
        else:
            line = _link(rows[0])
        lines.append(f"- {line}" + (f" ({'; '.join(notes)})" if notes else ""))
    return lines


def source_list_markdown(sources: pd.DataFrame, *tables: pd.DataFrame) -> str:
    """Every source the ``tables`` cite, as Markdown grouped by kind, then by publisher;
    state-affiliated media flagged."""
    rows = cited(sources, *tables)
    lines = []
    for kind, heading in KIND_ORDER.items():
        part = rows[rows["kind"] == kind]
        if not len(part):
            continue
        part = part.assign(_key=part["perspective"] + part["publisher"] + part["title"] + part["citation"])
        lines += [f"**{heading}** ({len(part)})", ""]
        lines += entries(part.sort_values("_key"))
        lines.append("")
    n_state = int(rows["state_affiliated"].isin(["government", "state", "state_aligned"]).sum())
    lines.append(
        f"{len(rows)} sources; {n_state} from governments or state or state-aligned media, "
        "which are never relied on alone for a contested point. The full bibliography is "
        "[data/sources.csv](../data/sources.csv)."
    )
    return "\n".join(lines)


def source_list(sources: pd.DataFrame, *tables: pd.DataFrame):
    """:func:`source_list_markdown` as a displayable Markdown object (a chapter's Sources section)."""
    from IPython.display import Markdown

    return Markdown(source_list_markdown(sources, *tables))
