"""Record golden vectors of each embedder, so a changed model upload fails tests/test_models.py.

Run only when a model change is intended and re-measured: python scripts/make_golden.py
"""

import argparse
import json
from pathlib import Path

import numpy as np

from models.embedders import EMBEDDERS, load_embedder

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "models" / "golden"
SENTENCES = [
    "The CSV export crashes every time I click the button.",
    "L'export CSV plante à chaque fois que je clique sur le bouton.",
    "Please add a dark mode to the mobile app.",
    "Merci pour la mise à jour, l'application est bien plus rapide !",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", choices=sorted(EMBEDDERS), action="append")
    args = parser.parse_args()
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    for name in args.embedder or sorted(EMBEDDERS):
        vectors = load_embedder(name).embed(SENTENCES)
        np.savez_compressed(GOLDEN_DIR / f"{name}.npz", vectors=vectors)
        (GOLDEN_DIR / f"{name}.json").write_text(json.dumps({"sentences": SENTENCES}, indent=2))
        print(f"{name}: {vectors.shape} written to {GOLDEN_DIR}")


if __name__ == "__main__":
    main()
