"""Published with no publication time is impossible for every publishable model,
whatever the route: the model fills in "now", a bulk update does the same, and
the database refuses the rest. The models are found, not listed."""

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from publishing.models import Publishable

PUBLISHABLE = sorted(
    (model for model in apps.get_models() if issubclass(model, Publishable)), key=lambda m: m._meta.label
)


def test_every_publishable_model_is_found():
    assert len(PUBLISHABLE) >= 15


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda model: model._meta.label)
def test_the_database_refuses_public_without_a_time(model):
    names = {constraint.name for constraint in model._meta.constraints}
    assert f"{model._meta.app_label}_{model._meta.model_name}_public_has_time" in names, (
        f"{model._meta.label}: declare `class Meta(Publishable.Meta)` to keep the publication-time constraint"
    )


def rows(model):
    return model._base_manager.order_by("pk")


def test_every_route_gives_a_published_row_a_time(demo_content):
    exercised = []
    for model in PUBLISHABLE:
        row = rows(model).first()
        if row is None:
            continue
        exercised.append(model)
        # save() with the time left empty: public from now.
        row.publication_state, row.published_at = "published", None
        row.save()
        row.refresh_from_db()
        assert row.published_at is not None and row.is_published, model
        # A bulk update that publishes without a time: now, too.
        rows(model).filter(pk=row.pk).update(publication_state="draft", published_at=None)
        assert model.objects.filter(pk=row.pk).update(publication_state="published") == 1
        assert rows(model).get(pk=row.pk).published_at is not None, model
        # Anything that still tries is refused by the database.
        with pytest.raises(IntegrityError), transaction.atomic():
            rows(model).filter(pk=row.pk).update(published_at=None)
    assert len(exercised) >= 13, [model._meta.label for model in exercised]
