from modeltranslation.translator import TranslationOptions, register

from .models import HelpOrganisation, Need


@register(Need)
class NeedTranslation(TranslationOptions):
    fields = ("name",)


@register(HelpOrganisation)
class HelpOrganisationTranslation(TranslationOptions):
    fields = ("name", "description", "address_notes", "other_languages", "accessibility", "hours")
