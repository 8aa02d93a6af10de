"""Crash test: a 20,000-item `boucle import` killed with SIGKILL at a random moment, then run
again; every item must be stored once, analysed and indexed, and `boucle doctor` must find SQL
and the vector store in agreement. Writes its section of docs/benchmarks.md.

    python scripts/crash_import.py [--items 20000] [--seed 0]
"""

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

from scripts.report import write_section  # noqa: E402

PHRASES = ["the export crashes", "please add dark mode", "l'appli plante", "great support",
           "I was charged twice", "la synchro ne marche plus", "login fails", "too expensive"]  # fmt: skip


def write_items(path: Path, n: int, rng: random.Random) -> None:
    with path.open("w") as handle:
        for i in range(n):
            text = f"Ticket {i}: {rng.choice(PHRASES)}, case {rng.randrange(10**6)}."
            handle.write(json.dumps({"id": f"t-{i}", "text": text, "source": "crash"}) + "\n")


def stored(db: Path) -> tuple[int, int, int]:
    if not db.exists():
        return 0, 0, 0
    with sqlite3.connect(db) as connection:
        try:
            rows = connection.execute("SELECT COUNT(*), COUNT(DISTINCT external_id), "
                                      "SUM(status = 'analysed') FROM feedback").fetchone()  # fmt: skip
        except sqlite3.OperationalError:  # the schema is still being created
            return 0, 0, 0
    return rows[0], rows[1], rows[2] or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="boucle-crash-"))
    path = work / "items.jsonl"
    write_items(path, args.items, rng)
    env = {**os.environ, "BOUCLE_DATA_DIR": str(work / "data"), "BOUCLE_WORKER": "false"}
    command = [sys.executable, "-m", "api", "import", str(path), "--quiet", "--no-date-column"]
    kill_at = rng.randrange(args.items // 10, args.items * 9 // 10)
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    db = work / "data" / "boucle.db"
    while stored(db)[0] < kill_at:
        if process.poll() is not None:
            raise SystemExit("the import ended before the kill")
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    at_kill = stored(db)
    resumed = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    after = stored(db)
    doctor = subprocess.run([sys.executable, "-m", "api", "doctor"], env=env, cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - started
    ok = after == (args.items,) * 3 and resumed.returncode == 0 and doctor.returncode == 0
    markdown = f"""## Crash test (`scripts/crash_import.py`)

Command: `python scripts/crash_import.py --items {args.items} --seed {args.seed}` · {date.today()} ·
embedded default. `boucle import` of {args.items:,} items killed with SIGKILL once
{kill_at:,} were stored (random point), then run again.

| moment | rows | distinct ids | analysed |
|---|---|---|---|
| at the kill | {at_kill[0]:,} | {at_kill[1]:,} | {at_kill[2]:,} |
| after the resume | {after[0]:,} | {after[1]:,} | {after[2]:,} |

`boucle doctor` afterwards: `{doctor.stdout.strip()}`. Whole run {seconds:.0f} s.
Result: {"every item stored once, analysed and indexed" if ok else "FAILED"}.
"""
    write_section(ROOT / "docs/benchmarks.md", "crash", markdown)
    print(markdown)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
