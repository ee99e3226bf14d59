from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from publishing import versions
from publishing.admin import AuditedAdmin, PublishingAdmin, PublishingInline, can_publish

from .forms import format_localized_decimal, parse_data_points
from .models import Commitment, DataPoint, Document, Element, Indicator, Level, Milestone, ProgressUpdate, Status, Unit
from .staff_admin import ElementByLevel

PUBLICATION = (_("Publication"), {"fields": ("publication_state", "published_at")})


@admin.register(Level)
class LevelAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("number", "name", "fra_part", "publication_state")

    def dependent_versioned(self, level):
        return level.commitments.visible()

    fieldsets = (
        (None, {"fields": ("number", "name", "fra_part", "declaration_wording", "description")}),
        PUBLICATION,
    )


@admin.register(Element)
class ElementAdmin(PublishingAdmin, TabbedTranslationAdmin):
    frozen_once_public = ("code",)

    def dependent_versioned(self, element):
        return element.commitments.visible()

    list_display = ("code", "title", "level", "status", "reached_on", "counts_for_level", "to_verify")
    list_filter = ("level", "status", "fra_part", "counts_for_level", "to_verify", "publication_state")
    search_fields = ("code", "title", "description")
    autocomplete_fields = ("evidence",)
    # A link typed without a scheme becomes https:// (Django 6's default, adopted now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("level", "code", "fra_part", "order", "title", "description")}),
        (_("Source"), {"fields": ("source", "source_url", "to_verify")}),
        (_("Progress"), {"fields": ("status", "reached_on", "counts_for_level", "evidence", "public_note")}),
        PUBLICATION,
    )


class PublicListAdmin(AuditedAdmin):
    """Statuses and units appear on published pages: only Publishers change
    them, and the commitments that show them get a new (minor) version."""

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return can_publish(request.user) and super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for commitment in obj.commitments.visible():
            versions.record(commitment, user=request.user, major=False)


@admin.register(Unit)
class UnitAdmin(PublicListAdmin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "is_demo")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Status)
class StatusAdmin(PublicListAdmin, TabbedTranslationAdmin):
    list_display = ("name", "order", "default_progress", "is_done")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class MilestoneInline(PublishingInline, TranslationTabularInline):
    model = Milestone
    extra = 0
    fields = ("title", "due_on", "done", "done_on", "own_publication", "publication_state", "published_at")


