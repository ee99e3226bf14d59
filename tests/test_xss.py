"""Everything staff can type is rendered safely.

After the official and the demo content are loaded, a set of XSS payloads is
written into every text field of every model of the project's own apps
(found through django.apps, so a model added later is covered without touching
this file), bypassing form validation as a careless import or a compromised
editor account could. Then every public page in every language, the Atom
feeds, the CSV downloads, the JSON API, the citations and sitemap.xml are
fetched, and an HTML/XML parser checks that no executable markup got through.
"""

import csv
import io
import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, models
from modeltranslation.translator import NotRegistered, translator

from tests.conftest import LANGUAGES, site_content
from tests.public_pages import all_public_paths

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "</script><script>alert(1)</script>",
    "'><svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=javascript:alert(1)>",
    "<div onmouseover=alert(1)>x</div>",
    "]]><x onclick=alert(1)>",
]
URL_PAYLOAD = "javascript:alert(1)"
EMAIL_PAYLOAD = 'x@example.org"><svg onload=alert(1)>'

# Fields that are not written, each with the reason. Everything else of type
# CharField/TextField (every language column included) gets the payloads.
SKIPPED_FIELD_NAMES = {
    "reference": "assigned by the system at publication (BPC-2025-001), never typed; used in URLs",
    "key": "a version's copy of the slug or reference, used in its URL",
    "kind": "a version's content type, used in its URL (its values are a fixed list)",
    "fingerprint": "a SHA-256 computed by the portal",
}


def skip_reason(model, field, translated):
    if field.choices:
        return "a choice: stored as a fixed value, shown through its label"
    if isinstance(field, models.SlugField):
        return "a slug: validated, part of URLs"
    if field.name in SKIPPED_FIELD_NAMES:
        return SKIPPED_FIELD_NAMES[field.name]
    if field.name in translated:
        return "the untranslated column modeltranslation keeps; its language columns are written"
    return None


def project_models():
    for app_config in apps.get_app_configs():
        if app_config.name in settings.LOCAL_APPS:
            yield from (m for m in app_config.get_models() if m._meta.managed and not m._meta.proxy)


def translated_fields(model):
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def payload_for(field, row, column):
    if isinstance(field, models.URLField) or field.name == "url" or field.name.endswith("_url"):
        return URL_PAYLOAD
    if isinstance(field, models.EmailField):
        return EMAIL_PAYLOAD
    limit = field.max_length or 10_000
    if field.unique or limit < min(map(len, PAYLOADS)):
        return f"<svg onload={row}>"[:limit]  # short, and different in every row
    # Start at a different payload per field, so short fields between them carry each one.
    seed = row + column
    ordered = PAYLOADS[seed % len(PAYLOADS) :] + PAYLOADS[: seed % len(PAYLOADS)]
    text = ""
    for payload in ordered:
        if len(text) + len(payload) + 1 <= limit:
            text += payload + " "
    return text.strip()


def inject_payloads():
    """Writes the payloads with QuerySet.update(), which skips forms, clean()
    and save(); then records a new public version of everything versioned,
    so the stored snapshots carry the payloads too."""
    from publishing import append_only, versions

    # The public record refuses UPDATE in the database itself (publishing/append_only.py); only
    # the database's owner can lift that, and a compromised owner is the attacker this test
    # plays: the triggers are lifted for the writing below (inside the test's transaction),
    # then put back before anything is rendered.
    append_only.uninstall(connection)
    written = []
    for model in project_models():
        translated = translated_fields(model)
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not skip_reason(model, field, translated)
        ]
        if not fields:
            continue
        for row, pk in enumerate(model._base_manager.values_list("pk", flat=True)):
            values = {field.attname: payload_for(field, row, index) for index, field in enumerate(fields)}
            model._base_manager.filter(pk=pk).update(**values)
        written.append((model, fields))
    for model, _fields in written:
        if hasattr(model, "public_snapshot"):
            for obj in model._base_manager.all():
                # A code is frozen once public, so it is as if the item had always had this one.
                versions.versions_of(obj).update(key=obj.version_key)
                versions.record(obj, major=True, note=dict.fromkeys(LANGUAGES, PAYLOADS[0]))
    append_only.install(connection)
    cache.clear()
    return written


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "textarea"}


