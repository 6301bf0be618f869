from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GalleryConfig(AppConfig):
    name = "gallery"
    verbose_name = _("Exposition")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.images import get_image_model
        from wagtail.permissions import register_permission_policy

        from . import (
            sheets,  # noqa: F401  (makes the printable sheets of Printable pages)
            signals,  # noqa: F401  (renditions and consent follow every change)
            views,  # noqa: F401  (completes the page types' public context)
        )
        from .image_permissions import reviewed_image_policy
        from .sharing import cards  # noqa: F401  (the cards other sites may frame)

        # For the exact class, so that it wins over the default wagtail.images registers later.
        register_permission_policy(get_image_model(), reviewed_image_policy(), exact_class=True)
