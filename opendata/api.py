"""The read-only JSON API (/api/v1/), documented by its OpenAPI 3 schema.

django-ninja turns the typed endpoints below into both the validation of
query parameters and the schema, so the documentation cannot drift from the
code. Every list uses published() and a fixed number of queries."""

import datetime
import re
from typing import Literal

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from bialystok_hrc.addresses import absolute_url
from commitments import stats
from commitments.forms import CommitmentFilter, target_years
from commitments.models import Commitment, Document, Element, Indicator, Level, Milestone, ProgressUpdate, Status, Unit
from core.pagination import ERRORS, NOT_FOUND, InvalidFilter, Listing, Pagination, one_of
from declaration.models import Value
from helpdirectory.api import router as help_router
from languages.translated import language_codes, translated
from publishing.models import PublicVersion, published_q

Language = Literal[language_codes()]
LANGUAGE_HELP = "Language of the texts and of error messages."
LANGUAGE = Query("pl", description=LANGUAGE_HELP)


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return documented(super().get_openapi_schema(*args, **kwargs))


def documented(schema):
    """What every operation can answer besides its own results, added to the document so
    that it states every status the API gives: 304 to a conditional GET (the ETag and
    Last-Modified middleware answer it), 503 while the database cannot be reached
    (core/outage.py, with Retry-After), and the refusal of a NUL character anywhere
    (RefuseUnstorableInputMiddleware answers 400 before any view) as a pattern."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema["paths"].values():
        for operation in operations.values():
            operation["responses"].setdefault(
                304, {"description": "Not modified: the ETag in If-None-Match (or If-Modified-Since) still holds."}
            )
            operation["responses"].setdefault(
                503, {"description": "The database cannot be reached: try again after Retry-After.", "content": error}
            )
            for parameter in operation.get("parameters", []):
                for option in [parameter["schema"], *parameter["schema"].get("anyOf", [])]:
                    if option.get("type") == "string" and "enum" not in option:
                        option.setdefault("pattern", "^[^\\u0000]*$")
    return schema


api = OpenDataAPI(
    title="Białystok Human Rights City — open data API",
    version="1",
    description=(
        "Read-only data of the Białystok Human Rights City portal: commitments with their public versions, "
        "framework levels and elements, values, indicators, progress updates, documents and the directory of "
        "where to get help. Only published "
        "content. Texts in the language chosen with `lang` (Polish, the authoritative language, when a "
        "translation is missing; `language` says which). Licence: see the open-data page."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # the portal's own API page documents it; no third-party scripts
    openapi_url="/openapi.json",
)
api.add_router("/help", help_router)


# Errors --------------------------------------------------------------------------
# Every error is an ``Error``: in the language asked for with ``lang`` (Polish, the
# default, when it is missing or itself refused), naming each refused parameter.


class NotFound(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def requested_language(request):
    lang = request.GET.get("lang")
    return lang if lang in language_codes() else settings.LANGUAGE_CODE


def error_response(request, status, message, details=()):
    language = requested_language(request)
    with translation.override(language):
        details = [{"parameter": d["parameter"], "message": str(d["message"])} for d in details]
        if details and status == 400:
            names = ", ".join(dict.fromkeys(d["parameter"] for d in details))
            message = _("Invalid parameters: %(names)s.") % {"names": names}
        response = api.create_response(request, {"error": str(message), "details": details}, status=status)
    response["Content-Language"] = language
    return response


def validation_message(error):
    """pydantic's message for a refused value, in the active language (pydantic speaks English only)."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind == "greater_than_equal":
        return _("Enter a number of at least %(limit)s.") % {"limit": context["ge"]}
    if kind == "less_than_equal":
        return _("Enter a number of at most %(limit)s.") % {"limit": context["le"]}
    if kind == "literal_error":
        choices = ", ".join(re.findall(r"'([^']*)'", str(context.get("expected", ""))))
        return _("Choose one of: %(choices)s.") % {"choices": choices}
    if kind == "string_too_long":
        return _("Enter at most %(count)s characters.") % {"count": context["max_length"]}
    return _("This value is not allowed.")


