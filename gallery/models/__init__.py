from .base import TEXT_FEATURES, IntroductionMixin, VisiblePageManager, VisiblePageQuerySet
from .collections import CollectionEntry, CollectionIndexPage, CuratedCollectionPage
from .consent import Consent
from .content_notes import ContentTheme, SchoolLevel
from .exhibition import ExhibitionPage
from .glossary import GlossaryPage, GlossaryTerm
from .images import ExhibitionImage, ExhibitionRendition, Licence
from .journey import JourneyMilestone
from .path import IntegrationPathPage
from .portraits import PortraitPage
from .short_links import DailyScans, ShortLink
from .stages import NaturalisationStage
from .withdrawal import Withdrawal

__all__ = [
    "TEXT_FEATURES",
    "CollectionEntry",
    "CollectionIndexPage",
    "Consent",
    "ContentTheme",
    "CuratedCollectionPage",
    "DailyScans",
    "ExhibitionImage",
    "ExhibitionPage",
    "ExhibitionRendition",
    "GlossaryPage",
    "GlossaryTerm",
    "IntegrationPathPage",
    "IntroductionMixin",
    "JourneyMilestone",
    "Licence",
    "NaturalisationStage",
    "PortraitPage",
    "SchoolLevel",
    "ShortLink",
    "VisiblePageManager",
    "VisiblePageQuerySet",
    "Withdrawal",
]
