"""A way from each portrait to the next: in the exhibition, and within a collection."""

import pytest
from bs4 import BeautifulSoup

from .factories import PortraitPageFactory


def tour(client, url):
    """What the visitor sees of the tour navigation on a portrait page."""
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    nav = soup.select_one("nav.tour-nav")
    prev_link = nav.select_one("a[rel=prev]")
    next_link = nav.select_one("a[rel=next]")
    return {
        "position": nav.select_one(".tour-nav__count .visually-hidden").get_text(),
        "previous": prev_link["href"] if prev_link else None,
        "next": next_link["href"] if next_link else None,
    }


@pytest.mark.django_db
def test_exhibition_order_follows_the_page_tree(client, make_portraits):
    first, second, third = make_portraits(3)

    assert tour(client, first.url) == {
        "position": "Portrait 1 sur 3",
        "previous": None,
        "next": second.url,
    }
    assert tour(client, second.url) == {
        "position": "Portrait 2 sur 3",
        "previous": first.url,
        "next": third.url,
    }
    last = tour(client, third.url)
    assert last["next"] is None and last["previous"] == second.url


@pytest.mark.django_db
def test_reordering_in_the_admin_changes_the_visit(client, make_portraits):
    first, second, third = make_portraits(3)
    third.move(first, pos="left")  # curators drag the third portrait to the front

    assert tour(client, third.url)["next"] == first.url
    assert tour(client, first.url)["previous"] == third.url
    assert tour(client, second.url)["position"] == "Portrait 3 sur 3"


@pytest.mark.django_db
def test_unpublished_portraits_are_skipped(client, make_portraits):
    first, second, third = make_portraits(3)
    second.unpublish()

    assert tour(client, first.url)["next"] == third.url
    assert tour(client, third.url) == {
        "position": "Portrait 2 sur 2",
        "previous": first.url,
        "next": None,
    }
    assert client.get(second.url).status_code == 404


@pytest.mark.django_db
def test_collection_order_is_the_curators_not_the_trees(client, make_portraits, make_collection):
    a, b, c, d = make_portraits(4)
    collection = make_collection([d, b, a], title="Devenir français", slug="devenir-francais")
    base = collection.url

    page = BeautifulSoup(client.get(base).content, "html.parser")
    names = [el.get_text() for el in page.select(".collection-entries .portrait-card__name a")]
    assert [n.split(",")[0] for n in names] == [d.display_name, b.display_name, a.display_name]

    assert tour(client, f"{base}{d.slug}/") == {
        "position": "Portrait 1 sur 3",
        "previous": None,
        "next": f"{base}{b.slug}/",
    }
    assert tour(client, f"{base}{b.slug}/") == {
        "position": "Portrait 2 sur 3",
        "previous": f"{base}{d.slug}/",
        "next": f"{base}{a.slug}/",
    }
    assert tour(client, f"{base}{a.slug}/")["next"] is None
    # A portrait outside the collection is not reachable through it.
    assert client.get(f"{base}{c.slug}/").status_code == 404


@pytest.mark.django_db
def test_portrait_within_a_collection_shows_the_curators_note(client, exhibition, make_collection):
    portrait = PortraitPageFactory(parent=exhibition)
    collection = make_collection([portrait], title="Premiers pas")
    entry = collection.entries.get()
    entry.note = "Tout commence par des questions."
    entry.save()

    html = client.get(f"{collection.url}{portrait.slug}/").content.decode()

    assert "Tout commence par des questions." in html
    assert f'<link rel="canonical" href="{portrait.full_url}">' in html


@pytest.mark.django_db
def test_same_portrait_in_two_collections_at_different_places(
    client, make_portraits, make_collection
):
    a, b = make_portraits(2)
    first = make_collection([a, b])
    second = make_collection([b, a])

    assert tour(client, f"{first.url}{b.slug}/")["position"] == "Portrait 2 sur 2"
    assert tour(client, f"{second.url}{b.slug}/")["position"] == "Portrait 1 sur 2"
    soup = BeautifulSoup(client.get(b.url).content, "html.parser")
    listed = [a.get_text() for a in soup.select(".in-collections a")]
    assert listed == [first.title, second.title]


@pytest.mark.django_db
def test_the_last_portrait_of_the_exhibition_offers_a_collection_or_the_start(
    client, make_portraits, make_collection
):
    first, second = make_portraits(2)
    collection = make_collection([second, first], title="Premiers pas", slug="premiers-pas")

    end = BeautifulSoup(client.get(second.url).content, "html.parser").select_one(".tour-end")
    links = {a.get_text(" ", strip=True): a["href"] for a in end.select("a")}
    assert (
        links["Continuer avec la collection « Premiers pas »"] == f"{collection.url}{second.slug}/"
    )
    assert links["Recommencer la visite"] == first.url
    assert (
        BeautifulSoup(client.get(first.url).content, "html.parser").select_one(".tour-end") is None
    )
