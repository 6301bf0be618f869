"""Public pages run the same number of queries whatever the number of portraits.

Each page is requested once to warm caches and generate renditions (as a first visitor would),
then measured on the second request. Budgets are the counts measured when they were set: a
change that adds a query to a page must say so by raising its budget here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import PortraitPageFactory

BUDGETS = {
    "home": 18,
    "exhibition": 24,
    "portrait": 24,
    "portrait in collection": 22,
    "collection index": 17,
    "collection": 19,
}


def count_queries(client, url):
    assert client.get(url).status_code == 200  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def gallery(home, exhibition, make_collection):
    """A growing gallery: every portrait is also in one collection, featured on the home."""
    portraits = []
    collection = make_collection([], title="Toute l'exposition", slug="toute-l-exposition")
    home.featured_collection = collection
    home.save()

    def grow_to(count):
        from gallery.models import CollectionEntry

        while len(portraits) < count:
            portrait = PortraitPageFactory(parent=exhibition)
            portraits.append(portrait)
            collection.entries.add(CollectionEntry(portrait=portrait))
        collection.save()
        middle = portraits[len(portraits) // 2]
        return {
            "home": home.url,
            "exhibition": exhibition.url,
            "portrait": middle.url,
            "portrait in collection": f"{collection.url}{middle.slug}/",
            "collection index": collection.get_parent().url,
            "collection": collection.url,
        }

    return grow_to


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_number_of_portraits(client, gallery):
    small = {page: count_queries(client, url) for page, url in gallery(10).items()}
    large = {page: count_queries(client, url) for page, url in gallery(100).items()}

    assert large == small, "a page's query count grew with the number of portraits"
    for page, count in small.items():
        assert count <= BUDGETS[page], f"{page}: {count} queries, budget {BUDGETS[page]}"
