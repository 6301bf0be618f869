"""A real Varnish in front of the site: an edit is visible through it at once, and the pages
the edit does not concern stay in it (purged by wagtail.contrib.frontend_cache)."""

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from wagtail.models import Site

from home.models import ExhibitionSettings

from .factories import PortraitPageFactory

pytestmark = pytest.mark.redis

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"

VCL = """vcl 4.1;
backend site { .host = "127.0.0.1"; .port = "%(backend)s"; }
acl purgers { "127.0.0.1"; }
sub vcl_recv {
  if (req.method == "PURGE") {
    if (!client.ip ~ purgers) { return (synth(405)); }
    return (purge);
  }
}
sub vcl_deliver {
  if (obj.hits > 0) {
    set resp.http.X-Proxy-Cache = "hit";
  } else {
    set resp.http.X-Proxy-Cache = "miss";
  }
}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def varnish(live_server, page_cache, settings):
    """Varnish on a free loopback port, in front of the test server, purged on changes."""
    if not Path(VARNISHD).exists():
        pytest.skip("needs Varnish (apt-get install varnish; .ci/run installs it)")
    backend = live_server.url.rsplit(":", 1)[1]
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="histoire-varnish-"))
    folder.chmod(0o755)
    (folder / "site.vcl").write_text(VCL % {"backend": backend})
    process = subprocess.Popen(
        [VARNISHD, "-F", "-n", str(folder / "work"), "-a", f"127.0.0.1:{port}",
         "-f", str(folder / "site.vcl"), "-s", "malloc,32m", "-T", "none"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:  # Varnish answers a PURGE itself, without asking the (possibly busy) site
            urllib.request.urlopen(urllib.request.Request(address, method="PURGE"), timeout=5)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"varnishd did not start: {process.stdout.read().decode()}")
            time.sleep(0.2)
    # The site's credits exist, as on a real site (the first reading of missing ones creates
    # them: a change, which no page rendered meanwhile may be stored across).
    ExhibitionSettings.for_site(Site.objects.get(is_default_site=True))
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": address,
        }
    }
    yield address
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(folder, ignore_errors=True)


def through(proxy, path):
    """(what the proxy said, the page) for an anonymous visitor."""
    with urllib.request.urlopen(f"{proxy}{path}", timeout=30) as response:
        return response.headers["X-Proxy-Cache"], response.read().decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_is_visible_through_the_proxy_at_once_and_other_pages_stay_cached(
    restore_migrated_data, varnish, exhibition
):
    edited = PortraitPageFactory(parent=exhibition, quote="Première version de la citation.")
    PortraitPageFactory.create_batch(2, parent=exhibition)  # the next one shows its name
    other = PortraitPageFactory(parent=exhibition, quote="Une autre histoire.")
    pages = [edited.url, other.url, exhibition.url]
    for url in pages:
        assert through(varnish, url)[0] == "miss"
        assert through(varnish, url)[0] == "hit"

    edited.quote = "Citation corrigée par la commissaire."
    edited.save_revision().publish()  # committed at once: the proxy is purged

    for url in (edited.url, exhibition.url):  # the page, and the listing showing its card
        proxy, html = through(varnish, url)
        assert proxy == "miss" and "Citation corrigée" in html and "Première version" not in html
    assert through(varnish, other.url)[0] == "hit"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_portrait_and_an_unpublished_one_are_seen_through_the_proxy_at_once(
    restore_migrated_data, varnish, exhibition
):
    leaving = PortraitPageFactory(parent=exhibition, display_name="Ysolde")
    through(varnish, exhibition.url)
    assert through(varnish, exhibition.url)[0] == "hit"

    PortraitPageFactory(parent=exhibition, display_name="Bérénice")
    assert "Bérénice" in through(varnish, exhibition.url)[1]

    through(varnish, leaving.url)
    leaving.unpublish()
    assert "Ysolde" not in through(varnish, exhibition.url)[1]
    with pytest.raises(urllib.error.HTTPError) as gone:
        through(varnish, leaving.url)
    assert gone.value.code == 404
