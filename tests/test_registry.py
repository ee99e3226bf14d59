"""Publishing is a registry: each app declares what it publishes in its own
publishable.py, and publishing, search, the sitemap and the content loader
read those declarations without importing the apps.

The throwaway app (tests/throwaway, installed by the test settings only) has
a model, its migration, a version template and one registration; nothing
else in the project names it."""

import ast
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.utils import translation

from publishing import registry, versions
from publishing.models import PublicVersion, published_now
from publishing.roles import EDITOR, PUBLISHER
from search.engine import search
from tests.throwaway.models import Leaflet

from .html import soup, text_of
from .public_pages import sitemap_paths

BASE_DIR = Path(settings.BASE_DIR)


def leaflet(**fields):
    return Leaflet.objects.create(
        slug="prawa-lokatorow",
        title_pl="Prawa lokatorów",
        title_en="Tenants' rights",
        body_pl="Co może zrobić lokator, gdy właściciel podnosi czynsz bez uprzedzenia.",
        body_en="What a tenant can do when the landlord raises the rent without notice.",
        **fields,
    )


@pytest.mark.django_db
def test_one_registration_makes_a_model_versioned_searchable_in_the_sitemap_and_in_the_roles(client):
    draft = leaflet()
    assert versions.record(draft) is None
    assert not [r for r in search("lokatorów") if r.kind == "Leaflet"]
    assert "/wersje/ulotka/prawa-lokatorow/" not in sitemap_paths()

    draft.publish()
    draft.save()
    first = versions.record(draft)

    # Versioned: recorded under its registered URL word, with history, version and change pages.
    assert (first.kind, first.key, first.number) == ("ulotka", "prawa-lokatorow", 1)
    history = soup(client.get("/en/wersje/ulotka/prawa-lokatorow/"))
    assert text_of(history.h1) == "Tenants' rights"
    page = soup(client.get("/en/wersje/ulotka/prawa-lokatorow/1/"))  # rendered by the registered template
    assert text_of(page.h1) == "Tenants' rights"
    assert "landlord raises the rent" in text_of(page.select_one(".leaflet-body"))
    draft.title_en = "Tenants' rights in Białystok"
    draft.save()
    second = versions.record(draft, major=True, note={"pl": "Nowy tytuł."})
    assert second.number == 2
    changes = soup(client.get("/en/wersje/ulotka/prawa-lokatorow/2/zmiany/"))
    assert "Leaflet title" in text_of(changes.main)  # the registered diff label
    assert "Białystok" in " ".join(text_of(tag) for tag in changes.select("main ins"))
    assert client.get("/wersje/ulotka/prawa-lokatorow/2/cytowanie.bib").status_code == 200

    # Searchable, with the registered fields, in the active language and in Polish.
    found = [r for r in search("lokatorów") if r.kind == "Leaflet"]
    assert [r.url for r in found] == [draft.get_absolute_url()]
    with translation.override("en"):
        assert [r.title for r in search("landlord") if r.kind == "Leaflet"] == ["Tenants' rights in Białystok"]
    results = soup(client.get("/szukaj/", {"q": "czynsz"}))
    assert draft.get_absolute_url() in [a["href"] for a in results.select("main a[href]")]

    # In the sitemap, in every language.
    paths = sitemap_paths()
    for prefix in ("", "/en", "/uk", "/be"):
        assert f"{prefix}/wersje/ulotka/prawa-lokatorow/" in paths

    # In the roles: Editors view, add and change leaflets; Publishers also delete them.
    def leaflet_permissions(role):
        group = Group.objects.get(name=role)
        return set(group.permissions.filter(content_type__app_label="throwaway").values_list("codename", flat=True))

    assert leaflet_permissions(EDITOR) == {"view_leaflet", "add_leaflet", "change_leaflet"}
    assert leaflet_permissions(PUBLISHER) == {"view_leaflet", "add_leaflet", "change_leaflet", "delete_leaflet"}
    assert "throwaway" in registry.content_apps()


