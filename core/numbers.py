"""Numbers typed by staff: a Polish decimal comma and an English dot both mean
the decimal point ("250,5" and "250.5" are 250.5).

A thousands separator is never guessed. "1.250,5" or "1,250.5" are refused,
and so is "1,250", which a Pole reads as 1.25 and an English reader as 1250: a
guess either way would store a number the person did not mean, silently. The
admin's fields are plain text inputs (``inputmode="decimal"``), because a
browser's ``type="number"`` input reads a comma by the browser's own locale and
may drop it ("250,5" arrived as 2505)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
# One separator followed by exactly three digits, after 1–3 digits that do not start with 0:
# "1,250" or "12.500" may be a thousands separator or a decimal one.
THOUSANDS_OR_DECIMAL = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")

AMBIGUOUS = _(
    "“%(value)s” can be read in two ways. Write the number without thousands separators, "
    "with a comma or a dot before the decimal part only: 1250,5 or 1250.5."
)
NOT_A_NUMBER = _("“%(value)s” is not a number. Write e.g. 250,5 or 250.5.")


def parse_localized_decimal(text):
    """``text`` as a Decimal, or None when it is empty. Raises ValidationError
    (code "ambiguous" or "invalid") with a message naming what was typed."""
    if text is None:
        return None
    # A typographic minus pasted from a document; spaces between digit groups ("1 250,5", also
    # no-break and narrow ones, as Polish typesetting writes them) separate nothing else.
    value = "".join(str(text).split()).replace("\u2212", "-")
    if not value:
        return None
    if ("," in value and "." in value) or value.count(",") + value.count(".") > 1 or THOUSANDS_OR_DECIMAL.match(value):
        raise ValidationError(AMBIGUOUS, code="ambiguous", params={"value": value})
    if not NUMBER.match(value):
        raise ValidationError(NOT_A_NUMBER, code="invalid", params={"value": value})
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise ValidationError(NOT_A_NUMBER, code="invalid", params={"value": value}) from error


class LocalizedDecimalField(forms.DecimalField):
    """A DecimalField that reads input with parse_localized_decimal, in a text input."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # DecimalField adds step/min/max for a number input; a text input takes none of them.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_localized_decimal(value)

    @classmethod
    def replacing(cls, field):
        """The same field (label, limits, help, state) reading localized input."""
        new = cls(
            max_value=field.max_value,
            min_value=field.min_value,
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            required=field.required,
            label=field.label,
            initial=field.initial,
            help_text=field.help_text,
            disabled=field.disabled,
            localize=field.localize,
        )
        new.validators = field.validators  # the model field's limits come with them
        return new
