"""`make load`: the site under a crowd while curators publish, with production settings.

60 s at 50 connections (wrk, a Lua script) over a mix of every public page type: home, the
exhibitions and their filtered and paginated listings, portraits (also within a collection, in
easy-read, translated), collections, the path and its stage pages, the glossary, the teacher
packs, the search, a sheet. Meanwhile a new portrait is published every 5 s, by a curator's
process of its own, and its pictures are made by the task worker (`db_worker`), as in production.

The "no stale page" check: before each publication, the listing page the new portrait will
appear on is asked for (so its old version is in the page cache); right after the publication
commits, the same page is asked again, and must show the new portrait. Every answer that does
not is stale.

Builds a throwaway database (the demo exhibition and a generated gallery of 500 portraits),
then runs gunicorn (2 workers per core, 2 threads each) and one task worker on loopback.
Prints a Markdown table for docs/performance.md; exits non-zero on any error (non-2xx/3xx
answer or socket error), any stale page, or a p99 of 300 ms or more.

LOAD_ACCESS_LOG=<file> writes each request's time, path, status and duration there.

Needs PostgreSQL and Redis (LOAD_DATABASE_URL, LOAD_REDIS_URL) and wrk (installed with
apt-get when missing and run as root). Media go to the local disk unless the environment names
an object store (MEDIA_BUCKET, AWS_S3_ENDPOINT_URL… as production reads them): every process
here gets this environment.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.error import HTTPError

import psycopg
from bench import PYTHON, ROOT, ensure_wrk, free_port, get, production_env, run

sys.path.insert(0, str(ROOT))
from tests.object_store import start_weed, stop_weed  # SeaweedFS, started as the tests do

DATABASE_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/histoire_load"
)
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/3")
PORTRAITS = int(os.environ.get("LOAD_PORTRAITS", 500))
DURATION = int(os.environ.get("LOAD_SECONDS", 60))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", 50))
PUBLISH_EVERY = float(os.environ.get("LOAD_PUBLISH_EVERY", 5))
WORKERS = os.environ.get("LOAD_WORKERS", str(2 * (os.cpu_count() or 1)))
THREADS = os.environ.get("LOAD_THREADS", "2")
P99_BUDGET_MS = 300
EXHIBITION = "/galerie-generee/"

# Run in `manage.py shell`: every public address of the mix, as JSON {kind: [paths]}.
ADDRESSES = """
import json
from wagtail.models import Page
from gallery.models import (
    CuratedCollectionPage, ExhibitionPage, GlossaryPage, IntegrationPathPage, PortraitPage,
    TeacherPackIndexPage, TeacherPackPage,
)
from gallery.models.portraits import EASY_READ, READING
from infra.pagination import PER_PAGE

def live(model):
    return list(model.objects.live().public().order_by("path"))

portraits = live(PortraitPage)
generated = [p for p in portraits if p.url_path.startswith(tuple(
    e.url_path for e in ExhibitionPage.objects.filter(slug="galerie-generee")))]
