"""`boucle contacts merge-duplicates [--dry-run]`: one contact per e-mail address for contacts
stored before ingest kept to it (see api/accounts/duplicates.py)."""

import argparse

from api.terminal import JSON_LINES


def merge_duplicates_command(args: argparse.Namespace) -> int:
    from api.accounts.duplicates import merge_duplicate_contacts
    from api.terminal import opened, print_json, shown

    with opened() as ws, ws.db.session() as session:
        merges = merge_duplicate_contacts(session, args.dry_run)
    if args.json:
        for merge in merges:
            print_json(vars(merge))
        return 0
    verb = "would merge" if args.dry_run else "merged"
    for merge in merges:
        moved = ", ".join(f"{count} {table}" for table, count in merge.moved.items())
        print(shown(f"{merge.email}: {verb} {', '.join(merge.merged)} into {merge.kept}"
                    f"{f' ({moved} moved)' if moved else ''}"))  # fmt: skip
    merged = sum(len(merge.merged) for merge in merges)
    print(f"{merged} duplicate contacts {verb} into {len(merges)}"
          f"{' (dry run: nothing changed)' if args.dry_run else ''}")  # fmt: skip
    return 0


def register(commands) -> None:
    contacts = commands.add_parser("contacts", help="contacts: merge those sharing an address")
    sub = contacts.add_subparsers(dest="contacts_command", required=True)
    merge = sub.add_parser(
        "merge-duplicates",
        help="merge contacts sharing an e-mail address (any case) into the oldest",
        description="Contacts sharing an e-mail address, compared without case, merged into the "
        "oldest of them: their items, survey sends and notifications move to it, its blank "
        "fields are filled from theirs, and they are deleted.",
    )
    merge.add_argument(
        "--dry-run", action="store_true", help="say what it would do, change nothing"
    )
    merge.add_argument("--json", action="store_true", help=JSON_LINES)
    merge.set_defaults(run=merge_duplicates_command)