@api.exception_handler(NinjaValidationError)
def invalid_parameters(request, exc):
    with translation.override(requested_language(request)):
        details = [
            {"parameter": str(e.get("loc", ["?"])[-1]), "message": str(validation_message(e))} for e in exc.errors
        ]
    return error_response(request, 400, "", details)


@api.exception_handler(InvalidFilter)
def invalid_filter(request, exc):
    return error_response(request, 400, "", exc.details)


@api.exception_handler(NotFound)
def not_found(request, exc):
    return error_response(request, 404, exc.message)


@api.exception_handler(Http404)
def nothing_here(request, exc=None):
    return error_response(request, 404, _("Nothing at this address in the API."))


def unknown_address(request, rest=""):
    """Any other address under /api/: a 404 in the API's error shape, not the site's page."""
    return nothing_here(request)


# Shapes ---------------------------------------------------------------------------


class Text(Schema):
    text: str
    language: Language


def text(obj, field):
    value = translated(obj, field)
    return {"text": value.value, "language": value.lang}


class VersionRef(Schema):
    number: int
    fingerprint: str
    published_at: datetime.datetime
    is_major: bool
    url: str


class MilestoneOut(Schema):
    title: Text
    due_on: datetime.date
    done: bool
    done_on: datetime.date | None


class CommitmentOut(Schema):
    reference: str
    url: str
    page_url: str
    title: Text
    summary: Text
    status: str
    status_name: Text
    progress: int
    level: int
    element: str | None
    values: list[str]
    unit: Text | None
    start_date: datetime.date | None
    target_date: datetime.date | None
    last_reviewed_on: datetime.date | None
    next_review_due: datetime.date | None
    overdue: bool
    stale: bool
    demo: bool
    parent: str | None
    first_published_at: datetime.datetime | None
    last_updated_at: datetime.datetime | None
    current_version: VersionRef | None
    milestones: list[MilestoneOut]


class VersionOut(VersionRef):
    state: str
    change_note: Text
    snapshot: dict


class ElementOut(Schema):
    code: str
    title: Text
    fra_part: str
    status: str
    reached_on: datetime.date | None
    counts_for_level: bool
    source: str


class CommitmentCountsOut(Schema):
    """The level's published top-level commitments in three groups that never overlap (as on the home page)."""

    total: int
    done: int = Field(description="In a status that counts as done.")
    in_progress: int = Field(description="Neither done nor late.")
    late: int = Field(description="Not done, and past the target date or in the status 'delayed'.")


class LevelOut(Schema):
    number: int
    name: Text
    status: str
    reached_on: datetime.date | None
    elements_counted: int = Field(description="Published elements that count towards the level.")
    elements_reached: int = Field(description="Of those, how many are reached; the level is reached when all are.")
    commitments: CommitmentCountsOut
    elements: list[ElementOut]


class ValueOut(Schema):
    slug: str
    name: Text
    description: Text
    url: str


class DataPointOut(Schema):
    year: int
    value: float
    source: str


class IndicatorOut(Schema):
    id: int
    commitment: str | None
    name: Text
    unit: Text
    baseline_value: float
    baseline_date: datetime.date
    target_value: float | None
    direction: str
    source: str
    data_points: list[DataPointOut]


class UpdateOut(Schema):
    commitment: str
    date: datetime.date
    title: Text
    body: Text


class DocumentOut(Schema):
    title: Text
    kind: str
    url: str
    language: str
    date: datetime.date
    source: str
    produced_by: str
    published_by: str
    commitment: str | None


# Helpers ---------------------------------------------------------------------------


def version_ref(request, version):
    if version is None:
        return None
    return {
        "number": version.number,
        "fingerprint": version.fingerprint,
        "published_at": version.published_at,
        "is_major": version.is_major,
        "url": absolute_url(version.get_absolute_url(), request),
    }


