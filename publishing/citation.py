"""Ways to cite a public version: plain text, BibTeX and CSL-JSON."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from bialystok_hrc.addresses import absolute_url
from languages.translated import active_language, in_language


def citable(version, request, title_texts, anchor=""):
    """What every citation format needs, for ``version`` in the active language."""
    url = absolute_url(version.get_absolute_url(), request) + anchor
    published = timezone.localtime(version.published_at).date()
    return {
        "author": _("City of Białystok"),
        "title": in_language(title_texts).value,
        "reference": version.key,
        "version": version.number,
        "published": published,
        "url": url,
        "accessed": timezone.localdate(),
        "language": active_language(),
        "id": re.sub(r"[^A-Za-z0-9]+", "-", f"bialystok-{version.key}-v{version.number}").strip("-").lower(),
    }


def plain(data, paragraph=None):
    values = {
        **data,
        "year": data["published"].year,
        "published": data["published"].isoformat(),
        "accessed": data["accessed"].isoformat(),
        "paragraph": paragraph,
    }
    if paragraph is not None:
        return (
            _(
                "%(author)s (%(year)s). %(title)s [%(reference)s, version %(version)s], paragraph %(paragraph)s. "
                "Published %(published)s. %(url)s (accessed %(accessed)s)."
            )
            % values
        )
    return (
        _(
            "%(author)s (%(year)s). %(title)s [%(reference)s, version %(version)s]. Published %(published)s. "
            "%(url)s (accessed %(accessed)s)."
        )
        % values
    )


def _bibtex_escape(text):
    return re.sub(r"([{}\\%&$#_^~])", r"\\\1", str(text))


def bibtex(data):
    fields = {
        "author": "{" + _bibtex_escape(data["author"]) + "}",
        "title": _bibtex_escape(data["title"]),
        "year": str(data["published"].year),
        "date": data["published"].isoformat(),
        "number": _bibtex_escape(data["reference"]),
        "version": str(data["version"]),
        "url": data["url"],
        "urldate": data["accessed"].isoformat(),
        "langid": data["language"],
        "publisher": _bibtex_escape(data["author"]),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{data['id']},\n{body}\n}}\n"


def _date_parts(date):
    return {"date-parts": [[date.year, date.month, date.day]]}


def csl_json(data):
    return [
        {
            "id": data["id"],
            "type": "report",
            "title": data["title"],
            "author": [{"literal": data["author"]}],
            "publisher": data["author"],
            "number": data["reference"],
            "version": str(data["version"]),
            "issued": _date_parts(data["published"]),
            "accessed": _date_parts(data["accessed"]),
            "URL": data["url"],
            "language": data["language"],
        }
    ]


def json_ld(data, first, last_major):
    """schema.org description of a public version, for search engines."""
    return {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": data["title"],
        "identifier": data["reference"],
        "version": str(data["version"]),
        "url": data["url"],
        "inLanguage": data["language"],
        "datePublished": timezone.localtime(first.published_at).isoformat(),
        "dateModified": timezone.localtime(last_major.published_at).isoformat(),
        "author": {"@type": "GovernmentOrganization", "name": data["author"]},
        "publisher": {"@type": "GovernmentOrganization", "name": data["author"]},
    }
