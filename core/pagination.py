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


class InvalidFilter(Exception):
    """A filter the API cannot apply; answered 400 with a message per parameter
    (the open-data API answers it, see opendata/api.py)."""

    def __init__(self, error, details=()):
        super().__init__(error)
        self.error, self.details = error, list(details)


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
