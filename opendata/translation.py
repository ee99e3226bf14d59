from modeltranslation.translator import TranslationOptions, register

from .models import Dataset


@register(Dataset)
class DatasetTranslation(TranslationOptions):
    fields = ("title", "description", "format_notes")
