"""Which translations are older than their Polish original (models.OutdatedTranslation).

On every save of a model registered with django-modeltranslation, the stored row is read
once (before the save) and, per translated field and language:
- the language's text is blank: nothing to mark (the page shows the Polish with its notice);
- the language's text changed: it was translated again, so it is current — unmark;
- only the Polish changed: the translation may be out of date — mark it, with today's date.
Pages ask for the marks of their language once per request (``outdated_since``).
"""

from asgiref.local import Local
from django.contrib.contenttypes.models import ContentType
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .translated import AUTHORITATIVE, language_codes

_memo = Local()


def _translated(model):
    # Asked when a model is saved, after every app's translation.py is registered.
    return model in translator.get_registered_models(abstract=False)


def _fields(model):
    return translator.get_options_for_model(model).all_fields.keys()


def _columns(model):
    return [build_localized_fieldname(field, code) for field in _fields(model) for code in language_codes()]


def _remember_stored(sender, instance, raw=False, **kwargs):
    if not _translated(sender):
        return
    if raw or instance._state.adding or instance.pk is None:
        instance._translations_before = None
        return
    instance._translations_before = sender._base_manager.filter(pk=instance.pk).values(*_columns(sender)).first()


def _text(value):
    return (value or "").strip()


def _compare(sender, instance, raw=False, **kwargs):
    from .models import OutdatedTranslation

    before = getattr(instance, "_translations_before", None) if _translated(sender) else None
    if raw or before is None:
        return
    content_type = ContentType.objects.get_for_model(sender)
    key = {"content_type": content_type, "object_id": instance.pk}
    marks = OutdatedTranslation.objects.filter(**key)
    today = timezone.localdate()
    for field in _fields(sender):
        polish = build_localized_fieldname(field, AUTHORITATIVE)
        polish_changed = _text(before[polish]) != _text(getattr(instance, polish))
        for code in language_codes():
            if code == AUTHORITATIVE:
                continue
            column = build_localized_fieldname(field, code)
            text = _text(getattr(instance, column))
            if not text or text != _text(before[column]):
                marks.filter(field=field, language=code).delete()
            elif polish_changed:
                marks.get_or_create(**key, field=field, language=code, defaults={"polish_changed_on": today})
    _forget()


def _forget(**kwargs):
    _memo.marks = {}


def outdated_since(obj, field, language):
    """The day the Polish text of ``obj.field`` changed after its ``language`` text was
    last saved, or None. One query per language and request."""
    from .models import OutdatedTranslation

    marks = getattr(_memo, "marks", None)
    if marks is None:
        marks = _memo.marks = {}
    if language not in marks:
        marks[language] = {
            (row.content_type_id, row.object_id, row.field): row.polish_changed_on
            for row in OutdatedTranslation.objects.filter(language=language)
        }
    content_type = ContentType.objects.get_for_model(obj)
    return marks[language].get((content_type.pk, obj.pk, field))


def connect():
    pre_save.connect(_remember_stored, dispatch_uid="outdated-before")
    post_save.connect(_compare, dispatch_uid="outdated-after")
    request_started.connect(_forget, dispatch_uid="outdated-forget")
    post_delete.connect(_forget, sender="languages.OutdatedTranslation", dispatch_uid="outdated-forget-delete")
