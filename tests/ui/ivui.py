# ivui.py: shared helpers for the UI end-to-end tests (service, app, AT-SPI, TAP)
#
# Runs under /usr/bin/python3 (Debian's python3-pyatspi) inside
# `xvfb-run -a dbus-run-session`; GTK activates the a11y bus itself.
import os
import shutil
import subprocess
import sys
import atexit
import tempfile
import time

import pyatspi

BUILD = os.environ.get('MESON_BUILD_ROOT', os.path.join(os.path.dirname(__file__), '..', '..', 'build'))
SERVICE = os.environ.get('IV_TEST_SERVICE', os.path.join(BUILD, 'service', 'voucher-service'))
APP = os.environ.get('IV_APP', os.path.join(BUILD, 'src', 'innovation-vouchers'))
ADMIN_TOKEN = 'test-admin-token'


class Tap:
    """Minimal TAP producer: one plan line, one ok/not ok per check."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what):
        self.n += 1
        if not cond:
            self.failed += 1
        print('%s %d - %s' % ('ok' if cond else 'not ok', self.n, what), flush=True)
        return cond

    def require(self, cond, what):
        if not self.ok(cond, what):
            self.bail(what)

    def bail(self, why):
        print('Bail out! %s' % why, flush=True)
        cleanup()
        sys.exit(1)

    def done(self):
        print('1..%d' % self.n, flush=True)
        cleanup()
        sys.exit(1 if self.failed else 0)


def skip_all(why):
    print('1..0 # SKIP %s' % why, flush=True)
    sys.exit(0)


_procs = []
_dirs = []


def _at_exit():
    cleanup()


atexit.register(_at_exit)


def cleanup():
    for p in _procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
    for d in _dirs:
        shutil.rmtree(d, ignore_errors=True)


class Service:
    def __init__(self, data_dir=None, extra=()):
        self.data_dir = data_dir or tempfile.mkdtemp(prefix='iv-ui-svc-')
        _dirs.append(self.data_dir)
        self.extra = list(extra)
        self.proc = None
        self.url = None
        self.start()

    def start(self, port=0):
        self.proc = subprocess.Popen([SERVICE, '--listen', '127.0.0.1:%d' % port, '--data', self.data_dir,
                                      '--demo', '--admin-token', ADMIN_TOKEN] + self.extra,
                                     stdout=subprocess.PIPE, text=True)
        _procs.append(self.proc)
        line = self.proc.stdout.readline().strip()
        self.url = line.replace('listening on ', '')
        return self.url

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)

    def port(self):
        return int(self.url.rstrip('/').rsplit(':', 1)[1])

    def admin(self, method, path, body=None):
        import json
        import urllib.request
        req = urllib.request.Request(self.url.rstrip('/') + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={'Authorization': 'Bearer ' + ADMIN_TOKEN,
                                              'Content-Type': 'application/json'})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b'null')


def app_env(home):
    env = dict(os.environ)
    for k in ('NO_AT_BRIDGE', 'GTK_A11Y', 'G_DEBUG'):
        env.pop(k, None)
    env.update(XDG_DATA_HOME=os.path.join(home, 'data'), XDG_CACHE_HOME=os.path.join(home, 'cache'),
               XDG_CONFIG_HOME=os.path.join(home, 'config'), GSETTINGS_BACKEND='memory',
               LANGUAGE='zh_CN', LC_ALL='zh_CN.UTF-8', IV_ANNOUNCER_LOG='1')
    env.setdefault('GSETTINGS_SCHEMA_DIR', os.path.join(BUILD, 'data'))
    env.setdefault('IV_LOCALEDIR', os.path.join(BUILD, 'po', 'uninstalled'))
    return env


class App:
    """The real program, found on the AT-SPI bus."""

    def __init__(self, url, args=(), home=None):
        # The registry must run before the app registers with it
        pyatspi.Registry.getDesktop(0).childCount
        self.home = home or tempfile.mkdtemp(prefix='iv-ui-home-')
        _dirs.append(self.home)
        self.log = open(os.path.join(self.home, 'app.log'), 'w+')
        self.proc = subprocess.Popen([APP, '--service-url', url] + list(args), env=app_env(self.home),
                                     stdout=self.log, stderr=subprocess.STDOUT)
        _procs.append(self.proc)
        self.root = wait_for(self._find_app, 20)
        if self.root is None:
            raise RuntimeError('the app did not appear on the AT-SPI bus')

    def _find_app(self):
        desk = pyatspi.Registry.getDesktop(0)
        for a in desk:
            try:
                # the pid differs when the app runs under a wrapper (gdb, valgrind)
                if a is not None and a.name == 'innovation-vouchers' and \
                        (a.get_process_id() == self.proc.pid or os.environ.get('IV_APP_WRAPPED')):
                    return a
            except Exception:
                pass
        return None

    def announcements(self):
        self.log.flush()
        with open(self.log.name) as f:
            return [l[len('iv-announce: '):].strip() for l in f if l.startswith('iv-announce: ')]

    def window(self):
        for w in self.root:
            if w.getRoleName() == 'frame':
                return w
        return None

    def quit(self):
        self.proc.terminate()
        self.proc.wait(10)


def wait_for(fn, timeout=10, interval=0.1):
    end = time.time() + timeout
    while True:
        try:
            v = fn()
        except Exception:
            v = None
        if v:
            return v
        if time.time() > end:
            return None
        time.sleep(interval)


def walk(obj, depth=0, max_depth=60):
    """Every accessible below obj (obj included)."""
    if obj is None or depth > max_depth:
        return
    yield obj
    try:
        children = list(obj)
    except Exception:
        children = []
    for c in children:
        yield from walk(c, depth + 1, max_depth)


def showing(obj):
    """GTK 4.8 sets VISIBLE but not SHOWING; newer GTK sets both."""
    try:
        st = obj.getState()
        return st.contains(pyatspi.STATE_VISIBLE) or st.contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def find(root, role=None, name=None, prefix=None, contains=None, visible=True):
    for o in walk(root):
        try:
            if role is not None and o.getRoleName() != role:
                continue
            n = o.name or ''
            if name is not None and n != name:
                continue
            if prefix is not None and not n.startswith(prefix):
                continue
            if contains is not None and contains not in n:
                continue
            if visible and not showing(o):
                continue
            return o
        except Exception:
            continue
    return None


def find_all(root, role=None, contains=None, visible=True):
    out = []
    for o in walk(root):
        try:
            if role is not None and o.getRoleName() != role:
                continue
            if contains is not None and contains not in (o.name or ''):
                continue
            if visible and not showing(o):
                continue
            out.append(o)
        except Exception:
            continue
    return out


def wait_find(root, timeout=10, **kw):
    return wait_for(lambda: find(root, **kw), timeout)


def name_of(obj):
    """The accessible name, '' for an object gone meanwhile (lists rebuild)."""
    try:
        return obj.name or ''
    except Exception:
        return ''


def names_below(obj):
    return [n for n in (name_of(o) for o in walk(obj)) if n]


def catalog_rows(win):
    """The rows of the catalog's list view (named 服务), not other lists."""
    lst = find(win, role='list', name='服务')
    if lst is None:
        return []
    try:
        return [c for c in lst if c is not None]
    except Exception:
        return []


