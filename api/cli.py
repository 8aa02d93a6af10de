"""The `boucle` command: `boucle tag` (JSON lines in, JSON lines out) and `boucle serve`."""

import argparse
import json
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from api.settings import get_settings


class InputError(ValueError):
    """A line of input that cannot be tagged; the message says which line and why."""


def read_items(stream: TextIO) -> Iterator[tuple[str | None, str, str | None]]:
    """(id, text, language) per non-empty line: a JSON object {"id", "text", "language"?} or plain text."""
    for number, line in enumerate(stream, start=1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"line {number}: not valid JSON ({error.msg})") from None
            text = item.get("text")
            if not isinstance(text, str) or not text.strip():
                raise InputError(f"line {number}: 'text' must be a non-empty string")
            yield item.get("id"), text, item.get("language")
        else:
            yield None, line, None


def tag_command(args: argparse.Namespace) -> int:
    from analyzer import Analyzer
    from api.tagging.service import Tagger

    tagger = Tagger(Analyzer(get_settings().analyzer_config()))
    ids: list[str | None] = []

    def texts() -> Iterator[tuple[str, str | None]]:
        for item_id, text, language in read_items(args.input):
            ids.append(item_id)
            yield text, language

    try:
        for number, result in enumerate(tagger.stream(texts())):
            record = result.model_dump()
            item_id = ids[number]
            out = {"id": item_id if item_id is not None else number + 1, **record}
            args.output.write(json.dumps(out, ensure_ascii=False) + "\n")
    except InputError as error:
        print(f"boucle tag: {error}", file=sys.stderr)
        return 2
    return 0


def serve_command(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from api.security import check_bind

    settings = get_settings()
    host = args.host or settings.host
    check_bind(settings, host)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    uvicorn.run(create_app(settings), host=host, port=args.port or settings.port, log_level="info")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="boucle", description="Boucle feedback intelligence")
    commands = parser.add_subparsers(dest="command", required=True)

    tag = commands.add_parser("tag", help="tag JSON lines {id, text} (or plain lines) from stdin")
    tag.add_argument("input", nargs="?", type=argparse.FileType("r"), default=sys.stdin)
    tag.add_argument("-o", "--output", type=argparse.FileType("w"), default=sys.stdout)
    tag.set_defaults(run=tag_command)

    serve = commands.add_parser("serve", help="start the API (settings from BOUCLE_* variables)")
    serve.add_argument("--host", default=None, help="default: BOUCLE_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: BOUCLE_PORT or 8000")
    serve.set_defaults(run=serve_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Never reach a model hub; pin BLAS/OpenMP pools to this machine's cores before numpy loads.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("OMP_NUM_THREADS", str(get_settings().threads))
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
