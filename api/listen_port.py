"""The port `boucle serve` listens on, checked before the models load: a bad --port said as
BOUCLE_PORT's is, and one already taken said in one line instead of uvicorn's late traceback."""

import argparse
import errno
import socket
from typing import Annotated


def port_number(text: str) -> int:
    """--port read with BOUCLE_PORT's own bounds (1 to 65535): the socket took 99999 modulo
    65536 and listened on 34463 without a word."""
    from pydantic import TypeAdapter, ValidationError

    from api.settings import Settings

    bounded = Annotated[int, *Settings.model_fields["port"].metadata]
    try:
        return TypeAdapter(bounded).validate_python(text)
    except ValidationError as error:  # argparse: "argument --port: <message>", exit 2
        raise argparse.ArgumentTypeError(error.errors()[0]["msg"]) from None


def unbindable_port(host: str, port: int) -> str | None:
    """Why `serve` could not listen on host:port (None: it can), found by binding a socket as
    uvicorn does (SO_REUSEADDR: a port in TIME_WAIT is free) and closing it at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET  # uvicorn's choice too
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            why = error.strerror or str(error)
            if error.errno == errno.EADDRINUSE:
                hint = "another server listens there: pick another port with --port or BOUCLE_PORT"
            elif error.errno == errno.EACCES:
                hint = "ports below 1024 need privileges: pick another with --port or BOUCLE_PORT"
            else:  # EADDRNOTAVAIL, an unknown host name
                hint = "check --host or BOUCLE_HOST (an address of this machine)"
            return f"cannot listen on {host}:{port} ({why}): {hint}"
    return None
