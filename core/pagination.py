"""The API's one way of paging a list (django-ninja's pagination): ``?limit=&offset=``,
answered as ``{"count", "limit", "offset", "results"}``, the shape the API has
always had. Views decorated with ``@paginate(Pagination)`` return a ``Listing``:
the filtered queryset and how to turn one page of it into results, so only the
page's objects are fetched and serialised."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


class ErrorDetail(Schema):
    parameter: str = Field(description="The parameter that was refused.")
    message: str = Field(description="What is wrong with it, in the language asked for with `lang`.")


class Error(Schema):
    """Every error the API answers (400, 404), in the language asked for with ``lang``."""

    error: str
    details: list[ErrorDetail] = Field(description="One entry per refused parameter (empty for a 404).")


# An operation's ``response=`` entries for its errors: every operation takes parameters, so
# any can refuse one (400); one with an id in its path may find nothing there (404).
ERRORS = {400: Error}
NOT_FOUND = {404: Error}


def one_of(values):
    """A ``json_schema_extra`` that documents the values a parameter takes today (slugs or
    numbers from the content), read each time the document is served. An optional
    parameter is documented as its plain type: a query string cannot say null. An empty
    text means "any", as in the public lists' forms, so "" is one of a text's values."""

    def extra(schema):
        options = [option for option in schema.pop("anyOf", []) if option.get("type") != "null"]
        if options:
            schema.update(options[0])
        schema["enum"] = ([""] if schema.get("type") == "string" else []) + sorted(set(values()))

    return extra


class InvalidFilter(Exception):
    """A filter the API cannot apply; answered 400 with a message per parameter
    (the open-data API answers it, see opendata/api.py). ``details`` is a list of
    ``{"parameter", "message"}``."""

    def __init__(self, details):
        super().__init__(details)
        self.details = list(details)


@dataclass
class Listing:
    queryset: QuerySet
    render: Callable[[list], list]


class Pagination(LimitOffsetPagination):
    items_attribute = "results"

    class Input(Schema):
        limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"How many results (1–{MAX_LIMIT}).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many results to skip.")

    class Output(Schema):
        count: int
        limit: int
        offset: int
        results: list[Any]

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, listing, pagination, request, **params):
        page = list(listing.queryset[pagination.offset : pagination.offset + pagination.limit])
        return {
            "count": listing.queryset.count(),
            "limit": pagination.limit,
            "offset": pagination.offset,
            "results": listing.render(page),
        }
