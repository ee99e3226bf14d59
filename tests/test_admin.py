import pytest
from django.urls import reverse

from declaration.models import Declaration, Paragraph, Value
from pages.models import Page

pytestmark = pytest.mark.django_db

MODELS = [Declaration, Paragraph, Value, Page]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_open_for_each_model(staff, official, model):
    opts = model._meta
    obj = model.objects.first()
    for url in (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
    ):
        response = staff.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        # Translation tabs load jQuery UI from our own static files, never a CDN.
        assert "googleapis" not in html and "//ajax." not in html
    assert 'lang="pl"' in html


def test_admin_edits_a_value_translation(staff, official):
    value = Value.objects.get(slug="rownosc")
    url = reverse("admin:declaration_value_change", args=[value.pk])
    data = {
        "slug": "rownosc",
        "order": 1,
        "name_pl": "równość",
        "name_en": "equality",
        "name_uk": "рівність",
        "name_be": "роўнасць",
        "description_pl": value.description_pl,
        "description_en": "Edited in the admin.",
        "description_uk": value.description_uk,
        "description_be": value.description_be,
        "publication_state": "published",
        "published_at_0": "2024-01-01",
        "published_at_1": "10:00:00",
    }
    response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    value.refresh_from_db()
    assert value.description_en == "Edited in the admin."
    assert "Edited in the admin." in staff.get("/en/wartosci/rownosc/").content.decode()


def test_admin_requires_login(client, official):
    response = client.get(reverse("admin:declaration_declaration_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
