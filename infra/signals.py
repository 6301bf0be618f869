"""What outdates the page cache whatever the app: any page, and Wagtail's own public models.

Each app names its own models whose rows the public sees (`invalidate_on_change`, called from
its signals module).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import get_page_models
from wagtail.signals import post_page_move

from .invalidation import invalidate, invalidate_on_change, page_saved, remember_structure

# Every page type is connected: Django sends save and delete signals for the concrete class
# only. Publishing and unpublishing save the page; a move changes paths before its save.
for model in get_page_models():
    label = model._meta.label
    pre_save.connect(remember_structure, sender=model, dispatch_uid=f"page-cache-before-{label}")
    post_save.connect(page_saved, sender=model, dispatch_uid=f"page-cache-saved-{label}")
    post_delete.connect(invalidate, sender=model, dispatch_uid=f"page-cache-deleted-{label}")
post_page_move.connect(invalidate, dispatch_uid="page-cache-moved")

invalidate_on_change(
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "wagtailredirects.Redirect",
)
