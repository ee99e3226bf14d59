from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.utils.formats import date_format
from django.utils.translation import gettext

from .models import OutdatedTranslation


class OutdatedTranslationsNotice:
    """Staff editing an object are told which of its translations may be out of date
    (languages.outdated), as readers are on the public pages."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and (obj := self.get_object(request, unquote(object_id))) is not None:
            names = dict(settings.LANGUAGES)
            marks = OutdatedTranslation.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
            ).order_by("field", "language")
            for mark in marks:
                messages.warning(
                    request,
                    gettext(
                        "The %(language)s translation of “%(field)s” may be out of date: "
                        "the Polish text changed on %(date)s."
                    )
                    % {
                        "language": names.get(mark.language, mark.language),
                        "field": obj._meta.get_field(mark.field).verbose_name,
                        "date": date_format(mark.polish_changed_on, "j E Y"),
                    },
                )
        return super().change_view(request, object_id, form_url, extra_context)
