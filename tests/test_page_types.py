"""Every page type renders, and curators can create it where it belongs and nowhere else."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from gallery.models import (
    CollectionEntry,
    CollectionIndexPage,
    CuratedCollectionPage,
    ExhibitionPage,
    GlossaryPage,
    IntegrationPathPage,
    NaturalisationStage,
    PortraitPage,
)
from home.models import HomePage, InformationPage

from .factories import (
    CollectionIndexPageFactory,
    CuratedCollectionPageFactory,
    ExhibitionImageFactory,
    ExhibitionPageFactory,
    GlossaryPageFactory,
    GlossaryTermFactory,
    InformationPageFactory,
    PortraitPageFactory,
)

ALL_PAGE_TYPES = [
    HomePage,
    InformationPage,
    ExhibitionPage,
    PortraitPage,
    CollectionIndexPage,
    CuratedCollectionPage,
    GlossaryPage,
    IntegrationPathPage,
]


class PageTreeRulesTests(WagtailPageTestCase):
    """Where each page type may be created (parent_page_types / subpage_types)."""

    ALLOWED = {
        (Page, HomePage),
        (HomePage, ExhibitionPage),
        (HomePage, CollectionIndexPage),
        (HomePage, InformationPage),
        (InformationPage, InformationPage),
        (ExhibitionPage, PortraitPage),
        (CollectionIndexPage, CuratedCollectionPage),
        (HomePage, IntegrationPathPage),
        (HomePage, GlossaryPage),
    }

    def test_each_page_type_can_be_created_only_where_it_belongs(self):
        for parent in [Page, *ALL_PAGE_TYPES]:
            for child in ALL_PAGE_TYPES:
                with self.subTest(parent=parent.__name__, child=child.__name__):
                    if (parent, child) in self.ALLOWED:
                        self.assertCanCreateAt(parent, child)
                    else:
                        self.assertCanNotCreateAt(parent, child)

    def test_portraits_are_leaves_of_an_exhibition(self):
        self.assertAllowedParentPageTypes(PortraitPage, {ExhibitionPage})
        self.assertAllowedSubpageTypes(PortraitPage, set())
        self.assertAllowedSubpageTypes(ExhibitionPage, {PortraitPage})

    def test_one_glossary_per_site(self):
        home = HomePage.objects.get()
        self.assertTrue(GlossaryPage.can_create_at(home))
        GlossaryPageFactory(parent=home)
        self.assertFalse(GlossaryPage.can_create_at(home))
        self.assertAllowedSubpageTypes(GlossaryPage, set())

    def test_collections_live_under_the_collection_index(self):
        self.assertAllowedParentPageTypes(CuratedCollectionPage, {CollectionIndexPage})
        self.assertAllowedSubpageTypes(CuratedCollectionPage, set())

    def test_the_integration_path_is_a_leaf_of_the_home_page(self):
        self.assertAllowedParentPageTypes(IntegrationPathPage, {HomePage})
        self.assertAllowedSubpageTypes(IntegrationPathPage, set())


class RenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.exhibition = ExhibitionPageFactory(parent=cls.home)
        cls.portrait = PortraitPageFactory(parent=cls.exhibition, display_name="Amina")
        cls.index = CollectionIndexPageFactory(parent=cls.home)
        cls.collection = CuratedCollectionPageFactory(parent=cls.index)
        cls.collection.entries.add(CollectionEntry(portrait=cls.portrait, note="Une note."))
        cls.collection.save()
        cls.information = InformationPageFactory(parent=cls.home)
        cls.path = cls.home.add_child(
            instance=IntegrationPathPage(title="Le parcours", slug="parcours")
        )
        GlossaryTermFactory(term="préfecture", definition="Le bureau de l'État.")
        cls.glossary = GlossaryPageFactory(parent=cls.home)

    def test_every_page_type_renders(self):
        for page in [
            self.home,
            self.exhibition,
            self.portrait,
            self.index,
            self.collection,
            self.information,
            self.path,
            self.glossary,
        ]:
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)

    def test_portrait_renders_within_its_collection(self):
        self.assertPageIsRenderable(self.collection, route_path=f"{self.portrait.slug}/")
        self.assertPageIsRenderable(self.collection, route_path="inconnu/", accept_404=True)

    def test_the_path_renders_each_of_its_stages(self):
        response = self.client.get(self.path.url)
        for stage in NaturalisationStage.objects.filter(locale=self.path.locale):
            self.assertContains(response, escape(stage.name))
            self.assertPageIsRenderable(self.path, route_path=f"{stage.slug}/")
        self.assertContains(self.client.get(f"{self.path.url}{self.portrait.stage.slug}/"), "Amina")
        self.assertPageIsRenderable(self.path, route_path="inconnue/", accept_404=True)

    def test_every_page_type_is_editable_and_previewable(self):
        user = get_user_model().objects.create_superuser("admin", password="x")
        for page in [
            self.home,
            self.exhibition,
            self.index,
            self.collection,
            self.information,
            self.path,
            self.glossary,
        ]:
            with self.subTest(page=type(page).__name__):
                self.assertPageIsEditable(page, user=user)
                self.assertPageIsPreviewable(page, user=user)
        # A StreamField editor is built by JavaScript: its form data is given explicitly.
        portrait_data = nested_form_data(
            {
                "title": self.portrait.title,
                "slug": self.portrait.slug,
                "display_name": "Amina",
                "photo": self.portrait.photo_id,
                "quote": "Une phrase.",
                "testimony": streamfield([("paragraph", rich_text("<p>Un paragraphe.</p>"))]),
                "stage": self.portrait.stage_id,
                "journey": inline_formset([]),
            }
        )
        self.assertPageIsEditable(self.portrait, post_data=portrait_data, user=user)
        self.assertPageIsPreviewable(self.portrait, post_data=portrait_data, user=user)


class AdminCreationTests(WagtailPageTestCase):
    """Curators create each page type through the Wagtail admin forms."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.exhibition = ExhibitionPageFactory(parent=cls.home)
        cls.index = CollectionIndexPageFactory(parent=cls.home)
        cls.portrait = PortraitPageFactory(parent=cls.exhibition)
        cls.stages = list(NaturalisationStage.objects.order_by("position"))

    def setUp(self):
        self.client.force_login(self.create_superuser("admin"))  # login() skips axes' request

    def test_create_exhibition(self):
        self.assertCanCreate(
            self.home,
            ExhibitionPage,
            nested_form_data(
                {"title": "Deuxième exposition", "introduction": rich_text("<p>Intro</p>")}
            ),
        )

    def test_create_portrait_then_its_consent_then_publish(self):
        """The curator's path: draft, consent, publication."""
        photo = ExhibitionImageFactory()
        data = {
            "title": "La langue, première porte",
            "slug": "amina",
            "display_name": "Amina",
            "photo": photo.pk,
            "quote": "La langue, c'est la première porte.",
            "testimony": streamfield(
                [
                    ("paragraph", rich_text("<p>Je suis arrivée en hiver.</p>")),
                    (
                        "quotation",
                        {"text": "Ici, on m'a dit bonjour.", "attribution": "", "language": ""},
                    ),
                    ("figure", {"image": photo.pk, "caption": "Le Puy-en-Velay"}),
                ]
            ),
            "stage": self.stages[4].pk,
            "country_of_origin": "AF",
            "arrival_year": 2018,
            "town": "Le Puy-en-Velay",
            "languages": "dari, français",
            "journey": inline_formset(
                [
                    {"year": 2018, "month": 3, "stage": self.stages[0].pk, "text": "Arrivée."},
                    {"year": 2024, "month": "", "stage": "", "text": "Dossier déposé."},
                ]
            ),
        }
        # Without consent, publishing is refused and the editor says why.
        add_url = reverse(
            "wagtailadmin_pages:add", args=["gallery", "portraitpage", self.exhibition.pk]
        )
        response = self.client.post(add_url, nested_form_data({**data, "action-publish": "1"}))
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Aucun consentement n'est enregistré pour ce portrait.",
            response.context["form"].non_field_errors(),
        )
        self.assertFalse(PortraitPage.objects.filter(slug="amina").exists())

        self.assertCanCreate(self.exhibition, PortraitPage, nested_form_data(data), publish=False)
        portrait = PortraitPage.objects.get(slug="amina")
        self.assertFalse(portrait.live)
        edit_url = reverse("wagtailadmin_pages:edit", args=[portrait.pk])
        self.assertContains(self.client.get(edit_url), "Enregistrer le consentement")

        # The consent covers everything but the origin: the editor asks to remove its details.
        response = self.client.post(
            reverse("consents:add"),
            {
                "portrait": portrait.pk,
                "full_name": "Amina Haddad",
                "signed_on": "2025-10-01",
                "covers_photo": "on",
                "covers_name": "on",
                "covers_testimony": "on",
                "covers_stage": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        # Editing now: the journey's milestones exist and are sent with their ids.
        data["journey"] = inline_formset(
            [
                {
                    "id": m.pk,
                    "year": m.year,
                    "month": m.month or "",
                    "stage": m.stage_id or "",
                    "text": m.text,
                }
                for m in portrait.journey.all()
            ],
            initial=2,
        )
        response = self.client.post(edit_url, nested_form_data({**data, "action-publish": "1"}))
        self.assertEqual(response.status_code, 200)
        self.assertLessEqual(
            {"country_of_origin", "arrival_year", "town", "languages"},
            set(response.context["form"].errors),
        )

        no_origin = {"country_of_origin": "", "arrival_year": "", "town": "", "languages": ""}
        response = self.client.post(
            edit_url, nested_form_data({**data, **no_origin, "action-publish": "1"})
        )
        self.assertEqual(response.status_code, 302)
        portrait.refresh_from_db()
        self.assertTrue(portrait.live)
        self.assertEqual(portrait.stage, self.stages[4])
        self.assertEqual([m.text for m in portrait.journey.all()], ["Arrivée.", "Dossier déposé."])
        self.assertEqual(portrait.country_of_origin, "")

    def test_create_collection_with_ordered_portraits_and_notes(self):
        other = PortraitPageFactory(parent=self.exhibition)
        self.assertCanCreate(
            self.index,
            CuratedCollectionPage,
            nested_form_data(
                {
                    "title": "Premiers pas",
                    "introduction": rich_text("<p>Les premiers mois.</p>"),
                    "entries": inline_formset(
                        [
                            {"portrait": other.pk, "note": "D'abord celui-ci."},
                            {"portrait": self.portrait.pk, "note": ""},
                        ]
                    ),
                }
            ),
        )
        collection = CuratedCollectionPage.objects.get(slug="premiers-pas")
        self.assertEqual(
            [(e.portrait_id, e.note) for e in collection.entries.all()],
            [(other.pk, "D'abord celui-ci."), (self.portrait.pk, "")],
        )

    def test_a_portrait_appears_once_per_collection(self):
        url = reverse(
            "wagtailadmin_pages:add", args=["gallery", "curatedcollectionpage", self.index.pk]
        )
        data = nested_form_data(
            {
                "title": "Doublon",
                "slug": "doublon",
                "introduction": rich_text("<p>Intro</p>"),
                "entries": inline_formset(
                    [{"portrait": self.portrait.pk, "note": ""}] * 2,
                ),
                "action-publish": "action-publish",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)  # the form again, with the error
        formset = response.context["form"].formsets["entries"]
        self.assertIn("en double", str(formset.non_form_errors()))
        self.assertFalse(CuratedCollectionPage.objects.filter(slug="doublon").exists())

    def test_create_the_integration_path_once(self):
        self.assertCanCreate(
            self.home,
            IntegrationPathPage,
            nested_form_data(
                {"title": "Le parcours", "introduction": rich_text("<p>Étape par étape.</p>")}
            ),
        )
        path = IntegrationPathPage.objects.child_of(self.home).get()
        self.assertEqual((path.slug, path.live), ("le-parcours", True))
        # One path per site: the admin makes no second one.
        self.assertFalse(IntegrationPathPage.can_create_at(self.home))
        add = reverse(
            "wagtailadmin_pages:add", args=["gallery", "integrationpathpage", self.home.pk]
        )
        self.client.post(
            add, nested_form_data({"title": "Un autre parcours", "introduction": rich_text("")})
        )
        self.assertEqual(IntegrationPathPage.objects.count(), 1)

    def test_create_glossary_page(self):
        self.assertCanCreate(
            self.home,
            GlossaryPage,
            nested_form_data({"title": "Glossaire", "introduction": rich_text("<p>Les mots.</p>")}),
        )

    def test_create_information_page(self):
        self.assertCanCreate(
            self.home,
            InformationPage,
            nested_form_data({"title": "Mentions légales", "body": rich_text("<p>Éditeur…</p>")}),
        )


class ErrorPageTests(WagtailPageTestCase):
    def test_unknown_address_gets_the_sites_own_404(self):
        response = self.client.get("/cette-page-n-existe-pas/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Page introuvable", status_code=404)
        self.assertContains(response, 'class="site-header"', status_code=404)

    def test_server_error_page_renders_without_context_or_database(self):
        from django.template.loader import get_template

        with self.assertNumQueries(0):
            html = get_template("500.html").render({})
        self.assertIn("Le site rencontre un problème", html)


class PreviewTests(WagtailPageTestCase):
    """Curators preview a portrait before it is ever saved."""

    @classmethod
    def setUpTestData(cls):
        cls.exhibition = ExhibitionPageFactory(parent=HomePage.objects.get())
        cls.stage = NaturalisationStage.objects.order_by("position").first()

    def test_preview_of_a_new_portrait(self):
        self.client.force_login(self.create_superuser("admin"))  # login() skips axes' request
        photo = ExhibitionImageFactory()
        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["gallery", "portraitpage", self.exhibition.pk],
        )
        data = nested_form_data(
            {
                "title": "Brouillon",
                "slug": "brouillon",
                "display_name": "Nadia",
                "photo": photo.pk,
                "quote": "Une phrase encore en travaux.",
                "testimony": streamfield([("paragraph", rich_text("<p>Un début.</p>"))]),
                "stage": self.stage.pk,
                "journey": inline_formset([]),
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        response = self.client.get(url)
        self.assertContains(response, "Nadia")
        self.assertContains(response, "Une phrase encore en travaux.")
