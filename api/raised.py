"""Which kind of error was raised, asked without importing the modules that define the kinds:
`boucle` catches errors of SQLAlchemy, the vector store and the API's modules, which take
seconds to import, and a command that never imported them cannot have raised their errors."""

import sys

# An error kind as (module that defines it, class name).
ErrorKind = tuple[str, str]

# Stores refused in one line: held by a server (StoreBusy), or out of reach.
STORE_REFUSALS: tuple[ErrorKind, ...] = (
    ("api.vectors.edge", "StoreBusy"),
    ("api.vectors", "VectorStoreUnavailable"),
)


def raised_one_of(error: BaseException, kinds: tuple[ErrorKind, ...]) -> bool:
    """Whether `error` is an instance of one of `kinds`; a kind whose module was never imported
    cannot have been raised, so none is imported here."""
    for module, name in kinds:
        kind = getattr(sys.modules.get(module), name, None)
        if kind is not None and isinstance(error, kind):
            return True
    return False
