from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from publishing.admin import AuditedAdmin, PublishingAdmin, can_publish

from .models import HelpOrganisation, Need


@admin.register(Need)
class NeedAdmin(AuditedAdmin, TabbedTranslationAdmin):
    """Needs are the public filter's options: Editors read them, Publishers change them."""

    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return can_publish(request.user) and super().has_add_permission(request)


@admin.register(HelpOrganisation)
class HelpOrganisationAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("name", "kind", "publication_state", "published_at", "is_demo")
    list_filter = ("kind", "needs", "publication_state", "is_demo")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    frozen_once_public = ("slug",)  # the entry's address is permanent once public
    readonly_fields = ("is_demo", "audit_trail")
    # A link typed without a scheme becomes https:// (Django 6's default, adopted now).
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "description", "needs", "values", "is_demo")}),
        (_("Contact"), {"fields": ("address", "address_notes", "phone", "email", "website")}),
        (_("Languages"), {"fields": ("languages", "other_languages")}),
        (
            _("Accessibility and opening hours"),
            {"fields": (("step_free_access", "accessible_toilet", "hearing_loop"), "accessibility", "hours")},
        ),
        (_("Publication"), {"fields": ("publication_state", "published_at", "audit_trail")}),
    )
