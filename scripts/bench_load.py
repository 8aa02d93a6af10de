"""Load test on loopback: N concurrent clients send mixed traffic (tag, ingest, search) to a
real server for a bounded time; throughput, p50/p99 per kind and errors; then every
acknowledged item must be stored exactly once. Writes its section of docs/benchmarks.md.

    python scripts/bench_load.py [--clients 8] [--seconds 120]
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

from scripts.report import write_section  # noqa: E402

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


async def client_loop(http: httpx.AsyncClient, number: int, deadline: float, out: dict) -> None:
    rng = random.Random(number)
    sent = 0
    while time.monotonic() < deadline:
        kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        started = time.perf_counter()
        try:
            if kind == "tag":
                response = await http.post("/v1/tag", json={"text": rng.choice(TEXTS)})
            elif kind == "ingest":
                items = [{"source": "load", "external_id": f"c{number}-{sent + i}",
                          "text": rng.choice(TEXTS)} for i in range(10)]  # fmt: skip
                response = await http.post("/v1/feedback", json={"items": items})
                if response.status_code == 200:
                    out["acknowledged"].update(item["external_id"] for item in items)
                sent += 10
            else:
                body = {"query": rng.choice(QUERIES), "limit": 10}
                response = await http.post("/v1/search", json=body)
            ok = response.status_code < 400
        except httpx.HTTPError:
            ok = False
        out["latency"][kind].append((time.perf_counter() - started) * 1000)
        if not ok:
            out["errors"][kind] += 1


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


async def run(base: str, clients: int, seconds: float) -> dict:
    out = {"latency": {k: [] for k, _ in MIX}, "errors": {k: 0 for k, _ in MIX},
           "acknowledged": set()}  # fmt: skip
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        await asyncio.gather(*(client_loop(http, n, deadline, out) for n in range(clients)))
    return out


def stored_count(base: str) -> int:
    """Items of source "load" stored, paging through GET /v1/feedback."""
    count, cursor = 0, None
    with httpx.Client(base_url=base, timeout=60) as http:
        while True:
            params = {"source": "load", "limit": 500, **({"cursor": cursor} if cursor else {})}
            page = http.get("/v1/feedback", params=params).json()
            count += len(page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=120)
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
        out = asyncio.run(run(base, args.clients, args.seconds))
        elapsed = time.perf_counter() - started
        stored = stored_count(base)
    finally:
        server.terminate()
        server.wait()
    rows = []
    total = sum(len(v) for v in out["latency"].values())
    for kind, samples in out["latency"].items():
        ordered = sorted(samples) or [0.0]
        p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
        rows.append(f"| {kind} | {len(samples)} | {len(samples) / elapsed:.1f} | "
                    f"{statistics.median(ordered):.1f} | {p99:.1f} | {out['errors'][kind]} |")  # fmt: skip
    acknowledged = len(out["acknowledged"])
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    markdown = f"""## Load test (`scripts/bench_load.py`)

Command: `python scripts/bench_load.py --clients {args.clients} --seconds {args.seconds:.0f}` ·
{date.today()} · {machine} · one server process (embedded default, worker thread on), the
{args.clients} clients (one asyncio process) on the same 2 cores. Mix: 60 % `POST /v1/tag`, 20 %
`POST /v1/feedback` (10 items), 20 % `POST /v1/search`.

| request | count | per second | p50 ms | p99 ms | errors |
|---|---|---|---|---|---|
{chr(10).join(rows)}

{total / elapsed:.1f} requests/s in all over {elapsed:.0f} s. Items acknowledged: {acknowledged};
stored afterwards: {stored} ({"none lost, none duplicated" if stored == acknowledged else "MISMATCH"}).
"""
    write_section(ROOT / "docs/benchmarks.md", "load", markdown)
    print(markdown)
    if stored != acknowledged or any(out["errors"].values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
