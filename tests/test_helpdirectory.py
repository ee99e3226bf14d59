"""Where to get help: the public directory, its filters, an entry's page, the
demo entries, the admin workflow and the staff roles."""

import os

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declaration.models import Value
from helpdirectory import demo
from helpdirectory.models import HelpOrganisation, Need
from publishing.models import PublicationState, published_now
from publishing.roles import EDITOR, PUBLISHER

from .conftest import queries, staff_client
from .html import soup, text_of
from .public_pages import sitemap_paths

pytestmark = pytest.mark.django_db

LIST = "/gdzie-szukac-pomocy/"


def organisation(slug, needs=(), values=(), **fields):
    fields.setdefault("name_pl", f"Organizacja {slug}")
    fields.setdefault("description_pl", f"Opis {slug}.")
    item = HelpOrganisation.objects.create(slug=slug, **{**published_now(), **fields})
    item.needs.set(Need.objects.filter(slug__in=needs))
    item.values.set(Value.objects.filter(slug__in=values))
    return item


@pytest.fixture
def directory(official):
    """Three published entries, a draft and a withdrawn one."""
    organisation(
        "rzecznik",
        needs=["dyskryminacja"],
        values=["rownosc"],
        name_en="Ombudsperson",
        kind="public",
        languages=["pl", "uk"],
        phone="+48 000 000 010",
        email="rzecznik@example.org",
        website="https://example.org/rzecznik",
    )
    organisation("porady", needs=["pomoc-prawna", "dyskryminacja"], languages=["pl", "pjm"])
    organisation("telefon", needs=["przemoc-domowa"], languages=["en", "de"], phone="+48 000 000 011")
    organisation("szkic", needs=["dyskryminacja"], languages=["uk"], publication_state=PublicationState.DRAFT)
    organisation("wycofana", needs=["dyskryminacja"], publication_state=PublicationState.WITHDRAWN)


def names(response):
    return [text_of(a) for a in soup(response).select(".help-item__title a")]


# The list and its filters -------------------------------------------------------------------------------------


def test_list_shows_only_published_entries_with_a_count(client, directory):
    response = client.get(LIST)
    assert response.status_code == 200
    assert sorted(names(response)) == ["Organizacja porady", "Organizacja rzecznik", "Organizacja telefon"]
    assert text_of(soup(response).select_one("#results")) == "3 organizacje"
    assert soup(response).select_one("#results")["aria-live"] == "polite"


@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?need=dyskryminacja", ["Organizacja porady", "Organizacja rzecznik"]),
        ("?language=uk", ["Organizacja rzecznik"]),
        ("?language=pjm", ["Organizacja porady"]),
        ("?need=dyskryminacja&language=pjm", ["Organizacja porady"]),
        ("?need=przemoc-domowa&language=de", ["Organizacja telefon"]),
        ("?need=&language=", ["Organizacja porady", "Organizacja rzecznik", "Organizacja telefon"]),
    ],
)
def test_filters_by_need_and_language(client, directory, query, expected):
    response = client.get(LIST + query)
    assert sorted(names(response)) == expected
    assert text_of(soup(response).select_one("#results")).startswith(str(len(expected)))


def test_filters_keep_their_state_in_the_form_and_the_links(client, directory):
    page = soup(client.get("/en/gdzie-szukac-pomocy/?need=dyskryminacja&language=pl"))
    assert page.select_one("#id_need option[selected]")["value"] == "dyskryminacja"
    assert page.select_one("#id_language option[selected]")["value"] == "pl"
    assert page.select_one("form.filters")["method"] == "get"
    assert page.select_one("a.reset")["href"] == "/en/gdzie-szukac-pomocy/"


def test_no_results_says_so_and_offers_the_whole_list(client, directory):
    page = soup(client.get("/en/gdzie-szukac-pomocy/?need=przemoc-domowa&language=uk"))
    assert text_of(page.select_one("#results")) == "0 organisations"
    message = page.select_one(".no-results")
    assert "No organisations match these filters." in text_of(message)
    assert message.select_one("a")["href"] == "/en/gdzie-szukac-pomocy/"


def test_an_empty_directory_says_nothing_is_published_yet(client, official):
    page = soup(client.get("/en/gdzie-szukac-pomocy/"))
    assert "No organisations have been published here yet." in text_of(page.select_one(".no-results"))


@pytest.mark.parametrize("query", ["?need=nie-ma-takiej&language=pl", "?language=xx&need=dyskryminacja"])
def test_bad_filters_get_a_message_and_the_valid_filter_still_applies(client, directory, query):
    response = client.get(LIST + query)
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one(".form-errors") is not None
    invalid = page.select_one('[aria-invalid="true"]')
    assert page.select_one(f"#{invalid['aria-describedby']}") is not None
    expected = ["Organizacja porady", "Organizacja rzecznik"]
    assert sorted(names(response)) == (expected if "need=dyskryminacja" in query else sorted(expected))


