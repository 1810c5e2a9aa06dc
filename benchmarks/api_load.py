"""Load test of the HTTP API: N concurrent clients post corpus files to POST /extract (and, with --get-share, ask
GET /search and /tasks) for T seconds against a live local server; then one pathological upload (a flood of
assignments, over the time limit) runs while a client posts small files one after another. Prints requests/s,
median and p95 latency, errors, the small requests' latency beside the pathological one and what it got back,
and the server's CPU seconds (it and its extraction workers)."""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SERVE = "import sys; from extractor import cli_serve; from extractor.cli import app; app(args=sys.argv[1:])"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(workers: int, time_limit: float, corpus: Path) -> tuple[subprocess.Popen, str, tempfile.TemporaryDirectory]:
    tmp = tempfile.TemporaryDirectory(prefix="api-load-")
    subprocess.run([sys.executable, "-m", "extractor", "build", str(corpus), "-o", tmp.name, "-q"], check=True,
                   stdout=subprocess.DEVNULL)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVE, "serve", tmp.name, "--port", str(port), "--workers",
                             str(workers), "--time-limit", str(time_limit)], cwd=tmp.name)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return proc, url, tmp
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("the server exited")
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the server did not start")


QUERIES = [("/search", {"q": "số hóa hồ sơ"}), ("/search", {"q": "thu tuc hanh chinh", "facets": "true"}),
           ("/tasks", {"agency": "Bộ Công an"}), ("/search", {"q": "dịch vụ công", "kind": "task", "year": "2025"})]


SLOW_GETS: list = []


