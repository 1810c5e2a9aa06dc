"""Load test of POST /extract: N concurrent clients post corpus files for T seconds to a live local server; req/s, p95, errors."""
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


def _start(workers: int) -> tuple[subprocess.Popen, str, tempfile.TemporaryDirectory]:
    tmp = tempfile.TemporaryDirectory(prefix="api-load-")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVE, "serve", tmp.name, "--port", str(port), "--workers",
                             str(workers), "--corpus", str(ROOT / "corpus")], cwd=tmp.name)
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


async def _client(url: str, files: list[tuple[str, bytes]], stop: float, lat: list, errors: list, offset: int) -> None:
    async with httpx.AsyncClient(timeout=120) as http:
        i = offset
        while time.monotonic() < stop:
            name, body = files[i % len(files)]
            i += 1
            t0 = time.monotonic()
            try:
                r = await http.post(url + "/extract", files={"file": (name, body, "text/plain")})
                ok = r.status_code == 200 and r.json().get("documents") is not None
            except (httpx.HTTPError, ValueError) as err:
                ok, r = False, err
            (lat if ok else errors).append(time.monotonic() - t0 if ok else f"{name}: {r}")


async def _run(url: str, clients: int, seconds: float, files) -> tuple[list, list, float]:
    lat: list[float] = []
    errors: list[str] = []
    t0 = time.monotonic()
    await asyncio.gather(*(_client(url, files, t0 + seconds, lat, errors, n) for n in range(clients)))
    return lat, errors, time.monotonic() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes")
    ap.add_argument("--url", help="an already running server (default: start one)")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = ap.parse_args()
    files = [(p.name, p.read_bytes()) for p in sorted(args.corpus.glob("*.txt"))]
    proc = tmp = None
    url = args.url
    if not url:
        proc, url, tmp = _start(args.workers)
    try:
        # one request per worker first: the models load before the clock starts
        for name, body in files[: max(1, args.workers) * 2]:
            httpx.post(url + "/extract", files={"file": (name, body, "text/plain")}, timeout=300)
        lat, errors, elapsed = asyncio.run(_run(url, args.clients, args.seconds, files))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
            tmp.cleanup()
    lat.sort()
    p95 = lat[max(0, int(len(lat) * 0.95) - 1)] if lat else float("nan")
    mb = sum(len(b) for _, b in files) / len(files) / 1e6
    print(f"{args.clients} clients, {elapsed:.1f} s, {len(files)} corpus files (mean {mb:.3f} MB), "
          f"server workers: {args.workers if proc else '?'}")
    print(f"requests: {len(lat)} ok, {len(errors)} errors")
    print(f"throughput: {len(lat) / elapsed:.2f} requests/s")
    if lat:
        print(f"latency: median {statistics.median(lat):.2f} s, p95 {p95:.2f} s, max {lat[-1]:.2f} s")
    for e in errors[:5]:
        print("error:", e)
    return 1 if errors or not lat else 0


if __name__ == "__main__":
    sys.exit(main())
