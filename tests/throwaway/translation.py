from modeltranslation.translator import TranslationOptions, register

from .models import Leaflet


@register(Leaflet)
class LeafletTranslation(TranslationOptions):
    fields = ("title", "body")
