"""Moderation of feedback and a minimal view of subscriptions, in Polish by
default like the rest of the admin. Every save is written to the audit trail
(AuditedAdmin). Staff answer and reject; only a Publisher (the
``publishing.publish`` permission) publishes an answer, as with all content."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from publishing import versions
from publishing.admin import AuditedAdmin, announce_version, can_publish

from .models import Feedback, FeedbackState, Subscription

ANSWERS_CHANGED = _("Published answers to residents' feedback changed.")


class ModerationForm(forms.ModelForm):
    publisher = False

    class Meta:
        model = Feedback
        fields = ("state", "commitment", "answer", "answer_language", "public_message", "internal_note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state = self.fields.get("state")  # absent when the page is read-only (view permission only)
        if state is not None and not self.publisher:
            allowed = [value for value, _label in state.choices if value != FeedbackState.PUBLISHED]
            if self.instance.state == FeedbackState.PUBLISHED:
                allowed.append(FeedbackState.PUBLISHED)  # leaving it as it is
            state.choices = [(value, label) for value, label in state.choices if value in allowed]
            state.error_messages["invalid_choice"] = _("Only a Publisher can publish an answer.")

    def clean(self):
        cleaned = super().clean()
        state = cleaned.get("state")
        if state in (FeedbackState.ANSWERED, FeedbackState.PUBLISHED) and not (cleaned.get("answer") or "").strip():
            self.add_error("answer", _("Write the answer first."))
        if state == FeedbackState.PUBLISHED and not cleaned.get("commitment"):
            self.add_error("commitment", _("An answer is published under a commitment: choose one."))
        return cleaned


@admin.register(Feedback)
class FeedbackAdmin(AuditedAdmin):
    list_display = ("submitted_at", "__str__", "commitment", "state", "answered_at", "published_at")
    list_filter = ("state", ("commitment", admin.RelatedOnlyFieldListFilter), "language")
    list_select_related = ("commitment",)
    search_fields = ("message", "answer", "internal_note", "commitment__reference")
    date_hierarchy = "submitted_at"
    autocomplete_fields = ("commitment",)
    readonly_fields = (
        "message",
        "name",
        "email",
        "language",
        "submitted_at",
        "consent_at",
        "staff_notified_at",
        "answered_at",
        "answered_by",
        "published_at",
    )
    fieldsets = (
        (_("From the resident"), {"fields": ("commitment", "message", "name", "email", "language", "submitted_at")}),
        (_("Moderation"), {"fields": ("state", "internal_note", "answer", "answer_language", "public_message")}),
        (
            _("Record"),
            {"fields": ("answered_at", "answered_by", "published_at", "consent_at", "staff_notified_at")},
        ),
    )

    def has_add_permission(self, request):
        return False  # feedback comes from residents, through the public form

    def has_change_permission(self, request, obj=None):
        # A published answer is part of the public record: only a Publisher changes or withdraws it.
        if obj is not None and obj.state == FeedbackState.PUBLISHED and not can_publish(request.user):
            return False
        return super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = type("ModerationForm", (ModerationForm,), {"publisher": can_publish(request.user)})
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        if obj.state in (FeedbackState.ANSWERED, FeedbackState.PUBLISHED) and obj.answered_at is None:
            obj.answered_at, obj.answered_by = now, request.user
        if obj.state == FeedbackState.PUBLISHED:
            obj.published_at = obj.published_at or now
        else:
            obj.published_at = None  # taken off the commitment's page
        shown_before = self._shown_under(Feedback.objects.filter(pk=obj.pk)) if change else set()
        # A model save (never queryset.update), so the page cache is invalidated at once.
        super().save_model(request, obj, form, change)
        self._record_versions(request, shown_before | self._shown_under([obj]))

    def delete_model(self, request, obj):
        shown = self._shown_under([obj])
        super().delete_model(request, obj)
        self._record_versions(request, shown)

    def delete_queryset(self, request, queryset):
        shown = self._shown_under(queryset)
        super().delete_queryset(request, queryset)
        self._record_versions(request, shown)

    # Published answers are part of their commitment's public record: a commitment
    # whose page showed or now shows a changed answer gets a public version (its
    # snapshot holds the answers, dialogue/publishable.py), dated and listed in its history.

    @staticmethod
    def _shown_under(items):
        return {item.commitment_id for item in items if item.state == FeedbackState.PUBLISHED and item.commitment_id}

    def _record_versions(self, request, commitment_ids):
        note = versions.labels(lambda: ANSWERS_CHANGED)
        for commitment in Commitment.objects.visible().filter(pk__in=commitment_ids):
            for version in versions.record_changes(commitment, user=request.user, major=False, note=note):
                announce_version(self, request, commitment, version)


def sees_addresses(user):
    return user.has_perm("dialogue.view_subscriber_email")


@admin.register(Subscription)
class SubscriptionAdmin(AuditedAdmin):
    """Only what staff need: what is followed, in which language, and since
    when. Addresses are never listed. Staff allowed to see them (Publishers,
    superusers: ``dialogue.view_subscriber_email``) see one on its page and
    find one by searching for the full address, to act on a request to erase
    it; for everyone else the address is not shown and not searchable (a
    search would tell whether somebody follows the portal)."""

    list_display = ("__str__", "language", "created_at", "confirmed_at", "sent")
    list_filter = (
        ("confirmed_at", admin.EmptyFieldListFilter),
        "language",
        ("commitment", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("commitment",)
    search_fields = ("=email",)
    fields = ("email", "commitment", "language", "consent_at", "created_at", "confirmed_at")
    readonly_fields = fields

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if sees_addresses(request.user) else [name for name in fields if name != "email"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_search_fields(self, request):
        return self.search_fields if sees_addresses(request.user) else ()

    def lookup_allowed(self, lookup, value, request):
        # The admin lets a list be filtered by any field of its own in the address
        # (?email__startswith=a): for others that would spell out the addresses, letter by letter.
        if lookup.split("__")[0] == "email" and not sees_addresses(request.user):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(sent_count=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)))
        )

    @admin.display(description=_("e-mails sent"), ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
