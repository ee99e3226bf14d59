"""The Publisher's page for a proposed change: what would change on the public page,
per field and language (publishing/diff.py), a preview, and the decision: approve
with a change note (a new public version) or send back with a comment."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import proposals
from .admin import AuditedAdmin, ChangeNoteFields, can_publish
from .models import Proposal, ProposalState
from .versions import LANGUAGES


class DecisionForm(ChangeNoteFields):
    minor = forms.BooleanField(
        label=_("Minor correction (no change note needed)"),
        required=False,
        help_text=_("Minor corrections (typos) are listed in the history but do not change “last updated”."),
    )
    comment = forms.CharField(
        label=_("Comment for the Editor"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Needed to send the proposal back: say what to change."),
    )

    def decision(self):
        if "_send_back" in self.data:
            if not self.cleaned_data["comment"].strip():
                self.add_error("comment", _("Say why the proposal goes back, so the Editor knows what to change."))
                return None
            return "send_back"
        if not self.cleaned_data["minor"] and not self.cleaned_data["change_note_pl"].strip():
            self.add_error("change_note_pl", _("A major change needs a change note (at least in Polish)."))
            return None
        return "approve"


@admin.register(Proposal)
class ProposalAdmin(AuditedAdmin):
    list_display = ("object_repr", "content_type", "state", "created_by", "created_at", "updated_by", "updated_at")
    list_filter = ("state", "content_type")
    search_fields = ("object_repr",)
    # The change page is the review page below (change_view): the model's own form is never shown.
    fields = readonly_fields = ("object_repr", "content_type", "state", "created_by", "created_at", "comment")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decided on the review page, by a Publisher

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type", "created_by", "updated_by")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404("No such proposal.")
        proposal = get_object_or_404(Proposal.objects.select_related("content_type"), pk=object_id)
        item = proposal.item
        publisher = can_publish(request.user)
        form = DecisionForm(request.POST or None)
        if request.method == "POST":
            if not publisher or proposal.state != ProposalState.OPEN:
                raise PermissionDenied(_("Only a Publisher decides on a proposal waiting for review."))
            decided = self._decide(request, proposal, form)
            if decided:
                return decided
        conflict, languages, fields = [], [], []
        if item is not None and proposal.state != ProposalState.APPROVED:
            try:
                if proposals.versioned_target(item) is not None:
                    languages = proposals.changes(proposal, request)
                else:
                    fields = proposals.field_changes(proposal, request)
            except proposals.NotApplicable as error:
                conflict = error.errors
        model = proposal.content_type.model_class()
        item_url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[proposal.object_id])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Proposed change: %(item)s") % {"item": proposal.object_repr},
            "proposal": proposal,
            "item": item,
            "item_url": item_url,
            "preview_url": reverse("publishing:proposal_preview", args=[proposal.pk]),
            "languages": languages,
            "fields": fields,
            "conflict": conflict,
            "form": form if publisher and proposal.state == ProposalState.OPEN else None,
            "opts": self.opts,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/publishing/proposal/review.html", context)

    def _decide(self, request, proposal, form):
        if not form.is_valid():
            return None
        decision = form.decision()
        if decision is None:
            return None
        if decision == "send_back":
            proposals.send_back(proposal, request.user, form.cleaned_data["comment"].strip())
            messages.success(request, _("The proposal was sent back to the Editor with your comment."))
            return HttpResponseRedirect(reverse("admin:index"))
        note = {language: form.cleaned_data[f"change_note_{language}"].strip() for language in LANGUAGES}
        try:
            proposals.approve(proposal, request, note, major=not form.cleaned_data["minor"])
        except proposals.NotApplicable as error:
            for message in error.errors:
                form.add_error(None, message)
            return None
        messages.success(request, _("The proposal was approved and is public."))
        return HttpResponseRedirect(reverse("admin:index"))
