"""Differences between two public versions, per language, as the reader
sees them: each text field compared word by word. Which fields, in which
order and under which labels, is declared with the kind
(``registry.VersionKind.labels``)."""

import difflib
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# The publication state is compared for every kind, after the kind's own fields.
STATE = ("state", _("Publication state"))


def _text(value, language):
    """Flatten a snapshot value to the text a reader sees in ``language``."""
    if isinstance(value, dict):
        if set(value) >= {"pl"} and all(isinstance(v, str) for v in value.values()):
            return strip_tags(value.get(language) or "")
        # Addresses and digests are not what a reader compares.
        shown = sorted((k, v) for k, v in value.items() if k not in ("slug", "href") and not k.endswith("_sha256"))
        return " · ".join(_text(v, language) for _k, v in shown)
    if isinstance(value, list):
        return "\n".join(_text(item, language) for item in value)
    return "" if value is None else str(value)


def _words(text):
    return re.findall(r"\S+|\s+", text)


def _marked(old, new):
    """HTML with <del> and <ins> around the words that changed."""
    parts = []
    matcher = difflib.SequenceMatcher(a=_words(old), b=_words(new), autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        before, after = "".join(matcher.a[a1:a2]), "".join(matcher.b[b1:b2])
        if op == "equal":
            parts.append(escape(before))
            continue
        if before:
            parts.append(f"<del>{escape(before)}</del>")
        if after:
            parts.append(f"<ins>{escape(after)}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def compare(old_snapshot, new_snapshot, old_state, new_state, language, labels):
    """[(label, html)] for every field of ``labels`` whose text differs in ``language``."""
    old = {**old_snapshot, "state": old_state}
    new = {**new_snapshot, "state": new_state}
    changes = []
    for key, label in [*labels.items(), STATE]:
        if key not in old and key not in new:
            continue
        before, after = _text(old.get(key), language), _text(new.get(key), language)
        if before != after:
            changes.append((label, _marked(before, after)))
    return changes