def versions_by_object(model, ids):
    """All public versions of these objects, in one query."""
    from django.contrib.contenttypes.models import ContentType

    result = {}
    content_type = ContentType.objects.get_for_model(model)
    for version in (
        PublicVersion.objects.public().filter(content_type=content_type, object_id__in=ids).order_by("number")
    ):
        result.setdefault(version.object_id, []).append(version)
    return result


def last_modified(response, *timestamps):
    stamps = [stamp for stamp in timestamps if stamp]
    if stamps:
        response["Last-Modified"] = http_date(max(stamps).timestamp())


def commitment_out(request, commitment, versions):
    history = versions.get(commitment.pk, [])
    majors = [v for v in history if v.is_major]
    return {
        "reference": commitment.reference,
        "url": absolute_url(reverse("commitments:permanent", args=[commitment.reference]), request),
        "page_url": absolute_url(commitment.get_absolute_url(), request),
        "title": text(commitment, "title"),
        "summary": text(commitment, "summary"),
        "status": commitment.status.slug,
        "status_name": text(commitment.status, "name"),
        # As on its page: derived from what is published now (the stored value may lag a scheduled milestone).
        "progress": commitment.shown_progress,
        "level": commitment.level.number,
        "element": commitment.element.code if commitment.element_id and commitment.element.is_published else None,
        "values": [value.slug for value in commitment.values.all()],
        "unit": text(commitment.unit, "name") if commitment.unit else None,
        "start_date": commitment.start_date,
        "target_date": commitment.target_date,
        "last_reviewed_on": commitment.last_reviewed_on,
        "next_review_due": commitment.next_review_due,
        "overdue": commitment.is_overdue,
        "stale": commitment.is_stale,
        "demo": commitment.is_demo,
        "parent": commitment.parent.reference if commitment.parent and commitment.parent.is_published else None,
        "first_published_at": history[0].published_at if history else None,
        "last_updated_at": majors[-1].published_at if majors else None,
        "current_version": version_ref(request, history[-1] if history else None),
        "milestones": [
            {"title": text(m, "title"), "due_on": m.due_on, "done": m.done, "done_on": m.done_on}
            for m in commitment.milestones.all()
        ],
    }


def listed_commitments():
    return (
        Commitment.objects.published()
        .for_listing()
        .select_related("element")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.published()),
            Prefetch(
                "children",
                queryset=Commitment.objects.published().only("parent", "progress", "publication_state", "published_at"),
            ),
        )
    )


# Endpoints -------------------------------------------------------------------------


class CommitmentFilters(Schema):
    # The values a filter takes come from the content (published levels and values, statuses,
    # units, target years): the document lists today's, read when it is served.
    lang: Language = Field("pl", description=LANGUAGE_HELP)
    level: int | None = Field(
        None,
        description="Framework level (number).",
        json_schema_extra=one_of(lambda: Level.objects.published().values_list("number", flat=True)),
    )
    value: str | None = Field(
        None,
        description="A value of the declaration (slug).",
        json_schema_extra=one_of(lambda: Value.objects.published().values_list("slug", flat=True)),
    )
    status: str | None = Field(
        None,
        description="Status (slug).",
        json_schema_extra=one_of(lambda: Status.objects.values_list("slug", flat=True)),
    )
    unit: str | None = Field(
        None,
        description="Responsible unit (slug).",
        json_schema_extra=one_of(lambda: Unit.objects.values_list("slug", flat=True)),
    )
    year: int | None = Field(
        None,
        description="Target year: one of the years some published commitment targets.",
        json_schema_extra=one_of(lambda: [year for _, year in target_years()]),
    )
    flag: Literal["overdue", "stale"] | None = None
    q: str | None = Field(None, max_length=200, description="Words in the reference, title or summary.")
    sort: Literal["reference", "title", "target", "progress", "-progress", "-updated"] = "reference"