def dangerous_url(value):
    compact = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
    return compact.startswith(("javascript:", "vbscript:", "data:text/html"))


class Elements(HTMLParser):
    """Every element of an HTML document as (tag, attributes, text of a <script>), read with
    the standard library's tokenizer: the one BeautifulSoup's "html.parser" uses, without
    building a tree (twice as fast over the ~450 pages of the sweep)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.found, self.script = [], None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = (tag.lower(), [(name.lower(), value or "") for name, value in attrs], [])
        self.found.append(element)
        if element[0] == "script":
            self.script = element[2]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag):
        self.script = None


def problems_in_html(html, where):
    """What in this HTML could run script, as a list of readable findings."""
    found = []
    for name, attributes, text in Elements(html).found:
        attrs = dict(attributes)
        for attribute, value in attributes:
            if attribute.startswith("on"):
                found.append(f"{where}: <{name} {attribute}=…> event handler")
            if attribute in URL_ATTRIBUTES and dangerous_url(value):
                found.append(f"{where}: <{name} {attribute}={value!r}>")
        if name == "script":
            text = "".join(text)
            src = attrs.get("src")
            if src is not None:
                if not src.startswith(settings.STATIC_URL):
                    found.append(f"{where}: script from {src!r}")
            elif attrs.get("type") == "application/ld+json":
                if "</script" in text.lower():
                    found.append(f"{where}: JSON-LD contains </script")
                try:
                    json.loads(text)
                except ValueError:
                    found.append(f"{where}: JSON-LD does not parse (broken out of?): {text[:120]!r}")
            else:
                found.append(f"{where}: inline <script>: {text[:120]!r}")
        # The residents' dialogue forms have a textarea of their own (a Django form
        # field, id="id_…"); any other textarea would have come from a payload.
        own_form_field = name == "textarea" and attrs.get("id", "").startswith("id_")
        if name in FORBIDDEN_TAGS and not own_form_field:
            found.append(f"{where}: <{name}> element")
        if name == "img" and not attrs.get("src", "").startswith((settings.STATIC_URL, settings.MEDIA_URL, "data:")):
            found.append(f"{where}: <img src={attrs.get('src')!r}>")
        if name == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            found.append(f"{where}: meta refresh")
    return found


def problems_in_feed(content, where):
    root = ElementTree.fromstring(content)  # raises if not well-formed
    found = []
    for element in root.iter():
        if element.get("type") == "html" and element.text:
            found += problems_in_html(element.text, f"{where} <{element.tag}>")
        if element.get("type") == "xhtml":
            found += problems_in_html(ElementTree.tostring(element, encoding="unicode"), where)
        href = element.get("href")
        if href and dangerous_url(href):
            found.append(f"{where}: link href {href!r}")
    return found


@pytest.fixture
def poisoned(official):
    site_content()
    return inject_payloads()


def test_every_text_field_is_written(poisoned):
    """The sweep really wrote its payloads (guards against a silent no-op)."""
    from commitments.models import Commitment, Element
    from declaration.models import Paragraph

    names = {model.__name__ for model, _fields in poisoned}
    assert {"Commitment", "ProgressUpdate", "Document", "Paragraph", "Value", "Page", "Indicator"} <= names
    commitment = Commitment.objects.published().first()
    assert "<" in commitment.title_pl and "<" in commitment.summary_uk and "<" in commitment.body_be
    assert "<script>" in Paragraph.objects.first().text_en or "onerror" in Paragraph.objects.first().text_en
    assert Element.objects.filter(code__startswith="<svg onload=").count() == Element.objects.count()


def test_the_checker_finds_every_kind_of_executable_markup():
    """The sweep's checker itself: each payload, as it would look had it got through."""
    dangerous = [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<svg onload=alert(1)>",
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<form action="javascript:alert(1)"></form>',
        "<iframe src=/x></iframe>",
        "<textarea>x</textarea>",
        '<meta http-equiv="Refresh" content="0;url=/x">',
        '<script src="https://evil.example/x.js"></script>',
        '<script type="application/ld+json">{"a": 1}</script><script>alert(1)</script>',
        '<script type="application/ld+json">{"a": "</scr" + "ipt>"</script>',
    ]
    for html in dangerous:
        assert problems_in_html(f"<p>{html}</p>", "page"), html
    safe = (
        '<p><a href="/x">x</a><img src="/static/logo.svg" alt=""><textarea id="id_message"></textarea>'
        '<script type="application/ld+json">{"name": "&lt;script&gt;"}</script></p>'
    )
    assert problems_in_html(safe, "page") == []


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return response


