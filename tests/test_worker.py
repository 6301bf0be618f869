"""Background work in production: a publication only queues its renditions; a real worker
process (`manage.py db_worker`, production settings, TASKS_BACKEND=database) makes them."""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from gallery.models import ExhibitionRendition, PortraitPage
from gallery.renditions import filters_for
from gallery.tasks import prepare_renditions

from .factories import PortraitPageFactory

ROOT = Path(__file__).resolve().parent.parent
WORKER_ID = "test-worker"

pytestmark = [
    pytest.mark.skipif(
        not settings.USING_POSTGRES,
        reason="the worker is a second process on the same database: needs PostgreSQL "
        "(set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url():
    """The test database, as the worker process must reach it (rows committed here)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


@pytest.fixture
def database_queue(settings):
    """This process queues tasks as production does, and runs none of them itself."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


WORKER = [
    *(sys.executable, "manage.py", "db_worker", "--settings=config.settings.production"),
    *("--no-startup-delay", "--interval=0.2", f"--worker-id={WORKER_ID}"),
]


@pytest.fixture
def start_worker():
    """Starts `manage.py db_worker` under production settings; stops it with SIGTERM, as a
    process manager does."""
    started = []
    with contextlib.ExitStack() as logs:

        def start():
            log = logs.enter_context(tempfile.TemporaryFile(mode="w+"))
            dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
            env = {k: v for k, v in os.environ.items() if k not in dropped}
            env.update(
                SECRET_KEY="worker-test-secret-key-not-for-production-0123456789abcdef",
                ALLOWED_HOSTS="exposition.example.org",
                DATABASE_URL=database_url(),
                MEDIA_ROOT=str(settings.MEDIA_ROOT),
                TASKS_BACKEND="database",
            )
            process = subprocess.Popen(
                WORKER, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            started.append(process)
            return process, log

        yield start
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def read(log):
    log.seek(0)
    return log.read()


def wait_for(condition, process, log, timeout=120):
    """Polls until `condition()` holds; fails with the worker's output if it never does or
    the worker died. (A generous bound, not a measure: no timing is asserted.)"""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        assert process.poll() is None, f"the worker stopped:\n{read(log)}"
        time.sleep(0.2)
    pytest.fail(f"still not done after {timeout} s; the worker said:\n{read(log)}")


def public_files():
    folder = Path(settings.MEDIA_ROOT) / "images"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_publication_queues_its_renditions_and_the_worker_makes_them(
    restore_migrated_data, database_queue, exhibition, start_worker
):
    portrait = PortraitPageFactory(parent=exhibition, live=False)
    portrait.save_revision().publish()  # committed at once: no request transaction here

    # The publication only queued the work: no picture was made in the curator's request.
    assert PortraitPage.objects.get(pk=portrait.pk).live
    photo = portrait.photo
    assert not ExhibitionRendition.objects.filter(image=photo).exists()
    assert public_files() == []
    queued = DBTaskResult.objects.filter(task_path="gallery.tasks.prepare_renditions")
    assert queued.ready().count() == 1

    process, log = start_worker()
    sizes = len({f.spec for f in filters_for("portrait-photo")})  # a card and a thumbnail share one
    wait_for(
        lambda: queued.exclude(status="READY").exclude(status="RUNNING").exists(), process, log
    )

    # Made by the worker, as public files anyone can be served.
    task = queued.get()
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", [WORKER_ID]), read(log)
    assert task.return_value == sizes
    assert ExhibitionRendition.objects.filter(image=photo).count() == sizes
    assert len(public_files()) == sizes
    # Whatever else the publication queued (Wagtail's own tasks) ran there too, and none failed.
    wait_for(lambda: not DBTaskResult.objects.ready().exists(), process, log)
    assert not DBTaskResult.objects.failed().exists(), read(log)

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0, read(log)


def test_a_task_that_fails_is_recorded_and_logged_with_its_cause(
    restore_migrated_data, database_queue, start_worker
):
    result = prepare_renditions.enqueue("pas-un-identifiant", "portrait-photo")

    process, log = start_worker()
    failed = DBTaskResult.objects.filter(id=result.id)
    wait_for(lambda: failed.failed().exists(), process, log)

    # Kept in the queue's table with its traceback, for an operator to read or run again…
    task = failed.get()
    assert task.exception_class_path == "builtins.ValueError"
    assert "pas-un-identifiant" in task.traceback
    # …and written to the worker's log at error level, so monitoring sees it.
    wait_for(lambda: "Traceback" in read(log), process, log)
    output = read(log)
    assert f"Task id={result.id} path=gallery.tasks.prepare_renditions" in output
    assert "FAILED" in output
    # The worker goes on with the next task.
    assert process.poll() is None
