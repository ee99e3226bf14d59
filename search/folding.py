"""Diacritics and case folded away, for the search on databases without
PostgreSQL's unaccent (SQLite, the default for development and ``make test``):
"rownosc" finds "równość", "ŁÓDŹ" finds "łódź", as the full-text search does
on PostgreSQL.

SQLite gets the same Python function as ``portal_fold(text)`` on every
connection, so the database compares folded texts. Folding is character by
character and keeps the length, so a match found in the folded text marks
the same characters of the original in the excerpt."""

import unicodedata
from functools import lru_cache

from django.db.models import Func, TextField

# Letters whose base letter Unicode does not give by decomposition.
NOT_DECOMPOSED = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i"}


@lru_cache(maxsize=4096)
def _fold_char(char):
    lower = char.lower()
    if lower in NOT_DECOMPOSED:
        return NOT_DECOMPOSED[lower]
    base = "".join(c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c))
    # One character for one, so positions in the folded text are positions in the original.
    return base[:1] or char


def fold(text):
    return "".join(_fold_char(char) for char in text) if text else ""


class Fold(Func):
    """``portal_fold(column)``: the column's text folded, in the database. On PostgreSQL the
    same folding is ``lower(unaccent(column))`` (the unaccent extension, search migration
    0001), so a filter written with Fold works on both databases."""

    function = "portal_fold"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context)


def register(sender, connection, **kwargs):
    """connection_created: give every new SQLite connection ``portal_fold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_fold", 1, fold, deterministic=True)
