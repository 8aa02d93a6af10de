"""This release's version, as its package metadata says (pyproject.toml): the one place the
OpenAPI document, `boucle --version` and the User-Agent of outgoing webhooks read it from."""

from importlib.metadata import PackageNotFoundError, version


def release() -> str:
    try:
        return version("boucle")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0.0.0"


VERSION = release()
USER_AGENT = f"Boucle/{VERSION}"
