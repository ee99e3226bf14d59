from modeltranslation.translator import TranslationOptions, register

from .models import Declaration, Paragraph, Value


@register(Declaration)
class DeclarationTranslation(TranslationOptions):
    fields = ("title", "place", "signatory_title")


@register(Paragraph)
class ParagraphTranslation(TranslationOptions):
    fields = ("text",)


@register(Value)
class ValueTranslation(TranslationOptions):
    fields = ("name", "description")
