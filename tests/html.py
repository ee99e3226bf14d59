"""Small helpers to read the HTML our pages return."""

import re

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(element):
    """Visible text with whitespace collapsed, as a reader would copy it."""
    return re.sub(r"\s+", " ", element.get_text()).strip()


def in_polish(message, **params):
    """A message as the (Polish) admin shows it."""
    from django.utils import translation

    with translation.override("pl"):
        text = translation.gettext(message)
    return text % params if params else text
