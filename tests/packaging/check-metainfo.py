#!/usr/bin/env python3
"""check-metainfo.py: the metainfo's releases and screenshots against the tree (TAP)

Usage: check-metainfo.py METAINFO VERSION; MESON_SOURCE_ROOT points at the tree.
The data suite checks the tags are there; this checks what they say: a release
for the version being built, and screenshots that are the screenshot script's
files (data/screenshots/NAME.png, same size) with a zh_CN caption each.
"""
import glob
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
src = os.environ.get('MESON_SOURCE_ROOT', '.')
metainfo_path, version = sys.argv[1:3]
n = 0
failed = 0


def check(ok, what, detail=''):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print('%s %d - %s%s' % ('ok' if ok else 'not ok', n, what, '' if ok or not detail else ' (%s)' % detail))
    return ok


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def po_translations():
    """msgid -> msgstr of po/zh_CN.po and the parts the lead merges into it."""
    out = {}
    files = [os.path.join(src, 'po', 'zh_CN.po')] + sorted(glob.glob(os.path.join(src, 'po', 'parts', '*.po')))
    for path in files:
        try:
            text = open(path, encoding='utf-8').read()
        except OSError:
            continue
        for m in re.finditer(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, re.M):
            if m.group(1) and m.group(2):
                out.setdefault(m.group(1), m.group(2))
    return out


root = ET.parse(metainfo_path).getroot()

# Releases: one for this version, newest first, with a date and a description
releases = root.findall('releases/release')
check(releases, 'the metainfo has releases')
mine = [r for r in releases if r.get('version') == version]
check(mine, 'a release for version %s' % version, 'versions: %s' % [r.get('version') for r in releases])
if mine:
    r = mine[0]
    check(re.fullmatch(r'\d{4}-\d{2}-\d{2}', r.get('date', '')), 'the release %s has a date' % version, r.get('date'))
    check(r.find('description/p') is not None or r.find('description/ul') is not None,
          'the release %s says what it brings' % version)
    check(releases[0] is r, 'the release %s is the newest (listed first)' % version)

# Screenshots: the screenshot script's files, sizes as stated, captions in zh_CN
shots = root.findall('screenshots/screenshot')
check(len(shots) >= 3, 'at least three screenshots', '%d' % len(shots))
check(len([s for s in shots if s.get('type') == 'default']) == 1, 'exactly one default screenshot')
po = po_translations()
for s in shots:
    img = s.find('image')
    url = (img.text or '').strip() if img is not None else ''
    name = url.rsplit('/', 1)[-1]
    what = 'screenshot %s' % (name or '?')
    check(url.startswith('https://') and name.endswith('.png'), '%s: an https URL of a PNG' % what, url)
    local = os.path.join(src, 'data', 'screenshots', name)
    size = png_size(local) if os.path.exists(local) else None
    check(size is not None, '%s: the file is in data/screenshots' % what, 'made by build-aux/screenshots.sh')
    if size is not None and img is not None:
        check((int(img.get('width', 0)), int(img.get('height', 0))) == size,
              '%s: width and height are the file\'s' % what,
              'metainfo %sx%s, file %dx%d' % (img.get('width'), img.get('height'), *size))
    captions = s.findall('caption')
    english = [c.text for c in captions if c.get(XML_LANG) is None]
    check(len(english) == 1 and english[0], '%s: has a caption' % what)
    if english and english[0]:
        merged = [c.text for c in captions if c.get(XML_LANG) == 'zh_CN']
        check(merged or english[0] in po, '%s: the caption has a zh_CN translation' % what,
              'add it to po/parts/packaging.po')
        if not merged and english[0] in po:
            print('# %s: zh_CN caption is in po/parts but not merged yet: run build-aux/update-po.sh' % name)

print('1..%d' % n)
sys.exit(1 if failed else 0)
