"""Which exhibition a command imports into or exports: always an existing one (an import
never creates the exhibition page)."""

from ..models import ExhibitionPage


def chosen_exhibition(slug=None, language=None):
    """The exhibition the command's --exhibition and --language mean. Raises LookupError, with
    a message for the command's user, when there is none or several could be meant."""
    if not ExhibitionPage.objects.exists():
        raise LookupError(
            "There is no exhibition page yet. Create the exhibition page first (in the admin, "
            "under the home page), then run this command again."
        )
    return ExhibitionPage.objects.chosen(slug, language)
