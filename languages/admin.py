from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.utils.formats import date_format
from django.utils.translation import gettext

from .models import OutdatedTranslation


class OutdatedTranslationsNotice:
    """Staff editing an object are told which of its translations, and of the objects in
    its inline forms, may be out of date (languages.outdated), as readers are on the
    public pages: one warning per object, field and language."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and (obj := self.get_object(request, unquote(object_id))) is not None:
            for related, mark in self._outdated_marks(request, obj):
                messages.warning(request, self._describe(related, mark))
        return super().change_view(request, object_id, form_url, extra_context)

    def _outdated_marks(self, request, obj):
        shown = [obj]
        for inline in self.get_inline_instances(request, obj):
            fk = inline.get_formset(request, obj).fk
            shown += inline.get_queryset(request).filter(**{fk.name: obj})
        by_key = {(ContentType.objects.get_for_model(item).pk, item.pk): item for item in shown}
        marks = OutdatedTranslation.objects.filter(
            content_type__in={key[0] for key in by_key}, object_id__in={key[1] for key in by_key}
        ).order_by("content_type", "object_id", "field", "language")
        return [(by_key[key], mark) for mark in marks if (key := (mark.content_type_id, mark.object_id)) in by_key]

    def _describe(self, related, mark):
        language = dict(settings.LANGUAGES).get(mark.language, mark.language)
        field = related._meta.get_field(mark.field).verbose_name
        outdated = gettext("This translation may be out of date: the Polish text changed on %(date)s.") % {
            "date": date_format(mark.polish_changed_on, "j E Y")
        }
        return f"{related._meta.verbose_name.capitalize()} “{related}”, {field} ({language}): {outdated}"
