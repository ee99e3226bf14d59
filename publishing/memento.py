"""Memento (RFC 7089): time travel over every versioned item.

- The item's current page (a commitment, a value, the declaration; a framework
  element lives on its level's page, ``#element-CODE``) is the *Original
  Resource* (URI-R).
- Each public version page (``publishing:version``) is a *Memento* (URI-M): it
  carries ``Memento-Datetime``, its publication time.
- A separate *TimeGate* (URI-G, ``publishing:timegate``) answers
  ``Accept-Datetime`` with a 302 to the version in force at that moment
  (pattern 2.1 of the RFC, §4.2.1: the original page itself never negotiates,
  so it is cached like every other page and needs no ``Vary``).
- A *TimeMap* (URI-T, ``publishing:timemap``) lists every public version in
  ``application/link-format`` (RFC 6690).

Versions recorded ahead (a scheduled publication) are no mementos until their
time comes: everything here reads ``PublicVersion.objects.public()``.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import http_date, parse_http_date

from bialystok_hrc.addresses import absolute_url

LINK_FORMAT = "application/link-format"
# RFC 7089 §2.1.1: Accept-Datetime is an rfc1123-date, e.g. "Tue, 20 Mar 2001 20:35:00 GMT".
RFC1123 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} GMT$"
)


def parse_accept_datetime(value):
    """The moment (seconds since the epoch) an ``Accept-Datetime`` asks for, or
    None when it is not an rfc1123-date (RFC 7089 §4.5.3: a 400)."""
    value = (value or "").strip()
    if not RFC1123.match(value):
        return None
    try:
        return parse_http_date(value)
    except ValueError:  # "Mon, 31 Feb 2025 …": the right shape, no such day
        return None


def _url(request, name, *args):
    return absolute_url(reverse(name, args=args), request)


def original_url(version, request):
    """The item's current page: read from the item itself, since an address
    (a commitment's slug) may have changed since the version was published."""
    model = ContentType.objects.get_for_id(version.content_type_id).model_class()
    obj = model._base_manager.filter(pk=version.object_id).first()
    path = (
        obj.get_absolute_url() if obj is not None else reverse("publishing:history", args=[version.kind, version.key])
    )
    return absolute_url(path, request)


def timegate_url(request, kind, key):
    return _url(request, "publishing:timegate", kind, key)


def timemap_url(request, kind, key):
    return _url(request, "publishing:timemap", kind, key)


def memento_url(request, version):
    return absolute_url(version.get_absolute_url(), request)


def _link(url, rel, **params):
    extra = "".join(f'; {name.replace("_", "-")}="{value}"' for name, value in params.items())
    return f'<{url}>; rel="{rel}"{extra}'


def _memento_links(request, versions, current=None):
    """first/last/prev/next memento relations around ``current`` (or just
    first and last), each with its datetime; one entry per URL, its relations
    joined (RFC 7089 §2.2.1)."""
    rels = {}
    first, last = versions[0], versions[-1]
    rels.setdefault(first.number, []).append("first")
    rels.setdefault(last.number, []).append("last")
    if current is not None:
        index = next(i for i, v in enumerate(versions) if v.number == current.number)
        if index > 0:
            rels.setdefault(versions[index - 1].number, []).append("prev")
        if index < len(versions) - 1:
            rels.setdefault(versions[index + 1].number, []).append("next")
    by_number = {version.number: version for version in versions}
    return [
        _link(
            memento_url(request, by_number[number]),
            " ".join([*words, "memento"]),
            datetime=http_date(by_number[number].published_at.timestamp()),
        )
        for number, words in sorted(rels.items())
    ]


def _head_links(request, kind, key, original):
    return [
        _link(original, "original"),
        _link(timegate_url(request, kind, key), "timegate"),
        _link(timemap_url(request, kind, key), "timemap", type=LINK_FORMAT),
    ]


def mark_original(response, request, obj, record=None):
    """Headers of ``obj``'s current page: where its TimeGate and TimeMap are.
    ``record`` (publishing.views.public_record) saves the query when the page has it."""
    if record is not None:
        version = record["latest"]
    else:
        from .models import PublicVersion

        version = PublicVersion.objects.for_object(obj).public().only("kind", "key").order_by("-number").first()
    if version is None:
        return response
    response["Link"] = ", ".join(_head_links(request, version.kind, version.key, absolute_url(request.path, request)))
    return response


def mark_memento(response, request, versions, version, original):
    """Headers of a version page: its Memento-Datetime, the original, the
    TimeGate, the TimeMap and the neighbouring mementos."""
    response["Memento-Datetime"] = http_date(version.published_at.timestamp())
    links = _head_links(request, version.kind, version.key, original)
    response["Link"] = ", ".join([*links, *_memento_links(request, versions, version)])
    return response


def timegate(request, versions, accept_datetime):
    """The 302 to the version in force at ``Accept-Datetime`` (the latest when
    it is absent; the first when it is before the first; RFC 7089 §4.5.3), or a
    400 for a malformed one. Never stored by any cache for another datetime:
    ``Vary: accept-datetime`` on every answer, and the page cache keeps only 200s."""
    latest = versions[-1]
    links = _head_links(request, latest.kind, latest.key, original_url(latest, request))
    if accept_datetime is None:
        chosen = latest
    else:
        moment = parse_accept_datetime(accept_datetime)
        if moment is None:
            response = HttpResponse(
                "Accept-Datetime must be an RFC 1123 date, e.g. Tue, 20 Mar 2001 20:35:00 GMT.\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
            response["Vary"] = "accept-datetime"
            response["Link"] = ", ".join(links)
            return response
        in_force = [version for version in versions if version.published_at.timestamp() <= moment]
        chosen = in_force[-1] if in_force else versions[0]
    response = HttpResponseRedirect(memento_url(request, chosen))
    response["Vary"] = "accept-datetime"
    response["Link"] = ", ".join([*links, *_memento_links(request, versions, chosen)])
    return response


def timemap(request, versions):
    """Every public version, oldest first, as link-format (RFC 7089 §5.1)."""
    latest = versions[-1]
    kind, key = latest.kind, latest.key
    lines = [
        _link(original_url(latest, request), "original"),
        _link(timegate_url(request, kind, key), "timegate"),
        _link(
            timemap_url(request, kind, key),
            "self",
            type=LINK_FORMAT,
            **{
                "from": http_date(versions[0].published_at.timestamp()),
                "until": http_date(latest.published_at.timestamp()),
            },
        ),
    ]
    for index, version in enumerate(versions):
        words = [word for word, test in (("first", index == 0), ("last", index == len(versions) - 1)) if test]
        lines.append(
            _link(
                memento_url(request, version),
                " ".join([*words, "memento"]),
                datetime=http_date(version.published_at.timestamp()),
            )
        )
    return HttpResponse(",\n".join(lines) + "\n", content_type=LINK_FORMAT)
