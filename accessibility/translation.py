from modeltranslation.translator import TranslationOptions, register

from .models import AccessibilityStatement, EasyReadText, InaccessibleContent, SignLanguageVideo


@register(AccessibilityStatement)
class AccessibilityStatementTranslation(TranslationOptions):
    fields = (
        "entity_name",
        "website_name",
        "conformance_note",
        "assessment",
        "keyboard_shortcuts",
        "other_information",
        "mobile_apps",
        "architecture",
        "communication",
    )


@register(InaccessibleContent)
class InaccessibleContentTranslation(TranslationOptions):
    fields = ("description", "alternative")


@register(EasyReadText)
class EasyReadTextTranslation(TranslationOptions):
    fields = ("title", "body")


@register(SignLanguageVideo)
class SignLanguageVideoTranslation(TranslationOptions):
    fields = ("title", "transcript")
