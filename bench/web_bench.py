"""Web benchmark: prints one JSON line (the public home page under a bounded loopback load).

A demo city (main.run_demo, default DemoScale, no serving) is built in a temporary
folder; `python main.py web --config <its kinerja.toml> --port <free port>` then serves it with
waitress in a child process, exactly as in production. After a short warm-up, 32 concurrent
keep-alive clients request `/` for 20 s; then, logged in as the demo's employee (issue 13),
`/saya` under the same load. Targets for both: >= 300 requests/s and p99 <= 100 ms. The JSON
holds the home page's figures at the top level and /saya's under "saya", side by side.

Load tool: `wrk` (Debian package) when installed, its latency percentiles from `--latency`;
otherwise a Python asyncio client over raw sockets (HTTP/1.1 keep-alive). The JSON says which.
The client shares the machine with the server (both on loopback), as the target assumes.
Usage: python bench/web_bench.py [--seconds 20] [--connections 32] [--tool auto|wrk|python]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_RPS = 300
TARGET_P99_MS = 100
PATH = "/"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_demo(folder: Path) -> dict:
    from main import run_demo

    return run_demo(folder, serve=False, log=lambda _line: None)


def log_in(port: int, login: str, password: str) -> str:
    """The Cookie header of a fresh session of `login` (the /masuk form, CSRF token included)."""
    import http.cookiejar
    from urllib.parse import urlencode

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"http://127.0.0.1:{port}/masuk", timeout=10) as response:
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode()).group(1)
    body = urlencode({"csrf_token": token, "username": login, "password": password}).encode()
    with opener.open(f"http://127.0.0.1:{port}/masuk", data=body, timeout=10) as response:
        if not response.geturl().endswith("/saya"):
            raise RuntimeError(f"login as {login} did not reach /saya: {response.geturl()}")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def start_server(config: Path, port: int, log: Path) -> subprocess.Popen:
    """`python main.py web` in a child process; returns once the home page answers 200.

    Its output goes to the file `log` (a pipe nobody reads could fill up and stall the server).
    """
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "web",
                "--config",
                str(config),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{PATH}", timeout=2) as response:
                if response.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def server_stats(pid: int) -> dict:
    """The server's peak RSS and CPU seconds so far (Linux /proc)."""
    out: dict = {}
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        out["server_peak_mb"] = round(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024, 1)
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        out["server_cpu_seconds"] = round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 1)
    except (OSError, AttributeError, IndexError, ValueError):
        pass
    return out


def warm_up(port: int, requests: int = 20, path: str = PATH, cookie: str = "") -> int:
    """A few sequential requests (fills the page cache); returns the page size in bytes."""
    size = 0
    for _ in range(requests):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request, timeout=5) as response:
            if response.geturl() != f"http://127.0.0.1:{port}{path}":
                raise RuntimeError(f"{path} redirected to {response.geturl()}: not logged in?")
            size = len(response.read())
    return size


# ---- wrk ----------------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> dict:
    """Requests/s, latency percentiles (ms) and errors from `wrk --latency` output."""
    percentiles = {p: _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.M)}
    requests = re.search(r"(\d+) requests in [\d.]+\w+,", output).group(1)
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return {
        "requests": int(requests),
        "requests_per_second": round(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), 1),
        "latency_p50_ms": round(percentiles["50"], 2),
        "latency_p90_ms": round(percentiles["90"], 2),
        "latency_p99_ms": round(percentiles["99"], 2),
        "errors": errors,
    }


def run_wrk(port: int, connections: int, seconds: int, path: str = PATH, cookie: str = "") -> dict:
    # Two client threads: the machine's two cores are shared with the server anyway.
    cmd = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
        *(["-H", f"Cookie: {cookie}"] if cookie else []),
        f"http://127.0.0.1:{port}{path}",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=True)
    return {"tool": "wrk", **parse_wrk(done.stdout)}


# ---- Python fallback ----------------------------------------------------------------------------


async def _client(
    port: int, until: float, latencies: list[float], errors: list[int], path: str = PATH, cookie: str = ""
) -> None:
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}Connection: keep-alive\r\n\r\n".encode()
    reader = writer = None
    while time.perf_counter() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head).group(1))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if status != 200:
                errors[0] += 1
            if re.search(rb"(?i)\r\nconnection:\s*close", head):
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, AttributeError, ValueError):
            errors[0] += 1
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def _load(port: int, connections: int, seconds: int, path: str, cookie: str) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = [0]
    start = time.perf_counter()
    until = start + seconds
    await asyncio.gather(*(_client(port, until, latencies, errors, path, cookie) for _ in range(connections)))
    return latencies, errors[0], time.perf_counter() - start


def run_python(port: int, connections: int, seconds: int, path: str = PATH, cookie: str = "") -> dict:
    latencies, errors, elapsed = asyncio.run(_load(port, connections, seconds, path, cookie))
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000, 2) if ordered else 0.0

    return {
        "tool": "python-asyncio",
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "latency_p50_ms": round(statistics.median(ordered) * 1000, 2) if ordered else 0.0,
        "latency_p90_ms": pct(90),
        "latency_p99_ms": pct(99),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args()
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    report: dict = {"cpus": os.cpu_count(), "path": PATH, "connections": args.connections, "seconds": args.seconds}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        demo = build_demo(Path(tmp) / "demo")
        config = demo["config"]
        report["demo_seconds"] = round(time.perf_counter() - started, 1)
        port = free_port()
        server_log = Path(tmp) / "server.log"
        proc = start_server(config, port, server_log)
        try:
            report["page_bytes"] = warm_up(port)
            load = run_wrk if tool == "wrk" else run_python
            report.update(load(port, args.connections, args.seconds))
            # The same load on a logged-in /saya (the demo's employee): one session, as a
            # person reloading their own page; the session check reads the store each request.
            nip, password, _name = demo["logins"]["Pegawai"]
            cookie = log_in(port, nip, password)
            saya = {"path": "/saya", "page_bytes": warm_up(port, path="/saya", cookie=cookie)}
            saya.update(load(port, args.connections, args.seconds, "/saya", cookie))
            saya["target_met"] = (
                saya["requests_per_second"] >= TARGET_RPS
                and saya["latency_p99_ms"] <= TARGET_P99_MS
                and saya["errors"] == 0
            )
            report["saya"] = saya
            report.update(server_stats(proc.pid))
        finally:
            stop_server(proc)
    report["target_met"] = (
        report["requests_per_second"] >= TARGET_RPS
        and report["latency_p99_ms"] <= TARGET_P99_MS
        and report["errors"] == 0
    )
    print(json.dumps(report))


if __name__ == "__main__":
    main()
