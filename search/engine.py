"""Site search across what the apps register as searchable
(``registry.Search`` in each app's publishable.py: the declaration, values,
framework, commitments, progress updates, pages…), in the active language
(and Polish, the fallback). PostgreSQL: ranked full-text search that ignores
diacritics, with highlighted excerpts. Elsewhere (SQLite): a portable
substring search."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, TextField
from django.db.models import Value as V
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from languages.translated import active_language, translated
from publishing import registry
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


def search(query):
    query = " ".join(query.replace("\x00", " ").split())[:MAX_QUERY]
    if not query:
        return []
    language = active_language()
    languages = [language] if language == "pl" else [language, "pl"]
    find = _postgres if connection.vendor == "postgresql" else _portable
    results = []
    for source in registry.search_sources():
        columns = [f"{field}_{code}" for code in languages for field in source.fields]
        queryset = source.model.objects.published()
        if source.within:
            # The parent must be public too; the result's title or address comes from it.
            queryset = queryset.filter(published_q(f"{source.within}__")).select_related(source.within)
        results += find(queryset, columns, query, source)
    return sorted(results, key=lambda result: result.rank, reverse=True)


def _title(obj, source):
    named = getattr(obj, source.title_from) if source.title_from else obj
    url = source.url(obj) if source.url else obj.get_absolute_url()
    return translated(named, source.title_field), url


def _postgres(queryset, columns, query, source):
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
        title, url = _title(obj, source)
        # The headline is built from our own text; everything but the marks is escaped.
        excerpt = escape(obj.excerpt).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
        results.append(Result(str(source.label), title.value, title.lang, url, mark_safe(excerpt), obj.rank))  # noqa: S308
    return results


def _concat(columns):
    """All searched columns as one text, for the excerpt."""
    parts = []
    for column in columns:
        parts += [Coalesce(column, V(""), output_field=TextField()), V(" … ")]
    parts = parts[:-1]
    return parts[0] if len(parts) == 1 else Concat(*parts, output_field=TextField())


def _portable(queryset, columns, query, source):
    words = query.split()
    condition = Q()
    for word in words:
        condition &= Q(**{f"{columns[0]}__icontains": word}) | _any(columns[1:], word)
    results = []
    for obj in queryset.filter(condition)[:PER_KIND]:
        title, url = _title(obj, source)
        text = " … ".join(getattr(obj, column) or "" for column in columns)
        results.append(Result(str(source.label), title.value, title.lang, url, _highlight(text, words), 1.0))
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