def _pathological(mb: float) -> bytes:
    line = ("Bộ Tài chính chủ trì, phối hợp với Bộ Công an và Ủy ban nhân dân các tỉnh rà soát hồ sơ, "
            "hoàn thành trước ngày 30/6/2025.\n").encode("utf-8")
    return line * max(1, int(mb * 1e6 / len(line)))


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process and of its living descendants (/proc)."""
    total, todo = 0.0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_bytes().rsplit(b")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():   # children of every thread (a pool's are a worker's)
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


async def _client(url: str, files: list[tuple[str, bytes]], stop: float, lat: list, errors: list, offset: int,
                  get_share: float, get_lat: list) -> None:
    async with httpx.AsyncClient(timeout=300) as http:
        i = offset
        while time.monotonic() < stop:
            i += 1
            t0 = time.monotonic()
            if get_share and (i * 0.618034) % 1.0 < get_share:   # a fixed, even spread of GETs among the posts
                path, params = QUERIES[i % len(QUERIES)]
                try:
                    r = await http.get(url + path, params=params)
                    ok = r.status_code == 200 and "results" in r.json()
                except (httpx.HTTPError, ValueError) as err:
                    ok, r = False, err
                (get_lat if ok else errors).append(time.monotonic() - t0 if ok else f"GET {path}: {r}")
                if ok and time.monotonic() - t0 > 1.0:
                    SLOW_GETS.append((round(t0 - stop, 1), path, round(time.monotonic() - t0, 2)))
                continue
            name, body = files[i % len(files)]
            try:
                r = await http.post(url + "/extract", files={"file": (name, body, "text/plain")})
                ok = r.status_code == 200 and r.json().get("documents") is not None
            except (httpx.HTTPError, ValueError) as err:
                ok, r = False, err
            (lat if ok else errors).append(time.monotonic() - t0 if ok else f"{name}: {r}")


async def _beside_pathological(url: str, small: tuple[str, bytes], bad: bytes) -> tuple[list, float, str]:
    """Small uploads, one after another, while the pathological one runs: their latencies, and what it got."""
    async with httpx.AsyncClient(timeout=900) as http:
        t0 = time.monotonic()
        slow = asyncio.create_task(http.post(url + "/extract", files={"file": ("flood.txt", bad, "text/plain")}))
        await asyncio.sleep(0.5)   # it has reached a worker
        lat = []
        while not slow.done():
            t = time.monotonic()
            r = await http.post(url + "/extract", files={"file": small})
            if r.status_code == 200:
                lat.append(time.monotonic() - t)
        r = await slow
        return lat, time.monotonic() - t0, f"{r.status_code} {r.json().get('error', 'ok')}"


async def _run(url: str, clients: int, seconds: float, files, get_share: float) -> tuple[list, list, list, float]:
    lat: list[float] = []
    get_lat: list[float] = []
    errors: list[str] = []
    t0 = time.monotonic()
    await asyncio.gather(*(_client(url, files, t0 + seconds, lat, errors, n * 7, get_share, get_lat)
                           for n in range(clients)))
    return lat, get_lat, errors, time.monotonic() - t0


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95) - 1)] if values else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=1, help="server processes (each with its extraction pool)")
    ap.add_argument("--get-share", type=float, default=0.5, help="share of requests that are GET queries")
    ap.add_argument("--time-limit", type=float, default=10.0, help="the server's --time-limit")
    ap.add_argument("--pathological-mb", type=float, default=3.0, help="size of the pathological upload (0: none)")
    ap.add_argument("--url", help="an already running server (default: start one)")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = ap.parse_args()
    files = [(p.name, p.read_bytes()) for p in sorted(args.corpus.glob("*.txt"))]
    proc = tmp = None
    url = args.url
    if not url:
        proc, url, tmp = _start(args.workers, args.time_limit, args.corpus)
    try:
        # a few requests first: the workers start before the clock does
        for name, body in files[:4]:
            httpx.post(url + "/extract", files={"file": (name, body, "text/plain")}, timeout=300)
        for path, params in QUERIES:   # and the query side (the word segmenter loads on the first search)
            httpx.get(url + path, params=params, timeout=300)
        cpu0 = _tree_cpu(proc.pid) if proc else float("nan")
        lat, get_lat, errors, elapsed = asyncio.run(_run(url, args.clients, args.seconds, files, args.get_share))
        cpu = _tree_cpu(proc.pid) - cpu0 if proc else float("nan")
        beside = None
        if args.pathological_mb:
            small = min(files, key=lambda f: len(f[1]))
            beside = asyncio.run(_beside_pathological(url, small, _pathological(args.pathological_mb)))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
            tmp.cleanup()
    mb = sum(len(b) for _, b in files) / len(files) / 1e6
    print(f"{args.clients} clients, {elapsed:.1f} s wall, {len(files)} corpus files (mean {mb:.3f} MB), "
          f"server processes: {args.workers if proc else '?'}, GET share {args.get_share:g}")
    print(f"requests: {len(lat)} POST /extract + {len(get_lat)} GET ok, {len(errors)} errors; "
          f"server CPU {cpu:.1f} s (its workers included)")
    print(f"throughput: {(len(lat) + len(get_lat)) / elapsed:.2f} requests/s "
          f"({len(lat) / elapsed:.2f} extractions/s, {len(lat) / cpu if cpu else float('nan'):.2f} per CPU-second)")
    if lat:
        print(f"POST /extract latency: median {statistics.median(lat):.2f} s, p95 {_p95(lat):.2f} s, max {max(lat):.2f} s")
    if get_lat:
        print(f"GET latency: median {statistics.median(get_lat) * 1000:.0f} ms, p95 {_p95(get_lat) * 1000:.0f} ms, "
              f"max {max(get_lat) * 1000:.0f} ms")
    if beside:
        small_lat, took, status = beside
        print(f"pathological upload ({args.pathological_mb:g} MB, time limit {args.time_limit:g} s): {status} after "
              f"{took:.1f} s; {len(small_lat)} small uploads meanwhile, median "
              f"{statistics.median(small_lat) if small_lat else float('nan'):.2f} s, max "
              f"{max(small_lat) if small_lat else float('nan'):.2f} s")
    for e in errors[:5]:
        print("error:", e)
    if os.environ.get("API_LOAD_DEBUG"):
        print("slow GETs (seconds before the end, path, latency):", SLOW_GETS[:40])
    return 1 if errors or not lat else 0


if __name__ == "__main__":
    sys.exit(main())
