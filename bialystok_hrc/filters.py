"""What the public lists' filters share (django-filter): the commitments list
and the help directory, as pages and in the API.

Every filter is a GET parameter, so a filtered list is a link that can be
shared. On a page, an invalid value is reported next to its field (announced
by screen readers) and ignored, while the valid filters still apply; the API
refuses the request instead, with a message per parameter."""

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.http import urlencode


class FilterForm(forms.Form):
    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                # Screen readers announce the field as invalid and read its message.
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}_error"})


class PublicFilterSet(django_filters.FilterSet):
    # Parameters that only arrange the list: "Clear all filters" is not offered for them alone.
    arranging = ()

    class Meta:
        form = FilterForm

    def __init__(self, data=None, *args, **kwargs):
        # Only the filters' own parameters, asked for by name: a query string without any of them
        # (empty, or only ?page= or ?utm_source=…) is an unfiltered list, not a form with every field
        # left empty, and the page cache can ignore the parameters no page reads.
        if isinstance(data, QueryDict):
            own = QueryDict(mutable=True)
            for name in self.base_filters:
                if name in data:
                    own.setlist(name, data.getlist(name))
            data = own or None
        elif data is not None:  # the API's parsed parameters
            data = {name: data[name] for name in self.base_filters if name in data} or None
        super().__init__(data, *args, **kwargs)

    def query_string(self):
        """The filters in use, for links to the other pages of the list."""
        if not self.is_bound:
            return ""
        return urlencode([(name, value) for name in self.filters for value in self.data.getlist(name)])

    def is_valid(self):
        return not self.is_bound or super().is_valid()

    @property
    def active(self):
        return self.is_bound and any(self.data.get(name) for name in self.filters if name not in self.arranging)

    def valid_data(self):
        """The values that passed validation (after ``qs`` or ``is_valid()``)."""
        return getattr(self.form, "cleaned_data", {}) if self.is_bound else {}

    def error_details(self):
        """The form's errors, as the API reports them."""
        return [{"parameter": name, "message": " ".join(errors)} for name, errors in self.form.errors.items()]
