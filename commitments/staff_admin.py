"""The commitment form's framework element, offered by level.

A plain select with one group of options per level ("2. Struktury…"): the
framework has a dozen elements, so a search box (an autocomplete that offered
every element whatever the level) only hid which level an element belongs to.
A small script (static/admin/element_by_level.js) leaves only the chosen
level's group; without it the group labels say the same. A wrong pair is still
refused on save (Commitment.clean)."""

from django import forms

from .models import Element

ELEMENT_SCRIPT = "admin/element_by_level.js"


def element_choices():
    groups = {}
    for element in Element.objects.select_related("level").order_by("level__number", "order", "code"):
        groups.setdefault(str(element.level), []).append((element.pk, str(element)))
    return [("", "---------"), *groups.items()]


class ElementByLevel:
    """For CommitmentAdmin: the element select grouped by level (its ``autocomplete_fields``
    leave out "element")."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "element" and field is not None:
            field.choices = element_choices()
            field.widget.attrs["data-grouped-by"] = "level"
        return field

    @property
    def media(self):
        return super().media + forms.Media(js=["admin/js/jquery.init.js", ELEMENT_SCRIPT])
