from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from publishing.admin import AuditedAdmin

from .models import Dataset


@admin.register(Dataset)
class DatasetAdmin(AuditedAdmin, TabbedTranslationAdmin):
    list_display = ("title", "url", "licence_name", "order")
    list_editable = ("order",)
