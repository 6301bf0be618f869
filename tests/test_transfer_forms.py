"""The row form: one Django form per CSV row, errors keyed by column, limits and validators
taken from the model fields, consent rules asked of models/consent.py."""

import pytest

from gallery.models import NaturalisationStage, PortraitPage
from gallery.transfer.columns import ALL, BASIC, BY_NAME, NAMES
from gallery.transfer.forms import RowForm, from_model
from gallery.transfer.sources import PhotoFolder

from .test_import_export import ROWS, photo


@pytest.fixture
def photos(tmp_path):
    photo(tmp_path / "zoe.jpg")
    return PhotoFolder(tmp_path)


def form_for(photos, publish=False, **changes):
    data = dict.fromkeys(NAMES, "") | ROWS[0] | changes
    stages = list(NaturalisationStage.objects.all())
    return RowForm(data, stages=stages, photos=photos, publish=publish)


@pytest.mark.django_db
def test_a_valid_row_gives_the_values_the_models_hold(photos):
    form = form_for(photos)
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["slug"] == "zoe" and data["country"] == "SN" and data["arrival_year"] == 2021
    assert data["stage"].slug == "arrivee" and data["licence"] == "cc-by-4.0"
    assert data["collections"] == ["premiers-pas"] and data["pseudonym"] is False
    assert data["photo"].name != "zoe.jpg", "the stored photo gets an anonymous name"


@pytest.mark.django_db
def test_errors_are_keyed_by_column(photos):
    form = form_for(
        photos,
        display_name="x" * 81,
        stage="inconnue",
        consent_signed_on="01/03/2025",
        arrival_year="²⁰¹⁹",
    )
    assert not form.is_valid()
    assert set(form.errors) == {"display_name", "stage", "consent_signed_on", "arrival_year"}
    assert dict(form.problems())["display_name"] == "au plus 80 caractères."
    assert "AAAA-MM-JJ" in dict(form.problems())["consent_signed_on"]


def test_every_limit_is_the_model_fields_own():
    for column in ALL:
        model_field = column.model_field()
        limit = getattr(model_field, "max_length", None)
        if limit is not None and not model_field.choices:  # choices: checked by value
            assert RowForm.base_fields[column.name].max_length == limit, column.name
    assert RowForm.base_fields["town"].max_length == PortraitPage._meta.get_field("town").max_length
    assert set(RowForm.base_fields) == set(NAMES), "one form field per column"
    assert set(BASIC) < set(NAMES) and BY_NAME["journey"].exported


def test_a_changed_model_limit_changes_the_forms(monkeypatch):
    monkeypatch.setattr(PortraitPage._meta.get_field("town"), "max_length", 10)
    field = from_model("town")
    assert field.max_length == 10
    with pytest.raises(Exception, match="au plus 10 caractères"):
        field.clean("Clermont-Ferrand")


@pytest.mark.django_db
def test_the_model_validators_are_reused(photos):
    """arrival_year's MinValueValidator(EARLIEST_YEAR) is the model field's."""
    form = form_for(photos, arrival_year="1900")
    assert not form.is_valid() and list(form.errors) == ["arrival_year"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "columns"),
    [
        ({"display_name": "Zoé Martin-Ndiaye", "full_name": "Zoé"}, {"full_name"}),
        ({"quote": "Martin-Ndiaye, c'est moi."}, {"quote"}),
        ({"consent_scope": "photo;testimony;stage;name"}, {"country", "arrival_year", "town"}),
        ({"consent_scope": "photo;stage;name;origin"}, {"consent_scope"}),
        ({"pseudonym": "non", "consent_scope": "photo;testimony;stage;origin"}, {"display_name"}),
        ({"consent_until": "2025-01-01"}, {"consent_until"}),  # before its signature
    ],
)
def test_the_consent_rules_are_the_consent_modules(photos, changes, columns):
    form = form_for(photos, **changes)
    assert not form.is_valid()
    assert set(form.errors) == columns


@pytest.mark.django_db
def test_an_ended_consent_cannot_be_published(photos):
    changes = {"consent_signed_on": "2020-01-01", "consent_until": "2021-01-01"}
    assert form_for(photos, **changes).is_valid()
    form = form_for(photos, publish=True, **changes)
    assert list(form.errors) == ["consent_until"]


@pytest.mark.django_db
def test_every_wrong_milestone_of_the_journey_is_reported(photos):
    journey = "2019-13;;Un mois qui n'existe pas\n2020;arrivee;Arrivée\n1850;;Trop tôt\nsans date"
    form = form_for(photos, journey=journey)
    assert not form.is_valid()
    messages = [message for column, message in form.problems() if column == "journey"]
    assert len(messages) == 3, messages
    assert messages[0] == "date impossible : « 2019-13 »."


@pytest.mark.django_db
def test_an_easy_read_version_is_text_or_the_editors_html(photos):
    plain = form_for(
        photos, easy_read="Je suis arrivée.\n\nJ'apprends vite & bien.", easy_read_falc="oui"
    )
    assert plain.is_valid(), plain.errors
    assert (
        plain.cleaned_data["easy_read"]
        == "<p>Je suis arrivée.</p><p>J&#x27;apprends vite &amp; bien.</p>"
    )
    assert plain.cleaned_data["easy_read_falc"] is True

    hostile = form_for(photos, easy_read="<p>Bonjour</p><script>alert(1)</script>")
    assert not hostile.is_valid()
    assert "<script>" in dict(hostile.problems())["easy_read"]


@pytest.mark.django_db
def test_the_easy_read_version_never_names_the_person(photos):
    surname = ROWS[0]["full_name"].split()[-1]
    form = form_for(photos, easy_read=f"<p>Je suis Zoé {surname}.</p>")
    assert not form.is_valid()
    assert "nom complet" in dict(form.problems())["easy_read"]


@pytest.mark.django_db
def test_content_themes_come_from_the_controlled_list(photos):
    form = form_for(photos, content_themes="exil;guerre", minimum_level="cycle-4")
    assert form.is_valid(), form.errors
    assert [t.slug for t in form.cleaned_data["content_themes"]] == ["exil", "guerre"]

    unknown = form_for(photos, content_themes="exil;tristesse", minimum_level="college")
    assert not unknown.is_valid()
    problems = dict(unknown.problems())
    assert "tristesse" in problems["content_themes"] and "exil" not in problems["content_themes"]
    assert "minimum_level" in problems
