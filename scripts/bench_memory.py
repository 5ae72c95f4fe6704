#!/usr/bin/env python3
"""Memory at scale (`make bench-memory`, scripts/bench_memory.sh): N sends (default 10,000) in
flight at once, waiting for their delivery receipts, in one worker process, and that they all end.

The simulator delays each status change by the bench's receipt delay (default 5 min, twice per SMS:
sent, then delivered), longer than the sends take to reach the provider, so every workflow is
open and waiting on its receipt when the last is sent. Then the worker's heap is read after a full
GC (`jcmd GC.class_histogram`: live bytes; `GC.heap_info`: what the collector reports), with its
resident size; again after every send has ended. Lost, sent twice and never reached are counted in
the simulator. Not a test: nothing is asserted. Standard library only.
"""
import argparse
import concurrent.futures as cf
import os
import platform
import re
import subprocess
import threading
import time
import uuid

import bench


def jcmd(pid, *args):
    out = subprocess.run(["jcmd", str(pid), *args], check=True, capture_output=True, text=True,
                         timeout=300)
    return out.stdout


def heap_after_gc(pid):
    """Live heap after a full GC, the collector's own figures, and the resident set size."""
    histogram = jcmd(pid, "GC.class_histogram")  # without -all, it collects first
    total = [l for l in histogram.splitlines() if l.strip().startswith("Total")]
    live = int(total[-1].split()[2]) if total else -1
    info = " ".join(jcmd(pid, "GC.heap_info").split())
    used = re.search(r"used (\d+)([KMG])", info)
    scale = {"K": 1 / 1024, "M": 1, "G": 1024}
    used_mb = float(used.group(1)) * scale[used.group(2)] if used else float("nan")
    rss_kb = 0
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            rss_kb = int(line.split()[1])
    return {"live_mb": live / 1024 / 1024, "gc_used_mb": used_mb, "rss_mb": rss_kb / 1024,
            "heap_info": info[:300]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://localhost:18180")
    ap.add_argument("--admin-key", required=True)
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--worker-pidfile", required=True)
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--receipt-delay", default="5m", help="the simulator's delay, for the report")
    ap.add_argument("--engine", default="dev server, in memory", help="what Temporal runs on, for the report")
    ap.add_argument("--worker-opts", default="", help="the worker's JVM options, for the report")
    ap.add_argument("--timeout", type=int, default=1800)
    ap.add_argument("--out", default="docs/benchmarks.md")
    a = ap.parse_args()

    _, tenant = bench.post(a.base, "/v1/tenants", a.admin_key, {"name": "memory-" + uuid.uuid4().hex[:8]})
    key = tenant["apiKey"]
    for p in ("twilio", "telnyx", "plivo"):
        bench.put(a.base, f"/sim/{p}/behavior", {"failureRate": 0, "latencyMs": 0, "receipt": "delivered"})
    pid = int(open(a.worker_pidfile).read().strip())
    baseline = heap_after_gc(pid)
    print(f"worker {pid} before: {baseline}", flush=True)

    prefix = "+1418%02d" % (uuid.uuid4().int % 100)
    ids, errors, lock = [], [0], threading.Lock()

    def one(i):
        try:
            _, mid = bench.send_one(a.base, key, "sms", prefix + "%05d" % i)
            with lock:
                ids.append(mid)
        except Exception:
            with lock:
                errors[0] += 1

    t0 = time.time()
    with cf.ThreadPoolExecutor(max_workers=a.concurrency) as pool:
        list(pool.map(one, range(a.n)))
    accept_s = time.time() - t0
    print(f"{len(ids)} accepted in {accept_s:.0f} s ({errors[0]} errors)", flush=True)
    tenant_id = tenant["id"]
    count = lambda where: int(bench.psql(
        f"select count(*) from messages where tenant_id = '{tenant_id}' and {where}", a.dsn))

    # Wait until every send has reached its provider (or the first receipts have begun to end them).
    peak, peak_at, samples = 0, None, []
    deadline = time.time() + a.timeout
    while time.time() < deadline:
        waiting = count("sent_at is not null and completed_at is null")
        done = count("completed_at is not null")
        samples.append((time.time() - t0, waiting, done))
        if waiting > peak:
            peak, peak_at = waiting, time.time() - t0
        if waiting + done >= len(ids) and (waiting == len(ids) or done > 0):
            break
        time.sleep(2)
    print(f"in flight: {peak} at {peak_at:.0f} s", flush=True)
    at_peak = heap_after_gc(pid)
    at_peak["waiting"] = count("sent_at is not null and completed_at is null")
    print(f"worker {pid} with {at_peak['waiting']} waiting: {at_peak}", flush=True)

    while time.time() < deadline and count("completed_at is null") > 0:
        time.sleep(5)
    end_s = time.time() - t0
    try:
        after = heap_after_gc(pid)
    except (subprocess.CalledProcessError, OSError) as e:  # the worker is gone: say so in the report
        print(f"worker {pid} not read after: {e}", flush=True)
        after = {"live_mb": float("nan"), "gc_used_mb": float("nan"), "rss_mb": float("nan")}
    print(f"worker {pid} after: {after}", flush=True)
    delivered = count("status = 'delivered'")
    pending = count("completed_at is null")
    copies = {}
    for p in ("twilio", "telnyx", "plivo"):
        for m in bench.get(a.base, f"/sim/{p}/messages"):
            if m.get("to", "").startswith(prefix):
                copies[m["to"]] = copies.get(m["to"], 0) + 1
    restarted = open(a.worker_pidfile).read().strip() != str(pid)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    lines = [
        f"## Memory at scale: {a.n} sends waiting for receipts in one worker ({time.strftime('%Y-%m-%d')})",
        "",
        f"Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}; Temporal {a.engine}"
        " and PostgreSQL on the same machine; the api (and the simulator) in one JVM, one worker"
        f" process apart with `{a.worker_opts}`. {a.n} SMS over REST at {a.concurrency} clients; the"
        f" simulator waits {a.receipt_delay} before each status change (sent, then delivered), so every"
        " send is open, waiting on its receipt, when the last reaches its provider. Heap read by"
        " `jcmd GC.class_histogram` (live objects after a full GC) and `GC.heap_info`. One run.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| sends accepted (request errors) | {len(ids)} ({errors[0]}) in {accept_s:.0f} s |",
        f"| most sends waiting for a receipt at once (sent to the provider, not ended) | {peak}"
        f" ({peak_at:.0f} s after the first) |",
        f"| worker heap live after full GC: idle / {at_peak['waiting']} waiting / all ended (MB) |"
        f" {baseline['live_mb']:.0f} / {at_peak['live_mb']:.0f} / {after['live_mb']:.0f} |",
        f"| heap used as the collector reports it, same points (MB) | {baseline['gc_used_mb']:.0f} /"
        f" {at_peak['gc_used_mb']:.0f} / {after['gc_used_mb']:.0f} |",
        f"| worker resident set size, same points (MB) | {baseline['rss_mb']:.0f} / {at_peak['rss_mb']:.0f}"
        f" / {after['rss_mb']:.0f} |",
        f"| delivered of accepted | {delivered} / {len(ids)} |",
        f"| still without a final status at the end | {pending} |",
        f"| recipients reached twice / never (simulator) | {sum(1 for c in copies.values() if c > 1)} /"
        f" {len(ids) - len(copies)} |",
        f"| first accept to last completion (s) | {end_s:.0f} |",
        f"| worker restarted during the run (out of memory or killed) | {'yes' if restarted else 'no'} |",
        "",
    ]
    existing = open(a.out).read() if os.path.exists(a.out) else ""
    with open(a.out, "w") as f:
        f.write(bench.merge_report(existing, "memory-scale", lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