class DatedToday:
    """A new row's date starts at today: one thing fewer to type on a busy page."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "date" and field is not None:
            field.initial = timezone.localdate
        return field


class ProgressUpdateInline(DatedToday, PublishingInline, TranslationStackedInline):
    model = ProgressUpdate
    extra = 0
    fields = ("date", "title", "body", "documents", ("own_publication", "publication_state", "published_at"))
    autocomplete_fields = ("documents",)


class DocumentInline(DatedToday, PublishingInline, TranslationStackedInline):
    model = Document
    extra = 0
    fields = (
        ("title", "kind"),
        ("file", "url"),
        ("language", "date"),
        "source",
        ("produced_by", "published_by"),
        ("own_publication", "publication_state", "published_at"),
    )


class DataPointsField(forms.CharField):
    """Lines of "year: value", cleaned to {year: Decimal} (commitments/forms.py parses them)."""

    def clean(self, value):
        return parse_data_points(super().clean(value))


class IndicatorRowForm(forms.ModelForm):
    """An indicator on its commitment's page, with its values typed as lines ("2024: 250,5"):
    the admin has no inline inside an inline."""

    data_points_text = DataPointsField(
        label=_("values by year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 30}),
        help_text=_("One line per year: the year, a colon and the value, e.g. 2024: 250,5 (a comma or a dot)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["data_points_text"].initial = "\n".join(
                f"{point.year}: {format_localized_decimal(point.value)}" for point in self.instance.data_points.all()
            )

    def _save_m2m(self):
        super()._save_m2m()
        points = self.cleaned_data.get("data_points_text")
        if points is None or "data_points_text" not in self.changed_data:
            return
        indicator = self.instance
        stored = {point.year: point for point in indicator.data_points.all()}
        for year, point in stored.items():
            if year not in points:
                point.delete()
        for year, value in points.items():
            point = stored.get(year)
            if point is None:
                DataPoint.objects.create(indicator=indicator, year=year, value=value)
            elif point.value != value:
                point.value = value
                point.save()


class IndicatorInline(PublishingInline, TranslationStackedInline):
    model = Indicator
    form = IndicatorRowForm
    extra = 0
    fields = (
        ("name", "unit"),
        ("baseline_value", "baseline_date", "target_value", "direction"),
        "source",
        "data_points_text",
        ("own_publication", "publication_state", "published_at"),
    )


@admin.register(Commitment)
class CommitmentAdmin(ElementByLevel, PublishingAdmin, TabbedTranslationAdmin):
    def dependent_versioned(self, commitment):
        # A parent's page shows its sub-commitments' titles and progress.
        return [commitment.parent] if commitment.parent_id else []

    # Drafts have no reference yet: each row opens by its title. Fits 1280 px with the state shown.
    list_display = (
        "title", "publication_state", "reference", "level_number", "status", "progress", "target_date", "overdue"
    )  # fmt: skip
    list_display_links = ("title",)
    list_filter = ("level", "status", "unit", "values", "publication_state", "is_demo")
    search_fields = ("reference", "title", "summary")
    autocomplete_fields = ("values", "unit", "parent")  # the element: a select grouped by level
    readonly_fields = ("reference", "progress", "created_at", "updated_at", "audit_trail")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "target_date"
    inlines = [MilestoneInline, ProgressUpdateInline, DocumentInline, IndicatorInline]
    fieldsets = (
        (None, {"fields": ("reference", "title", "slug", "summary", "body")}),
        (_("Framework and values"), {"fields": ("level", "element", "values", "parent")}),
        (_("Who and when"), {"fields": ("unit", "partners", "start_date", "target_date")}),
        (
            _("Status and progress"),
            {
                "fields": ("status", "progress", "progress_mode", "manual_progress", "manual_progress_reason"),
                "description": _(
                    "Progress is computed from sub-commitments, then from milestones, then from the status; "
                    "set it by hand only with a reason, which the public sees."
                ),
            },
        ),
        (_("Review"), {"fields": ("last_reviewed_on", "next_review_due")}),
        PUBLICATION,
        (_("Record"), {"fields": ("created_at", "updated_at", "audit_trail")}),
    )

    def view_on_site(self, commitment):
        # Drafts open in the staff preview; published ones at their public address.
        if commitment.is_published or commitment.is_withdrawn:
            return commitment.get_absolute_url()
        return reverse("commitments:preview", args=[commitment.slug])

    @admin.display(description=_("overdue"))
    def overdue(self, commitment):
        # In words: Django's boolean icon was a green tick for a late commitment (good news at a glance).
        return format_html("<strong>{}</strong>", _("Overdue")) if commitment.is_overdue else "—"

    @admin.display(description=_("level"), ordering="level__number")
    def level_number(self, commitment):
        return commitment.level.number

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("level", "status")


@admin.register(Milestone)
class MilestoneAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("title", "commitment", "due_on", "done", "done_on", "publication_state")
    list_filter = ("done", "publication_state")
    search_fields = ("title", "commitment__reference", "commitment__title")
    autocomplete_fields = ("commitment",)

    def versioned_object(self, obj):
        return obj.commitment


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("title", "commitment", "date", "publication_state")
    list_filter = ("publication_state",)
    search_fields = ("title", "body", "commitment__reference")
    autocomplete_fields = ("commitment", "documents")
    date_hierarchy = "date"

    def versioned_object(self, obj):
        return obj.commitment


@admin.register(Document)
class DocumentAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("title", "kind", "date", "language", "commitment", "publication_state")
    list_filter = ("kind", "language", "publication_state")
    search_fields = ("title", "source", "produced_by")
    autocomplete_fields = ("commitment",)
    # The file is stored under a generated name; this is what the person uploaded.
    readonly_fields = ("original_name",)

    def versioned_object(self, document):
        return document.commitment


class DataPointInline(TranslationTabularInline):
    model = DataPoint
    extra = 1
    fields = ("year", "value", "source", "note")


@admin.register(Indicator)
class IndicatorAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("name", "commitment", "unit", "direction", "publication_state")
    list_filter = ("direction", "publication_state")
    search_fields = ("name", "commitment__reference")
    autocomplete_fields = ("commitment",)
    inlines = [DataPointInline]

    def versioned_object(self, obj):
        return obj.commitment
