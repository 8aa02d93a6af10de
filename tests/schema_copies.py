"""PostgreSQL schemas at the latest revision without running every migration for each test: the
migrations run once into a template schema, whose pg_dump (tables, indexes, constraints,
sequences and the rows the migrations wrote) is replayed under each test's own schema name."""

import shutil
import subprocess

import psycopg


class SchemaTemplate:
    """A migrated schema's SQL (`pg_dump`), replayable under another schema's name."""

    def __init__(self, url: str, schema: str) -> None:
        self.schema = schema
        self.script = dump_schema(url, schema)

    def copy_to(self, url: str, schema: str) -> None:
        """Make `schema` in `url` as the template was when dumped (one transaction)."""
        with psycopg.connect(url) as connection:  # commits when the block ends
            connection.execute(self.script.replace(self.schema, schema))


def dump_schema(url: str, schema: str) -> str:
    """`schema`'s definitions and rows as SQL that psycopg runs: every name in it qualified by
    `schema` (pg_dump clears the search_path), no owner or grant to replay."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise RuntimeError("pg_dump not found: install postgresql-client (tests/schema_copies.py)")
    dumped = subprocess.run(
        [pg_dump, f"--dbname={url}", f"--schema={schema}", "--no-owner", "--no-privileges",
         "--inserts"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    # psql's meta-commands (\restrict since 15.14) are no SQL: the server would refuse them
    return "\n".join(line for line in dumped.splitlines() if not line.startswith("\\"))
