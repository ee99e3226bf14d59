"""Differences between two public versions, per language, as a reader sees
them: words, not stored data. Which fields, in which order and under which
labels, is declared with the kind (``registry.VersionKind.labels``).

Each language's section shows that language's content, or the Polish original
where a text is not translated (marked ``lang="pl"``, with a notice), so a
change is never invisible because a translation is missing. The words around
the content (labels, "yes"/"no", dates, numbers) are in the page's language.

Texts are compared word by word; everything else (a status, a date, a
number, a yes or no) as a whole value, "before → after"; a list of rows
(milestones, documents…) row by row, each added, removed or changed. Removed
and added content is in ``<del>`` and ``<ins>`` preceded by a visually hidden
"removed:"/"added:", so it never depends on colour or strike-through alone."""

import datetime
import difflib
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, pgettext

from languages.translated import AUTHORITATIVE, language_codes
from languages.translated import in_language as text_in_language

from .models import PublicationState
from .registry import Compared

# The publication state is compared for every kind, after the kind's own fields.
STATE = ("state", gettext_lazy("Publication state"))

# Dates as the site's pages write them ("20 listopada 2025", "20 November 2025").
DATE = "j E Y"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DECIMAL = re.compile(r"-?\d+\.\d+")
# Parts of a row that name it, in order of preference, when its kind does not say.
NAMES = ("title", "name", "number", "year", "reference", "code")


@dataclass(frozen=True)
class Change:
    """One changed field as the page shows it: its label, the change as safe
    HTML, and whether any text in it is the Polish original shown in place of
    a missing translation (``is_fallback``, as the fallback notice expects)."""

    label: str
    html: SafeString
    is_fallback: bool


class _Section:
    """Renders values for one language's section, remembering whether it had
    to show the Polish original anywhere."""

    def __init__(self, language):
        self.language = language
        self.is_fallback = False

    # One value as words -----------------------------------------------------------------------------------------

    def shown(self, value, spec=None):
        """A value as safe HTML: content in its own language (``lang``), the
        rest in the page's language."""
        spec = spec or Compared("")
        if _empty(value):
            return format_html("{}", pgettext("no value in a comparison", "not set"))
        if isinstance(value, bool):
            return format_html("{}", gettext("yes") if value else gettext("no"))
        if isinstance(value, int | float):
            return format_html("{}{}", formats.number_format(value), spec.unit)
        if isinstance(value, str):
            return self._scalar(value, spec)
        if _is_texts(value):
            return self._content(value)
        if isinstance(value, list):
            return format_html_join(", ", "{}", ((self.shown(item),) for item in value))
        # A record (a status, a data point): its name, else its visible parts.
        name = spec.name or next((key for key in NAMES if key in value), "")
        if name:
            return self.shown(value.get(name))
        return format_html_join(" · ", "{}", ((self.shown(v),) for _k, v in _visible(value)))

    def _scalar(self, value, spec):
        if ISO_DATE.fullmatch(value):
            return format_html("{}", formats.date_format(datetime.date.fromisoformat(value), DATE))
        if DECIMAL.fullmatch(value):
            return format_html("{}{}", formats.number_format(Decimal(value)), spec.unit)
        return format_html("{}", value)

    def _content(self, texts):
        text = self.text(texts)
        return _in(text.lang, text.value)

    def text(self, texts):
        """A translated text in this section's language, or the Polish original."""
        text = text_in_language({key: strip_tags(value) for key, value in texts.items()}, self.language)
        self.is_fallback |= text.is_fallback
        return text

    # Two values ------------------------------------------------------------------------------------------------

    def change(self, before, after, spec):
        """The change from ``before`` to ``after`` as safe HTML, or None when a
        reader of this language would see no difference."""
        spec = spec if isinstance(spec, Compared) else Compared(str(spec))
        if _is_rows(before) or _is_rows(after):
            return self._rows(before or [], after or [], spec)
        if isinstance(before, dict) and isinstance(after, dict) and spec.parts and not _is_texts(before):
            return self._parts(before, after, spec)
        # A Polish original shown in place of a translation is announced only if it is shown.
        flagged = self.is_fallback
        if _is_text(before) and _is_text(after):
            old, new = self._plain_text(before), self._plain_text(after)
            if old.value == new.value:
                self.is_fallback = flagged
                return None
            if old.lang == new.lang:
                return _in(new.lang, _marked(old.value, new.value))
            return _replaced(_in(old.lang, old.value), _in(new.lang, new.value))
        old, new = self.shown(before, spec), self.shown(after, spec)
        if old == new:
            self.is_fallback = flagged
            return None
        return _replaced(old, new)

    def _plain_text(self, value):
        # A plain string (a name, a source) is in no particular language.
        return _Text(value, "") if isinstance(value, str) else self.text(value)

    def _parts(self, before, after, spec):
        """A record's (or a row's) changed parts: "label: before → after; …"."""
        changes = []
        for key, part in spec.parts.items():
            part = part if isinstance(part, Compared) else Compared(part)
            html = self.change(before.get(key), after.get(key), part)
            if html is not None:
                changes.append((part.label, html))
        if not changes:
            return None
        return format_html_join("; ", "{}: {}", changes)

    def _described(self, row, spec):
        """A whole row in words, for one added or removed: its name, then its other parts."""
        name = spec.name or next((key for key in NAMES if key in row), "")
        pieces = [self.shown(row.get(name))] if name else []
        parts = spec.parts or _labelled(row)
        for key, part in parts.items():
            if key != name and not _empty(row.get(key)):
                part = part if isinstance(part, Compared) else Compared(part)
                pieces.append(format_html("{}: {}", part.label, self.shown(row[key], part)))
        return format_html_join("; ", "{}", ((piece,) for piece in pieces))

    def _rows(self, before, after, spec):
        """Rows added, removed and changed, one list item each."""
        row = spec.row or spec.label
        items = []
        for old, new in _paired(before, after):
            if old is None:
                words = gettext("%(row)s added:") % {"row": row}
                html = format_html("<ins>{}</ins>", self._described(new, spec))
            elif new is None:
                words = gettext("%(row)s removed:") % {"row": row}
                html = format_html("<del>{}</del>", self._described(old, spec))
            else:
                parts = spec.parts or _labelled({**old, **new})
                html = self._parts(old, new, Compared(spec.label, parts=parts))
                if html is None:
                    continue  # nothing a reader of this language sees changed
                name = spec.name or next((key for key in NAMES if key in new), "")
                words = gettext("%(row)s changed:") % {"row": row}
                if name:
                    html = format_html("{} — {}", self.shown(new.get(name)), html)
            items.append((words, html))
        if not items:
            return None
        return format_html(
            '<ul class="diff__rows">{}</ul>', format_html_join("", "<li><strong>{}</strong> {}</li>", items)
        )


