from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfraConfig(AppConfig):
    name = "infra"
    verbose_name = _("Infrastructure du site")

    def ready(self):
        from . import signals  # noqa: F401  (what any change a visitor could see outdates)
