from django.db.models import F
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from . import citation, memento, registry
from .diff import compare
from .models import PublicVersion
from .versions import LANGUAGES


def _versions(kind, key):
    if registry.version_kind(kind) is None or "\x00" in key:
        raise Http404("Unknown kind of public record.")
    versions = list(PublicVersion.objects.public().filter(kind=kind, key=key).order_by("number"))
    if not versions:
        raise Http404("No public version.")
    return versions


def _pick(versions, number):
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404("No such version.")
    return version


def history(request, kind, key):
    versions = _versions(kind, key)
    latest = versions[-1]
    return render(
        request,
        "publishing/history.html",
        {
            "versions": list(reversed(versions)),
            "latest": latest,
            "kind": registry.version_kind(kind),
            "title": _title(latest),
        },
    )


def version_detail(request, kind, key, number):
    versions = _versions(kind, key)
    version = _pick(versions, number)
    cite = citation.citable(version, request, _title(version))
    last_major = _last_major([v for v in versions if v.number <= number])
    original = memento.original_url(version, request)
    response = render(
        request,
        registry.version_kind(kind).template,
        {
            "version": version,
            "snapshot": version.snapshot,
            "total": len(versions),
            "latest": versions[-1],
            "first": versions[0],
            "last_major": last_major,
            "title": _title(version),
            "cite": cite,
            "json_ld": citation.json_ld(cite, versions[0], last_major),
            "original": original,
        },
    )
    return memento.mark_memento(response, request, versions, version, original)


def timegate(request, kind, key):
    """Memento's TimeGate for one item (publishing/memento.py)."""
    return memento.timegate(request, _versions(kind, key), request.headers.get("Accept-Datetime"))


def timemap(request, kind, key):
    """Memento's TimeMap for one item (publishing/memento.py)."""
    return memento.timemap(request, _versions(kind, key))


def version_diff(request, kind, key, number):
    versions = _versions(kind, key)
    version = _pick(versions, number)
    if number == 1:
        raise Http404("The first version has nothing to compare with.")
    previous = _pick(versions, number - 1)
    labels = registry.version_kind(kind).labels
    languages = [
        (language, compare(previous.snapshot, version.snapshot, previous.state, version.state, language, labels))
        for language in LANGUAGES
    ]
    return render(
        request,
        "publishing/diff.html",
        {
            "version": version,
            "previous": previous,
            "total": len(versions),
            "languages": languages,
            "title": _title(version),
        },
    )


def _cited(request, kind, key, number):
    """The citation of a version, or of one of its paragraphs with ``?akapit=N`` (the
    declaration's, each cited by the version's address and the paragraph's anchor)."""
    version = _pick(_versions(kind, key), number)
    paragraph = request.GET.get("akapit")
    if paragraph is None:
        return citation.citable(version, request, _title(version))
    numbers = {str(item.get("number")) for item in version.snapshot.get("paragraphs", [])}
    if paragraph not in numbers:
        raise Http404("No such paragraph in this version.")
    return citation.citable(version, request, _title(version), anchor=f"#p{paragraph}", paragraph=int(paragraph))


def cite_bibtex(request, kind, key, number):
    data = _cited(request, kind, key, number)
    response = HttpResponse(citation.bibtex(data), content_type="application/x-bibtex; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{data["id"]}.bib"'
    return response


def cite_csl(request, kind, key, number):
    data = _cited(request, kind, key, number)
    response = JsonResponse(citation.csl_json(data), safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{data["id"]}.json"'
    return response


def _title(version):
    return version.snapshot.get(registry.version_kind(version.kind).title_field, {})


def _last_major(versions):
    return next((v for v in reversed(versions) if v.is_major), versions[0])


def public_record(obj):
    """The version facts a live page shows: first and latest version, the
    last major one ("last updated"), and how many there are."""
    kind = registry.versions_of_model(type(obj))
    versions = (
        PublicVersion.objects.for_object(obj)
        .public()
        .only("number", "published_at", "is_major", "kind", "key", "state", "fingerprint")
        # The title (and date) for the citation, without loading every version's whole snapshot.
        .annotate(snapshot_title=F(f"snapshot__{kind.title_field}"))
        .order_by("number")
    )
    if kind.date_field:
        versions = versions.annotate(snapshot_date=F(f"snapshot__{kind.date_field}"))
    versions = list(versions)
    if not versions:
        return None
    return {
        "first": versions[0],
        "latest": versions[-1],
        "last_major": _last_major(versions),
        "total": len(versions),
        "now": timezone.now(),
    }
