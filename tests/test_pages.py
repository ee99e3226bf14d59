"""Required pages keep their addresses; any other page keeps its old address as a redirect."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pages.models import CONTACT, PRIVACY, Page
from publishing.models import published_now


@pytest.mark.parametrize("slug", [PRIVACY, CONTACT])
def test_a_required_page_cannot_be_renamed_by_any_route(official, staff, slug):
    page = Page.objects.get(slug=slug)
    page.slug = "inna"
    with pytest.raises(ValidationError):
        page.full_clean()
    with pytest.raises(ValidationError):
        page.save()
    # The admin shows the address but offers no field to change it.
    change = staff.get(reverse("admin:pages_page_change", args=[page.pk]))
    assert change.status_code == 200
    assert 'name="slug"' not in change.content.decode()


def test_a_required_page_cannot_be_withdrawn(official):
    page = Page.objects.get(slug=PRIVACY)
    page.publication_state = "withdrawn"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "publication_state" in error.value.message_dict


def test_the_footer_and_privacy_clause_addresses_answer(client, official):
    for slug in (PRIVACY, CONTACT):
        assert client.get(f"/strony/{slug}/").status_code == 200


def test_a_renamed_public_page_redirects_permanently_from_its_old_address(client, official):
    page = Page.objects.create(slug="regulamin", title_pl="Regulamin", body_pl="Treść.", **published_now())
    page.slug = "zasady"
    page.save()
    response = client.get("/strony/regulamin/")
    assert response.status_code == 301
    assert response["Location"] == "/strony/zasady/"
    assert client.get("/en/strony/regulamin/")["Location"] == "/en/strony/zasady/"
    # Renamed back: the address is the page's own again, no redirect loop.
    page.slug = "regulamin"
    page.save()
    assert client.get("/strony/regulamin/").status_code == 200
    assert client.get("/strony/zasady/")["Location"] == "/strony/regulamin/"


def test_a_draft_renamed_leaves_no_redirect(client, official):
    page = Page.objects.create(slug="szkic", title_pl="Szkic", body_pl="Treść.")
    page.slug = "szkic-2"
    page.save()
    assert client.get("/strony/szkic/").status_code == 404
