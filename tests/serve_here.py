"""`boucle serve` in the test's own process up to uvicorn, which is handed the app instead of
serving it: what serve says and does at its start, without the seconds a process of its own
takes to import the app again. Keep a process for what only one shows (a lock's holder, what
reaches a terminal without a handler, a signal)."""

import subprocess

import pytest


def serve_up_to_uvicorn(
    boucle, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], *args: str
) -> tuple[subprocess.CompletedProcess, list[dict]]:
    """`boucle serve ARGS` with `env` added to this process's variables (`boucle`: the conftest
    fixture): its answer, and the options of each call to uvicorn.run (none: it refused)."""
    import logging

    import uvicorn

    # Boucle's loggers as a new process has them, whatever an earlier command run in this
    # process left on them: no handler until `boucle` sets one up (a line logged before would
    # reach no terminal)
    for name in ["boucle", *logging.root.manager.loggerDict]:
        if name == "boucle" or name.startswith("boucle."):
            monkeypatch.setattr(logging.getLogger(name), "handlers", [])
    served: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(options))
    return boucle("serve", *args, env=env), served
