"""What a public version of the declaration and of a value holds."""

from publishing.models import published_q
from publishing.versions import in_all_languages, iso


def declaration_snapshot(declaration):
    paragraphs = declaration.paragraphs.filter(published_q()).order_by("number")
    return {
        "schema": 1,
        "slug": declaration.slug,
        "title": in_all_languages(declaration, "title"),
        "signed_on": iso(declaration.signed_on),
        "place": in_all_languages(declaration, "place"),
        "signatory_name": declaration.signatory_name,
        "signatory_title": in_all_languages(declaration, "signatory_title"),
        "paragraphs": [
            {"number": paragraph.number, "text": in_all_languages(paragraph, "text")} for paragraph in paragraphs
        ],
    }


def value_snapshot(value):
    return {
        "schema": 1,
        "slug": value.slug,
        "name": in_all_languages(value, "name"),
        "description": in_all_languages(value, "description"),
    }
