from .base import (
    TEXT_FEATURES,
    IntroductionMixin,
    VisiblePageManager,
    VisiblePageQuerySet,
    visible_translations,
)
from .collections import CollectionEntry, CollectionIndexPage, CuratedCollectionPage
from .consent import Consent
from .content_notes import ContentTheme, SchoolLevel
from .exhibition import ExhibitionPage
from .glossary import GlossaryPage, GlossaryTerm
from .images import ExhibitionImage, ExhibitionRendition, Licence
from .journey import JourneyMilestone
from .packs import CurriculumLink, TeacherPackIndexPage, TeacherPackPage
from .path import IntegrationPathPage
from .portraits import PortraitPage
from .short_links import DailyScans, ShortLink
from .stages import NaturalisationStage
from .teaching import Level, Subject, TeachingLevel, TeachingSubject
from .withdrawal import Withdrawal

__all__ = [
    "TEXT_FEATURES",
    "CollectionEntry",
    "CollectionIndexPage",
    "Consent",
    "ContentTheme",
    "CuratedCollectionPage",
    "CurriculumLink",
    "DailyScans",
    "ExhibitionImage",
    "ExhibitionPage",
    "ExhibitionRendition",
    "GlossaryPage",
    "GlossaryTerm",
    "IntegrationPathPage",
    "IntroductionMixin",
    "JourneyMilestone",
    "Level",
    "Licence",
    "NaturalisationStage",
    "PortraitPage",
    "SchoolLevel",
    "ShortLink",
    "Subject",
    "TeacherPackIndexPage",
    "TeacherPackPage",
    "TeachingLevel",
    "TeachingSubject",
    "VisiblePageManager",
    "VisiblePageQuerySet",
    "Withdrawal",
    "visible_translations",
]