@dataclass(frozen=True)
class _Text:
    value: str
    lang: str
    is_fallback: bool = False


def _in(language, content):
    """Content marked with its language (for assistive technology), when it has one."""
    return format_html('<span lang="{}">{}</span>', language, content) if language else format_html("{}", content)


def _empty(value):
    """Nothing to show: no value, or a text empty in every language."""
    if _is_texts(value):
        return not any(text.strip() for text in value.values())
    return value is None or value == "" or value == [] or value == {}


def _is_texts(value):
    """A translated text as snapshots keep it: {"pl": …, "en": …}."""
    return (
        isinstance(value, dict)
        and AUTHORITATIVE in value
        and set(value) <= set(language_codes())
        and all(isinstance(v, str) for v in value.values())
    )


def _is_text(value):
    """Words to compare word by word (not a date, a number or a record)."""
    if isinstance(value, str):
        return not (ISO_DATE.fullmatch(value) or DECIMAL.fullmatch(value))
    return _is_texts(value)


def _is_rows(value):
    return isinstance(value, list) and any(isinstance(item, dict) and not _is_texts(item) for item in value)


def _visible(record):
    """A record's parts a reader compares: not its addresses, digests or schema."""
    return [
        (key, value)
        for key, value in record.items()
        if key not in ("slug", "href", "schema") and not key.endswith("_sha256")
    ]


def _labelled(record):
    """Labels for a record's parts when its kind gives none (a test kind): the keys in words."""
    return {key: key.replace("_", " ") for key, _value in _visible(record)}


def _identity(row):
    """What names a row for good, where it has such a thing (a slug, a number)."""
    for key in ("slug", "reference", "code", "number", "href"):
        if isinstance(row, dict) and row.get(key) not in (None, ""):
            return (key, row[key])
    return None