def test_list_labels_languages_and_needs_in_the_reader_language(client, directory):
    page = soup(client.get("/uk/gdzie-szukac-pomocy/?need=dyskryminacja&language=uk"))
    facts = text_of(page.select_one(".help-item .facts"))
    assert "українська" in facts.lower() or "Українська" in facts
    assert "дискримінація" in facts


def test_main_navigation_links_to_the_directory(client, directory):
    page = soup(client.get("/en/gdzie-szukac-pomocy/"))
    current = page.select_one('.main-nav a[aria-current="page"]')
    assert current["href"] == "/en/gdzie-szukac-pomocy/"
    assert text_of(current) == "Where to get help"


# An entry's page --------------------------------------------------------------------------------------------------


def test_entry_page_shows_everything_with_working_links(client, directory):
    response = client.get("/en/gdzie-szukac-pomocy/rzecznik/")
    assert response.status_code == 200
    page = soup(response)
    assert text_of(page.select_one("h1")) == "Ombudsperson"
    assert page.select_one('a[href="tel:+48000000010"]') is not None
    assert page.select_one('a[href="mailto:rzecznik@example.org"]') is not None
    website = page.select_one('a[href="https://example.org/rzecznik"]')
    assert "noopener" in website["rel"]
    assert "112" in text_of(page.select_one(".emergency")) and page.select_one('a[href="tel:112"]')
    languages = [text_of(li) for li in page.select("#languages ~ ul li")]
    assert languages == ["Polish", "Ukrainian"]
    assert page.select_one('a[href="/en/gdzie-szukac-pomocy/?need=dyskryminacja"]') is not None
    assert page.select_one('a[href="/en/wartosci/rownosc/"]') is not None
    assert page.select_one('[itemtype="https://schema.org/Organization"] [itemprop="telephone"]') is not None
    # No third-party resources: the website is a link, never an embed.
    html = response.content.decode()
    assert "<script" not in html and "<iframe" not in html


def test_entry_page_names_languages_in_polish_and_belarusian(client, directory):
    polish = soup(client.get("/gdzie-szukac-pomocy/porady/"))
    assert [text_of(li) for li in polish.select("#languages ~ ul li")] == ["polski", "polski język migowy (PJM)"]
    belarusian = soup(client.get("/be/gdzie-szukac-pomocy/porady/"))
    assert text_of(belarusian.select("#languages ~ ul li")[0]) == "польская"


def test_untranslated_entry_shows_the_polish_original_marked_as_such(client, directory):
    page = soup(client.get("/be/gdzie-szukac-pomocy/porady/"))
    assert page.select_one("h1")["lang"] == "pl"
    assert page.select_one(".fallback-notice") is not None


def test_drafts_are_not_public_and_withdrawn_entries_say_so(client, directory):
    assert client.get("/gdzie-szukac-pomocy/szkic/").status_code == 404
    page = soup(client.get("/en/gdzie-szukac-pomocy/wycofana/"))
    assert "withdrawn" in text_of(page.select_one(".withdrawn-notice"))
    assert "Organizacja wycofana" not in names(client.get(LIST))


def test_scheduled_entry_is_not_visible_before_its_time(client, official):
    from datetime import timedelta

    from django.utils import timezone

    organisation("pozniej", published_at=timezone.now() + timedelta(days=1))
    assert client.get("/gdzie-szukac-pomocy/pozniej/").status_code == 404
    assert names(client.get(LIST)) == []


def test_sitemap_lists_published_entries_only(client, directory):
    paths = sitemap_paths()
    assert "/gdzie-szukac-pomocy/" in paths and "/en/gdzie-szukac-pomocy/rzecznik/" in paths
    assert not any("szkic" in path for path in paths)


# Query counts -----------------------------------------------------------------------------------------------------


PAGES = [LIST, LIST + "?need=dyskryminacja&language=pl", "/en/gdzie-szukac-pomocy/rzecznik/", LIST + "?page=2"]


def grow(start, count):
    for index in range(start, start + count):
        organisation(
            f"org-{index:03}",
            needs=["dyskryminacja", "pomoc-prawna"][: 1 + index % 2],
            values=["rownosc", "wolnosc", "szacunek"][: 1 + index % 3],
            languages=["pl", "en", "uk"][: 1 + index % 3],
            is_demo=bool(index % 2),
        )


@pytest.mark.both_databases
def test_query_counts_do_not_grow_with_data(client, directory, django_assert_num_queries):
    grow(0, 25)
    small = {path: queries(client, path) for path in PAGES}
    grow(25, 100)
    assert HelpOrganisation.objects.published().count() == 128
    for path in PAGES:
        client.get(path)
        with django_assert_num_queries(small[path]):
            assert client.get(path).status_code == 200


