from modeltranslation.translator import TranslationOptions, register

from .models import PublicVersion


@register(PublicVersion)
class PublicVersionTranslation(TranslationOptions):
    fields = ("change_note",)
