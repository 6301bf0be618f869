"""Builds the demo exhibition from `content.py` on a site that has no exhibition yet.

Once an exhibition exists the demo is left alone: running the loader again changes nothing,
neither bringing back what a curator deleted nor overwriting what they edited.
"""

import io
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection, Site
from wagtail.rich_text import RichText

from gallery.models import (
    CollectionEntry,
    CollectionIndexPage,
    Consent,
    ContentTheme,
    CuratedCollectionPage,
    CurriculumLink,
    ExhibitionImage,
    ExhibitionPage,
    GlossaryPage,
    GlossaryTerm,
    IntegrationPathPage,
    JourneyMilestone,
    Licence,
    NaturalisationStage,
    PortraitPage,
    TeacherPackIndexPage,
    TeacherPackPage,
    TeachingLevel,
    TeachingSubject,
)
from gallery.models.consent import Scope
from home.models import AccessibilityStatus, ExhibitionSettings, HomePage, InformationPage, Partner

from . import content, teacher_packs
from .artwork import group_artwork, landscape_artwork, portrait_artwork

IMAGE_COLLECTION = "Exposition de démonstration"
IMAGE_CREDIT = "Illustration générée par ordinateur (démonstration)"


class DemoError(Exception):
    """The site is not in a state the demo can be built on."""


