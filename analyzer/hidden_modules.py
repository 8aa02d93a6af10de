"""Optional imports a library makes that this process does not need, kept out for a block."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hidden_modules(*names: str) -> Iterator[None]:
    """Inside the block, `import name` raises ImportError for each of these modules not imported
    yet, as if it were not installed; afterwards it imports as usual. thinc, which spaCy imports,
    imports PyTorch when it is installed (1.2 s and ~200 MB at every process start) for the
    transformer pipelines, which this analyzer never runs: its sentencizers and NER models run
    on numpy."""
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # the import system's "not found"
    try:
        yield
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
