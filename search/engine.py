"""Site search across the declaration, values, framework, commitments,
progress updates and pages, in the active language (and Polish, the
fallback). PostgreSQL: ranked full-text search that ignores diacritics, with
highlighted excerpts. Elsewhere (SQLite): a portable substring search."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, TextField
from django.db.models import Value as V
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accessibility.models import EasyReadText
from commitments.models import Commitment, Element, Level, ProgressUpdate
from declaration.models import Paragraph, Value
from languages.translated import active_language, translated
from pages.models import Page
from publishing.models import published_q

MAX_QUERY = 200
PER_KIND = 20
CONFIG = "portal"


@dataclass
class Result:
    kind: str
    title: str
    title_lang: str
    url: str
    excerpt: str
    rank: float


def _url_of(obj):
    return obj.get_absolute_url()


# (model, label, title field, text fields, the parent that must be public too).
# The parent's condition is built per search: "published and due" depends on the time.
SOURCES = [
    (Commitment, _("Commitment"), "title", ("title", "summary", "body"), None),
    (ProgressUpdate, _("Progress update"), "title", ("title", "body"), "commitment__"),
    (Paragraph, _("Declaration"), None, ("text",), "declaration__"),
    (Value, _("Value"), "name", ("name", "description"), None),
    (Level, _("Framework level"), "name", ("name", "declaration_wording", "description"), None),
    (Element, _("Framework element"), "title", ("title", "description", "public_note"), "level__"),
    (Page, _("Page"), "title", ("title", "body"), None),
    (EasyReadText, _("Easy-to-read text"), "title", ("title", "body"), None),
]


def search(query):
    query = " ".join(query.replace("\x00", " ").split())[:MAX_QUERY]
    if not query:
        return []
    language = active_language()
    languages = [language] if language == "pl" else [language, "pl"]
    find = _postgres if connection.vendor == "postgresql" else _portable
    results = []
    for model, label, title_field, fields, parent in SOURCES:
        columns = [f"{field}_{code}" for code in languages for field in fields]
        queryset = model.objects.published()
        if parent:
            queryset = queryset.filter(published_q(parent))
        if model is ProgressUpdate:
            queryset = queryset.select_related("commitment")
        if model is Paragraph:
            queryset = queryset.select_related("declaration")
        if model is Element:
            queryset = queryset.select_related("level")
        results += find(queryset, columns, query, label, title_field)
    return sorted(results, key=lambda result: result.rank, reverse=True)


def _title(obj, title_field):
    if title_field is None:  # a paragraph of the declaration
        return translated(obj.declaration, "title"), f"{obj.declaration.get_absolute_url()}#{obj.anchor}"
    if isinstance(obj, ProgressUpdate):
        return translated(obj, title_field), f"{obj.commitment.get_absolute_url()}#update-{obj.pk}"
    return translated(obj, title_field), _url_of(obj)


def _postgres(queryset, columns, query, label, title_field):
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    vector = SearchVector(*columns, config=CONFIG)
    matches = (
        queryset.annotate(rank=SearchRank(vector, search_query))
        .filter(rank__gt=0)
        .annotate(
            excerpt=SearchHeadline(
                _concat(columns),
                search_query,
                config=CONFIG,
                start_sel="<mark>",
                stop_sel="</mark>",
                max_words=30,
                min_words=12,
            )
        )
        .order_by("-rank")[:PER_KIND]
    )
    results = []
    for obj in matches:
        title, url = _title(obj, title_field)
        # The headline is built from our own text; everything but the marks is escaped.
        excerpt = escape(obj.excerpt).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
        results.append(Result(str(label), title.value, title.lang, url, mark_safe(excerpt), obj.rank))  # noqa: S308
    return results


def _concat(columns):
    """All searched columns as one text, for the excerpt."""
    parts = []
    for column in columns:
        parts += [Coalesce(column, V(""), output_field=TextField()), V(" … ")]
    parts = parts[:-1]
    return parts[0] if len(parts) == 1 else Concat(*parts, output_field=TextField())


def _portable(queryset, columns, query, label, title_field):
    words = query.split()
    condition = Q()
    for word in words:
        condition &= Q(**{f"{columns[0]}__icontains": word}) | _any(columns[1:], word)
    results = []
    for obj in queryset.filter(condition)[:PER_KIND]:
        title, url = _title(obj, title_field)
        text = " … ".join(getattr(obj, column) or "" for column in columns)
        results.append(Result(str(label), title.value, title.lang, url, _highlight(text, words), 1.0))
    return results


def _any(columns, word):
    condition = Q()
    for column in columns:
        condition |= Q(**{f"{column}__icontains": word})
    return condition


def _highlight(text, words):
    """An escaped excerpt around the first match, with the words marked."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    lower = text.lower()
    first = min((lower.find(w.lower()) for w in words if lower.find(w.lower()) >= 0), default=0)
    start = max(0, first - 80)
    excerpt = ("…" if start else "") + text[start : start + 240] + ("…" if len(text) > start + 240 else "")
    html = escape(excerpt)
    for word in words:
        html = re.sub(f"({re.escape(escape(word))})", r"<mark>\1</mark>", html, flags=re.IGNORECASE)
    return mark_safe(html)  # noqa: S308 - escaped above
