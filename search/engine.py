"""Site search across what the apps register as searchable
(``registry.Search`` in each app's publishable.py: the declaration, values,
framework, commitments, progress updates, pages…), in the active language
(and Polish, the fallback). PostgreSQL: ranked full-text search that ignores
diacritics, with highlighted excerpts. Elsewhere (SQLite): a substring
search that ignores case and diacritics too (search/folding.py)."""

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

from .folding import Fold, fold

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
    """Without PostgreSQL (SQLite): every word must occur in one of the columns, with case
    and diacritics folded away in the database (search/folding.py), so "rownosc" finds
    "równość" as the full-text search does. Ranked, as far as SQLite allows, by how often
    the words occur, before the same cut to PER_KIND."""
    words = [fold(word) for word in query.split()]
    queryset = queryset.alias(**{f"folded_{column}": Fold(column) for column in columns})
    condition = Q()
    for word in words:
        in_any_column = Q()
        for column in columns:
            in_any_column |= Q(**{f"folded_{column}__contains": word})
        condition &= in_any_column
    found = []
    for obj in queryset.filter(condition):
        text = " … ".join(getattr(obj, column) or "" for column in columns)
        folded = fold(text)
        found.append((sum(folded.count(word) for word in words), obj, text))
    found.sort(key=lambda item: item[0], reverse=True)
    results = []
    for rank, obj, text in found[:PER_KIND]:
        title, url = _title(obj, source)
        results.append(Result(str(source.label), title.value, title.lang, url, _highlight(text, words), float(rank)))
    return results


def _highlight(text, words):
    """An escaped excerpt around the first match, with the words marked. The words are
    found in the folded text, which has the original's length, and marked in the original."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    folded = fold(text)
    spans = sorted(
        (match.start(), match.end()) for word in words if word for match in re.finditer(re.escape(word), folded)
    )
    start = max(0, (spans[0][0] if spans else 0) - 80)
    end = start + 240
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < position or span_end > end:
            continue  # before the excerpt, inside a mark already, or cut off at its end
        parts += [escape(text[position:span_start]), "<mark>", escape(text[span_start:span_end]), "</mark>"]
        position = span_end
    parts.append(escape(text[position:end]))
    excerpt = ("…" if start else "") + "".join(parts) + ("…" if len(text) > end else "")
    return mark_safe(excerpt)  # noqa: S308 - the text is escaped piece by piece above