def test_no_executable_markup_reaches_public_pages(client, poisoned):
    problems = []
    paths = all_public_paths()
    assert len(paths) > 100
    for language in LANGUAGES:
        prefix = "" if language == "pl" else f"/{language}"
        # Reflected input: the search and the list filters echo what was typed.
        for query in ("?q=%3Cscript%3Ealert(1)%3C/script%3E", '?q="><img+src%3Dx+onerror%3Dalert(1)>'):
            paths.append((language, f"{prefix}/szukaj/{query}"))
            paths.append((language, f"{prefix}/zobowiazania/{query}"))
    for _language, path in paths:
        response = fetch(client, path)
        assert response["Content-Type"].startswith("text/html"), path
        problems += problems_in_html(response.content.decode(), path)
    assert problems == [], "\n".join(sorted(set(problems)))


def test_no_executable_markup_reaches_feeds_downloads_and_citations(client, poisoned):
    from commitments.models import Commitment
    from publishing.models import PublicVersion

    problems = []
    feeds = ["/kanal.xml", "/en/kanal.xml"] + [
        f"/zobowiazania/{slug}/kanal.xml" for slug in Commitment.objects.published().values_list("slug", flat=True)
    ]
    for path in feeds:
        problems += problems_in_feed(fetch(client, path).content, path)

    for name in ("zobowiazania", "kamienie-milowe", "wskazniki"):
        for language in LANGUAGES:
            path = f"/dane/{name}.csv?lang={language}"
            response = fetch(client, path)
            assert response["Content-Type"].startswith("text/csv"), path
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            assert len(rows) > 1, path

    for version in PublicVersion.objects.public():
        base = version.get_absolute_url()
        bibtex = fetch(client, base + "cytowanie.bib")
        assert not bibtex["Content-Type"].startswith("text/html")
        csl = fetch(client, base + "cytowanie.json")
        json.loads(csl.content)
        assert csl["Content-Type"].startswith("application/")

    sitemap = fetch(client, "/sitemap.xml")
    ElementTree.fromstring(sitemap.content)
    assert problems == [], "\n".join(sorted(set(problems)))


def test_api_responses_are_json_and_never_html(client, poisoned):
    from commitments.models import Commitment

    schema = fetch(client, "/api/v1/openapi.json").json()
    references = list(Commitment.objects.published().values_list("reference", flat=True))
    paths = []
    for template in schema["paths"]:
        if "{" not in template:
            paths += [template + f"?lang={language}" for language in LANGUAGES]
        elif template in ("/api/v1/commitments/{reference}", "/api/v1/commitments/{reference}/versions"):
            paths += [template.replace("{reference}", reference) for reference in references]
        elif template == "/api/v1/commitments/{reference}/versions/{number}":
            paths += [template.replace("{reference}", references[0]).replace("{number}", "1")]
    assert len(paths) > 10
    seen_payload = False
    for path in paths:
        response = fetch(client, path)
        assert response["Content-Type"].startswith("application/json"), path
        assert response["X-Content-Type-Options"] == "nosniff"
        json.loads(response.content)
        seen_payload = seen_payload or "onerror=alert(1)" in response.content.decode()
    assert seen_payload  # the payloads are in the data, as data