@api.get("/commitments", response={200: list[CommitmentOut], **ERRORS}, tags=["commitments"])
@paginate(Pagination)
def list_commitments(request: HttpRequest, response: HttpResponse, filters: Query[CommitmentFilters]):
    """Published commitments, filtered as on the public list, newest reference last."""
    params = {k: v for k, v in filters.dict().items() if k != "lang" and v is not None}
    filterset = CommitmentFilter({k: str(v) for k, v in params.items()}, queryset=listed_commitments())
    with translation.override(filters.lang):
        if not filterset.is_valid():
            raise InvalidFilter(filterset.error_details())
        commitments = filterset.qs  # the search reads the titles in the requested language

    def render(page):
        versions = versions_by_object(Commitment, [c.pk for c in page])
        stamps = (v.published_at for history in versions.values() for v in history)
        last_modified(response, *(c.updated_at for c in page), *stamps)
        with translation.override(filters.lang):
            return [commitment_out(request, c, versions) for c in page]

    return Listing(commitments, render)


@api.get("/commitments/{reference}", response={200: CommitmentOut, **ERRORS, **NOT_FOUND}, tags=["commitments"])
def get_commitment(request: HttpRequest, response: HttpResponse, reference: str, lang: Language = LANGUAGE):
    commitment = listed_commitments().filter(reference=reference).first()
    if commitment is None:
        raise NotFound(_("No published commitment has this reference."))
    versions = versions_by_object(Commitment, [commitment.pk])
    # A change to a milestone or document records a new version, so this covers them too.
    last_modified(response, commitment.updated_at, *(v.published_at for v in versions.get(commitment.pk, [])))
    with translation.override(lang):
        return commitment_out(request, commitment, versions)


@api.get(
    "/commitments/{reference}/versions", response={200: list[VersionRef], **ERRORS, **NOT_FOUND}, tags=["commitments"]
)
def list_versions(request: HttpRequest, reference: str, lang: Language = LANGUAGE):
    """Every public version of a commitment, oldest first."""
    versions = list(PublicVersion.objects.public().filter(kind="zobowiazanie", key=reference).order_by("number"))
    if not versions:
        raise NotFound(_("No public versions for this reference."))
    return [version_ref(request, version) for version in versions]


@api.get(
    "/commitments/{reference}/versions/{number}",
    response={200: VersionOut, **ERRORS, **NOT_FOUND},
    tags=["commitments"],
)
def get_version(
    request: HttpRequest,
    response: HttpResponse,
    reference: str,
    number: int = Path(..., ge=1, le=2_147_483_647, description="Version number, from 1."),
    lang: Language = LANGUAGE,
):
    """One public version with the full snapshot of what the public saw (all languages)."""
    version = PublicVersion.objects.public().filter(kind="zobowiazanie", key=reference, number=number).first()
    if version is None:
        raise NotFound(_("This commitment has no public version with this number."))
    last_modified(response, version.published_at)
    with translation.override(lang):
        note = translated(version, "change_note")
    return {
        **version_ref(request, version),
        "state": version.state,
        "change_note": {"text": note.value, "language": note.lang},
        "snapshot": version.snapshot,
    }


class EndpointOut(Schema):
    path: str
    url: str
    summary: str


class IndexOut(Schema):
    title: str
    version: str
    documentation: str = Field(description="The portal's page that documents the API, for people.")
    openapi: str = Field(description="The OpenAPI 3 document, for programs.")
    endpoints: list[EndpointOut]


@api.get("/", response={200: IndexOut, **ERRORS}, tags=["index"])
def index(request: HttpRequest):
    """What the API offers: its endpoints, and where its documentation is."""
    paths = api.get_openapi_schema()["paths"]
    endpoints = [
        {"path": path, "url": absolute_url(path, request), "summary": operation.get("summary", "")}
        for path, operations in paths.items()
        for operation in [operations.get("get", {})]
        if "{" not in path and path != reverse("api-v1:index")
    ]
    return {
        "title": api.title,
        "version": api.version,
        "documentation": absolute_url(reverse("opendata:api"), request),
        "openapi": absolute_url(reverse("api-v1:openapi-json"), request),
        "endpoints": endpoints,
    }


