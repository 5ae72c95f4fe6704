#!/usr/bin/env python3
"""Send benchmark: messages over REST to the simulator, measured end to end.

Phase "accept": N requests paced at a fixed rate (default 100/s); accept latency p50/p95/p99.
Phase "throughput": M requests as fast as C client threads can send them; accepted/s, and
completed/s = M / (last completion - first acceptance), read from the messages table.
Each phase runs several times; the report gives the median run and every run's figures.
Standard library only.
"""
import argparse
import concurrent.futures as cf
import json
import os
import platform
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid


def post(base, path, key, body, timeout=30):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": "Bearer " + key} if key else {})})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, json.loads(r.read() or b"null")


def put(base, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="PUT",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status


def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def send_one(base, key, channel, to):
    started = time.perf_counter()
    status, body = post(base, "/v1/messages", key, {"channel": channel, "to": to, "body": "bench"})
    latency = (time.perf_counter() - started) * 1000
    if status != 202:
        raise RuntimeError(f"unexpected {status}")
    return latency, body["id"]


def phone(i):
    return "+1415%07d" % (i % 10_000_000)


def accept_phase(base, key, channel, n, rate):
    """n requests paced at `rate` per second, each on its own worker thread."""
    latencies, errors = [], 0
    lock = threading.Lock()
    with cf.ThreadPoolExecutor(max_workers=64) as pool:
        futures = []
        start = time.perf_counter()
        for i in range(n):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(send_one, base, key, channel, phone(i)))
        for f in futures:
            try:
                lat, _ = f.result()
                with lock:
                    latencies.append(lat)
            except Exception:
                errors += 1
    return {"p50": pct(latencies, 50), "p95": pct(latencies, 95), "p99": pct(latencies, 99),
            "errors": errors, "n": n, "rate": rate}


def psql(sql, dsn):
    out = subprocess.run(["psql", dsn, "-qAt", "-c", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def throughput_phase(base, key, tenant, channel, n, concurrency, dsn, timeout_s):
    ids = []
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(max_workers=concurrency) as pool:
        for lat, mid in pool.map(lambda i: send_one(base, key, channel, phone(i + 5_000_000)), range(n)):
            ids.append(mid)
    accept_s = time.perf_counter() - t0
    id_list = ",".join("'%s'" % i for i in ids)
    deadline = time.time() + timeout_s
    done = 0
    while time.time() < deadline:
        done = int(psql(f"select count(*) from messages where id in ({id_list}) and completed_at is not null", dsn))
        if done >= n:
            break
        time.sleep(0.5)
    span = psql("select extract(epoch from max(completed_at) - min(created_at)) from messages "
                f"where id in ({id_list}) and completed_at is not null", dsn)
    delivered = int(psql(f"select count(*) from messages where id in ({id_list}) and status = 'delivered'", dsn))
    span_s = float(span) if span else float("nan")
    return {"n": n, "accepted_per_s": n / accept_s, "completed": done, "delivered": delivered,
            "completed_per_s": done / span_s if span_s and span_s > 0 else 0.0, "span_s": span_s}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://localhost:18080")
    ap.add_argument("--admin-key", required=True)
    ap.add_argument("--dsn", default="postgresql://iris:iris@127.0.0.1:5432/iris_bench")
    ap.add_argument("--channel", default="sms")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--accept-n", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=100)
    ap.add_argument("--throughput-n", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--out", default="docs/benchmarks.md")
    ap.add_argument("--notes", default="")
    a = ap.parse_args()

    _, tenant = post(a.base, "/v1/tenants", a.admin_key, {"name": "bench-" + uuid.uuid4().hex[:8]})
    key, tenant_id = tenant["apiKey"], tenant["id"]
    for p in ("twilio", "telnyx", "plivo", "sendgrid", "postmark", "slack"):
        put(a.base, f"/sim/{p}/behavior", {"failureRate": 0, "latencyMs": 0, "receipt": "delivered"})

    send_one(a.base, key, a.channel, phone(0))  # warm-up
    accept_runs, tp_runs = [], []
    for run in range(a.runs):
        accept_runs.append(accept_phase(a.base, key, a.channel, a.accept_n, a.rate))
        time.sleep(2)
        tp_runs.append(throughput_phase(a.base, key, tenant_id, a.channel, a.throughput_n,
                                        a.concurrency, a.dsn, a.timeout))
        print(f"run {run + 1}: accept {accept_runs[-1]}  throughput {tp_runs[-1]}", flush=True)
        time.sleep(2)

    med = lambda xs: statistics.median(xs)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench` (scripts/bench.sh + scripts/bench.py); never asserted by tests.",
        "",
        f"## Sends over REST to the simulator ({time.strftime('%Y-%m-%d')})",
        "",
        f"Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}; "
        "Temporal dev server (SQLite, in memory) and PostgreSQL on the same machine; the app in one JVM.",
        f"Channel `{a.channel}` with signed delivery receipts from the simulator. Median of {a.runs} runs.",
        "",
        "| figure | median | runs | target |",
        "|---|---|---|---|",
        f"| accept latency p50 at {a.rate:g} req/s (ms) | {med([r['p50'] for r in accept_runs]):.1f} | "
        + ", ".join(f"{r['p50']:.1f}" for r in accept_runs) + " | |",
        f"| accept latency p95 at {a.rate:g} req/s (ms) | {med([r['p95'] for r in accept_runs]):.1f} | "
        + ", ".join(f"{r['p95']:.1f}" for r in accept_runs) + " | |",
        f"| accept latency p99 at {a.rate:g} req/s (ms) | {med([r['p99'] for r in accept_runs]):.1f} | "
        + ", ".join(f"{r['p99']:.1f}" for r in accept_runs) + " | <= 50 ms |",
        f"| accepted/s ({a.throughput_n} sends, {a.concurrency} clients) | {med([r['accepted_per_s'] for r in tp_runs]):.0f} | "
        + ", ".join(f"{r['accepted_per_s']:.0f}" for r in tp_runs) + " | |",
        f"| completed sends/s (accept to final status) | {med([r['completed_per_s'] for r in tp_runs]):.0f} | "
        + ", ".join(f"{r['completed_per_s']:.0f}" for r in tp_runs) + " | >= 200 /s |",
        f"| delivered of sent | {med([r['delivered'] for r in tp_runs]):.0f} / {a.throughput_n} | "
        + ", ".join(str(r['delivered']) for r in tp_runs) + " | all |",
        f"| request errors in the accept phase | {sum(r['errors'] for r in accept_runs)} | | 0 |",
        "",
    ]
    if a.notes:
        lines += [a.notes, ""]
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    existing = open(a.out).read() if os.path.exists(a.out) else ""
    # Keep hand-written history below the generated section.
    marker = "## History"
    history = existing[existing.index(marker):] if marker in existing else ""
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + ("\n" + history if history else ""))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