# Demo content ---------------------------------------------------------------------------------------------------


def test_demo_entries_are_invented_and_labelled_everywhere(client, official):
    assert demo.load() == len(demo.ORGANISATIONS)
    assert demo.load() == 0  # idempotent
    for entry in HelpOrganisation.objects.all():
        assert entry.is_demo and "(demo)" in entry.name_pl
        assert not entry.phone or entry.phone.startswith("+48 000 000")
        assert not entry.email or entry.email.endswith("@example.org")
        assert not entry.website or entry.website.startswith("https://example.org/")
        page = soup(client.get(entry.get_absolute_url()))
        assert page.select_one(".flag--demo") is not None
        assert page.select_one(".demo-banner") is not None
    listing = soup(client.get(LIST))
    assert len(listing.select(".help-item .flag--demo")) == len(demo.ORGANISATIONS)
    assert listing.select_one(".demo-banner") is not None


def test_demo_banner_is_absent_without_demo_content(client, directory):
    assert soup(client.get(LIST)).select_one(".demo-banner") is None


def test_demo_commands_load_and_remove_the_entries(official, settings):
    devnull = open(os.devnull, "w")  # noqa: SIM115
    settings.DEBUG = True
    call_command("load_demo_content", stdout=devnull)
    assert HelpOrganisation.objects.filter(is_demo=True).count() == len(demo.ORGANISATIONS)
    organisation("prawdziwa")
    call_command("remove_demo_content", stdout=devnull)
    assert list(HelpOrganisation.objects.values_list("slug", flat=True)) == ["prawdziwa"]


