"""The backup and restore the README documents, run for real on PostgreSQL: dump the test
database with scripts/backup, restore it into a new database with scripts/restore, and every
table holds the same rows."""

import os
import shutil
import subprocess
import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="backups are of the PostgreSQL database (with SQLite, copy the file)",
    ),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


def url(database: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{database}"


def row_counts(database_url: str) -> dict[str, int]:
    import psycopg

    tables = sorted(model._meta.db_table for model in apps.get_models())
    with psycopg.connect(database_url) as db:
        return {table: db.execute(f'select count(*) from "{table}"').fetchone()[0] for table in tables}


@pytest.fixture
def fresh_database():
    import psycopg

    name = f"restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'create database "{name}"')
    yield url(name)
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'drop database if exists "{name}" with (force)')


def run(*command, **env):
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, cwd=settings.BASE_DIR, env={**os.environ, **env}
    )


def test_a_backup_restores_into_a_fresh_database_with_every_row(tmp_path, fresh_database):
    call_command("load_demo", verbosity=0)
    source = url(connection.settings_dict["NAME"])
    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "a.pdf").write_bytes(b"%PDF-1.4")

    backup = run("scripts/backup", str(tmp_path / "backups"), DATABASE_URL=source, MEDIA_ROOT=str(media))
    assert backup.returncode == 0, backup.stderr
    dump = backup.stdout.strip().splitlines()[-1]
    assert dump.endswith(".dump") and os.path.getsize(dump) > 10_000
    assert list((tmp_path / "backups").glob("*-media.tar.gz"))

    restore = run("scripts/restore", dump, fresh_database)
    assert restore.returncode == 0, restore.stderr

    before, after = row_counts(source), row_counts(fresh_database)
    assert before["targets_progressreport"] > 500 and before["targets_target"] > 100
    assert after == before

    # A second restore into the now non-empty database is refused and changes nothing.
    again = run("scripts/restore", dump, fresh_database)
    assert again.returncode == 2 and "新建的空数据库" in again.stderr
    assert row_counts(fresh_database) == before
