from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self):
        # The pages as of a day, the declaration's value page among them (publishing/as_of.py).
        from . import as_of_views  # noqa: F401
