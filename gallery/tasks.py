"""Background work (django-tasks): renditions are made before visitors ask for them."""

from django_tasks import task
from wagtail.images import get_image_model

from .renditions import filters_for


@task()
def prepare_renditions(image_id: int, use: str) -> int:
    """Create the renditions an image needs for `use`; existing ones are left as they are."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # deleted since the task was queued
        return 0
    return len(image.get_renditions(*filters_for(use)))
