"""What the exhibition's page types share: rich-text features, an introduction, a queryset of
what an anonymous visitor may see (and a page's translations they may see), and the hook by
which the public views complete a page."""

from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

# Editorial text: structure and emphasis, nothing that could break the page's design.
TEXT_FEATURES = ["bold", "italic", "link", "h2", "h3", "ol", "ul"]


class VisiblePageQuerySet(PageQuerySet):
    def visible(self):
        """Live pages outside any private section and not past their end: what the public
        may see.

        Same result as `.live().public()`, but the view restrictions are checked inside the
        query instead of by a query of their own, so listings cost one query whatever the
        number of restrictions. A page whose end has come (a consent that ended) is left out
        at once, without waiting for publish_scheduled to unpublish it.
        """
        # A restriction on this page or an ancestor: its path is a prefix of this path.
        restricted_ancestor = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        not_ended = Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        return self.live().filter(not_ended).filter(~Exists(restricted_ancestor))


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


def visible_translations(page):
    """The translations of `page`, itself included, that the public may see by the rules of
    its own type (a portrait's: its person's consent, which a translation showing more than
    the original may not cover). The language switcher and a page's previews offer these."""
    model = page.specific_class or type(page)
    objects = model.objects if hasattr(model.objects, "visible") else VisiblePageQuerySet(model)
    return objects.visible().filter(translation_key=page.translation_key)


class IntroductionMixin(models.Model):
    introduction = RichTextField(_("introduction"), features=TEXT_FEATURES, blank=True)

    introduction_panels = [FieldPanel("introduction")]

    class Meta:
        abstract = True


class CompletedByViews:
    """A page type whose public context needs the layers built on the models (the exhibition's
    filters, the tours): gallery.views registers the function that completes it with
    `completes(PageType)` when the app is ready, so that models never import those layers.

    The function is called as `complete(page, request, context, **kwargs)` and returns the
    context; the keyword arguments are those given to get_context().
    """

    complete_context = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return type(self).complete_context(self, request, context, **kwargs)


class ServedAtCanonicalAddress:
    """A listing whose filters and page live in its address (set by the view that completes
    it as `request.canonical_query`, or `browse_error` when the address asks for what does
    not exist): a clear 404 for the latter, and any other spelling of a valid choice (the
    filter form sends every field, empty or not; a parameter given twice) redirected to the
    address the site's own links use, which is shareable and cached once."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.context_data.get("browse_error"):
            response.status_code = 404
        elif request.META.get("QUERY_STRING", "") != request.canonical_query:
            query = request.canonical_query
            return redirect(self.get_url(request) + (f"?{query}" if query else ""))
        return response


class ShownAsCard:
    """A page other sites may frame as a small card (its `integrer/` route). The card's view
    belongs to the sharing layer (gallery.sharing.cards), which registers it with
    `shown_as_card`, so that models never import it."""

    card_view = None

    def card(self, request):
        return type(self).card_view(self, request)


def shown_as_card(page_type):
    """Register the decorated view `(page, request)` as `page_type`'s card."""

    def register(view):
        page_type.card_view = staticmethod(view)
        return view

    return register


def completes(page_type):
    """Register the decorated function as what completes `page_type`'s public context."""

    def register(function):
        page_type.complete_context = staticmethod(function)
        return function

    return register


def in_language(queryset, ids, locale_id):
    """{id: row} for the rows of `queryset` with these ids, each replaced by its translation
    in `locale_id` where `queryset` holds one; ids not in `queryset` (a page the public may
    not see) are left out. One query, whatever the number of ids.

    A page or snippet chosen in one language and shown in another (a translated page keeps
    its original's choices) is thus shown in the visitor's language when it can be.
    """
    ids = set(ids)
    if not ids:
        return {}
    referenced = queryset.filter(pk__in=ids).values("translation_key")
    rows = list(
        queryset.filter(Q(pk__in=ids) | Q(locale_id=locale_id, translation_key__in=referenced))
    )
    translations = {row.translation_key: row for row in rows if row.locale_id == locale_id}
    return {row.pk: translations.get(row.translation_key, row) for row in rows if row.pk in ids}


def count_by(queryset, field, counted="pk"):
    """{value of `field`: how many rows} in one GROUP BY query."""
    # Without order_by(), the model's default ordering would join the GROUP BY.
    rows = queryset.order_by().values_list(field).annotate(n=Count(counted, distinct=True))
    return dict(rows.values_list(field, "n"))


class OrderedChild(Orderable):
    """An orderable child that keeps its place when built in code rather than in the editor:
    the editor numbers children itself, code often leaves `sort_order` empty, and then the
    database may return them in any order."""

    ordered_within = None  # the name of the ParentalKey the order is counted within

    class Meta(Orderable.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        if self.sort_order is None:
            parent_id = getattr(self, f"{self.ordered_within}_id")
            siblings = type(self).objects.filter(**{f"{self.ordered_within}_id": parent_id})
            last = siblings.aggregate(last=Max("sort_order"))["last"]
            self.sort_order = 0 if last is None else last + 1
        super().save(*args, **kwargs)


class Printable:
    """A page type with printable class sheets (A4 PDFs): each sheet is a route of the page
    (RoutablePageMixin) that answers `self.print_sheet(request, template)` once it has checked
    the sheet may exist. The PDF machinery lives above the models (gallery.sheets), which
    registers itself here with `makes_sheets` when the app is ready."""

    make_sheet = None

    def print_sheet(self, request, template, **kwargs):
        """The sheet made from `template`; keyword arguments: gallery.sheets.sheet_response."""
        return Printable.make_sheet(self, request, template, **kwargs)


def makes_sheets(function):
    """Register the decorated function as what turns a page and a template into its sheet."""
    Printable.make_sheet = staticmethod(function)
    return function
