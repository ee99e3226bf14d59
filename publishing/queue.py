"""The review queue on the admin's home page (DESIGN.md §9): for Publishers,
everything waiting for them across all models, oldest first, with who and
when; for Editors, their own drafts, submissions and proposals with their state
and any comment; for both, commitments whose review date has passed or that
are overdue. A constant number of queries, whatever the number of rows."""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from .models import AuditEntry, Proposal, ProposalState, PublicationState, Publishable

RECENTLY_DECIDED_DAYS = 14


@dataclass
class Waiting:
    what: str  # the model's name, or "proposed change"
    title: str
    state: str
    who: object
    when: datetime
    url: str
    comment: str = ""
    preview: str = ""


def _publishable_admins():
    return [
        (model, model_admin) for model, model_admin in admin.site._registry.items() if issubclass(model, Publishable)
    ]


def _last_entry(model, field):
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
    ).order_by("-at", "-pk")
    return Subquery(entries.values(field)[:1])


def _rows(states, user=None):
    """Rows in ``states`` of every publishable model that stand on their own (a row that
    follows its commitment is reviewed with it), with the last save's who and when."""
    found = []
    for model, _model_admin in _publishable_admins():
        rows = model._base_manager.filter(publication_state__in=states)
        if "own_publication" in {field.name for field in model._meta.fields}:
            rows = rows.filter(own_publication=True)
        if user is not None:
            mine = AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"), user=user
            )
            rows = rows.filter(Exists(mine))
        rows = rows.annotate(last_user=_last_entry(model, "user__username"), last_at=_last_entry(model, "at"))
        for row in rows:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[quote(row.pk)])
            found.append(
                Waiting(
                    str(model._meta.verbose_name),
                    str(row),
                    row.get_publication_state_display(),
                    row.last_user,
                    row.last_at,
                    url,
                    preview=reverse(
                        "publishing:item_preview", args=[model._meta.app_label, model._meta.model_name, row.pk]
                    ),
                )
            )
    return found


def _proposals(queryset):
    return [
        Waiting(
            str(Proposal._meta.verbose_name),
            proposal.object_repr,
            proposal.get_state_display(),
            proposal.updated_by or proposal.created_by,
            proposal.updated_at,
            proposal.get_admin_url(),
            proposal.comment,
            preview=reverse("publishing:proposal_preview", args=[proposal.pk])
            if proposal.state != ProposalState.APPROVED
            else "",
        )
        for proposal in queryset.select_related("created_by", "updated_by")
    ]


def _oldest_first(items):
    never = timezone.now()
    return sorted(items, key=lambda item: item.when or never)


def waiting_for_publishers():
    return _oldest_first(_rows([PublicationState.IN_REVIEW]) + _proposals(Proposal.objects.waiting()))


def editors_work(user):
    recent = timezone.now() - timezone.timedelta(days=RECENTLY_DECIDED_DAYS)
    proposals = Proposal.objects.filter(created_by=user) | Proposal.objects.filter(updated_by=user)
    proposals = proposals.filter(state__in=[ProposalState.OPEN, ProposalState.SENT_BACK]) | proposals.filter(
        decided_at__gte=recent
    )
    return _oldest_first(
        _rows([PublicationState.DRAFT, PublicationState.IN_REVIEW], user=user) + _proposals(proposals.distinct())
    )


def commitments_to_review(today=None):
    """Commitments whose next review date has passed, and overdue ones (not withdrawn)."""
    # Named, not imported: publishing serves the apps and imports none of them.
    Commitment = apps.get_model("commitments", "Commitment")
    today = today or timezone.localdate()
    current = Commitment.objects.exclude(publication_state=PublicationState.WITHDRAWN).only(
        "pk", "reference", "title", "next_review_due", "target_date"
    )
    review = list(current.filter(next_review_due__lt=today).order_by("next_review_due"))
    overdue = list(current.overdue(today).order_by("target_date"))
    return review, overdue


def queue_for(user):
    from .admin import can_publish

    review, overdue = commitments_to_review()
    publisher = can_publish(user)
    return {
        "publisher": publisher,
        "waiting": waiting_for_publishers() if publisher else [],
        "mine": [] if publisher else editors_work(user),
        "review_due": review,
        "overdue": overdue,
    }
