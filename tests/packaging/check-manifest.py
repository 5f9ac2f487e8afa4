#!/usr/bin/env python3
"""check-manifest.py: the Flatpak manifests against issue 8 and the built data files (TAP)

Usage: check-manifest.py APP_ID DESKTOP METAINFO GSCHEMA; MESON_SOURCE_ROOT points at the tree.
"""
import configparser
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

FINISH_ARGS = ["--share=network", "--share=ipc", "--socket=wayland",
               "--socket=fallback-x11", "--device=dri"]
BASE_ID = "cn.innovationvoucher.Vouchers"
COMMAND = "innovation-vouchers"

src = os.environ.get("MESON_SOURCE_ROOT", ".")
app_id, desktop_path, metainfo_path, gschema_path = sys.argv[1:5]
results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))


def all_modules(modules):
    for m in modules:
        if isinstance(m, str):  # a module in another file: not used here
            check(f"module {m} is inline", False, "modules must be inline objects")
            continue
        yield m
        yield from all_modules(m.get("modules", []))


manifests = {}
for suffix in ("", ".Devel"):
    path = os.path.join(src, "flatpak", f"{BASE_ID}{suffix}.json")
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            m = json.load(f)
    except (OSError, ValueError) as e:
        check(f"{name} parses", False, str(e))
        continue
    check(f"{name} parses", True)
    manifests[suffix] = m

    check(f"{name} id", m.get("id", m.get("app-id")) == BASE_ID + suffix, m.get("id"))
    check(f"{name} runtime", m.get("runtime") == "org.gnome.Platform" and m.get("sdk") == "org.gnome.Sdk"
          and re.fullmatch(r"\d+", str(m.get("runtime-version", ""))) is not None,
          f"{m.get('runtime')} {m.get('sdk')} {m.get('runtime-version')}")
    check(f"{name} command", m.get("command") == COMMAND, m.get("command"))
    args = m.get("finish-args", [])
    check(f"{name} finish-args are exactly the five", sorted(args) == sorted(FINISH_ARGS) and len(args) == len(FINISH_ARGS),
          f"got {args}")
    check(f"{name} has no filesystem or talk-name", not any(a.startswith(("--filesystem", "--talk-name", "--system-talk-name", "--own-name"))
                                                         for a in args), f"got {args}")

    modules = list(all_modules(m.get("modules", [])))
    missing = []
    for mod in modules:
        for s in mod.get("sources", []):
            kind = s.get("type", "")
            # A local "dir" source (the app itself) has nothing to hash: the documented exception
            if kind == "dir":
                continue
            if kind in ("archive", "file") and not re.fullmatch(r"[0-9a-f]{64}", s.get("sha256", "")):
                missing.append(f"{mod['name']}: {s.get('url', s.get('path'))}")
            elif kind in ("git",) and not re.fullmatch(r"[0-9a-f]{40}", s.get("commit", "")):
                missing.append(f"{mod['name']}: git without a commit")
            elif kind not in ("archive", "file", "git", "patch", "dir"):
                missing.append(f"{mod['name']}: unexpected source type {kind}")
            elif kind == "patch" and "path" not in s:
                missing.append(f"{mod['name']}: remote patch")
    check(f"{name} every source is pinned with sha256", not missing, "; ".join(missing))

    names = [mod.get("name") for mod in modules]
    qr = next((mod for mod in modules if mod.get("name") == "libqrencode"), None)
    check(f"{name} builds libqrencode without tools", qr is not None and "--without-tools" in qr.get("config-opts", []))
    app = modules[-1] if modules else {}
    check(f"{name} builds the app last with meson", app.get("name") == COMMAND and app.get("buildsystem") == "meson", names)
    opts = app.get("config-opts", [])
    check(f"{name} does not ship the reference service", "-Dservice=false" in opts, opts)
    check(f"{name} development option matches the id", ("-Ddevelopment=true" in opts) == (suffix == ".Devel"), opts)
    check(f"{name} bundles a CJK font", any("/app/share/fonts" in c for mod in modules for c in mod.get("build-commands", [])))

# The meson option the manifests rely on exists
with open(os.path.join(src, "meson_options.txt"), encoding="utf-8") as f:
    check("meson option service exists", re.search(r"option\(\s*'service'", f.read()) is not None)

# The build's app id is one of the manifests', and every data file carries it
check("the build's app id has a manifest", app_id in (BASE_ID, BASE_ID + ".Devel"), app_id)

desktop = configparser.ConfigParser(interpolation=None, strict=False)
desktop.optionxform = str
desktop.read(desktop_path, encoding="utf-8")
entry = desktop["Desktop Entry"] if desktop.has_section("Desktop Entry") else {}
check("desktop file is named after the app id", os.path.basename(desktop_path) == f"{app_id}.desktop", desktop_path)
check("desktop Icon is the app id", entry.get("Icon") == app_id, entry.get("Icon"))
check("desktop Exec is the manifest command", (entry.get("Exec") or "").split()[:1] == [COMMAND], entry.get("Exec"))

root = ET.parse(metainfo_path).getroot()
check("metainfo id is the app id", root.findtext("id") == app_id, root.findtext("id"))
launch = root.find("launchable")
check("metainfo launchable is the desktop file", launch is not None and launch.text == f"{app_id}.desktop",
      None if launch is None else launch.text)
binary = root.find("provides/binary")
check("metainfo provides the command", binary is not None and binary.text == COMMAND)

schema = ET.parse(gschema_path).getroot().find("schema")
check("schema id is the app id", schema is not None and schema.get("id") == app_id, None if schema is None else schema.get("id"))
check("schema path follows the app id", schema is not None and schema.get("path") == "/" + app_id.replace(".", "/") + "/",
      None if schema is None else schema.get("path"))

# Icons are installed renamed to the app id (data/meson.build); the sources carry the base id
with open(os.path.join(src, "data", "meson.build"), encoding="utf-8") as f:
    data_build = f.read()
for icon, rename in ((f"icons/hicolor/scalable/apps/{BASE_ID}.svg", "app_id + '.svg'"),
                     (f"icons/hicolor/symbolic/apps/{BASE_ID}-symbolic.svg", "app_id + '-symbolic.svg'")):
    check(f"icon {os.path.basename(icon)} exists and installs as the app id",
          os.path.isfile(os.path.join(src, "data", icon)) and icon in data_build and rename in data_build)

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok and detail:
        print(f"# {detail}")
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
