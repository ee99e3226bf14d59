"""Previews for staff: a draft, or a proposed change, shown as the public will
see it once published, on the item's own public page. The page is rendered
inside a savepoint where the item is published now (with the rows that follow
it, and with the proposal applied), then everything is rolled back. Marked as
a preview, ``noindex``, never cached (under /podglad/, which robots.txt
disallows)."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core import fragments

from . import proposals
from .models import PUBLIC_STATES, Proposal, PublicationState, Publishable


class _Undo(Exception):
    pass


def _publish_for_preview(request, obj):
    """``obj`` (and what shows it) published now, with the rows that follow it."""
    for item in {obj, proposals.versioned_target(obj)} - {None}:
        if isinstance(item, Publishable) and item.publication_state not in PUBLIC_STATES:
            type(item)._base_manager.filter(pk=item.pk).update(
                publication_state=PublicationState.PUBLISHED, published_at=timezone.now()
            )
            item.refresh_from_db()
        model_admin = admin.site._registry.get(type(item))
        if model_admin is not None and hasattr(model_admin, "follow_rows"):
            model_admin.follow_rows(request, item)


def _page_of(obj):
    for item in (obj, proposals.versioned_target(obj)):
        if item is not None and hasattr(item, "get_absolute_url"):
            return item.get_absolute_url()
    return None


def _plain(obj):
    """A row with no public page of its own (a document that belongs to no commitment)."""
    return format_html(
        '<!DOCTYPE html><html lang="pl"><head><title>{}</title></head><body><main><h1>{}</h1><p>{}</p>'
        "</main></body></html>",
        _("Preview"),
        obj,
        _("This item has no page of its own: the public sees it where it is linked."),
    )


def _render(request, path):
    path = path.split("#")[0].split("?")[0]  # a paragraph's address is its declaration's, with an anchor
    try:
        match = resolve(path)
    except Resolver404 as error:
        raise Http404("No public page.") from error
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        raise Http404("The public page could not be shown.")
    return response.content.decode()


def _marked(content, what):
    banner = format_html(
        '<div class="preview-banner" role="note" id="podglad"><p><strong>{}</strong> {}</p></div>',
        _("Preview:"),
        what,
    )
    content = content.replace("<head>", '<head><meta name="robots" content="noindex, nofollow">', 1)
    start = content.find("<main")
    if start == -1:
        start = content.find("<body")
    end = content.find(">", start) + 1
    return content[:end] + banner + content[end:]


def _preview(request, obj, apply=None):
    result = {}
    try:
        with transaction.atomic(), fragments.suspended():
            shown = apply() if apply else obj
            _publish_for_preview(request, shown)
            page = _page_of(shown)
            result["content"] = _render(request, page) if page else _plain(shown)
            raise _Undo
    except _Undo:
        pass
    return result["content"]


def _response(content):
    response = HttpResponse(content)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@staff_member_required
@never_cache
def item_preview(request, app_label, model_name, pk):
    """A draft (or anything not yet public) of any publishable model, as it will look."""
    model = next(
        (m for m in admin.site._registry if m._meta.app_label == app_label and m._meta.model_name == model_name),
        None,
    )
    if model is None or not issubclass(model, Publishable):
        raise Http404("Not a publishable model.")
    obj = get_object_or_404(model._base_manager, pk=pk)
    content = _preview(request, obj)
    what = _("this is how “%(item)s” will look once published. The public does not see it yet.") % {"item": obj}
    return _response(_marked(content, what))


@staff_member_required
@never_cache
def proposal_preview(request, pk):
    """The public page with a proposed change applied, as it will look once approved."""
    proposal = get_object_or_404(Proposal, pk=pk)
    obj = proposal.item
    if obj is None:
        raise Http404("The item is gone.")
    try:
        content = _preview(request, obj, apply=lambda: proposals.replay(proposal, request, proposals.DRY))
    except proposals.NotApplicable as error:
        return _response(
            format_html(
                '<!DOCTYPE html><html lang="pl"><head><title>{}</title></head>'
                "<body><main><p>{}</p></main></body></html>",
                _("Preview"),
                error,
            )
        )
    what = _(
        "the proposed change to “%(item)s”, as the public will see it once approved. The public does not see it yet."
    ) % {"item": obj}
    return _response(_marked(content, what))