def text_of(obj):
    try:
        t = obj.queryText()
        return t.getText(0, t.characterCount)
    except Exception:
        return ''


def set_text(obj, text):
    """Types into an entry through AT-SPI's EditableText, as an AT would."""
    try:
        obj.queryComponent().grabFocus()
    except Exception:
        pass  # GTK 4.8 has no Component.GrabFocus; EditableText works without it
    # A loaded machine can make one call time out: try again once
    for attempt in range(2):
        try:
            obj.queryEditableText().setTextContents(text)
            return
        except Exception:
            if attempt == 1:
                raise
            time.sleep(2)


def click(obj):
    obj.queryAction().doAction(0)


def focused(root):
    for o in walk(root):
        try:
            if o.getState().contains(pyatspi.STATE_FOCUSED):
                return o
        except Exception:
            pass
    return None


def key(keyname):
    """A key press by name through xdotool (no pointer), e.g. 'ctrl+f', 'Tab', 'Return'."""
    subprocess.run(['xdotool', 'key', '--clearmodifiers', keyname], check=True)
    time.sleep(0.15)


def type_text(text):
    subprocess.run(['xdotool', 'type', '--delay', '20', text], check=True)
    time.sleep(0.15)


def open_catalog_row(index):
    """Keyboard only: Ctrl+F, Enter moves into the results, Down to the row, Enter opens it."""
    key('ctrl+f')
    key('Return')
    for _ in range(index):
        key('Down')
    key('Return')


def wait_catalog_ready(app, timeout=120):
    """The first catalog sync has finished (the page says 服务目录已更新)."""
    return wait_for(lambda: any(a == '服务目录已更新' for a in app.announcements()), timeout)
