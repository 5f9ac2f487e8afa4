#!/usr/bin/env python3
"""check-install.py: meson install --destdir, then validate and run what was installed (TAP)

Installs the current build into a private temporary folder, checks the layout,
validates the installed desktop file, metainfo and schema, and starts the
installed binary under the X display (xvfb-run in CI) in zh_CN to read its
window title from the X server.  Usage: check-install.py APP_ID VERSION
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

app_id, version = sys.argv[1:3]
build = os.environ["MESON_BUILD_ROOT"]
results = []


def check(name, ok, detail="", skip=None):
    results.append((name, bool(ok), detail, skip))
    return ok


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def finish():
    print(f"1..{len(results)}")
    for i, (name, ok, detail, skip) in enumerate(results, 1):
        if skip:
            print(f"ok {i} - {name} # SKIP {skip}")
            continue
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if detail and not ok:
            for line in str(detail).strip().splitlines()[-20:]:
                print(f"# {line}")
    sys.exit(0 if all(ok or skip for _, ok, _, skip in results) else 1)


def app_pids(session):
    """The innovation-vouchers processes in a session (the app under dbus-run-session)"""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm") as f:
                comm = f.read().strip()
            if comm.startswith("innovation-vouc") and os.getsid(int(entry)) == session:
                pids.append(entry)
        except (OSError, ProcessLookupError):
            pass
    return pids


def x_windows_of(pid):
    """Titles (_NET_WM_NAME) of the top-level X windows that belong to pid"""
    tree = run(["xwininfo", "-root", "-children"])
    titles = []
    for line in tree.stdout.splitlines():
        line = line.strip()
        if not line.startswith("0x"):
            continue
        wid = line.split()[0]
        props = run(["xprop", "-id", wid, "_NET_WM_PID", "_NET_WM_NAME"]).stdout
        if f"_NET_WM_PID(CARDINAL) = {pid}" not in props:
            continue
        for p in props.splitlines():
            if p.startswith("_NET_WM_NAME") and "=" in p:
                titles.append(p.split("=", 1)[1].strip().strip('"'))
    return titles


tmp = tempfile.mkdtemp(prefix="iv-install.")
try:
    options = json.loads(run(["meson", "introspect", "--buildoptions", build]).stdout)
    opt = {o["name"]: o["value"] for o in options}
    prefix = opt["prefix"]
    root = tmp + prefix
    share = os.path.join(root, opt["datadir"])

    inst = run(["meson", "install", "-C", build, "--destdir", tmp, "--no-rebuild", "--quiet"])
    if not check("meson install --destdir", inst.returncode == 0, inst.stdout + inst.stderr):
        finish()

    binary = os.path.join(root, opt["bindir"], "innovation-vouchers")
    expected = {
        "binary": binary,
        "schema": os.path.join(share, "glib-2.0", "schemas", f"{app_id}.gschema.xml"),
        "translation": os.path.join(root, opt["localedir"], "zh_CN", "LC_MESSAGES", "innovation-vouchers.mo"),
        "desktop file": os.path.join(share, "applications", f"{app_id}.desktop"),
        "metainfo": os.path.join(share, "metainfo", f"{app_id}.metainfo.xml"),
        "icon": os.path.join(share, "icons", "hicolor", "scalable", "apps", f"{app_id}.svg"),
        "symbolic icon": os.path.join(share, "icons", "hicolor", "symbolic", "apps", f"{app_id}-symbolic.svg"),
    }
    for what, path in expected.items():
        check(f"installs the {what} ({os.path.relpath(path, tmp)})", os.path.isfile(path))
    check("the binary is executable", os.access(binary, os.X_OK))
    # Tests and the reference service are not part of the installation
    stray = [os.path.relpath(os.path.join(d, f), tmp) for d, _, fs in os.walk(tmp) for f in fs
             if "test" in f or f.startswith("voucher-service")]
    check("installs no test programs or service", not stray, " ".join(stray))

    r = run(["desktop-file-validate", expected["desktop file"]])
    check("desktop-file-validate on the installed file", r.returncode == 0, r.stdout + r.stderr)
    r = run(["appstreamcli", "validate", "--no-net", expected["metainfo"]])
    check("appstreamcli validate --no-net on the installed file", r.returncode == 0, r.stdout + r.stderr)
    schemas = os.path.dirname(expected["schema"])
    r = run(["glib-compile-schemas", "--strict", schemas])
    check("the installed schemas compile", r.returncode == 0 and os.path.isfile(os.path.join(schemas, "gschemas.compiled")),
          r.stdout + r.stderr)

    env = {k: v for k, v in os.environ.items() if k not in ("G_DEBUG", "IV_LOCALEDIR", "GSETTINGS_SCHEMA_DIR")}
    env.update({
        "GSETTINGS_SCHEMA_DIR": schemas,
        "GSETTINGS_BACKEND": "memory",
        "XDG_DATA_DIRS": share + ":" + os.environ.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share"),
        # The binary's LOCALEDIR is the real prefix: point it at the destdir copy
        "IV_LOCALEDIR": os.path.join(root, opt["localedir"]),
        "LANGUAGE": "zh_CN", "LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8",
        "GDK_BACKEND": "x11", "GTK_A11Y": "none", "NO_AT_BRIDGE": "1",
        "HOME": tmp, "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_DATA_HOME": os.path.join(tmp, "data"), "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
    })

    r = run([binary, "--version"], env=env, timeout=30)
    check("--version prints the version", r.returncode == 0 and r.stdout.strip() == f"innovation-vouchers {version}",
          f"status {r.returncode}: {r.stdout!r} {r.stderr!r}")

    locales = run(["locale", "-a"]).stdout.lower().replace("-", "")
    if not os.environ.get("DISPLAY"):
        check("the installed app shows its window in zh_CN", True, skip="DISPLAY is unset (run under xvfb-run)")
    elif "zh_cn.utf8" not in locales:
        check("the installed app shows its window in zh_CN", True, skip="the zh_CN.UTF-8 locale is not generated")
    elif not shutil.which("xwininfo") or not shutil.which("xprop"):
        check("the installed app shows its window in zh_CN", True, skip="xwininfo/xprop missing (x11-utils)")
    else:
        # Its own session bus: another instance elsewhere must not take the activation
        cmd = [binary, "--service-url", "http://127.0.0.1:9/"]
        if shutil.which("dbus-run-session"):
            cmd = ["dbus-run-session", "--"] + cmd
        log = open(os.path.join(tmp, "app.log"), "w+")
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        titles, seen, app_pid = [], set(), None
        try:
            # GTK maps a hidden leader window named after the program first: wait for the real one
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and proc.poll() is None and "科技创新券" not in titles:
                # With dbus-run-session the app is its child: find it by name
                pids = app_pids(proc.pid) or [str(proc.pid)]
                for pid in pids:
                    titles = x_windows_of(pid)
                    seen.update(titles)
                    if titles:
                        app_pid = pid
                        break
                time.sleep(0.3)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.seek(0)
        check("the installed app opens a window", bool(seen), f"exit {proc.returncode}\n{log.read()}")
        check("its window title is 科技创新券", "科技创新券" in seen, f"window titles of pid {app_pid}: {sorted(seen)}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

finish()
