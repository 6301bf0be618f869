"""Background work (django-tasks): renditions are made before visitors ask for them."""

from django_tasks import task
from wagtail.images import get_image_model

from infra.invalidation import invalidate

from .models import PortraitPage
from .renditions import filters_for, shown_publicly, sync


@task()
def prepare_renditions(image_id: int, use: str) -> int:
    """Create the public renditions an image needs for `use`, if the public sees it;
    existing ones are left as they are."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None or not shown_publicly([image_id]):  # deleted or hidden since queued
        return 0
    sync([image_id])  # sizes made while it was private become public rather than made twice
    return len(image.get_renditions(*filters_for(use)))


@task()
def refresh_glossary_terms(locale_id: int) -> int:
    """Match the portraits of one language again against its glossary, after a term of that
    language was added, changed or deleted; returns how many portraits changed."""
    changed = PortraitPage.objects.refresh_glossary_terms(locale_id)
    if changed:  # the term's own save outdated the cache before the pages changed
        invalidate()
    return changed
