"""`boucle forget`, `boucle privacy export` and `boucle audit` through a running server's API
(--url, with an admin key): how to reach the data while `boucle serve` holds the embedded store,
or when the database is a server's that this machine does not reach."""

import argparse
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: the CLI adds this module's options at every start
    import httpx


class RemoteRefusal(LookupError):
    """The server could not be reached, or answered with an error: the message says which."""


def add_remote_options(parser: argparse.ArgumentParser, scope: str = "admin") -> None:
    """--url and --api-key; `scope`: the one the command's routes ask of the key."""
    parser.add_argument("--url", metavar="URL",
                        help="through a running server's API (e.g. http://127.0.0.1:8000), "
                        "while `boucle serve` holds the embedded store")  # fmt: skip
    parser.add_argument("--api-key", default=os.environ.get("BOUCLE_API_KEY"),
                        help=f"with --url: a key with the {scope} scope; default: $BOUCLE_API_KEY")  # fmt: skip


def call(args: argparse.Namespace, method: str, path: str, **request) -> "httpx.Response":
    """One request to the server at --url; RemoteRefusal unless it answers 200."""
    import httpx

    from api.feedback import remote  # here: the CLI adds this module's options at every start

    try:
        with remote.api_client(args.url, args.api_key) as client:
            answer = client.request(method, path, **request)
    except httpx.TransportError as error:
        raise RemoteRefusal(
            f"cannot reach {args.url} ({error}): is `boucle serve` running there?"
        ) from None
    if answer.status_code != 200:
        try:
            message = answer.json()["message"]
        except (ValueError, KeyError, TypeError):
            message = answer.text[:300]
        raise RemoteRefusal(f"{args.url} answered {answer.status_code}: {message}")
    return answer
