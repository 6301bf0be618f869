"""What empties the public page cache: any change a visitor could see."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import get_page_models

from gallery.models.consent import portraits_taken_down

from .page_cache import invalidate, purge

# Models whose rows appear on public pages, or decide who may see them. Every page type is
# listed: Django sends save and delete signals for the concrete class only. Publishing,
# unpublishing and moving all save the page, so they need no signal of their own. A consent
# sets when its portrait's publication ends, which bounds how long a version may live.
PUBLIC_MODELS = [
    *(model._meta.label for model in get_page_models()),
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "wagtailredirects.Redirect",
    "gallery.ExhibitionImage",
    "gallery.NaturalisationStage",
    "gallery.Consent",
    "home.ExhibitionSettings",
    "home.Partner",
]

for label in PUBLIC_MODELS:
    model = apps.get_model(label)
    for signal in (post_save, post_delete):
        signal.connect(invalidate, sender=model, dispatch_uid=f"page-cache-{label}-{signal!r}")

# A person's consent took their portrait down: no copy of it may stay in the cache.
portraits_taken_down.connect(purge, dispatch_uid="page-cache-purge-taken-down")