def test_demo_is_refused_in_production_by_default(official, settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_content")
    assert not HelpOrganisation.objects.exists()


def test_official_content_holds_needs_but_no_organisations(official):
    assert Need.objects.filter(slug="dyskryminacja").exists()
    assert Need.objects.get(slug="przestepstwa-z-nienawisci").name_en == "hate crime"
    assert not HelpOrganisation.objects.exists()
    Need.objects.filter(slug="dyskryminacja").update(name_pl="zmieniona przez redakcję")
    call_command("load_official_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Need.objects.get(slug="dyskryminacja").name_pl == "zmieniona przez redakcję"


# The languages field ---------------------------------------------------------------------------------------------


@pytest.mark.both_databases
def test_languages_are_stored_portably_and_unknown_codes_refused(official):
    entry = organisation("jezyki", languages=["pl", "pjm"])
    entry.refresh_from_db()
    assert entry.languages == ["pl", "pjm"]
    assert list(HelpOrganisation.objects.speaking("pjm")) == [entry]
    assert not HelpOrganisation.objects.speaking("pl,pjm").exists()
    entry.languages = ["pl", "klingon"]
    with pytest.raises(ValidationError):
        entry.full_clean()


# Admin and roles --------------------------------------------------------------------------------------------------


def admin_data(**overrides):
    data = {
        "name_pl": "Nowa organizacja",
        "slug": "nowa-organizacja",
        "kind": "ngo",
        "description_pl": "Pomaga w sprawach dyskryminacji.",
        "needs": [Need.objects.get(slug="dyskryminacja").pk],
        "values": [Value.objects.get(slug="rownosc").pk],
        "phone": "+48 000 000 099",
        "email": "nowa@example.org",
        "website": "example.org/nowa",
        "languages": ["pl", "uk"],
        "step_free_access": "on",
        "publication_state": "draft",
    }
    for language in ("en", "uk", "be"):
        data.setdefault(f"name_{language}", "")
        data.setdefault(f"description_{language}", "")
    data.update(overrides)
    return data


def test_editor_drafts_and_publisher_publishes_in_the_admin(official, django_user_model, client):
    editor = staff_client(EDITOR, "redaktor")
    add = reverse("admin:helpdirectory_helporganisation_add")
    assert editor.get(add).status_code == 200
    response = editor.post(add, admin_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = HelpOrganisation.objects.get(slug="nowa-organizacja")
    assert entry.languages == ["pl", "uk"] and entry.step_free_access and not entry.is_demo
    assert entry.website == "https://example.org/nowa"
    assert client.get(entry.get_absolute_url()).status_code == 404

    # An Editor cannot publish, even with a crafted POST.
    change = reverse("admin:helpdirectory_helporganisation_change", args=[entry.pk])
    editor.post(change, admin_data(publication_state="published", seen_revision=entry.revision))
    entry.refresh_from_db()
    assert entry.publication_state != PublicationState.PUBLISHED

    publisher = staff_client(PUBLISHER, "publikujaca")
    response = publisher.post(
        change,
        admin_data(
            publication_state="published",
            published_at_0="2024-01-01",
            published_at_1="10:00:00",
            seen_revision=entry.revision,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert client.get(entry.get_absolute_url()).status_code == 200
    assert "Nowa organizacja" in names(client.get(LIST + "?language=uk"))


def test_bad_input_in_the_admin_is_explained_and_kept(official, django_user_model):
    editor = staff_client(EDITOR, "redaktor")
    response = editor.post(
        reverse("admin:helpdirectory_helporganisation_add"), admin_data(phone="call us!", languages=["xx"])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "call us!" in html
    assert not HelpOrganisation.objects.exists()


def test_roles_cover_the_directory(official):
    editor = set(Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True))
    publisher = set(Group.objects.get(name=PUBLISHER).permissions.values_list("codename", flat=True))
    assert {"view_helporganisation", "add_helporganisation", "change_helporganisation", "view_need"} <= editor
    assert not {"change_need", "add_need", "delete_helporganisation"} & editor
    assert {"change_need", "add_need", "delete_helporganisation", "change_helporganisation"} <= publisher


def test_only_publishers_edit_the_list_of_needs(official, django_user_model):
    need = Need.objects.get(slug="dyskryminacja")
    url = reverse("admin:helpdirectory_need_change", args=[need.pk])
    add = reverse("admin:helpdirectory_need_add")
    editor = staff_client(EDITOR, "redaktor")
    assert editor.get(url).status_code == 200  # a read-only view
    assert editor.get(add).status_code == 403
    assert editor.post(url, {"slug": need.slug, "name_pl": "zmiana", "order": 1}).status_code == 403
    assert staff_client(PUBLISHER, "publikujaca").get(add).status_code == 200


def test_published_entries_cannot_be_deleted_but_demo_ones_can(official):
    from publishing.models import PublishedRecordError

    real = organisation("prawdziwa")
    with pytest.raises(PublishedRecordError):
        real.delete()
    organisation("przyklad", is_demo=True).delete()
    assert not HelpOrganisation.objects.filter(slug="przyklad").exists()


# Open data ------------------------------------------------------------------------------------------------------


def test_api_lists_published_entries_filtered_like_the_page(client, directory):
    body = client.get("/api/v1/help?need=dyskryminacja&language=uk&lang=en").json()
    assert body["count"] == 1
    entry = body["results"][0]
    assert entry["slug"] == "rzecznik"
    assert entry["name"] == {"text": "Ombudsperson", "language": "en"}
    assert entry["languages"] == ["pl", "uk"] and entry["values"] == ["rownosc"]
    assert entry["needs"][0]["name"] == {"text": "discrimination", "language": "en"}
    assert entry["url"] == "http://testserver/en/gdzie-szukac-pomocy/rzecznik/"  # the page in that language
    every = client.get("/api/v1/help").json()
    assert sorted(item["slug"] for item in every["results"]) == ["porady", "rzecznik", "telefon"]


@pytest.mark.parametrize("query", ["need=nie-ma", "language=xx", "limit=0", "need=a%00b"])
def test_api_refuses_bad_filters_with_a_clear_400(client, directory, query):
    response = client.get(f"/api/v1/help?{query}")
    assert response.status_code == 400
    assert response.json()["error"]


def test_api_query_count_is_constant(client, directory):
    def count():
        client.get("/api/v1/help?limit=100")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/help?limit=100").status_code == 200
        return len(captured)

    small = count()
    grow(0, 40)
    assert count() == small


def test_admin_pages_open_for_the_directory(client, official, django_user_model):
    demo.load(count=1)
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-password-1"))
    entry, need = HelpOrganisation.objects.get(), Need.objects.first()
    for url in (
        reverse("admin:helpdirectory_helporganisation_changelist"),
        reverse("admin:helpdirectory_helporganisation_change", args=[entry.pk]),
        reverse("admin:helpdirectory_need_changelist"),
        reverse("admin:helpdirectory_need_change", args=[need.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="pl"' in response.content.decode()


# In the browser -------------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_directory_filters_work_with_the_keyboard_only(site, page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site.url + "/en/gdzie-szukac-pomocy/")
    total = page.locator(".help-item").count()
    assert total == 2
    # On a phone the filters wait behind their disclosure: open it from the keyboard.
    page.locator(".filters__more summary").focus()
    page.keyboard.press("Enter")
    page.locator("#id_language").focus()
    page.keyboard.press("ArrowDown")  # "any language" -> Polish
    page.keyboard.press("ArrowDown")  # English
    assert page.eval_on_selector("#id_language", "e => e.value") == "en"
    page.locator("button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "language=en" in page.url
    assert page.locator(".help-item").count() == 1
    assert page.locator("#results").inner_text() == "1 organisation"
    # Nothing is wider than a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.locator(".help-item__title a").click()
    assert page.locator(".flag--demo").is_visible()
    assert page.locator('a[href="tel:112"]').is_visible()
