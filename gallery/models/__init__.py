from .collections import CollectionIndexPage, CollectionPortrait, CuratedCollectionPage
from .exhibition import ExhibitionPage
from .images import ExhibitionImage, ExhibitionRendition, Licence
from .portraits import JourneyMilestone, PortraitPage
from .stages import NaturalisationStage

__all__ = [
    "CollectionIndexPage",
    "CollectionPortrait",
    "CuratedCollectionPage",
    "ExhibitionImage",
    "ExhibitionPage",
    "ExhibitionRendition",
    "JourneyMilestone",
    "Licence",
    "NaturalisationStage",
    "PortraitPage",
]
