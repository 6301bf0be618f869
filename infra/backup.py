"""Backing up and restoring a site: its PostgreSQL database and its media storage.

A backup is a folder: `db.dump` (pg_dump's custom format), `media/` (every file of the media
storage, copied through Django's Storage API, so it works for the local disk and for object
storage alike) and `manifest.json`, written last, with the moment the backup was taken (before
the dump began: anything that happens during the backup counts as after it).
"""

import json
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
DUMP = "db.dump"
MEDIA = "media"


class BackupError(Exception):
    pass


# The database ---------------------------------------------------------------------------------


def _postgres(alias):
    """pg_dump/pg_restore's connection arguments and environment for a database alias."""
    config = connections[alias].settings_dict
    if not config["ENGINE"].endswith("postgresql"):
        raise BackupError(
            "Backups are for PostgreSQL (production); this database is "
            f"{connections[alias].vendor}."
        )
    arguments = ["--dbname", config["NAME"]]
    if config.get("HOST"):
        arguments += ["--host", config["HOST"]]
    if config.get("PORT"):
        arguments += ["--port", str(config["PORT"])]
    if config.get("USER"):
        arguments += ["--username", config["USER"]]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]  # never on the command line, where ps shows it
    return arguments, env


def _run(command, env):
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def _check_client_version(program, alias):
    """pg_dump refuses a newer server, and a dump made by a newer pg_dump may not load: say so
    plainly, before starting."""
    try:
        found = subprocess.run([program, "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise BackupError(f"{program} is not installed (PostgreSQL's client).") from error
    client = int(re.search(r"(\d+)\.\d+", found.stdout).group(1))  # "pg_dump (PostgreSQL) 15.20"
    server = connections[alias].pg_version // 10000
    if client < server:
        raise BackupError(
            f"{program} is version {client}, the server {server}: install PostgreSQL {server}'s "
            "client."
        )


def dump_database(path, alias="default"):
    arguments, env = _postgres(alias)
    _check_client_version("pg_dump", alias)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-acl", "--file", str(path), *arguments],
        env,
    )


def database_is_empty(alias="default"):
    return not connections[alias].introspection.table_names()


def restore_database(path, alias="default", *, replace=False):
    """Load a dump into the database of `alias` (which must exist; empty unless `replace`)."""
    arguments, env = _postgres(alias)
    connections[alias].close()  # the tables are about to change under this connection
    clean = ["--clean", "--if-exists"] if replace else []
    command = ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", *clean]
    _run([*command, *arguments, str(path)], env)


# The media storage ----------------------------------------------------------------------------


def storage_files(storage, folder=""):
    """Every file name in `storage`, walking folders with listdir."""
    directories, files = storage.listdir(folder)
    for name in sorted(files):
        yield str(PurePosixPath(folder, name)) if folder else name
    for directory in sorted(directories):
        yield from storage_files(
            storage, str(PurePosixPath(folder, directory)) if folder else directory
        )


def copy_out(storage, target):
    """Copy every file of `storage` under the folder `target`; returns the number of files."""
    count = 0
    for name in storage_files(storage):
        destination = Path(target, *PurePosixPath(name).parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(destination, "wb") as copy:
            shutil.copyfileobj(source, copy)
        count += 1
    return count


def copy_in(source, storage):
    """Copy every file under the folder `source` into `storage` at the same name, replacing a
    file of that name; returns the number of files."""
    count = 0
    root = Path(source)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        if storage.exists(name):
            storage.delete(name)
        with open(path, "rb") as file:
            saved = storage.save(name, File(file, name=name))
        if saved != name:
            raise BackupError(f"The storage renamed {name} to {saved}.")
        count += 1
    return count


# The manifest ---------------------------------------------------------------------------------


def write_manifest(folder, taken_at, **facts):
    manifest = {"taken_at": taken_at.isoformat(), **facts}
    Path(folder, MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))


def read_manifest(folder):
    """The manifest's facts, `taken_at` as an aware datetime. A folder without one is not a
    finished backup."""
    path = Path(folder, MANIFEST)
    if not path.is_file():
        raise BackupError(f"{folder} holds no {MANIFEST}: not a finished backup.")
    try:
        manifest = json.loads(path.read_text())
        manifest["taken_at"] = datetime.fromisoformat(manifest["taken_at"])
    except (ValueError, KeyError) as error:
        raise BackupError(f"{path} cannot be read: {error}") from error
    if timezone.is_naive(manifest["taken_at"]):
        raise BackupError(f"{path}: taken_at has no time zone.")
    return manifest
