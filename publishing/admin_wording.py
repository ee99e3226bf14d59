"""Django's own admin messages that read badly in Polish, worded anew.

Django's Polish catalogue fills a noun of any gender into one sentence and
writes every ending at once ("Dodaj kolejne(go)(-ną)(-ny) Kamień milowy",
"został(a)(-ło) dodany(-na)(-ne)"). The project's catalogue (LOCALE_PATHS) is
read before Django's, so these msgids, translated in locale/*/django.po as
sentences that need no gender ("Dodaj: Kamień milowy", "Dodano: …"), replace
Django's wherever the admin uses them. They are listed here so that
makemessages keeps them in the catalogue; nothing calls this module."""

from django.utils.translation import gettext_noop

REWORDED = (
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
)