@pytest.mark.django_db
def test_the_official_content_loader_runs_each_registered_loader(monkeypatch):
    def load():
        leaflet(**published_now())

    monkeypatch.setattr(registry._apps["throwaway"], "official", load)
    call_command("load_official_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Leaflet.objects.published().filter(slug="prawa-lokatorow").exists()
    # And every app's own loader ran: the declaration, the framework, the needs in Where to get help…
    assert {version.kind for version in PublicVersion.objects.all()} == {"deklaracja", "wartosc", "element"}
    assert apps.get_model("helpdirectory", "Need").objects.exists()
    assert apps.get_model("pages", "Page").objects.exists()


@pytest.mark.django_db
def test_roles_are_kept_by_a_post_migrate_handler():
    def held(role):
        group = Group.objects.get(name=role)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}

    Group.objects.filter(name__in=[EDITOR, PUBLISHER]).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    # Every permission an app declares exists (a misspelt codename would be missing here).
    assert held(EDITOR) == registry.role_permissions(registry.EDITOR)
    assert held(PUBLISHER) == registry.role_permissions(registry.PUBLISHER)
    assert {"commitments.change_commitment", "dialogue.change_feedback", "throwaway.change_leaflet"} <= held(EDITOR)
    assert "publishing.publish" in held(PUBLISHER) - held(EDITOR)

    # Idempotent, and it puts back a permission taken away by hand.
    Group.objects.get(name=EDITOR).permissions.clear()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert held(EDITOR) == registry.role_permissions(registry.EDITOR)
    assert Group.objects.filter(name__in=[EDITOR, PUBLISHER]).count() == 2


@pytest.mark.django_db
def test_a_model_that_snapshots_itself_but_is_not_registered_is_reported(monkeypatch):
    monkeypatch.delitem(registry._versioned_models, "throwaway.leaflet")
    errors = registry.check_versioned_models()
    assert [(error.id, error.obj) for error in errors] == [("publishing.E001", Leaflet)]
    with pytest.raises(LookupError, match=r"throwaway\.Leaflet keeps no public versions"):
        versions.record(leaflet(**published_now()))


# Imports --------------------------------------------------------------------------------------------------------------


def project_apps():
    """{top-level package: app label} for the project's own apps (not the test app)."""
    return {
        config.name.split(".")[0]: config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(BASE_DIR)
        and "site-packages" not in Path(config.path).parts
        and not config.name.startswith("tests.")
    }


def imported_packages(path):
    """Top-level packages imported anywhere in a file (module level or inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def sources(package):
    return sorted((BASE_DIR / package).rglob("*.py"))


def test_publishing_search_and_the_sitemap_import_no_app_they_serve(tmp_path):
    served = {label for label in registry.content_apps() if label != "publishing"}
    # The apps that register content, by their package names; and search, which reads publishing.
    consumers = {apps.get_app_config(label).name.split(".")[0] for label in served} | {"search"}
    assert {"declaration", "commitments", "pages", "accessibility", "helpdirectory", "dialogue", "opendata"} < consumers
    files = {
        "publishing": sources("publishing"),
        "search": sources("search"),
        "sitemap": [BASE_DIR / "bialystok_hrc" / "sitemaps.py"],
    }
    assert len(files["publishing"]) > 15
    wrong = {}
    for reader, paths in files.items():
        for path in paths:
            imported = imported_packages(path) & (consumers - {reader})
            if imported:
                wrong[str(path.relative_to(BASE_DIR))] = sorted(imported)
    assert wrong == {}
    # The walk sees imports inside functions too, where the lazy ones hide.
    sample = tmp_path / "sample.py"
    sample.write_text("import json\n\ndef f():\n    from commitments.models import Commitment\n")
    assert imported_packages(sample) == {"json", "commitments"}


def test_the_apps_import_each_other_without_cycles():
    """The apps form layers (languages → publishing → declaration → commitments
    → dialogue…): an app never imports one that imports it, directly or not.
    This is what keeps commitments from importing the residents' dialogue."""
    packages = project_apps()
    graph = {
        package: set().union(*(imported_packages(path) for path in sources(package))) & set(packages) - {package}
        for package in packages
    }
    assert "commitments" in graph["dialogue"] and "dialogue" not in graph["commitments"]

    def reaches(start, goal, seen):
        return any(package == goal or reaches(package, goal, seen | {package}) for package in graph[start] - seen)

    cycles = sorted(package for package in graph if reaches(package, package, set()))
    assert cycles == []
