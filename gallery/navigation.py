"""Where a visitor stands in a curated sequence of portraits: position and neighbours.

The exhibition and each curated collection are sequences ("tours"); a portrait page shows
its place in the one the visitor came through.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stop:
    """A portrait reachable from the current one, with the URL that keeps the visitor's tour."""

    portrait: object
    url: str


@dataclass(frozen=True)
class TourStart:
    """Another tour the visitor can go on with: its title and its first portrait."""

    title: str
    url: str


@dataclass(frozen=True)
class TourPosition:
    title: str
    url: str
    position: int
    total: int
    previous: Stop | None
    next: Stop | None
    # At the end of a tour: back to its first portrait, and the next tour if there is one.
    restart: Stop | None = None
    next_tour: TourStart | None = None

    @property
    def is_last(self):
        return self.next is None
