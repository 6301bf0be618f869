"""The integration path explained for pupils: every stage, and the portraits standing at it."""

from collections import Counter
from urllib.parse import urlencode

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from infra import fragments
from infra.pagination import InvalidQuery, page_number, page_param, paginate

from .base import IntroductionMixin, VisiblePageManager
from .portraits import PortraitPage
from .stages import NaturalisationStage


class IntegrationPathPage(RoutablePageMixin, IntroductionMixin, Page):
    """One page for the path (`/parcours/`) and one route per stage (`/parcours/<stage>/`)."""

    objects = VisiblePageManager()

    content_panels = [*Page.content_panels, *IntroductionMixin.introduction_panels]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("parcours d'intégration")
        verbose_name_plural = _("parcours d'intégration")

    def visible_portraits(self):
        """The visible portraits of this site, in this page's language."""
        return (
            PortraitPage.objects.descendant_of(self.get_parent())
            .visible()
            .filter(locale_id=self.locale_id)
        )

    def standing(self):
        """Every visible portrait of `visible_portraits`, in order, as (id, its stage's key as
        text, whether its origin may be shown): kept for the content version, the path's
        counts and every stage's page are worked out from it without a query."""

        def make():
            rows = self.visible_portraits().listing_rows()
            return [(pk, key, agreed) for pk, key, _country, agreed in rows]

        return fragments.cached("path-index", (self.pk,), make) if fragments.enabled() else make()

    def stages(self):
        """The path, each stage with how many portraits stand at it."""
        path = NaturalisationStage.objects.path_for(self.locale)
        counts = Counter(key for _, key, _ in self.standing())
        for stage in path:
            stage.portrait_count = counts.get(str(stage.translation_key), 0)
        return path

    def stage_url(self, stage, request=None):
        return self.get_url(request) + self.reverse_subpage("stage", args=[stage.slug])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stages = self.stages()
        for stage in stages:
            stage.url = self.stage_url(stage, request)
        context["stages"] = stages
        return context

    @path("<str:stage_slug>/", name="stage")
    def stage_view(self, request, stage_slug):
        stages = NaturalisationStage.objects.path_for(self.locale)  # no counts shown here
        index = next((i for i, s in enumerate(stages) if s.slug == stage_slug), None)
        if index is None:
            raise Http404
        stage = stages[index]
        portraits = (
            self.visible_portraits()
            .filter(stage__translation_key=stage.translation_key)
            .for_cards()
            .order_by("path")
        )
        context = {"stage": stage, "number": index + 1, "total": len(stages)}
        status = 200
        try:
            number = page_number(request.GET)
            context["portraits"] = self._stage_page(stage, portraits, number)
            context["canonical_params"] = page_param(number)
            request.canonical_query = urlencode(context["canonical_params"])
        except InvalidQuery as error:
            context["browse_error"] = str(error)
            status = 404
        for i, key in ((index - 1, "previous_stage"), (index + 1, "next_stage")):
            if 0 <= i < len(stages):
                stages[i].url = self.stage_url(stages[i], request)
                context[key] = stages[i]
        context = {**Page.get_context(self, request), **context}  # not the whole path's context
        return TemplateResponse(request, "gallery/stage_page.html", context, status=status)

    def _stage_page(self, stage, portraits, number):
        """A page of the portraits standing at `stage`: with fragments kept, which they are
        comes from `standing()` and their rows from one plain query (their cards are kept)."""
        if not fragments.enabled():
            return paginate(portraits, number)
        key = str(stage.translation_key)
        rows = [(pk, agreed) for pk, at, agreed in self.standing() if at == key]
        page = paginate(range(len(rows)), number, count=len(rows))
        listed = rows[page.start_index() - 1 : page.end_index()] if rows else []
        page.object_list = PortraitPage.objects.kept_cards(listed)
        return page
