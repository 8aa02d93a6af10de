"""sha256 checks of bundled weight files: a changed third-party upload must not go unnoticed."""

import hashlib
from pathlib import Path


class WeightsMismatch(RuntimeError):
    """A weight file's sha256 differs from the one recorded in the model card."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_files(root: Path, expected: dict[str, str]) -> None:
    """Raise WeightsMismatch if any file under `root` differs from its recorded sha256."""
    for relative, want in expected.items():
        path = root / relative
        if not path.is_file():
            raise WeightsMismatch(f"missing weight file {path}: reinstall the model package")
        got = sha256_of(path)
        if got != want:
            raise WeightsMismatch(
                f"{path} has sha256 {got}, expected {want}: the model package changed; "
                "pin the known version or re-measure and record the new hash in models/embedders.py"
            )
