#!/usr/bin/env python3
"""Summarises bench/run's raw results (JSON lines) into bench/RESULTS.md.

Usage: bench/summarise.py [--out bench/RESULTS.md] raw-1.jsonl [raw-2.jsonl ...]

One table per scenario: a row per server, the median over the repeats of each figure, and how ssehub
compares with that row's server (ssehub's median divided by the row's). Everything after the line
"<!-- analysis -->" in the existing output file is kept verbatim; if the file exists without that line,
its whole old text is kept below the line, so nothing written by hand is lost.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

MARKER = "<!-- analysis -->"
SCENARIO_ORDER = ["100x1000", "1000x50", "stall50", "5000x10", "10000x5", "1000x1000", "isolation", "replaystorm", "memory10k",
                  "memory19k", "topics1k", "topics10k", "topics19k", "mercure", "nodes2", "publish1", "publish4", "batch100"]
SERVER_ORDER = ["floor", "ssehub", "ssehub-redis", "baseline", "jersey", "go", "node", "tomcat", "jetty"]
SERVER_NOTES = {
    "floor": "raw Go sockets, one write syscall per event per stream that reads its topic, synchronous, no queues",
    "ssehub": "this project, `src/hub/target/ssehub-cli.jar` run as `java -jar ssehub-cli.jar serve`, embedded Grizzly",
    "ssehub-redis": "this project on `redis-server` (`eventlog=redis`), Redis on CPU 0 with the hub: in nodes2 two"
                    " nodes of one hub, publishing to node A, subscribers on node B; in the publish scenarios one node",
    "baseline": "this project built at an earlier commit (`BASELINE_JAR`), started exactly as ssehub",
    "jersey": "textbook Jersey `SseBroadcaster` on the same embedded Grizzly (`TextbookJerseyHub`)",
    "go": "Go `net/http` broker, buffered channel (256) per client, drops an event when a client's buffer is full",
    "node": "Node `http` broker, a `Set` of responses, `res.write()` per client per event",
    "tomcat": "this project's WAR (`src/hub/target/ssehub.war`) in embedded Tomcat 10.1 (`BenchWarServer`)",
    "jetty": "this project's WAR in embedded Jetty 12 ee10 (`BenchWarServer`)",
}
# Scenarios with subscribers that stop reading, and the run without them their healthy p99 is compared to.
# Isolation's reference is in its own rows (its runs without stalled subscribers), not another scenario.
STALL_REFERENCE = {"stall50": "1000x50"}
SCENARIO_NOTES = {
    "publish1": "publish rate: one keep-alive publisher, each publish sent once the last is answered; 1 subscriber",
    "publish4": "publish rate: 4 keep-alive publishers, each sequential; 1 subscriber",
    "batch100": "batch publish: one keep-alive publisher sending batches of 100 events (`POST /events/batch`); 1 subscriber",
    "1000x1000": "saturation",
    "isolation": "1000 × 50 plus subscribers that stop reading (4 KiB receive buffers), against the same run without"
                 " them on a fresh server (the reference); the stalled ones' figures are excluded; cut after s: from the"
                 " first publish until the hub's /metrics counted every stalled one cut as slow",
    "stall50": "1000 × 50 plus 50 subscribers that stop reading; their figures are excluded",
    "mercure": "1000 subscribers × 50 events/s on GET /.well-known/mercure?topic=bench, published with POST /events;"
               " CPU ÷ 1000x50 is this server's CPU per delivery over its own at 1000x50",
    "nodes2": "ssehub-redis (two nodes on Redis, publish on A, subscribe on B) against ssehub on the memory log,"
              " the same subscribers and rate (NODES2_SUBSCRIBERS, NODES2_RATE)",
    "replaystorm": "1 live subscriber × 50 events/s while 200 clients resume at once from the oldest of 10,000"
                   " retained 4 KB events; latency is the live subscriber's",
}


def order(values, preferred):
    return sorted(values, key=lambda v: (preferred.index(v) if v in preferred else len(preferred), v))


def median(rows, key):
    values = [r[key] for r in rows if isinstance(r.get(key), (int, float)) and not isinstance(r.get(key), bool)]
    return statistics.median(values) if values else None


def ratio_median(rows, num, den):
    values = [r[num] / r[den] for r in rows
              if isinstance(r.get(num), (int, float)) and isinstance(r.get(den), (int, float)) and r[den]]
    return statistics.median(values) if values else None


def fmt(value, digits=2):
    if value is None:
        return "–"
    if digits == 0:
        return f"{int(round(value)):,}"
    return f"{value:,.{digits}f}"


def fmt_share(value):
    return "–" if value is None else f"{100 * value:.0f} %"


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def live_meta():
    def out(*cmd):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
            text = (r.stdout + r.stderr).strip()
            return text.splitlines()[0] if text else ""
        except Exception:
            return "(not available)"
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": out("nproc"), "cpu_model": model, "kernel": platform.release(), "java": out("java", "-version"),
            "go": out("go", "version"), "node": out("node", "--version"),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "command": "(unknown)"}


def load(paths):
    metas, rows = [], []
    for path in paths:
        with open(path) as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except ValueError:
                    print(f"{path}:{number}: not JSON, skipped", file=sys.stderr)
                    continue
                if "meta" in obj:
                    metas.append(obj["meta"])
                elif "server" in obj and "scenario" in obj:
                    rows.append(obj)
    return metas, rows


def header(metas, paths):
    meta = metas[0] if metas else live_meta()
    lines = ["# Fan-out benchmark: ssehub and its peers", "",
             "Generated by `bench/summarise.py` from " + ", ".join(f"`{p}`" for p in paths)
             + f". Hand-written notes go after the line `{MARKER}` and are kept when this file is regenerated.", "",
             f"- Date: {meta.get('date', '?')}",
             f"- Command: `{meta.get('command', '?')}`",
             f"- Machine: {meta.get('nproc', '?')} CPUs, {meta.get('cpu_model', '?')}"
             + (f", {meta['mem_gib']} GiB" if meta.get("mem_gib") else "") + f", Linux {meta.get('kernel', '?')}, loopback only",
             f"- Java: {meta.get('java', '?')}; Go: {meta.get('go', '?')}; Node: {meta.get('node', '?')}",
             f"- JVM flags, identical for ssehub and jersey: {('`' + meta['jvm_flags'] + '`') if meta.get('jvm_flags') else 'none (the JVM defaults java -jar ssehub-cli.jar serve runs with)'}; "
             f"load generator: `{meta.get('loader_jvm_flags', '?')}`",
             f"- Open-file limit: {meta.get('nofile', '?')}",
             "- Server pinned to CPU 0 (`taskset -c 0`), load generator (`io.ssehub.bench.FanoutLoad`) to CPU 1;"
             " a fresh server process for every run; figures are medians over the repeats.",
             "- CPU µs/delivery is the server's utime + stime over the measured window divided by events delivered"
             " (it includes the cost of the publish requests).",
             "- In the publish tables, the kernel's share is stime ÷ (utime + stime) over the same window: on loopback"
             " it holds the TCP work of both ends of each write, which no server's code removes (the floor shows its"
             " least); user µs / publish is the rest, the server's own code, its runtime and collector.",
             "- The `÷` columns are ssehub's median divided by that row's server's (below 1 means ssehub uses less).",
             "", "Servers:", ""]
    for server in SERVER_ORDER:
        lines.append(f"- `{server}`: {SERVER_NOTES[server]}")
    if len(metas) > 1:
        lines += ["", f"({len(metas)} raw files merged; the header shows the first.)"]
    return lines


def runs_cell(rows):
    failed = sum(1 for r in rows if r.get("error"))
    return f"{len(rows)}" + (f" ({failed} failed)" if failed else "")


def fanout_table(scenario, by_server, reference):
    topics = scenario.startswith("topics")
    lines = ["| server | runs | events/s achieved | delivered / expected | lost | duplicates | reordered | reconnects | CPU µs / delivery "
             "| p50 ms | p99 ms | p99.9 ms | max ms | CPU ÷ | p99 ÷ |"
             + (" stalled cut | cut after s | p99 ÷ reference | reference p99 ms |" if scenario == "isolation" else "")
             + (f" stalled cut | p99 vs {STALL_REFERENCE[scenario]} |" if scenario in STALL_REFERENCE else "")
             + (" CPU ÷ 1000x50 |" if scenario == "mercure" else "")
             + (" replays whole | half whole after s | all whole after s |" if scenario == "replaystorm" else "")
             + (" server CPU % | misrouted |" if topics else ""),
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
             + ("---|---:|---:|---:|" if scenario == "isolation" else "")
             + ("---|---:|" if scenario in STALL_REFERENCE else "")
             + ("---:|" if scenario == "mercure" else "")
             + ("---:|---:|---:|" if scenario == "replaystorm" else "")
             + ("---:|---:|" if topics else "")]
    ssehub = [r for r in by_server.get("ssehub", []) if not r.get("error")]
    s_cpu, s_p99 = median(ssehub, "cpu_us_per_delivery"), median(ssehub, "p99_ms")
    for server in order(by_server, SERVER_ORDER):
        rows = by_server[server]
        ok = [r for r in rows if not r.get("error")]
        share = ratio_median(ok, "delivered", "expected")
        cpu, p99 = median(ok, "cpu_us_per_delivery"), median(ok, "p99_ms")
        cells = [f"`{server}`", runs_cell(rows), fmt(median(ok, "rate_achieved"), 1),
                 "–" if share is None else f"{share * 100:.3f} %",
                 fmt(median(ok, "lost"), 0), fmt(median(ok, "duplicates"), 0), fmt(median(ok, "reordered"), 0),
                 fmt(median(ok, "reconnects"), 0), fmt(cpu), fmt(median(ok, "p50_ms")), fmt(p99),
                 fmt(median(ok, "p999_ms")), fmt(median(ok, "max_ms")),
                 "" if server == "ssehub" else fmt_ratio(s_cpu, cpu),
                 "" if server == "ssehub" else fmt_ratio(s_p99, p99)]
        if scenario in STALL_REFERENCE or scenario == "isolation":
            cuts = [r.get("stalled_cut") for r in ok if "stalled_cut" in r]
            cells.append(", ".join("yes" if c is True else "no" if c is False else str(c) for c in cuts) or "–")
            if scenario == "isolation":
                cells.append(fmt(median(ok, "stalled_cut_after_s"), 1))
            base = [r for r in reference.get(server, []) if not r.get("error")]
            cells.append(fmt_ratio(p99, median(base, "p99_ms")))
            if scenario == "isolation":
                cells.append(fmt(median(base, "p99_ms")))
        if scenario == "mercure":
            native = [r for r in reference.get(server, []) if not r.get("error")]
            cells.append(fmt_ratio(cpu, median(native, "cpu_us_per_delivery")))
        if scenario == "replaystorm":
            cells += [fmt(median(ok, "storm_whole"), 0), fmt(median(ok, "storm_p50_s")), fmt(median(ok, "storm_all_s"))]
        if topics:
            cells += [fmt(median(ok, "server_cpu_pct"), 1), fmt(median(ok, "misrouted"), 0)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def publish_table(by_server):
    lines = ["| server | runs | publishes/s | events/s | delivered/s | server CPU % | CPU µs / publish | CPU µs / event "
             "| kernel's share | user µs / publish | publish p50 ms | publish p99 ms | errors | publishes/s ÷ | CPU / event ÷ |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    ssehub = [r for r in by_server.get("ssehub", []) if not r.get("error")]
    s_rate, s_cpu = median(ssehub, "publishes_per_s"), median(ssehub, "server_cpu_us_per_event")
    for server in order(by_server, SERVER_ORDER):
        rows = by_server[server]
        ok = [r for r in rows if not r.get("error")]
        rate, cpu = median(ok, "publishes_per_s"), median(ok, "server_cpu_us_per_event")
        cells = [f"`{server}`", runs_cell(rows), fmt(rate, 0), fmt(median(ok, "events_per_s"), 0),
                 fmt(median(ok, "delivered_per_s"), 0), fmt(median(ok, "server_cpu_pct"), 1),
                 fmt(median(ok, "server_cpu_us_per_publish"), 1), fmt(cpu, 1),
                 fmt_share(median(ok, "server_kernel_share")), fmt(median(ok, "server_user_us_per_publish"), 1),
                 fmt(median(ok, "publish_p50_ms"), 3), fmt(median(ok, "publish_p99_ms"), 3), fmt(median(ok, "errors"), 0),
                 "" if server == "ssehub" else fmt_ratio(s_rate, rate),
                 "" if server == "ssehub" else fmt_ratio(s_cpu, cpu)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def memory_table(by_server):
    heap = any(isinstance(r.get("heap_per_conn_kb"), (int, float)) for rs in by_server.values() for r in rs)
    lines = ["| server | runs | streams | RSS before MB | RSS held MB | KB / stream | RSS after MB | KB / stream ÷ |"
             + (" heap KB / stream |" if heap else ""),
             "|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if heap else "")]
    ssehub = [r for r in by_server.get("ssehub", []) if not r.get("error")]
    s_kb = median(ssehub, "rss_per_conn_kb")
    for server in order(by_server, SERVER_ORDER):
        rows = by_server[server]
        ok = [r for r in rows if not r.get("error")]
        kb = median(ok, "rss_per_conn_kb")

        def mb(key):
            value = median(ok, key)
            return None if value is None else value / 1024

        cells = [f"`{server}`", runs_cell(rows), fmt(median(ok, "opened") or median(ok, "subscribers"), 0),
                 fmt(mb("rss_before_kb"), 1), fmt(mb("rss_held_kb"), 1), fmt(kb, 1), fmt(mb("rss_after_kb"), 1),
                 "" if server == "ssehub" else fmt_ratio(s_kb, kb)]
        if heap:
            cells.append(fmt(median(ok, "heap_per_conn_kb"), 1))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def summarise(paths):
    metas, rows = load(paths)
    by_scenario = {}
    for r in rows:
        by_scenario.setdefault(r["scenario"], {}).setdefault(r["server"], []).append(r)
    lines = header(metas, paths)
    for scenario in order(by_scenario, SCENARIO_ORDER):
        by_server = by_scenario[scenario]
        memory = scenario.startswith("memory") or any(r.get("mode") == "memory" for rs in by_server.values() for r in rs)
        title = scenario
        sample = next((r for rs in by_server.values() for r in rs if not r.get("error")), None)
        if memory:
            streams = sample.get("subscribers") if sample else None
            title += f": {streams:,} idle streams" if isinstance(streams, int) else ": idle streams"
        elif scenario.startswith("topics") and sample:
            title += (f" ({sample.get('subscribers', 0):,} subscribers, each on a topic of its own,"
                      f" {sample.get('rate', 0):,} events/s round-robin over the topics)")
        elif scenario in SCENARIO_NOTES:
            title += f" ({SCENARIO_NOTES[scenario]})"
        elif "x" in scenario:
            n, rate = scenario.split("x", 1)
            title += f" ({n} subscribers × {rate} events/s)"
        lines += ["", f"## {title}", ""]
        if memory:
            lines += memory_table(by_server)
        elif any(r.get("mode") == "publish" for rs in by_server.values() for r in rs):
            lines += publish_table(by_server)
        elif scenario == "isolation":
            # Both runs of a repeat are recorded as isolation: the reference is the one without stalled subscribers.
            stalled = {server: [r for r in rs if r.get("stalled", 0) > 0] for server, rs in by_server.items()}
            reference = {server: [r for r in rs if r.get("stalled", 0) == 0] for server, rs in by_server.items()}
            lines += fanout_table(scenario, {k: v for k, v in stalled.items() if v}, reference)
        else:
            reference = "1000x50" if scenario == "mercure" else STALL_REFERENCE.get(scenario, "1000x1000")
            lines += fanout_table(scenario, by_server, by_scenario.get(reference, {}))
        errors = [f"`{r['server']}` #{r.get('repeat', '?')}: {r['error']}" for rs in by_server.values() for r in rs if r.get("error")]
        if errors:
            lines += ["", "Failed runs: " + "; ".join(errors) + "."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "RESULTS.md"))
    parser.add_argument("raw", nargs="+")
    args = parser.parse_args()
    text = summarise(args.raw)
    kept = ""
    if os.path.exists(args.out):
        with open(args.out) as f:
            old = f.read()
        at = next((i for i, line in enumerate(old.splitlines(keepends=True)) if line.strip() == MARKER), None)
        if at is not None:
            kept = "".join(old.splitlines(keepends=True)[at + 1:])
        elif old.strip():
            kept = "\n" + old
    text += "\n" + MARKER + "\n" + kept
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
