"""The home app's rows the public sees: a change outdates the page cache."""

from infra.invalidation import invalidate_on_change

invalidate_on_change("home.ExhibitionSettings", "home.Partner")
