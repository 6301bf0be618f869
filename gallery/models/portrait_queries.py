"""What is asked of many portraits at once: which the public may see (by the consent rules,
in SQL), what their cards need, their glossary words matched again; and what the admin listing
asks of each row."""

from wagtail.models import PagePermissionTester

from infra import fragments

from .base import VisiblePageQuerySet
from .consent import origin_agreed, publishable, status_expression
from .glossary import GlossaryTerm

# The fields a portrait's glossary words are found in (PortraitPage.glossary_texts).
GLOSSARY_FIELDS = ("quote", "testimony", "easy_read", "glossary_terms")


class PortraitQuerySet(VisiblePageQuerySet):
    def visible(self):
        """What the public may see (see VisiblePageQuerySet), and only while the person's
        consent allows what each portrait shows."""
        return super().visible().filter(publishable())

    def with_consent_status(self):
        """Each portrait's consent status (a Status value) as `consent_status`, in SQL."""
        return self.annotate(consent_status=status_expression())

    def for_cards(self):
        """With what a gallery card shows: photo, stage, and whether the country of origin may
        be shown; the photos' renditions too, unless cards are kept (infra.fragments): then
        only the cards made afresh fetch theirs (card_tags.portrait_cards)."""
        cards = self.select_related("photo", "stage").annotate(origin_agreed=origin_agreed())
        return cards if fragments.enabled() else cards.prefetch_related("photo__renditions")

    def kept_cards(self, listed):
        """The portraits `listed` names as (id, origin_agreed) pairs, in that order, with what a
        card shows, in one plain query: for a list kept for the content version (a listing's
        page, a collection's entries, a search's results), which only a new version changes.
        A portrait gone since (its new version on its way) is left out."""
        rows = self.select_related("photo", "stage").in_bulk([pk for pk, _ in listed])
        portraits = []
        for pk, agreed in listed:
            if portrait := rows.get(pk):
                portrait.origin_agreed = agreed
                portraits.append(portrait)
        return portraits

    def with_renditions(self):
        """With every rendition of the photos prepared so far (a class sheet prints them)."""
        return self.prefetch_related("photo__renditions")

    def listing_rows(self):
        """These portraits in page order as (id, their stage's key as text, their country of
        origin where it may be shown else "", whether their origin may be shown): what a
        listing kept for the content version (infra.fragments) counts and filters on. Keys
        as text: a UUID takes 20 times longer to unpickle."""
        rows = self.order_by("path").annotate(agreed=origin_agreed())
        return [
            (pk, stage and str(stage), str(country or "") if agreed else "", agreed)
            for pk, stage, country, agreed in rows.values_list(
                "pk", "stage__translation_key", "country_of_origin", "agreed"
            )
        ]

    def with_public_country(self):
        """Only portraits whose country of origin is given and may be shown."""
        return self.exclude(country_of_origin="").filter(origin_agreed())

    def refresh_glossary_terms(self, locale_id):
        """Match these portraits of one language again against its glossary (after a term
        was added, changed or deleted) and store what changed: on the page row, which the
        public sees, without a new revision. A draft is matched again when it is saved or
        published. One query for the terms, one for the portraits, one per changed portrait;
        returns how many changed."""
        matcher = GlossaryTerm.objects.matcher_for(locale_id)
        changed = 0
        for portrait in self.filter(locale_id=locale_id).only(*GLOSSARY_FIELDS):
            before = portrait.glossary_terms
            portrait.match_glossary(matcher)
            if portrait.glossary_terms != before:
                type(portrait).objects.filter(pk=portrait.pk).update(
                    glossary_terms=portrait.glossary_terms
                )
                changed += 1
        return changed


class PortraitPermissionTester(PagePermissionTester):
    """Before letting someone who may not publish delete or move a page, Wagtail asks the
    database whether it or a page below it is live: a portrait has nothing below it, so its
    own `live` answers, without a query per row of the admin listing."""

    def can_delete(self, ignore_bulk=False):
        if (
            self.user.is_active
            and not self.user.is_superuser
            and self.page.is_leaf()
            and "change" in self.permissions
            and "publish" not in self.permissions
        ):
            return not self.page.live
        return super().can_delete(ignore_bulk)
