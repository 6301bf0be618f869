"""A large generated gallery, for benchmarks and trying the site at scale.

Every portrait is fictional and says so. Portraits share a small pool of generated
illustrations, so building 500 of them takes seconds rather than minutes of image encoding.
"""

import random
from collections import Counter

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Site
from wagtail.rich_text import RichText

from gallery.models import (
    CollectionEntry,
    CollectionIndexPage,
    Consent,
    CuratedCollectionPage,
    ExhibitionPage,
    IntegrationPathPage,
    NaturalisationStage,
    PortraitPage,
)
from gallery.models.consent import Scope

from .content import CONSENT_REFERENCE, CONSENT_SIGNED_ON
from .loader import ImageMaker

FIRST_NAMES = [
    "Amina", "Bilal", "Chiara", "Dawit", "Elif", "Fatou", "Goran", "Hana", "Idris", "Jamila",
    "Karim", "Lina", "Mariam", "Nuno", "Oksana", "Pavel", "Rania", "Sami", "Tenzin", "Yasmin",
]  # fmt: skip
COUNTRIES = ["AF", "DZ", "CD", "CO", "ER", "GN", "MA", "SY", "TN", "TR", "UA", "VN"]
TOWNS = ["Le Puy-en-Velay", "Brioude", "Yssingeaux", "Monistrol-sur-Loire", "Langeac"]
WORDS = [
    "langue", "travail", "école", "enfants", "voisins", "préfecture", "dossier", "formation",
    "cuisine", "atelier", "patience", "courage", "famille", "marché", "hiver", "fête",
    "musique", "football", "bibliothèque",
]  # fmt: skip


def sentence(rng, words=12):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


class GeneratedGallery:
    def __init__(self, portraits, collections=10, images=24, seed=2026):
        self.count = portraits
        self.collection_count = collections
        self.image_count = images
        self.rng = random.Random(seed)

    @transaction.atomic
    def build(self):
        home = Site.objects.get(is_default_site=True).root_page.specific
        stages = list(NaturalisationStage.objects.filter(locale=home.locale))
        images = ImageMaker(Counter())
        photos = [
            images.portrait(f"generated-{i}", f"portrait généré {i}")
            for i in range(self.image_count)
        ]
        exhibition = ExhibitionPage(
            title="Galerie générée", slug="galerie-generee", show_in_menus=True
        )
        home.add_child(instance=exhibition)
        portraits = []
        for number in range(1, self.count + 1):
            name = self.rng.choice(FIRST_NAMES)
            portrait = PortraitPage(
                title=f"Portrait généré n° {number}",
                slug=slugify(f"{name}-{number}"),
                display_name=name,
                is_fictional=True,
                photo=photos[number % len(photos)],
                quote=sentence(self.rng, 10),
                testimony=[("paragraph", RichText(f"<p>{sentence(self.rng, 40)}</p>"))] * 3,
                stage=self.rng.choice(stages),
                country_of_origin=self.rng.choice(COUNTRIES),
                arrival_year=self.rng.randint(2005, 2025),
                town=self.rng.choice(TOWNS),
            )
            exhibition.add_child(instance=portrait)
            Consent.objects.create(
                portrait=portrait,
                full_name=f"{name} EXEMPLE",  # invented, like the whole gallery
                signed_on=CONSENT_SIGNED_ON,
                form_reference=CONSENT_REFERENCE,
                **{f"covers_{scope}": True for scope in Scope},
            )
            portraits.append(portrait)
        index = CollectionIndexPage.objects.child_of(home).first()
        if index is None:
            index = CollectionIndexPage(title="Collections", slug="collections")
            home.add_child(instance=index)
        for number in range(1, self.collection_count + 1):
            chosen = self.rng.sample(portraits, min(12, len(portraits)))
            index.add_child(
                instance=CuratedCollectionPage(
                    title=f"Collection générée {number}",
                    slug=f"collection-generee-{number}",
                    introduction=f"<p>{sentence(self.rng)}</p>",
                    entries=[CollectionEntry(portrait=p, note=sentence(self.rng)) for p in chosen],
                )
            )
        if not IntegrationPathPage.objects.child_of(home).exists():
            home.add_child(instance=IntegrationPathPage(title="Le parcours", slug="parcours"))
        return exhibition, portraits
