"""Ways to cite a public version: plain text, BibTeX, CSL-JSON, the meta tags reference
managers read (Google Scholar's ``citation_*`` set, Dublin Core) and JSON-LD.

One record, one shape in every format: a report (BibTeX ``@techreport``, which BibTeX and
biblatex styles both render; CSL ``report``; schema.org ``Report``) by the City of Białystok
as a corporate author, kept literal everywhere (double braces in BibTeX, ``literal`` in
CSL), published on the portal. Its date is the document's own when it has one (the
declaration was signed on 19 December 2023: that is its year in every citation), otherwise
the version's publication; the publication on the portal is the online date. Only a real
reference (BPC-2025-001) is a report number, never an address's slug."""

import datetime
import re

from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from bialystok_hrc.addresses import absolute_url
from languages.translated import active_language, in_language

from . import registry

# biblatex's langid takes babel's language names, not codes.
BABEL_NAMES = {"pl": "polish", "en": "british", "uk": "ukrainian", "be": "belarusian"}


def citation_title(title):
    """Sentence case for a title written in capitals (the declaration's heading), the first
    letter raised otherwise (a value's name is stored in lower case); the text itself is
    never changed."""
    if title.isupper():
        return title[:1].upper() + title[1:].lower()
    return capfirst(title)


def own_date(version, kind):
    """The document's own date, when its kind has one (the declaration's signing)."""
    if not kind.date_field:
        return None
    value = getattr(version, "snapshot_date", None) or version.snapshot.get(kind.date_field)
    return datetime.date.fromisoformat(value) if value else None


def citable(version, request, title_texts, anchor="", paragraph=None):
    """What every citation format needs, for ``version`` in the active language;
    ``paragraph`` (with its ``anchor``) cites one paragraph of it."""
    kind = registry.version_kind(version.kind)
    url = absolute_url(version.get_absolute_url(), request) + anchor
    online = timezone.localtime(version.published_at).date()
    dated = own_date(version, kind)
    title = citation_title(in_language(title_texts).value)
    if paragraph is not None:
        title = _("%(title)s, paragraph %(number)s") % {"title": title, "number": paragraph}
    slug = f"bialystok-{version.key}-v{version.number}" + (f"-p{paragraph}" if paragraph is not None else "")
    return {
        "author": _("City of Białystok"),
        "portal": _("Białystok on the road to a Human Rights City"),
        "title": title,
        "reference": version.key if kind.key_is_reference else "",
        "version": version.number,
        "issued": dated or online,
        "own_date": dated,
        "published": online,
        "url": url,
        "accessed": timezone.localdate(),
        "language": active_language(),
        "paragraph": paragraph,
        # Anyone can check the cited text against it (the verify page, the ledger).
        "fingerprint": version.fingerprint,
        "id": re.sub(r"[^A-Za-z0-9]+", "-", slug).strip("-").lower(),
    }


def plain(data):
    values = {
        **data,
        "year": data["issued"].year,
        "published": data["published"].isoformat(),
        "accessed": data["accessed"].isoformat(),
    }
    if data["reference"]:
        record = _("%(title)s [%(reference)s, version %(version)s]") % values
    else:
        record = _("%(title)s [version %(version)s]") % values
    text = _(
        "%(author)s (%(year)s). %(record)s. %(portal)s. Published online %(published)s. "
        "%(url)s (accessed %(accessed)s)."
    )
    text = text % {**values, "record": record}
    if data.get("fingerprint"):
        text += " " + _("SHA-256 fingerprint: %(fingerprint)s.") % data
    return text


def _bibtex_escape(text):
    return re.sub(r"([{}\\%&$#_^~])", r"\\\1", str(text))


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex(data):
    """BibTeX's @techreport (biblatex reads it as @report): ``institution``, ``number``,
    ``year`` and ``month`` for BibTeX styles; ``date``, ``urldate``, ``version`` and ``langid``
    for biblatex. Braces keep the corporate author and the title as written."""
    issued = data["issued"]
    fields = {
        "author": "{" + _bibtex_escape(data["author"]) + "}",
        "title": "{" + _bibtex_escape(data["title"]) + "}",
        "institution": "{" + _bibtex_escape(data["author"]) + "}",
        "number": _bibtex_escape(data["reference"]),
        "year": str(issued.year),
        "date": issued.isoformat(),
        "version": str(data["version"]),
        "note": _bibtex_escape(_("Published online %(date)s") % {"date": data["published"].isoformat()})
        + ", "
        + _bibtex_escape(data["portal"])
        + (", SHA-256 " + data["fingerprint"] if data.get("fingerprint") else ""),
        "url": data["url"],
        "urldate": data["accessed"].isoformat(),
        "langid": BABEL_NAMES.get(data["language"], data["language"]),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    body += f",\n  month = {MONTHS[issued.month - 1]}"  # a macro, which both styles translate
    return f"@techreport{{{data['id']},\n{body}\n}}\n"


def _date_parts(date):
    return {"date-parts": [[date.year, date.month, date.day]]}


def csl_json(data):
    item = {
        "id": data["id"],
        "type": "report",
        "title": data["title"],
        "author": [{"literal": data["author"]}],
        "publisher": data["author"],
        "container-title": data["portal"],
        "number": data["reference"],
        "version": str(data["version"]),
        "issued": _date_parts(data["issued"]),
        "available-date": _date_parts(data["published"]),
        "accessed": _date_parts(data["accessed"]),
        "URL": data["url"],
        "language": data["language"],
        "note": f"SHA-256 {data['fingerprint']}" if data.get("fingerprint") else "",
    }
    return [{name: value for name, value in item.items() if value}]


def coins(data):
    """A COinS (OpenURL ContextObject in a span's title): the way a page offers several
    records to a reference manager (Zotero, Mendeley), which then asks which to save — on
    the declaration's page, the whole text or one of its paragraphs."""
    fields = {
        "ctx_ver": "Z39.88-2004",
        "rft_val_fmt": "info:ofi/fmt:kev:mtx:book",
        "rft.genre": "report",
        "rft.btitle": data["title"],
        "rft.aucorp": data["author"],
        "rft.pub": data["portal"],
        "rft.date": data["issued"].isoformat(),
        "rft.edition": str(data["version"]),
        "rft.language": data["language"],
        "rft_id": data["url"],
    }
    return urlencode(fields)


def json_ld(data, first, last_major):
    """schema.org description of a public version, for search engines: a Report, published
    on its own date (or first on the portal), modified at its last major change."""
    published = data["own_date"] or timezone.localtime(first.published_at).date()
    description = {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": data["title"],
        "version": str(data["version"]),
        "url": data["url"],
        "inLanguage": data["language"],
        "datePublished": published.isoformat(),
        "dateModified": timezone.localtime(last_major.published_at).isoformat(),
        "author": {"@type": "GovernmentOrganization", "name": data["author"]},
        "publisher": {"@type": "GovernmentOrganization", "name": data["author"]},
        "isPartOf": {"@type": "WebSite", "name": data["portal"]},
    }
    if data["reference"]:
        description["identifier"] = description["reportNumber"] = data["reference"]
    return description
