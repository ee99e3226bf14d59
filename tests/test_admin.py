import pytest
from django.urls import reverse
from django.utils import timezone

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


def admin_models():
    from django.contrib import admin

    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("actions", [("view",), ("change",), ("view", "change")], ids="+".join)
def test_every_admin_page_opens_for_every_permission_combination(client, demo_content, django_user_model, actions):
    """Found by an outside review: a staff member with only the view permission on feedback
    got a 500. Every registered model, its list and an existing row's page, with only
    view, only change, or both permissions on it: never a server error."""
    from django.contrib.auth.models import Permission

    from . import factories

    factories.feedback(factories.commitment(), state="published")
    failures = []
    for number, model in enumerate(admin_models()):
        opts = model._meta
        user = django_user_model.objects.create_user(f"s{number}-{'-'.join(actions)}", password="x", is_staff=True)
        codenames = [f"{action}_{opts.model_name}" for action in actions]
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label=opts.app_label, codename__in=codenames)
        )
        client.force_login(user)
        row = model._default_manager.first()
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        if row is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
        for url in urls:
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"{status} {url} with {codenames}")
    assert len(admin_models()) >= 20
    assert not failures, "\n".join(failures)


def test_an_editor_cannot_change_a_published_answer(client, official, django_user_model):
    from publishing.roles import EDITOR

    from . import factories
    from .conftest import staff_client

    answer = factories.feedback(factories.commitment(), state="published", published_at=timezone.now())
    editor = staff_client(EDITOR, "redaktor")
    url = reverse("admin:dialogue_feedback_change", args=[answer.pk])
    page = editor.get(url)
    assert page.status_code == 200
    assert 'name="answer"' not in page.content.decode()  # read-only for Editors
    response = editor.post(url, {"state": "rejected", "answer": "Zmieniona.", "answer_language": "pl"})
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.state == "published" and answer.answer == "Odpowiedź redakcji."