@api.get("/levels", response={200: list[LevelOut], **ERRORS}, tags=["framework"])
def list_levels(request: HttpRequest, lang: Language = LANGUAGE):
    """The three levels of the framework with their elements; a level's status is derived from its elements."""
    levels = (
        Level.objects.published()
        .with_status()
        .prefetch_related(Prefetch("elements", queryset=Element.objects.published()))
    )
    headline = stats.headline(list(levels))
    with translation.override(lang):
        return [
            {
                "number": level.number,
                "name": text(level, "name"),
                "status": level.status,
                "reached_on": level.reached_on,
                "elements_counted": item.elements_counted,
                "elements_reached": item.elements_reached,
                "commitments": item.commitments.as_dict(),
                "elements": [
                    {
                        "code": element.code,
                        "title": text(element, "title"),
                        "fra_part": element.fra_part,
                        "status": element.status,
                        "reached_on": element.reached_on,
                        "counts_for_level": element.counts_for_level,
                        "source": element.source,
                    }
                    for element in level.elements.all()
                ],
            }
            for item in headline
            for level in [item.level]
        ]


@api.get("/values", response={200: list[ValueOut], **ERRORS}, tags=["declaration"])
def list_values(request: HttpRequest, lang: Language = LANGUAGE):
    with translation.override(lang):
        return [
            {
                "slug": value.slug,
                "name": text(value, "name"),
                "description": text(value, "description"),
                "url": absolute_url(value.get_absolute_url(), request),
            }
            for value in Value.objects.published()
        ]


@api.get("/indicators", response={200: list[IndicatorOut], **ERRORS}, tags=["indicators"])
def list_indicators(request: HttpRequest, lang: Language = LANGUAGE):
    """Indicators of published commitments, each with its yearly data points."""
    indicators = (
        Indicator.objects.published()
        .filter(published_q("commitment__"))
        .select_related("commitment")
        .prefetch_related("data_points")
        .order_by("pk")
    )
    with translation.override(lang):
        return [
            {
                "id": indicator.pk,
                "commitment": indicator.commitment.reference if indicator.commitment else None,
                "name": text(indicator, "name"),
                "unit": text(indicator, "unit"),
                "baseline_value": float(indicator.baseline_value),
                "baseline_date": indicator.baseline_date,
                "target_value": None if indicator.target_value is None else float(indicator.target_value),
                "direction": indicator.direction,
                "source": indicator.source,
                "data_points": [
                    {"year": p.year, "value": float(p.value), "source": p.source} for p in indicator.data_points.all()
                ],
            }
            for indicator in indicators
        ]


@api.get("/updates", response={200: list[UpdateOut], **ERRORS}, tags=["commitments"])
def list_updates(
    request: HttpRequest,
    lang: Language = LANGUAGE,
    limit: int = Query(50, ge=1, le=500, description="How many updates (1–500), newest first."),
):
    """The latest progress updates of published commitments."""
    updates = (
        ProgressUpdate.objects.published()
        .filter(published_q("commitment__"))
        .select_related("commitment")
        .order_by("-date", "-pk")[:limit]
    )
    with translation.override(lang):
        return [
            {"commitment": u.commitment.reference, "date": u.date, "title": text(u, "title"), "body": text(u, "body")}
            for u in updates
        ]


@api.get("/documents", response={200: list[DocumentOut], **ERRORS}, tags=["documents"])
def list_documents(request: HttpRequest, lang: Language = LANGUAGE):
    # Evidence documents stand alone; a commitment's documents only once the commitment is public.
    documents = (
        Document.objects.published()
        .filter(Q(commitment__isnull=True) | published_q("commitment__"))
        .select_related("commitment")
        .order_by("-date", "pk")
    )
    with translation.override(lang):
        return [
            {
                "title": text(d, "title"),
                "kind": d.kind,
                "url": absolute_url(d.href, request),
                "language": d.language,
                "date": d.date,
                "source": d.source,
                "produced_by": d.produced_by,
                "published_by": d.published_by,
                "commitment": d.commitment.reference if d.commitment and d.commitment.is_published else None,
            }
            for d in documents
        ]
