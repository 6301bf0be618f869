"""Configuration as a newcomer and an operator meet it: environments, database, deployment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "k2-QvA8nZ_production-like-secret-4xYw9sLr7TbE1uHcMjN0oPdFgKiV3a6Xe5Rq",
    "ALLOWED_HOSTS": "exposition.example.org",
    "DATABASE_URL": "postgres://exposition@db.example.org:5432/exposition",
}


def manage(*args, env):
    # A clean process: no test-only variables (conftest allows async-unsafe ORM calls).
    dropped = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean_env = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_environment(missing):
    env = {**PRODUCTION_ENV, missing: ""}
    result = manage("check", "--settings=config.settings.production", env=env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_production_passes_the_deployment_checklist_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level=WARNING",
        "--settings=config.settings.production",
        env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues (0 silenced)" in result.stdout


def test_production_reads_its_environment():
    script = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['HOST'], "
        "s.STORAGES['staticfiles']['BACKEND'], s.STATIC_ROOT)"
    )
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        script,
        "--settings=config.settings.production",
        env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    debug, hosts, host, storage, static_root = result.stdout.strip().split(" ", 4)
    assert debug == "False"
    assert "exposition.example.org" in hosts
    assert host == "db.example.org"
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert Path(static_root) != ROOT / "static", "STATIC_ROOT must not be the source static/"


def test_development_defaults_to_sqlite_and_database_url_switches_to_postgresql():
    script = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    sqlite = manage("shell", "-v", "0", "-c", script, env={"DATABASE_URL": ""})
    postgres = manage(
        "shell", "-v", "0", "-c", script, env={"DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"]}
    )
    assert sqlite.stdout.strip() == "django.db.backends.sqlite3", sqlite.stderr
    assert postgres.stdout.strip() == "django.db.backends.postgresql", postgres.stderr