class DemoExhibition:
    def __init__(self):
        self.created = Counter()

    @transaction.atomic
    def build(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None or not isinstance(site.root_page.specific, HomePage):
            raise DemoError(
                "the default site's root page is not a HomePage: run `manage.py migrate` on an "
                "empty database first."
            )
        home = site.root_page.specific
        self._accounts()
        if ExhibitionPage.objects.child_of(home).exists():
            return self.created
        self.stages = self._stages()
        self._glossary_terms()  # before the portraits, which match them when saved
        self.images = ImageMaker(self.created)
        exhibition = self._exhibition(home)
        portraits = {data["slug"]: self._portrait(exhibition, data) for data in content.PORTRAITS}
        collections = self._collections(home, portraits)
        self._integration_path(home)
        self._glossary_page(home)
        self._teacher_packs(home, portraits, collections)
        pages = {
            data["slug"]: self._information_page(home, data) for data in content.INFORMATION_PAGES
        }
        self._home(home, collections)
        self._credits(site, pages)
        return self.created

    # Vocabulary -------------------------------------------------------------------------------

    def _stages(self):
        stages = {s.slug: s for s in NaturalisationStage.objects.filter(locale__language_code="fr")}
        needed = {data["stage"] for data in content.PORTRAITS}
        missing = sorted(needed - stages.keys())
        if missing:
            raise DemoError(f"naturalisation stages missing: {', '.join(missing)}; run migrate.")
        return stages

    def _glossary_terms(self):
        """The French glossary; a term a curator already wrote (same anchor) is kept."""
        existing = set(
            GlossaryTerm.objects.filter(locale__language_code="fr").values_list("slug", flat=True)
        )
        for term, variants, definition, url, slug in content.GLOSSARY:
            term = GlossaryTerm(
                term=term,
                variants="\n".join(variants),
                definition=definition,
                official_url=url,
                slug=slug,
            )
            term.full_clean(exclude=["locale", "translation_key"])  # fills the anchor
            if term.slug in existing:
                continue
            term.save()
            self.created["glossary terms"] += 1

    # Pages ------------------------------------------------------------------------------------

    def _child(self, parent, model, slug, before_publishing=None, **fields):
        """The child of `parent` with this slug, created and published if it does not exist."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, **fields)
            parent.add_child(instance=page)
            if before_publishing:
                before_publishing(page)
            page.save_revision().publish()
            self.created[model.__name__] += 1
        return page

    def _exhibition(self, home):
        data = content.EXHIBITION
        return self._child(
            home,
            ExhibitionPage,
            data["slug"],
            title=data["title"],
            introduction=data["introduction"],
            venue_note=data["venue_note"],
            shown_from=data["shown_from"],
            shown_until=data["shown_until"],
            show_in_menus=True,
        )

    def _portrait(self, exhibition, data):
        existing = PortraitPage.objects.child_of(exhibition).filter(slug=data["slug"]).first()
        if existing:
            return existing
        testimony = []
        for kind, value in data["testimony"]:
            if kind == "paragraph":
                testimony.append(("paragraph", RichText(value)))
            elif kind == "quotation":
                testimony.append(("quotation", {"text": value, "attribution": ""}))
            else:
                landscape, caption = value
                testimony.append(
                    ("figure", {"image": self.images.landscape(landscape), "caption": caption})
                )
        journey = [
            JourneyMilestone(
                year=year, month=month, stage=self.stages.get(stage) if stage else None, text=text
            )
            for year, month, stage, text in data["journey"]
        ]
        return self._child(
            exhibition,
            PortraitPage,
            data["slug"],
            title=data["title"],
            display_name=data["display_name"],
            name_is_pseudonym=data.get("name_is_pseudonym", False),
            is_fictional=True,
            photo=self.images.portrait(data["slug"], data["display_name"]),
            quote=data["quote"],
            testimony=testimony,
            testimony_note=data["testimony_note"],
            easy_read=data.get("easy_read", ""),
            content_themes=list(
                ContentTheme.objects.filter(
                    locale__language_code="fr", slug__in=data.get("content_themes", [])
                )
            ),
            content_note=data.get("content_note", ""),
            minimum_level=data.get("minimum_level", ""),
            stage=self.stages[data["stage"]],
            country_of_origin=data["country"],
            arrival_year=data["arrival_year"],
            town=data["town"],
            languages=data["languages"],
            journey=journey,
            before_publishing=lambda page: self._consent(page, data),
        )

    def _consent(self, portrait, data):
        """Fictional people sign no form; the record says so and covers what the page shows."""
        ends_in = data.get("consent_ends_in_days")
        Consent.objects.create(
            portrait=portrait,
            full_name=data["full_name"],
            signed_on=content.CONSENT_SIGNED_ON,
            valid_until=timezone.localdate() + timedelta(days=ends_in) if ends_in else None,
            form_reference=content.CONSENT_REFERENCE,
            **{f"covers_{scope}": True for scope in Scope},
        )

    def _collections(self, home, portraits):
        data = content.COLLECTION_INDEX
        index = self._child(
            home,
            CollectionIndexPage,
            data["slug"],
            title=data["title"],
            introduction=data["introduction"],
            show_in_menus=True,
        )
        collections = {}
        for data in content.COLLECTIONS:
            entries = [
                CollectionEntry(portrait=portraits[slug], note=note)
                for slug, note in data["portraits"]
            ]
            collections[data["slug"]] = self._child(
                index,
                CuratedCollectionPage,
                data["slug"],
                title=data["title"],
                introduction=data["introduction"],
                entries=entries,
            )
        return collections

    def _integration_path(self, home):
        data = content.INTEGRATION_PATH
        return self._child(
            home,
            IntegrationPathPage,
            data["slug"],
            title=data["title"],
            introduction=data["introduction"],
            show_in_menus=True,
        )

    def _glossary_page(self, home):
        data = content.GLOSSARY_PAGE
        return self._child(
            home,
            GlossaryPage,
            data["slug"],
            title=data["title"],
            introduction=data["introduction"],
            show_in_menus=True,
        )

    def _teacher_packs(self, home, portraits, collections):
        data = teacher_packs.TEACHER_PACK_INDEX
        index = self._child(
            home,
            TeacherPackIndexPage,
            data["slug"],
            title=data["title"],
            introduction=data["introduction"],
            show_in_menus=True,
        )
        terms = {t.slug: t for t in GlossaryTerm.objects.filter(locale__language_code="fr")}
        for data in teacher_packs.TEACHER_PACKS:
            activities = [
                (
                    "activity",
                    {
                        "title": activity["title"],
                        "portraits": [portraits[slug] for slug in activity.get("portraits", [])],
                        "stages": [self.stages[slug] for slug in activity.get("stages", [])],
                        "collection": collections.get(activity.get("collection")),
                        "prompts": [
                            {"kind": kind, "text": text} for kind, text in activity["prompts"]
                        ],
                        "vocabulary": [terms[slug] for slug in activity.get("vocabulary", [])],
                        "teacher_notes": RichText(activity["notes"]),
                    },
                )
                for activity in data["activities"]
            ]
            self._child(
                index,
                TeacherPackPage,
                data["slug"],
                title=data["title"],
                introduction=data["introduction"],
                levels=list(TeachingLevel.objects.filter(code__in=data["levels"])),
                subjects=list(TeachingSubject.objects.filter(code__in=data["subjects"])),
                duration=data["duration"],
                minutes=data["minutes"],
                objectives=data["objectives"],
                curriculum_links=[
                    CurriculumLink(label=label, url=url) for label, url in data["curriculum"]
                ],
                activities=activities,
            )
        return index

    def _information_page(self, home, data):
        return self._child(
            home,
            InformationPage,
            data["slug"],
            title=data["title"],
            body=data["body"],
            show_in_menus=data["show_in_menus"],
        )

    def _home(self, home, collections):
        """Fill the home page the migration created, once: a curator's edits are kept."""
        if home.introduction:
            return
        home.title = content.HOME["title"]
        home.introduction = content.HOME["introduction"]
        home.featured_collection = collections[content.HOME["featured_collection"]]
        home.hero_image = self.images.group()
        home.save_revision().publish()
        self.created["home page"] += 1

    def _credits(self, site, pages):
        credits = ExhibitionSettings.for_site(site)
        if credits.producer:
            return
        credits.producer = content.CREDITS["producer"]
        credits.venue = content.CREDITS["venue"]
        credits.demo_notice = content.DEMO_NOTICE
        credits.accessibility_status = AccessibilityStatus.NOT_COMPLIANT
        credits.accessibility_statement = pages["accessibilite"]
        credits.partners = [
            Partner(name=name, role=role) for name, role in content.CREDITS["partners"]
        ]
        credits.save()
        self.created["credits"] += 1

    def _accounts(self):
        """The demo accounts, one per role, in development settings only. An account
        without a group is a superuser (site settings, users)."""
        User = get_user_model()
        for account in getattr(settings, "DEMO_ACCOUNTS", None) or []:
            if User.objects.filter(username=account["username"]).exists():
                continue
            if account["group"] is None:
                User.objects.create_superuser(account["username"], "", account["password"])
            else:
                user = User.objects.create_user(account["username"], "", account["password"])
                user.groups.add(Group.objects.get(name=account["group"]))
            self.created["accounts"] += 1


class ImageMaker:
    """Generates each demo illustration once, in its own image collection."""

    def __init__(self, created):
        self.created = created
        root = Collection.get_first_root_node()
        self.collection = root.get_children().filter(name=IMAGE_COLLECTION).first()
        if self.collection is None:
            self.collection = root.add_child(name=IMAGE_COLLECTION)

    def _image(self, title, filename, artwork):
        image = ExhibitionImage.objects.filter(title=title, collection=self.collection).first()
        if image is None:
            data, alt_text = artwork()
            image = ExhibitionImage(
                title=title,
                file=ImageFile(io.BytesIO(data), name=filename),
                alt_text=alt_text,
                credit=IMAGE_CREDIT,
                licence=Licence.CC0,
                collection=self.collection,
            )
            image._set_image_file_metadata()
            image.save()
            self.created["images"] += 1
        return image

    def portrait(self, slug, name):
        return self._image(
            f"Illustration de démonstration — {name}",
            f"demo-portrait-{slug}.jpg",
            lambda: portrait_artwork(slug),
        )

    def landscape(self, key):
        seed, title = content.LANDSCAPES[key]
        return self._image(title, f"demo-{seed}.jpg", lambda: landscape_artwork(seed))

    def group(self):
        return self._image(
            "Illustration de démonstration — accueil",
            "demo-accueil.jpg",
            lambda: group_artwork("accueil"),
        )
