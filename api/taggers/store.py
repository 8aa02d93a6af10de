"""Tagger versions on disk, under BOUCLE_DATA_DIR/taggers/<name>/v<N>/ (head, card, examples).
A version becomes live only once all its files are written (the LIVE file is replaced
atomically), so a crash mid-training leaves the previous version serving."""

import json
import os
import re
import shutil
from pathlib import Path

from models.heads import LinearHead, load_head

# As the API's path parameter: a name is a folder, so nothing else may reach the disk ("../x").
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


class TaggerNotFound(LookupError):
    pass


class VersionNotFound(TaggerNotFound):
    pass


class BadTaggerName(ValueError):
    pass


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise BadTaggerName(
            f"tagger name {name!r}: use lower-case letters, digits, - and _ (at most 64, "
            "starting with a letter or digit)"
        )
    return name


class TaggerStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, name: str) -> Path:
        return self.root / check_name(name)

    def names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir()
                      if NAME.fullmatch(p.name) and (p / "LIVE").is_file())  # fmt: skip

    def live_versions(self) -> dict[str, int]:
        """{name: live version} of every tagger: what another process may have changed."""
        live = {}
        for name in self.names():
            try:
                live[name] = self.live_version(name)
            except (TaggerNotFound, ValueError, OSError):  # deleted or replaced meanwhile
                continue
        return live

    def versions(self, name: str) -> list[int]:
        folder = self.folder(name)
        return sorted(int(p.name[1:]) for p in folder.glob("v*") if (p / "meta.json").is_file())

    def live_version(self, name: str) -> int:
        live = self.folder(name) / "LIVE"
        if not live.is_file():
            raise TaggerNotFound(f"no tagger named {name!r}: create it with PUT /v1/taggers/{name}")
        return int(live.read_text())

    def meta(self, name: str, version: int | None = None) -> dict:
        version = version or self.live_version(name)
        return json.loads((self.folder(name) / f"v{version}" / "meta.json").read_text())

    def examples(self, name: str) -> list[dict]:
        path = self.folder(name) / f"v{self.live_version(name)}" / "examples.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines() if line]

    def head(self, name: str, embedder: str) -> LinearHead:
        return load_head(name, embedder, self.folder(name) / f"v{self.live_version(name)}")

    def save(self, head: LinearHead, meta: dict, examples: list[dict], live: bool = True) -> int:
        """The next version, written whole; `live`: served from now on (else kept for a
        rollback to make live)."""
        folder = self.folder(head.name)
        version = max(self.versions(head.name), default=0) + 1
        target = folder / f"v{version}"
        target.mkdir(parents=True)
        head.save(target)
        with (target / "examples.jsonl").open("w") as out:
            out.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in examples)
        (target / "meta.json").write_text(json.dumps({**meta, "version": version}, indent=2))
        if live:
            self._point_live(folder, version)
        return version

    def make_live(self, name: str, version: int) -> None:
        """Serve an earlier (or later) saved version again: a rollback. Nothing is deleted; the
        next training still makes a new version, numbered after the highest."""
        self.live_version(name)  # raises if there is no such tagger
        versions = self.versions(name)
        if version not in versions:
            raise VersionNotFound(
                f"tagger {name!r} has no version {version}: its versions are "
                f"{', '.join(map(str, versions))}"
            )
        self._point_live(self.folder(name), version)

    @staticmethod
    def _point_live(folder: Path, version: int) -> None:
        pointer = folder / "LIVE.tmp"
        pointer.write_text(str(version))
        os.replace(pointer, folder / "LIVE")  # atomic: a reader sees the old or the new one

    def delete(self, name: str) -> None:
        self.live_version(name)  # raises if unknown
        shutil.rmtree(self.folder(name))
