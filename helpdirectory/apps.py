from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpDirectoryConfig(AppConfig):
    name = "helpdirectory"
    verbose_name = _("Where to get help")
