"""Where a visitor stands in a curated sequence of portraits: position and neighbours.

The exhibition and each curated collection are sequences; a portrait page shows its place in
the one the visitor came through.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stop:
    """A portrait reachable from the current one, with the URL that keeps the visitor's route."""

    portrait: object
    url: str


@dataclass(frozen=True)
class TourPosition:
    title: str
    url: str
    position: int
    total: int
    previous: Stop | None
    next: Stop | None

    @property
    def is_last(self):
        return self.next is None
