"""Where to get help in the open-data API: GET /api/v1/help. Filtered as on
the public list (need, language), only published entries, in a fixed number
of queries. Demo entries are included and flagged ``is_demo``."""

import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.http import http_date
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from bialystok_hrc.addresses import absolute_url
from core.pagination import ERRORS, InvalidFilter, Listing, Pagination, one_of
from languages.translated import language_codes, translated

from .forms import HelpFilter
from .models import LANGUAGE_CHOICES, HelpOrganisation, Need

router = Router(tags=["help"])

Language = Literal[language_codes()]


class HelpText(Schema):
    text: str
    language: Language


class HelpNeedOut(Schema):
    slug: str
    name: HelpText


class HelpOrganisationOut(Schema):
    slug: str
    url: str
    name: HelpText
    kind: Literal["public", "ngo", "other"]
    description: HelpText
    needs: list[HelpNeedOut]
    values: list[str]
    address: str
    address_notes: HelpText
    phone: str
    email: str
    website: str
    languages: list[str]
    other_languages: HelpText
    step_free_access: bool
    accessible_toilet: bool
    hearing_loop: bool
    accessibility: HelpText
    hours: HelpText
    is_demo: bool
    updated_at: datetime.datetime


class HelpFilters(Schema):
    lang: Language = Field("pl", description="Language of the texts and of error messages.")
    need: str | None = Field(
        None,
        description="A need (slug).",
        json_schema_extra=one_of(lambda: Need.objects.values_list("slug", flat=True)),
    )
    language: str | None = Field(
        None,
        description="A language spoken (code; pjm: Polish Sign Language).",
        json_schema_extra=one_of(lambda: [code for code, _ in LANGUAGE_CHOICES]),
    )


def _text(obj, field):
    value = translated(obj, field)
    return {"text": value.value, "language": value.lang}


def organisation_out(request, organisation):
    return {
        "slug": organisation.slug,
        "url": absolute_url(organisation.get_absolute_url(), request),
        "kind": organisation.kind,
        "needs": [{"slug": need.slug, "name": _text(need, "name")} for need in organisation.needs.all()],
        "values": [value.slug for value in organisation.values.all()],
        **{field: _text(organisation, field) for field in ("name", "description", "address_notes")},
        **{field: _text(organisation, field) for field in ("other_languages", "accessibility", "hours")},
        **{
            field: getattr(organisation, field)
            for field in ("address", "phone", "email", "website", "languages", "is_demo", "updated_at")
        },
        **{field: getattr(organisation, field) for field in ("step_free_access", "accessible_toilet", "hearing_loop")},
    }


@router.get("", response={200: list[HelpOrganisationOut], **ERRORS})
@paginate(Pagination)
def list_help(request: HttpRequest, response: HttpResponse, filters: Query[HelpFilters]):
    """Where to get help: published bodies and organisations, filtered by need (slug) and language spoken
    (pl, en, uk, be, ru, de or pjm for Polish Sign Language)."""
    params = {name: getattr(filters, name) for name in ("need", "language") if getattr(filters, name)}
    filterset = HelpFilter(params, queryset=HelpOrganisation.objects.published().for_listing())
    with translation.override(filters.lang):
        if not filterset.is_valid():
            raise InvalidFilter(filterset.error_details())
    organisations = filterset.qs

    def render(page):
        if page:
            response["Last-Modified"] = http_date(max(o.updated_at for o in page).timestamp())
        with translation.override(filters.lang):
            return [organisation_out(request, organisation) for organisation in page]

    return Listing(organisations, render)
