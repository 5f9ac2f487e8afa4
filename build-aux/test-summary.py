#!/usr/bin/python3
"""Sums up meson's test logs of several build dirs and extra lanes into one
closing line, 'N passed, N failed, N skipped', and exits non-zero on any
failure."""
import json
import os
import sys

args = sys.argv[1:]
extras = []
dirs = []
i = 0
while i < len(args):
    if args[i] == "--extra":
        extras.append(args[i + 1])
        i += 2
    else:
        dirs.append(args[i])
        i += 1

passed = failed = skipped = 0
for d in dirs:
    log = os.path.join(d, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        print(f"{d}: no test log")
        failed += 1
        continue
    for line in open(log, encoding="utf-8"):
        t = json.loads(line)
        r = t.get("result")
        name = f"{d}: {t.get('name')}"
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
            print(f"skipped  {name}")
        else:
            failed += 1
            print(f"FAILED   {name} ({r})")

for e in extras:
    name, rc = e.rsplit(":", 1)
    if rc == "0":
        passed += 1
    else:
        failed += 1
        print(f"FAILED   {name} (exit {rc})")

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
