"""Time the reads an analyst or CSM runs on a big workspace: the whole insights export (CSV),
the at-risk accounts and a search folding repeated texts (with and without a source filter),
each through the API in-process, p50 of `--calls` calls (one warm-up call first).

    BOUCLE_DATA_DIR=scale-data python scripts/bench_reads.py [--calls 10] [--source zendesk]

It reads the workspace only, but opens its vector store: stop a `boucle serve` on it first."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "2")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from api.app import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402

QUERIES = ("the app crashes", "refund my money", "thank you, great support", "login fails")


def timed(call, calls: int) -> tuple[float, float, object]:
    """p50 wall seconds, p50 CPU seconds of this process (what a shared machine's other load
    does not inflate), and the last result."""
    result = call()  # warm-up
    wall, cpu = [], []
    for _ in range(calls):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = call()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--source", default="zendesk")
    parser.add_argument("--only", nargs="*", default=["export", "at-risk", "search"])
    args = parser.parse_args()
    settings = Settings(worker=False)
    with TestClient(create_app(settings)) as client:
        while client.get("/readyz").status_code != 200:  # the models load in the background
            time.sleep(0.5)
        if "export" in args.only:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get("/v1/insights/export")
            seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
            rows = response.text.count("\r\n") - 1  # a text's own line breaks are "\n"
            print(f"export csv: {rows} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s "
                  f"({rows / cpu:,.0f} rows per CPU second), "
                  f"{len(response.content) / 2**20:.0f} MB")  # fmt: skip
        if "at-risk" in args.only:
            p50, cpu, body = timed(lambda: client.get("/v1/voc/at-risk").json(), args.calls)
            first = body["items"][0] if body["items"] else None
            print(f"at-risk: p50 {p50 * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms "
                  f"({len(body['items'])} items, first {first})")  # fmt: skip
        if "search" in args.only:
            for filters in ({}, {"source": args.source}):
                for query in QUERIES:
                    body = {"query": query, "limit": 10, "filters": filters}
                    p50, cpu, hits = timed(lambda b=body: client.post("/v1/search", json=b).json(),
                                      args.calls)  # fmt: skip
                    folded = sum(h["same_text"] for h in hits["items"])
                    print(f"search {query!r} {filters}: p50 {p50 * 1000:.0f} ms, "
                          f"CPU {cpu * 1000:.0f} ms "
                          f"({len(hits['items'])} hits, {folded} repeats folded)")  # fmt: skip


if __name__ == "__main__":
    main()
