"""What the public sees of a published portrait changes only through review: its images (file,
alt text, credit, licence, crop, deletion) and the stages of the path; Wagtail's own groups
that published outside the workflow are gone."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gallery.models import ExhibitionImage, NaturalisationStage

from .factories import ExhibitionImageFactory, PortraitPageFactory
from .test_uploads import jpeg


def image_form(image, **changes):
    return {
        "title": image.title,
        "alt_text": image.alt_text,
        "credit": image.credit,
        "licence": image.licence,
        "collection": image.collection_id,
        "tags": "",
        **changes,
    }


@pytest.fixture
def published_photo(exhibition):
    return PortraitPageFactory(parent=exhibition, consent__full_name="Amina BEN HADDAD").photo


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"alt_text": "Une autre description de l'image"},
        {"credit": "Un autre atelier"},
        {"licence": "cc0-1.0"},
        {
            "focal_point_x": 10,
            "focal_point_y": 10,
            "focal_point_width": 20,
            "focal_point_height": 20,
        },
        {"file": "new"},
    ],
    ids=["alt text", "credit", "licence", "crop", "file"],
)
def test_curators_cannot_change_a_published_image_without_review(
    client, user_in, published_photo, change
):
    client.force_login(user_in("Curateurs"))
    if change.get("file"):
        change = {"file": SimpleUploadedFile("neuve.jpg", jpeg(), "image/jpeg")}
    response = client.post(
        reverse("wagtailimages:edit", args=[published_photo.pk]),
        image_form(published_photo, **change),
    )
    assert (
        "la modifier ou la supprimer changerait la page sans relecture" in response.content.decode()
    )
    stored = ExhibitionImage.objects.get(pk=published_photo.pk)
    assert (
        stored.alt_text,
        stored.credit,
        stored.licence,
        stored.file.name,
        stored.focal_point_x,
    ) == (
        published_photo.alt_text,
        published_photo.credit,
        published_photo.licence,
        published_photo.file.name,
        published_photo.focal_point_x,
    )
    # The title is the library's own label: it stays editable.
    client.post(
        reverse("wagtailimages:edit", args=[published_photo.pk]),
        image_form(published_photo, title="Rangée dans la médiathèque"),
    )
    assert ExhibitionImage.objects.get(pk=published_photo.pk).title == "Rangée dans la médiathèque"


@pytest.mark.django_db
def test_reviewers_change_it_but_never_to_name_the_person(client, user_in, published_photo):
    client.force_login(user_in("Relecteurs"))
    edit = reverse("wagtailimages:edit", args=[published_photo.pk])
    client.post(edit, image_form(published_photo, alt_text="Une silhouette à la fenêtre"))
    assert (
        ExhibitionImage.objects.get(pk=published_photo.pk).alt_text == "Une silhouette à la fenêtre"
    )
    named = client.post(edit, image_form(published_photo, credit="Photo : famille Ben Haddad"))
    assert "nom complet" in named.content.decode()
    assert ExhibitionImage.objects.get(pk=published_photo.pk).credit != "Photo : famille Ben Haddad"


@pytest.mark.django_db
def test_an_image_of_no_published_page_is_free_to_edit(client, user_in):
    image = ExhibitionImageFactory()
    client.force_login(user_in("Curateurs"))
    client.post(
        reverse("wagtailimages:edit", args=[image.pk]), image_form(image, credit="Atelier B")
    )
    assert ExhibitionImage.objects.get(pk=image.pk).credit == "Atelier B"


@pytest.mark.django_db
def test_curators_cannot_delete_a_published_image(client, user_in, published_photo):
    client.force_login(user_in("Curateurs"))
    delete = reverse("wagtailimages:delete", args=[published_photo.pk])
    assert client.post(delete).status_code in (302, 403)
    assert ExhibitionImage.objects.filter(pk=published_photo.pk).exists()
    client.force_login(user_in("Relecteurs"))
    client.post(delete)
    assert not ExhibitionImage.objects.filter(pk=published_photo.pk).exists()


@pytest.mark.django_db
def test_only_reviewers_rename_the_stages_of_the_path(client, user_in):
    stage = NaturalisationStage.objects.filter(locale__language_code="fr").first()
    edit = reverse("wagtailsnippets_gallery_naturalisationstage:edit", args=[stage.pk])
    data = {
        "name": "Nom changé",
        "slug": stage.slug,
        "explanation": stage.explanation,
        "group": stage.group,
    }
    client.force_login(user_in("Curateurs"))
    assert (
        client.get(reverse("wagtailsnippets_gallery_naturalisationstage:list")).status_code == 200
    )  # they still see them
    client.post(edit, data)
    assert NaturalisationStage.objects.get(pk=stage.pk).name == stage.name
    client.force_login(user_in("Relecteurs"))
    client.post(edit, data)
    assert NaturalisationStage.objects.get(pk=stage.pk).name == "Nom changé"


@pytest.mark.django_db
def test_wagtails_default_groups_no_longer_publish_outside_the_workflow(django_user_model):
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert set(Group.objects.values_list("name", flat=True)) == {"Curateurs", "Relecteurs"}
    # On a site that already had members in them, they move to the groups of the workflow.
    moderator = django_user_model.objects.create_user("moderatrice")
    moderator.groups.add(Group.objects.create(name="Moderators"))
    migration = importlib.import_module("gallery.migrations.0009_review_before_public_changes")
    migration.align(django_apps, schema_editor=None)
    assert list(moderator.groups.values_list("name", flat=True)) == ["Relecteurs"]
    assert not Group.objects.filter(name="Moderators").exists()
