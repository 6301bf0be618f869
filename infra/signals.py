"""What outdates the page cache whatever the app: any page, and Wagtail's own public models.

Each app names its own models whose rows the public sees (`invalidate_on_change`, called from
its signals module).
"""

from wagtail.models import get_page_models

from .page_cache import invalidate_on_change

# Every page type is listed: Django sends save and delete signals for the concrete class only.
# Publishing, unpublishing and moving all save the page, so they need no signal of their own.
invalidate_on_change(
    *(model._meta.label for model in get_page_models()),
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
    "wagtailredirects.Redirect",
)