def _key(row):
    return json.dumps(row, sort_keys=True)


def _alike(old, new):
    """Two rows without an identity are one row changed when they keep their
    name, or most of their parts (a milestone renamed, or marked done)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return False
    name = next((key for key in NAMES if key in old), None)
    if name is not None and old.get(name) == new.get(name):
        return True
    keys = set(old) | set(new)
    return sum(old.get(key) == new.get(key) for key in keys) * 2 > len(keys)


def _paired(before, after):
    """(old, new) rows: (None, new) added, (old, None) removed, both changed.
    Unchanged rows are left out. Within a run of differing rows, rows with the
    same identity (a slug, a number) are paired; rows without one are paired
    when alike (``_alike``); the rest were removed or added."""
    matcher = difflib.SequenceMatcher(a=[_key(r) for r in before], b=[_key(r) for r in after], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = list(before[a1:a2]), list(after[b1:b2])
        for old in list(olds):
            same = next((new for new in news if _identity(old) and _identity(new) == _identity(old)), None)
            if same is not None:
                olds.remove(old)
                news.remove(same)
                yield old, same
        for old in [old for old in olds if _identity(old) is None]:
            alike = next((new for new in news if _identity(new) is None and _alike(old, new)), None)
            if alike is not None:
                olds.remove(old)
                news.remove(alike)
                yield old, alike
        yield from ((old, None) for old in olds)
        yield from ((None, new) for new in news)


def _replaced(old, new):
    """A whole value replaced: "removed: old → added: new" (the arrow for the eye only)."""
    return format_html(
        '<span class="visually-hidden">{} </span><del>{}</del> <span aria-hidden="true">→</span> '
        '<span class="visually-hidden">{} </span><ins>{}</ins>',
        pgettext("changed text", "removed:"),
        old,
        pgettext("changed text", "added:"),
        new,
    )


def _removed(html):
    return format_html(
        '<span class="visually-hidden">{} </span><del>{}</del>', pgettext("changed text", "removed:"), html
    )


def _added(html):
    return format_html(
        '<span class="visually-hidden">{} </span><ins>{}</ins>', pgettext("changed text", "added:"), html
    )


def _words(text):
    return re.findall(r"\S+|\s+", text)


def _segments(old, new):
    """[(before, after)] runs of words, equal (before == after) or changed. Two
    changes with only a space kept between them are one: "Jan Kowalski → Anna
    Nowak" reads as a name replaced, not as two words replaced in turn."""
    matcher = difflib.SequenceMatcher(a=_words(old), b=_words(new), autojunk=False)
    segments = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        before, after = "".join(matcher.a[a1:a2]), "".join(matcher.b[b1:b2])
        if op == "equal" or (before.isspace() and after.isspace()):
            segments.append([after, after])
        else:
            segments.append([before, after])
    merged = []
    for segment in segments:
        changed = segment[0] != segment[1]
        kept_space = len(merged) >= 2 and merged[-1][0].isspace() and merged[-1][0] == merged[-1][1]
        if changed and kept_space and merged[-2][0] != merged[-2][1]:
            space = merged.pop()[0]
            merged[-1] = [merged[-1][0] + space + segment[0], merged[-1][1] + space + segment[1]]
        else:
            merged.append(segment)
    return merged


def _marked(old, new):
    """HTML with <del> and <ins> around the words that changed."""
    parts = []
    for before, after in _segments(old, new):
        if before == after:
            parts.append(format_html("{}", after))
        elif before and after:
            parts.append(_replaced(before, after))
        elif before:
            parts.append(_removed(before))
        else:
            parts.append(_added(after))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def _state(state):
    return str(PublicationState(state).label) if state in PublicationState.values else state


def compare(old_snapshot, new_snapshot, old_state, new_state, language, labels):
    """[Change] for every field of ``labels`` that a reader of ``language`` sees differ."""
    old = {**old_snapshot, "state": _state(old_state)}
    new = {**new_snapshot, "state": _state(new_state)}
    changes = []
    for key, spec in [*labels.items(), STATE]:
        if key not in old and key not in new:
            continue
        section = _Section(language)
        html = section.change(old.get(key), new.get(key), spec)
        if html is not None:
            label = str(spec.label if isinstance(spec, Compared) else spec)
            changes.append(Change(label, html, section.is_fallback))
    return changes
