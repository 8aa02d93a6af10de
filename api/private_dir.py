"""Folders that hold customers' words: their owner's alone."""

from pathlib import Path


def make_private_dir(path: Path) -> None:
    """Create `path` and every missing folder above it 0700. `Path.mkdir(parents=True)` gives
    the parents the umask's mode (0755), so whichever store opened a new data folder first
    decided who could list it. A folder that exists keeps its mode (the owner chose it)."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
