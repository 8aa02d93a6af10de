"""`boucle keys create|list|revoke`: API keys kept (hashed) in the database."""

import argparse
import json
import sys


def open_database(existing: bool = True):
    """The workspace's database; only `keys create` (`existing=False`) may make a new one, for
    keys made before the first `boucle serve`. Listing or revoking on a database without
    Boucle's tables is a settings mistake, said in one line (it made every table). None of them
    migrates a database that exists (NotMigrated)."""
    from api.settings import get_settings
    from api.workspace import open_database as open_db
    from api.workspace import open_existing_database

    settings = get_settings()
    return open_existing_database(settings) if existing else open_db(settings, migrate=False)


def create_command(args: argparse.Namespace) -> int:
    from api.errors import Conflict
    from api.keys.store import create_key

    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
    try:
        key = create_key(open_database(existing=False), args.name, scopes, actor="cli")
    except Conflict as error:
        print(f"boucle keys create: {error}", file=sys.stderr)
        return 2
    print(key)
    print(f"key {args.name!r} ({', '.join(scopes)}): shown once, store it now", file=sys.stderr)
    return 0


def list_command(args: argparse.Namespace) -> int:
    from api.keys.store import list_keys

    for key in list_keys(open_database()):
        print(json.dumps(key))
    return 0


def revoke_command(args: argparse.Namespace) -> int:
    from api.errors import NotFound
    from api.keys.store import revoke_key

    try:
        revoke_key(open_database(), args.name, actor="cli")
    except NotFound as error:
        print(f"boucle keys revoke: {error}", file=sys.stderr)
        return 2
    print(f"key {args.name!r} revoked (servers stop accepting it within 5 s)")
    return 0


def register(commands) -> None:
    keys = commands.add_parser("keys", help="create, list and revoke API keys")
    sub = keys.add_subparsers(dest="keys_command", required=True)
    create = sub.add_parser("create", help="create a key; it is printed once")
    create.add_argument("name")
    create.add_argument(
        "--scopes", required=True, help="comma-separated: tag,ingest,read,metrics,admin"
    )
    create.set_defaults(run=create_command)
    sub.add_parser("list", help="names, prefixes, scopes, revocation").set_defaults(
        run=list_command
    )
    revoke = sub.add_parser("revoke", help="revoke a key by name")
    revoke.add_argument("name")
    revoke.set_defaults(run=revoke_command)