french = [p for p in portraits if p.locale.language_code == "fr"]
path_page = live(IntegrationPathPage)[0]
collection = live(CuratedCollectionPage)[0]
in_collection = collection.entries.first().portrait
stage_slugs = sorted({p.stage.slug for p in french})
addresses = {
    "home": ["/", "/en/"],
    "exhibition": [e.url for e in live(ExhibitionPage)],
    "exhibition, filtered": ["%s?etape=%s" % ("/galerie-generee/", slug) for slug in stage_slugs],
    "exhibition, next pages": [
        "/galerie-generee/?page=%d" % n for n in range(2, 2 + min(2, len(generated) // PER_PAGE))],
    "portrait": [p.url for p in generated[::12]] + [p.url for p in french if p not in generated],
    "portrait, translated": [p.url for p in portraits if p.locale.language_code != "fr"][:6],
    "portrait, easy-read": [
        "%s?%s=%s" % (p.url, READING, EASY_READ) for p in french if p.easy_read][:4],
    "portrait, in a collection": [collection.url + in_collection.slug + "/"],
    "collections": [p.url for p in Page.objects.live().filter(slug="collections")]
        + [c.url for c in live(CuratedCollectionPage)[:4]],
    "path and stages": [path_page.url] + [path_page.stage_url(s) for s in path_page.stages()],
    "glossary": [g.url for g in live(GlossaryPage)],
    "teacher packs": [p.url for p in live(TeacherPackIndexPage)]
        + [url for p in live(TeacherPackPage) for url in (p.url, p.url + "eleves/")],
    "search": ["/recherche/?q=langue", "/recherche/?q=travail", "/recherche/?q=famille"],
    "sheet (PDF)": [french[0].url + "fiche/"],
}
print(json.dumps({kind: paths for kind, paths in addresses.items() if paths}))
"""

# Run in `manage.py shell`, fed one line per publication: a curator's process. For each line
# it prints the listing page the next portrait will appear on, waits for a second line, then
# publishes the portrait (a new photo, a consent, a revision) and prints its address once
# the publication has committed.
PUBLISHER = """
import math, sys
from collections import Counter
from django.db import transaction
from wagtail.rich_text import RichText
from gallery.demo.content import CONSENT_SIGNED_ON
from gallery.demo.loader import ImageMaker
from gallery.models import Consent, ExhibitionPage, NaturalisationStage, PortraitPage
from gallery.models.consent import Scope
from infra.pagination import PER_PAGE

exhibition = ExhibitionPage.objects.get(slug="galerie-generee")
stages = list(NaturalisationStage.objects.filter(locale=exhibition.locale))
images = ImageMaker(Counter())
number = 0
for _ in sys.stdin:
    number += 1
    shown = PortraitPage.objects.child_of(exhibition).visible().count()
    page = math.ceil((shown + 1) / PER_PAGE)
    listing = exhibition.url + ("?page=%d" % page if page > 1 else "")
    print("listing", listing, flush=True)
    sys.stdin.readline()
    with transaction.atomic():
        portrait = PortraitPage(
            title="Nouveau portrait n° %d" % number, slug="nouveau-portrait-%d" % number,
            display_name="Nouvelle personne %d" % number, is_fictional=True,
            photo=images.portrait("charge-%d" % number, "nouveau portrait %d" % number),
            quote="Une phrase publiée pendant la charge.",
            testimony=[("paragraph", RichText("<p>Un témoignage publié pendant la charge.</p>"))],
            stage=stages[number % len(stages)], country_of_origin="SN", arrival_year=2024,
            town="Le Puy-en-Velay", live=False,
        )
        exhibition.add_child(instance=portrait)
        Consent.objects.create(
            portrait=portrait, full_name="Personne EXEMPLE", signed_on=CONSENT_SIGNED_ON,
            form_reference="CHARGE-%d" % number, **{"covers_%s" % s: True for s in Scope},
        )
        revision = portrait.save_revision()
    revision.publish()
    print("published", PortraitPage.objects.get(pk=portrait.pk).url, flush=True)
"""

# wrk's Lua: each thread walks the mix from its own starting point; the statuses of error
# answers are counted and printed at the end ("status 502: 3").
WRK_SCRIPT = """
local paths = {%s}
local threads = {}
function setup(thread)
  thread:set("start", math.random(#paths))
  table.insert(threads, thread)
end
function init(args)
  counter = start
  errors = {}
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  if status >= 400 then
    errors[status] = (errors[status] or 0) + 1
  end
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("errors")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %%d: %%d\\n", status, count))
  end
end
"""


def database_name():
    return DATABASE_URL.rsplit("/", 1)[1]


def admin_url():
    return DATABASE_URL.rsplit("/", 1)[0] + "/postgres"


def recreate_database():
    with psycopg.connect(admin_url(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database_name()}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database_name()}"')


def drop_database():
    with psycopg.connect(admin_url(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database_name()}" WITH (FORCE)')


def task_counts():
    with psycopg.connect(DATABASE_URL) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
        ).fetchall()
    return dict(rows)


class Curator(threading.Thread):
    """Publishes a portrait every PUBLISH_EVERY seconds through the PUBLISHER process, and
    checks the listing right after each publication: the stale answers are kept."""

    def __init__(self, base, env):
        super().__init__(daemon=True)
        self.base = base
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-v0", "-c", PUBLISHER],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.stop = threading.Event()
        self.published, self.stale, self.failures, self.publish_ms = [], [], [], []

    def say(self, line, expected):
        """Sends a line; returns the word after `expected` in the process's answer."""
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        for answer in self.process.stdout:
            if answer.startswith(expected + " "):
                return answer.split()[1]
        raise RuntimeError("the publishing process stopped")

    def run(self):
        next_at = time.monotonic() + PUBLISH_EVERY
        while not self.stop.wait(max(0, next_at - time.monotonic())):
            next_at += PUBLISH_EVERY  # a steady pace, however long a publication takes
            try:
                listing = self.say("next", "listing")
                with contextlib.suppress(HTTPError):  # 404 when it starts a new page
                    get(self.base + listing)  # its version before the publication, cached
                started = time.perf_counter()
                address = self.say("publish", "published")
                self.publish_ms.append((time.perf_counter() - started) * 1000)
                status, body, _ = get(self.base + listing)
                self.published.append(address)
                if status != 200 or f'href="{address}"' not in body:
                    self.stale.append(listing)
            except Exception as error:
                self.failures.append(f"{type(error).__name__}: {error}")
                return

    def finish(self):
        self.stop.set()
        self.join(timeout=120)
        self.process.stdin.close()
        self.process.wait(timeout=60)


def wrk(base, paths):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(path) for path in paths))
    try:
        return subprocess.run(
            [
                "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "10s",
                "--latency", "-s", script.name, base,
            ],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script.name)


def read_wrk(out):
    """Requests, errors (non-2xx/3xx answers and socket errors), latency percentiles (ms)."""
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in sockets.groups()) if sockets else 0
    )

    def latency(percent):
        value, unit = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return requests, errors, {p: latency(p) for p in (50, 90, 99)}


def wait_until_up(url):
    for _ in range(150):
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not answer at {url}")


def main():
    ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="histoire-load-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **production_env(workdir, DATABASE_URL, REDIS_URL, "load"),
        "TASKS_BACKEND": "database",
    }
    # Media in a real object store (SeaweedFS on loopback), as production keeps them, unless
    # the environment names one or LOAD_MEDIA=disk.
    weed = None
    if not os.environ.get("MEDIA_BUCKET") and os.environ.get("LOAD_MEDIA") != "disk":
        (workdir / "object-store").mkdir()
        weed, store = start_weed(workdir / "object-store")
        env.update(store.environ())
    recreate_database()
    processes = []
    try:
        print(f"Building the demo and a gallery of {PORTRAITS} portraits…", flush=True)
        run(PYTHON, "manage.py", "migrate", "--no-input", "-v0", env=env)
        run(PYTHON, "manage.py", "load_exhibition", "--address", f"127.0.0.1:{port}", env=env)
        run(PYTHON, "manage.py", "generate_gallery", "--portraits", str(PORTRAITS), env=env)
        run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v0", env=env)
        # What the build queued (search index, renditions) is done before the run starts.
        run(PYTHON, "manage.py", "db_worker", "--batch", "--no-startup-delay", "-v0", env=env)
        listed = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", ADDRESSES],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        if listed.returncode:
            sys.exit(f"Listing the addresses failed:\n{listed.stderr}")
        addresses = json.loads(listed.stdout.strip().splitlines()[-1])
        with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
        gunicorn = [
            *(PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", WORKERS, "--worker-class", "gthread", "--threads", THREADS),
            *("--log-level", "warning"),
        ]
        if os.environ.get("LOAD_ACCESS_LOG"):  # where the time goes: path, status, ms
            gunicorn += ["--access-logfile", os.environ["LOAD_ACCESS_LOG"],
                         "--access-logformat", "%(t)s %(U)s%(q)s %(s)s %(M)s"]  # fmt: skip
        # The worker makes pictures in the background: on a shared machine it yields the CPU to
        # the visitors' requests (as the production section of the README sets it up).
        worker = ["nice", "-n", "19", PYTHON, "manage.py", "db_worker", "--no-startup-delay", "-v0"]
        for command in (gunicorn, worker):
            processes.append(subprocess.Popen(command, cwd=ROOT, env=env))
        wait_until_up(base + "/sante/")
        first_ms = {}
        for paths in addresses.values():
            for path in paths:  # each page once: a visitor before the crowd fills the cache
                try:
                    first_ms[path] = get(base + path, decode=False)[2]
                except OSError as error:
                    sys.exit(f"{path}: {error} before the run")
        mix = [path for paths in addresses.values() for path in paths]
        curator = Curator(base, env)
        processes.append(curator.process)
        print(
            f"{len(mix)} addresses of {len(addresses)} kinds; {DURATION} s at {CONNECTIONS} "
            f"connections, a publication every {PUBLISH_EVERY:g} s…",
            flush=True,
        )
        curator.start()
        out = wrk(base, mix)
        curator.finish()
        tasks = task_counts()
    finally:
        if weed:
            stop_weed(weed)
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        drop_database()
        shutil.rmtree(workdir, ignore_errors=True)

    requests, errors, latency = read_wrk(out)
    if errors:  # what they were: wrk's socket errors, the statuses counted by the script
        print("\n".join(re.findall(r"^\s*(?:Socket errors|Non-2xx|status \d+).*$", out, re.M)))
    publications = len(curator.published)
    slowest_first = sorted(first_ms.items(), key=lambda item: -item[1])[:3]
    print()
    print(
        f"{PORTRAITS} portraits · gunicorn {WORKERS} workers × {THREADS} threads, one task "
        f"worker · wrk 2 threads, {CONNECTIONS} connections, {DURATION} s · "
        f"{len(mix)} addresses ({len(addresses)} kinds) · a publication every "
        f"{PUBLISH_EVERY:g} s · {os.cpu_count()} cores · media on "
        f"{'the object store' if env.get('MEDIA_BUCKET') else 'the local disk'}"
    )
    print()
    print(
        "| Requests | Requests/s | Errors | p50 (ms) | p90 (ms) | p99 (ms) | Publications | Stale |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {requests} | {requests / DURATION:.0f} | {errors} | {latency[50]:.1f} | "
        f"{latency[90]:.1f} | {latency[99]:.1f} | {publications} | {len(curator.stale)} |"
    )
    print()
    if curator.publish_ms:
        print(
            f"A publication took {min(curator.publish_ms):.0f}-{max(curator.publish_ms):.0f} ms; "
            f"tasks at the end: {tasks}."
        )
    print("Slowest first requests: " + ", ".join(f"{p} {ms:.0f} ms" for p, ms in slowest_first))
    problems = []
    if errors:
        problems.append(f"{errors} errors")
    if curator.stale:
        problems.append(f"{len(curator.stale)} stale listings: {', '.join(curator.stale)}")
    if curator.failures or not publications:
        problems.append(f"publishing failed: {curator.failures or 'nothing published'}")
    if tasks.get("FAILED"):
        problems.append(f"{tasks['FAILED']} failed tasks")
    if latency[99] >= P99_BUDGET_MS:
        problems.append(f"p99 {latency[99]:.0f} ms, over {P99_BUDGET_MS} ms")
    if problems:
        print("\n" + "\n".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
