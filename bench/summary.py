#!/usr/bin/env python3
"""bench/run.sh's summary: the measurements, then the targets table (docs/performance.md).

usage: summary.py WORK_DIR CORES

Reads the key=value lines run.sh left in WORK_DIR. A step that failed or measured nothing shows as n/a instead of
stopping the summary, so one broken step still leaves the rest of the table.
"""
import pathlib
import re
import sys

work = pathlib.Path(sys.argv[1])
cores = int(sys.argv[2])


def rows(name):
    """Every key=value line of a step's output, as dicts; none when the step left no file."""
    path = work / name
    if not path.exists():
        return []
    return [dict(re.findall(r"(\w+)=([^\s]+)", line)) for line in path.read_text().splitlines() if "=" in line]


def num(row, key):
    """A positive number from a row, else None (missing, unparsable, or a 0 that means nothing was measured)."""
    try:
        value = float(row[key])
    except (TypeError, KeyError, ValueError):
        return None
    return value if value > 0 else None


def first(items, **match):
    return next((r for r in items if all(r.get(k) == v for k, v in match.items())), None)


def ratio(a, b):
    return a / b if a is not None and b else None


def minus(a, *bs):
    return None if a is None or any(b is None for b in bs) else a - sum(bs)


def plus(*values):
    return None if any(v is None for v in values) else sum(values)


def fmt(value, spec=".2f"):
    return "n/a" if value is None else format(value, spec)


ceiling = rows("ceiling.txt")
wide = first(rows("ceiling-wide.txt"), c="1")
service = rows("service.txt")
decode = first(rows("decode.txt")) or {}
decode_large = first(rows("decode-large.txt")) or {}
tjbench = rows("tjbench.txt")
tj_dog, tj_large = first(tjbench, image="dog") or {}, first(tjbench, image="large") or {}
cold = first(rows("cold.txt")) or {}
memory = first(rows("memory.txt")) or {}

print(f"{'what':<26}{'conc':>5}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'non2xx':>8}{'cpu ms/req':>11}")
for label, items in (("ceiling Run, 1 thread", ceiling), (f"ceiling Run, {cores} threads", [wide] if wide else [])):
    for r in items:
        print(f"{label:<26}{r.get('c', '?'):>5}{fmt(num(r, 'rps'), '.1f'):>9}{fmt(num(r, 'p50'), '.1f'):>9}{'':>9}"
              f"{fmt(num(r, 'p99'), '.1f'):>9}{'':>8}{fmt(num(r, 'cpu_ms_per_run')):>11}")
for r in service:
    print(f"{'service ' + r.get('name', '?'):<26}{r.get('c', '?'):>5}{fmt(num(r, 'rps'), '.1f'):>9}{fmt(num(r, 'p50'), '.1f'):>9}"
          f"{fmt(num(r, 'p90'), '.1f'):>9}{fmt(num(r, 'p99'), '.1f'):>9}{r.get('non2xx', '?'):>8}{fmt(num(r, 'cpu_ms_per_request')):>11}")

dog = [r for r in service if r.get("name") == "dog-json" and num(r, "rps")]
best = max(dog, key=lambda r: num(r, "rps"), default={})
one = first(service, name="dog-json", c="1") or {}
large = first(service, name="large-raw", c="1") or {}
# The Run CPU of the bound is the 1-thread ceiling's at the best concurrency (capped at the highest it measured):
# concurrent Runs cost a little more CPU each than one alone.
same_c = min(ceiling, key=lambda r: abs(int(r.get("c", 1)) - int(best.get("c", 1))), default={})
run_cpu = num(same_c, "cpu_ms_per_run")
dec, dec_large = num(decode, "cpu_ms_per_image"), num(decode_large, "cpu_ms_per_image")
tj, tjl = num(tj_dog, "ms_per_image"), num(tj_large, "ms_per_image")
bound = ratio(cores * 1000.0, plus(run_cpu, tj))
errors = sum(float(r.get("non2xx", "nan")) + float(r.get("socket_errors", "nan")) for r in service) if service else None
errors = None if errors != errors else errors  # NaN: a step whose line lacked the counts

print(f"\nDCT scale the service decodes at: dog.jpg {decode.get('dct_scale', 'n/a')}, 12 MP {decode_large.get('dct_scale', 'n/a')}; "
      f"tjbench decode to RGBX at it: {fmt(tj)} ms, {fmt(tjl)} ms")
print(f"preprocessing CPU (decode + letterbox + fill): dog.jpg {fmt(dec)} ms, 12 MP {fmt(dec_large)} ms; "
      f"Run CPU, 1 thread, c={same_c.get('c', '?')}: {fmt(run_cpu)} ms; one Run on all {cores} cores: p50 {fmt(num(wide or {}, 'p50'))} ms")
print(f"bound: {cores} cores / (Run CPU + tjbench decode) = {fmt(bound, '.1f')} req/s; "
      f"first /invocations answered {cold.get('first_invocation_ms', 'n/a')} ms after start")

# (target, measured, limit, True when the figure must stay at or under the limit, unit)
targets = [
    (f"preprocessing CPU / tjbench, dog.jpg ({decode.get('dct_scale', '?')})", ratio(dec, tj), 1.3, True, "x"),
    (f"preprocessing CPU / tjbench, 12 MP ({decode_large.get('dct_scale', '?')})", ratio(dec_large, tjl), 1.3, True, "x"),
    (f"throughput at best c={best.get('c', '?')} / bound", ratio(num(best, "rps"), bound), 0.85, False, "x"),
    ("p50 at 1 connection", num(one, "p50"), plus(num(wide or {}, "p50"), tj, 2.0), True, "ms"),
    ("CPU/request beyond Run + preproc.", minus(num(best, "cpu_ms_per_request"), run_cpu, dec), 1.0, True, "ms"),
    ("12 MP p50 / dog.jpg p50 (c=1)", ratio(num(large, "p50"), num(one, "p50")), 2.0, True, "x"),
    ("start -> /ping 200", num(cold, "ping_ms"), 1000.0, True, "ms"),
    ("peak RSS", num(memory, "peak_rss_mb"), 250.0, True, "MB"),
    ("p99 / p50 at the best c", ratio(num(best, "p99"), num(best, "p50")), 2.0, True, "x"),
    ("errors (non-2xx + socket)", errors, 0.0, True, ""),
]

print(f"\n{'target':<44}{'measured':>10}{'limit':>12}  {'result':<7}by")
for name, value, limit, at_most, unit in targets:
    bound_text = ("<= " if at_most else ">= ") + fmt(limit)
    if value is None or limit is None:
        print(f"{name:<44}{fmt(value):>10}{bound_text if limit is not None else 'n/a':>12}  {'n/a':<7}not measured")
        continue
    ok = value <= limit if at_most else value >= limit
    gap = abs(value - limit)
    share = f" ({gap / limit:.0%})" if limit else ""
    print(f"{name:<44}{fmt(value):>10}{bound_text:>12}  {'met' if ok else 'MISSED':<7}"
          f"{'headroom' if ok else 'over by' if at_most else 'short by'} {gap:.2f} {unit}{share}".rstrip())
