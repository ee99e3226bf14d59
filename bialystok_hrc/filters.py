"""What the public lists' filters share (django-filter): the commitments list
and the help directory, as pages and in the API.

Every filter is a GET parameter, so a filtered list is a link that can be
shared. On a page, an invalid value is reported next to its field (announced
by screen readers) and ignored, while the valid filters still apply; the API
refuses the request instead, with a message per parameter."""

import functools
import time

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils.http import urlencode


class FilterForm(forms.Form):
    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                # Screen readers announce the field as invalid and read its message.
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}_error"})


class KnownOptionsIterator(ModelChoiceIterator):
    """A select's options from the objects its field was given, not from a query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.options():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.options()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.options())


class KnownOptionsMixin:
    """For a ``ModelChoiceField``: with ``options`` (a function returning the objects
    offered), its options are listed and a submitted value is checked against them
    without a query; without, it queries its queryset as usual."""

    def __init__(self, *args, options=None, **kwargs):
        self.options = options
        super().__init__(*args, **kwargs)
        if options is not None:
            self.iterator = KnownOptionsIterator

    def to_python(self, value):
        if self.options is None or value in self.empty_values:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        for obj in self.options():
            if str(getattr(obj, key)) == str(value):
                return obj
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class PublicFilterSet(django_filters.FilterSet):
    # Parameters that only arrange the list: "Clear all filters" is not offered for them alone.
    arranging = ()
    # The options of filters that come from the content, as a function returning
    # ``{"options": {filter name: objects (model choices) or (value, label) pairs},
    # "until": a timestamp or None}``: a site fact (core.pagecache.site_fact), read
    # once per request and computed once per change of content, instead of a query
    # per select on every page; "until" is when a scheduled publication may add an
    # option, after which they are read afresh. None: every select queries.
    known_options = None

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
        if type(self).known_options is not None:
            self._use_known_options()

    def _use_known_options(self):
        # Read on first use (the API validates a filter without listing options), then once per request.
        @functools.cache
        def options():
            facts = type(self).known_options()
            if facts["until"] is not None and time.time() >= facts["until"]:
                facts = type(self).known_options.__wrapped__()  # due since they were stored: afresh
            return facts["options"]

        for name, filter_ in self.filters.items():
            if isinstance(filter_, django_filters.ModelChoiceFilter) and issubclass(
                filter_.field_class, KnownOptionsMixin
            ):
                filter_.extra["options"] = functools.partial(lambda name: options()[name], name)
            elif isinstance(filter_, django_filters.ChoiceFilter) and callable(filter_.extra.get("choices")):
                filter_.extra["choices"] = functools.partial(lambda name: options()[name], name)
            else:
                continue
            filter_.__dict__.pop("_field", None)  # a field built before would not have them

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
