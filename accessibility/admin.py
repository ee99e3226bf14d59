from django.contrib import admin, messages
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from publishing.admin import PublishingAdmin

from .models import AccessibilityStatement, EasyReadText, InaccessibleContent, SignLanguageVideo


class InaccessibleContentInline(TranslationStackedInline):
    model = InaccessibleContent
    extra = 0


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("__str__", "conformance", "reviewed_on", "review_due_on", "publication_state")
    inlines = [InaccessibleContentInline]
    # A link typed without a scheme becomes https:// (Django 6's default, adopted now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("entity_name", "website_name", "website_url", "site_published_on", "site_updated_on")}),
        (None, {"fields": ("conformance", "conformance_note")}),
        (None, {"fields": ("prepared_on", "reviewed_on", "assessment", "assessment_url")}),
        (None, {"fields": ("keyboard_shortcuts", "contact_person", "email", "phone", "other_information")}),
        (None, {"fields": ("mobile_apps", "architecture", "architecture_url", "communication")}),
        (None, {"fields": ("publication_state", "published_at")}),
    )

    def remind(self, request, statements):
        for statement in statements:
            if statement.review_reminder_due():
                messages.warning(
                    request,
                    _("The yearly review of the accessibility statement is due by %(date)s (last review: %(last)s).")
                    % {
                        "date": date_format(statement.review_due_on, "DATE_FORMAT"),
                        "last": date_format(statement.reviewed_on, "DATE_FORMAT"),
                    },
                )

    def changelist_view(self, request, extra_context=None):
        self.remind(request, AccessibilityStatement.objects.all())
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        statement = self.get_object(request, object_id)  # None for a malformed or unknown id
        if request.method == "GET" and statement is not None:
            self.remind(request, [statement])
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(EasyReadText)
class EasyReadTextAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("title", "slug", "order", "is_scope_of_activity", "publication_state")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("title", "recorded_on", "publication_state", "published_at")
