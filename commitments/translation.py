from modeltranslation.translator import TranslationOptions, register

from .models import Commitment, DataPoint, Document, Element, Indicator, Level, Milestone, ProgressUpdate, Status, Unit


@register(Level)
class LevelTranslation(TranslationOptions):
    fields = ("name", "declaration_wording", "description")


@register(Element)
class ElementTranslation(TranslationOptions):
    fields = ("title", "description", "public_note")


@register(Unit)
class UnitTranslation(TranslationOptions):
    fields = ("name",)


@register(Status)
class StatusTranslation(TranslationOptions):
    fields = ("name", "meaning")


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "partners", "manual_progress_reason")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title", "description")


@register(ProgressUpdate)
class ProgressUpdateTranslation(TranslationOptions):
    fields = ("title", "body")


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "description", "unit", "method")


@register(DataPoint)
class DataPointTranslation(TranslationOptions):
    fields = ("note",)
