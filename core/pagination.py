"""Paging through lists, in one query per page.

Pages (``Paginator``, ``?page=``) and the API (django-ninja's pagination:
``?limit=&offset=``, answered as ``{"count", "limit", "offset", "results"}``, the
shape the API has always had) fetch a page's rows and the size of the whole list
together, with ``COUNT(*) OVER ()``, instead of a ``COUNT(*)`` and then the page
(``page_with_count``). API views decorated with ``@paginate(Pagination)`` return a
``Listing``: the filtered queryset and how to turn one page of it into results, so
only the page's objects are fetched and serialised."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import paginator
from django.db.models import Count, QuerySet, Window
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


# The annotation that carries the list's size on each row of a page.
TOTAL = "pagination_total"


def page_with_count(queryset, offset, limit):
    """``(rows, count)``: the rows ``offset`` to ``offset + limit`` of ``queryset``
    and how many rows it has in all, in one query (``COUNT(*) OVER ()``, a window
    function: PostgreSQL, and SQLite since 3.25). A window is computed before
    DISTINCT, so a distinct queryset is counted on its own; so is a page past
    the end, which has no row to carry the count."""
    if queryset.query.distinct or queryset.query.combinator:
        return list(queryset[offset : offset + limit]), queryset.count()
    rows = list(queryset.annotate(**{TOTAL: Window(Count("*"))})[offset : offset + limit])
    if not rows:
        return rows, (queryset.count() if offset else 0)
    first = rows[0]
    return rows, first[TOTAL] if isinstance(first, dict) else getattr(first, TOTAL)


class Paginator(paginator.Paginator):
    """Django's paginator for the public lists, reading a page and the list's
    size in one query (see ``page_with_count``). Only ``get_page`` is used by
    the views: a page number that is not a number shows the first page, one
    past the end the last, as with Django's."""

    def get_page(self, number):
        try:
            number = self.validate_number_format(number)
        except paginator.PageNotAnInteger:
            number = 1
        if number < 1 or self.orphans or (number - 1) * self.per_page > MAX_OFFSET:
            # Django's answer: the last page (after a count); also for a page so far off
            # that its offset would not fit the database's integers.
            return super().get_page(number)
        rows, count = page_with_count(self.object_list, (number - 1) * self.per_page, self.per_page)
        self.count = count  # the cached property, filled from the page's own query
        if not rows and number > 1:
            return super().get_page(number)  # past the end: the last page, whose number needs the count
        return self._get_page(rows, number, self)

    def validate_number_format(self, number):
        """The page number as an integer, as ``validate_number`` reads it, without
        comparing it to the number of pages (which would need the count first)."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            return int(number)
        except (TypeError, ValueError):
            raise paginator.PageNotAnInteger(self.error_messages["invalid_page"]) from None


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
        page, count = page_with_count(listing.queryset, pagination.offset, pagination.limit)
        return {
            "count": count,
            "limit": pagination.limit,
            "offset": pagination.offset,
            "results": listing.render(page),
        }
