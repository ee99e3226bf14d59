"""``?stan-na=YYYY-MM-DD`` on the overview, a level, the commitments list and a
value's page: the page as it stood at the end of that day in Europe/Warsaw,
from the public versions then in force (commitments/as_of.py).

A past day is over, so its page never changes: it is kept by the page cache
with no expiry (``pagecache.keep_forever``). Today's is "so far" and cached
like any page. A malformed or future date gets a 400 with the reason and the
date picker, never an error page; a day before the declaration is explained."""

import datetime
import re
import zoneinfo

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import pagecache
from publishing.as_of import PARAM, register

from .as_of import Tracker
from .models import Level
from .official import DECLARATION_SIGNED_ON

DAY_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PER_PAGE = 20


def end_of(day):
    """The last moment of ``day`` in the city's time: versions published before
    the next midnight are in force at the end of the day."""
    city = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=city)
    return midnight - datetime.timedelta(microseconds=1)


class Refused(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def asked_day(request):
    """The day asked for, or Refused with a message for the reader."""
    value = request.GET.get(PARAM, "").strip()
    today = timezone.localdate()
    if not DAY_FORMAT.match(value):
        raise Refused(
            _("“%(value)s” is not a date. Choose a day in the calendar, or write it as YYYY-MM-DD.")
            % {"value": value[:40]}
            if value
            else _("Choose a day.")
        )
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise Refused(
            _("“%(value)s” is not a date. Choose a day in the calendar, or write it as YYYY-MM-DD.") % {"value": value}
        ) from None
    if day > today:
        raise Refused(
            _("%(date)s has not happened yet: the tracker can show only days up to today.")
            % {"date": date_format(day, "j E Y")}
        )
    if day < DECLARATION_SIGNED_ON:
        raise Refused(
            _(
                "The city signed the declaration on %(declared)s: the tracker begins that day, so there is nothing "
                "to show for %(date)s. Choose %(declared)s or a later day."
            )
            % {"declared": date_format(DECLARATION_SIGNED_ON, "j E Y"), "date": date_format(day, "j E Y")},
            status=200,
        )
    return day


def _page(request, template, context, live_url):
    """Render an "as of" page, or the reason it cannot be shown."""
    try:
        day = asked_day(request)
    except Refused as refused:
        response = render(
            request,
            "commitments/as_of/refused.html",
            {"message": refused.message, "as_of": _state(request, None, live_url)},
            status=refused.status,
        )
        return response
    today = timezone.localdate()
    tracker = Tracker(day, min(end_of(day), timezone.now()))
    data = context(tracker)
    response = render(request, template, {**data, "as_of": _state(request, day, live_url, tracker)})
    if day < today:
        pagecache.keep_forever(response)
    return response


def _state(request, day, live_url, tracker=None):
    return {
        "day": day,
        "is_today": day == timezone.localdate(),
        "today": timezone.localdate(),
        "declared_on": DECLARATION_SIGNED_ON,
        "live_url": live_url,
        "action": request.path,
        "value": request.GET.get(PARAM, ""),
        "record_begins": tracker.first_version_at if tracker else None,
        "param": PARAM,
    }


@register("commitments:overview")
def overview(request):
    def context(tracker):
        return {
            "overview": tracker.overview(),
            "recent_updates": tracker.recent_updates(),
            "overdue": tracker.overdue()[:10],
        }

    return _page(request, "commitments/as_of/overview.html", context, reverse("commitments:overview"))


@register("commitments:level")
def level_detail(request, number):
    level = get_object_or_404(Level.objects.published(), number=number)

    def context(tracker):
        shown = tracker.level_numbers[level.number]
        return {
            "level": shown,
            "elements": tracker.elements_of(shown),
            # A page at a time, as on the live level page (the same template).
            "page": Paginator([c for c in tracker.commitments if c.level_number == level.number], PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "query": f"{PARAM}={tracker.day.isoformat()}",
        }

    return _page(request, "commitments/as_of/level_detail.html", context, reverse("commitments:level", args=[number]))


@register("commitments:list")
def commitment_list(request):
    def context(tracker):
        page = Paginator(tracker.commitments, PER_PAGE).get_page(request.GET.get("page"))
        return {"page": page, "query": f"{PARAM}={tracker.day.isoformat()}"}

    return _page(request, "commitments/as_of/commitment_list.html", context, reverse("commitments:list"))


@register("declaration:value")
def value_detail(request, slug):
    def context(tracker):
        value = next((value for value in tracker.values if value.slug == slug), None)
        if value is None:
            raise Http404("This value was not published on that day.")
        return {
            "value": value,
            "mention": None,
            "other_values": [other for other in tracker.values if other.slug != slug],
            "commitments": [c for c in tracker.commitments if slug in c.values],
        }

    return _page(request, "commitments/as_of/value_detail.html", context, reverse("declaration:value", args=[slug]))
