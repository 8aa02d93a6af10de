"""Load test on loopback, against a real server, for a bounded time each:
1. mixed: N concurrent clients send mixed traffic (tag, ingest, search);
2. bulk: one client ingests batches of 100 back to back while a ticket and a search query are
   sent every 50 ms (a support tool and an analyst beside a bulk load): how long do they wait?
Throughput, p50/p90/p99 per kind and errors; then every acknowledged item must be stored
exactly once. Writes its section of docs/benchmarks.md.

    python scripts/bench_load.py [--clients 8] [--seconds 120] [--bulk-seconds 60]
"""

import argparse
import asyncio
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from scripts.report import cpu_model, write_section  # noqa: E402

TEXTS = [
    "The CSV export crashes every time since the update, please fix it today.",
    "Please add a dark mode to the mobile app.",
    "L'application plante au démarrage depuis la mise à jour.",
    "Great support team, they answered in minutes!",
    "Why was I charged twice this month? I want a refund.",
    "We will cancel our subscription if SSO is not available soon.",
    "La synchronisation du calendrier ne fonctionne plus.",
    "How do I export my invoices to Excel?",
]
QUERIES = ["export crash", "refund charged twice", "mode sombre", "calendar sync", "cancel"]
MIX = (("tag", 0.6), ("ingest", 0.2), ("search", 0.2))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def send(http: httpx.AsyncClient, kind: str, rng: random.Random, out: dict,
               items: list[dict] | None = None) -> None:  # fmt: skip
    """One request of `kind` (ingest: of `items`), timed into `out`."""
    started = time.perf_counter()
    try:
        if kind == "tag":
            response = await http.post("/v1/tag", json={"text": rng.choice(TEXTS)})
        elif kind == "search":
            body = {"query": rng.choice(QUERIES), "limit": 10}
            response = await http.post("/v1/search", json=body)
        else:
            response = await http.post("/v1/feedback", json={"items": items})
            if response.status_code == 200:
                out["acknowledged"].update(item["external_id"] for item in items)
        ok = response.status_code < 400
    except httpx.HTTPError:
        ok = False
    out["latency"][kind].append((time.perf_counter() - started) * 1000)
    out["errors"][kind] += not ok


def feedback_items(rng: random.Random, source: str, prefix: str, count: int) -> list[dict]:
    return [{"source": source, "external_id": f"{prefix}-{i}",
             "text": " ".join(rng.choices(TEXTS, k=1 + (source == "bulk")))}
            for i in range(count)]  # fmt: skip


async def client_loop(http: httpx.AsyncClient, number: int, deadline: float, out: dict) -> None:
    rng = random.Random(number)
    sent = 0
    while time.monotonic() < deadline:
        kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        items = feedback_items(rng, "load", f"c{number}-{sent}", 10) if kind == "ingest" else None
        await send(http, kind, rng, out, items)
        sent += 1


def wait_ready(base: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the server did not become ready")


def new_results(kinds: list[str]) -> dict:
    return {"latency": {k: [] for k in kinds}, "errors": dict.fromkeys(kinds, 0),
            "acknowledged": set()}  # fmt: skip


async def run(base: str, clients: int, seconds: float) -> dict:
    out = new_results([k for k, _ in MIX])
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        await asyncio.gather(*(client_loop(http, n, deadline, out) for n in range(clients)))
    return out


async def bulk_loop(http: httpx.AsyncClient, deadline: float, out: dict) -> None:
    rng = random.Random(-1)
    sent = 0
    while time.monotonic() < deadline:
        await send(http, "ingest 100", rng, out, feedback_items(rng, "bulk", f"b{sent}", 100))
        sent += 1


async def paced_loop(http: httpx.AsyncClient, kind: str, deadline: float, out: dict) -> None:
    rng = random.Random(kind)
    while time.monotonic() < deadline:
        await send(http, kind, rng, out)
        await asyncio.sleep(0.05)


async def run_bulk(base: str, seconds: float) -> dict:
    out = new_results(["tag", "search", "ingest 100"])
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        await asyncio.gather(bulk_loop(http, deadline, out), paced_loop(http, "tag", deadline, out),
                             paced_loop(http, "search", deadline, out))  # fmt: skip
    return out


def table(out: dict, elapsed: float) -> str:
    rows = ["| request | count | per second | p50 ms | p90 ms | p99 ms | errors |",
            "|---|---|---|---|---|---|---|"]  # fmt: skip
    for kind, samples in out["latency"].items():
        ordered = sorted(samples) or [0.0]
        p90, p99 = (ordered[min(len(ordered) - 1, int(q * len(ordered)))] for q in (0.9, 0.99))
        rows.append(f"| {kind} | {len(samples)} | {len(samples) / elapsed:.1f} | "
                    f"{statistics.median(ordered):.1f} | {p90:.1f} | {p99:.1f} | "
                    f"{out['errors'][kind]} |")  # fmt: skip
    return "\n".join(rows)


def stored_count(base: str, source: str) -> int:
    """Items of one source stored, paging through GET /v1/feedback."""
    count, cursor = 0, None
    with httpx.Client(base_url=base, timeout=60) as http:
        while True:
            params = {"source": source, "limit": 500, **({"cursor": cursor} if cursor else {})}
            page = http.get("/v1/feedback", params=params).json()
            count += len(page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--bulk-seconds", type=float, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "BOUCLE_DATA_DIR": tempfile.mkdtemp(prefix="boucle-load-"),
           "BOUCLE_PORT": str(port), "BOUCLE_RATE_LIMIT_PER_MINUTE": "0"}  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "api", "serve"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_ready(base)
        started = time.perf_counter()
        mixed = asyncio.run(run(base, args.clients, args.seconds))
        mixed_s = time.perf_counter() - started
        started = time.perf_counter()
        bulk = asyncio.run(run_bulk(base, args.bulk_seconds))
        bulk_s = time.perf_counter() - started
        stored = stored_count(base, "load") + stored_count(base, "bulk")
    finally:
        server.terminate()
        server.wait()
    total = sum(len(v) for v in mixed["latency"].values())
    acknowledged = len(mixed["acknowledged"]) + len(bulk["acknowledged"])
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores ({cpu_model()}), "
        f"Python {platform.python_version()}"
    )
    markdown = f"""## Load test (`scripts/bench_load.py`)

Command: `python scripts/bench_load.py --clients {args.clients} --seconds {args.seconds:.0f} --bulk-seconds {args.bulk_seconds:.0f}` ·
{date.today()} · {machine} · one server process (embedded default, worker thread on), the
clients (one asyncio process) on the same 2 cores.

**Mixed**: {args.clients} clients, each sending its next request as soon as the last is answered
(the 2 cores are saturated). Mix: 60 % `POST /v1/tag`, 20 % `POST /v1/feedback` (10 items), 20 %
`POST /v1/search`.

{table(mixed, mixed_s)}

{total / mixed_s:.1f} requests/s in all over {mixed_s:.0f} s.

**Beside a bulk load**: one client posts `POST /v1/feedback` batches of 100 items back to back
while one ticket (`POST /v1/tag`) and one search query are sent every 50 ms.

{table(bulk, bulk_s)}

{100 * len(bulk["latency"]["ingest 100"]) / bulk_s:.0f} items/s ingested meanwhile.

Items acknowledged in both parts: {acknowledged}; stored afterwards: {stored}
({"none lost, none duplicated" if stored == acknowledged else "MISMATCH"}).
"""
    write_section(args.out, "load", markdown)
    print(markdown)
    errors = sum(mixed["errors"].values()) + sum(bulk["errors"].values())
    if stored != acknowledged or errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
