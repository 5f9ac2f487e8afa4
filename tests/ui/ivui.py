# ivui.py: shared helpers for the UI end-to-end tests (service, app, AT-SPI, TAP)
#
# Runs under /usr/bin/python3 (Debian's python3-pyatspi) inside
# `xvfb-run -a dbus-run-session`; GTK activates the a11y bus itself.
import os
import re
import shutil
import subprocess
import sys
import atexit
import signal
import tempfile
import threading
import time
import traceback

# test_env sets G_DEBUG=fatal-warnings for the C tests.  In this process it
# turns libatspi's harmless startup warning ("Error in GetItems … /cache")
# into a SIGTRAP that killed the script and left the app and the service
# running (the CI timeouts).  GLib reads it when it loads: drop it first.
os.environ.pop('G_DEBUG', None)

import pyatspi  # noqa: E402

BUILD = os.environ.get('MESON_BUILD_ROOT', os.path.join(os.path.dirname(__file__), '..', '..', 'build'))
SERVICE = os.environ.get('IV_TEST_SERVICE', os.path.join(BUILD, 'service', 'voucher-service'))
APP = os.environ.get('IV_APP', os.path.join(BUILD, 'src', 'innovation-vouchers'))
ADMIN_TOKEN = 'test-admin-token'

# Every wait is bounded.  A wedged app can block one AT-SPI call for 25 s
# and a tree walk makes hundreds of them, so a timeout checked between calls
# is not enough: a watchdog thread kills the app and the service (which makes
# the pending D-Bus call fail at once) and exits non-zero with the test line
# it was stuck on, long before meson's own timeout.
STEP_GRACE = 20        # seconds a call may overrun its own timeout
CALL_LIMIT = 30        # seconds for any other single helper call
BUDGET = float(os.environ.get('IV_UI_TEST_BUDGET', '260'))  # whole script; meson's is 300

_t_start = time.monotonic()
_main_ident = threading.get_ident()
_step = {'deadline': None, 'what': None, 'depth': 0}
_bailing = threading.Lock()


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


def _where():
    """The test script's line the main thread is on (outside this module)."""
    frame = sys._current_frames().get(_main_ident)
    stack = traceback.extract_stack(frame) if frame is not None else []
    for fs in reversed(stack):
        if os.path.basename(fs.filename) != 'ivui.py':
            return '%s:%d: %s' % (os.path.basename(fs.filename), fs.lineno, (fs.line or '').strip())
    return 'unknown place'


def _app_log_tail(n=15):
    for d in _dirs:
        log = os.path.join(d, 'app.log')
        if os.path.exists(log):
            try:
                with open(log, errors='replace') as f:
                    return ''.join(f.readlines()[-n:])
            except OSError:
                pass
    return ''


def _fire(why):
    if not _bailing.acquire(blocking=False):
        return
    try:
        where = _where()
        sys.stderr.write('ivui watchdog: %s\nstuck at %s\nlast lines of the app log:\n%s\n'
                         % (why, where, _app_log_tail()))
        sys.stderr.flush()
        print('Bail out! %s (at %s)' % (why, where), flush=True)
    finally:
        kill_all()
        for d in _dirs:
            shutil.rmtree(d, ignore_errors=True)
        os._exit(1)


def _watchdog():
    while True:
        time.sleep(0.5)
        now = time.monotonic()
        deadline = _step['deadline']
        if deadline is not None and now > deadline:
            _fire('timed out: %s' % _step['what'])
        if now - _t_start > BUDGET:
            _fire('the whole test took more than %d s (IV_UI_TEST_BUDGET)' % BUDGET)


threading.Thread(target=_watchdog, name='ivui-watchdog', daemon=True).start()
# meson stops a test with SIGTERM: take the children down too
signal.signal(signal.SIGTERM, lambda *_: _fire('stopped by SIGTERM'))


class bounded:
    """with bounded(seconds, what): the watchdog bails out when the block
    runs longer.  Nested blocks keep the outer (earlier) deadline."""

    def __init__(self, seconds=CALL_LIMIT, what=None):
        self.seconds = seconds
        self.what = what

    def __enter__(self):
        if _step['depth'] == 0:
            _step['what'] = '%s (limit %d s)' % (self.what or 'waiting', self.seconds)
            _step['deadline'] = time.monotonic() + self.seconds
        _step['depth'] += 1
        return self

    def __exit__(self, *exc):
        _step['depth'] -= 1
        if _step['depth'] == 0:
            _step['deadline'] = None
        return False


def _limited(seconds=CALL_LIMIT):
    def wrap(fn):
        def inner(*a, **kw):
            with bounded(seconds, fn.__name__):
                return fn(*a, **kw)
        inner.__name__ = fn.__name__
        inner.__doc__ = fn.__doc__
        return inner
    return wrap


def _die_with_parent():
    """In the child: SIGKILL when this script dies, however it dies (a crash
    in pyatspi included).  Otherwise an orphaned service keeps meson's stderr
    pipe open and meson waits for its own 300 s timeout."""
    import ctypes
    try:
        ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def kill_all():
    """SIGKILL every child at once (the watchdog path: no waiting)."""
    for p in _procs:
        try:
            if p.poll() is None:
                p.kill()
        except Exception:
            pass


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

    @_limited(20)
    def start(self, port=0):
        self.proc = subprocess.Popen([SERVICE, '--listen', '127.0.0.1:%d' % port, '--data', self.data_dir,
                                      '--demo', '--admin-token', ADMIN_TOKEN] + self.extra,
                                     stdout=subprocess.PIPE, text=True, preexec_fn=_die_with_parent)
        _procs.append(self.proc)
        line = self.proc.stdout.readline().strip()
        self.url = line.replace('listening on ', '')
        return self.url

    @_limited(20)
    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)

    def port(self):
        return int(self.url.rstrip('/').rsplit(':', 1)[1])

    @_limited(20)
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

    @_limited(45)
    def __init__(self, url, args=(), home=None):
        # The registry must run before the app registers with it
        pyatspi.Registry.getDesktop(0).childCount
        self.home = home or tempfile.mkdtemp(prefix='iv-ui-home-')
        _dirs.append(self.home)
        self.log = open(os.path.join(self.home, 'app.log'), 'w+')
        self.proc = subprocess.Popen([APP, '--service-url', url] + list(args), env=app_env(self.home),
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     preexec_fn=_die_with_parent)
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

    @_limited(20)
    def quit(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def wait_for(fn, timeout=10, interval=0.1):
    # one slow call inside fn may overrun `timeout`: the watchdog allows STEP_GRACE more
    with bounded(timeout + STEP_GRACE, 'a wait of %d s' % timeout):
        return _wait_for(fn, timeout, interval)


def _wait_for(fn, timeout, interval):
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


# GTK 4.8 and 4.18 (Debian 12 and the modern lane) expose the same widgets
# a little differently; the scripts are written against 4.8's names and
# these helpers make them match 4.18 too:
# - role names: libatspi 2.56 calls a push button "button".  ivui gives
#   every script 4.8's role names (getRoleName is wrapped below).
# - accessible names: the CJK mnemonic hint may carry the underscore
#   ("记住我(_R)" on the check box, "记住我(R)" on its label) or be left out,
#   and spacing may differ.  A name matches a query when both agree after
#   norm(); a name without any hint also matches the query without its hint.
#   A name with another hint never does: "登录(I)" is not "登录(S)".
_ROLE_ALIASES = {'button': 'push button'}
_atspi_role_name = pyatspi.Accessible.getRoleName


def _role_name(obj):
    r = _atspi_role_name(obj)
    return _ROLE_ALIASES.get(r, r)


pyatspi.Accessible.getRoleName = _role_name

_MNEMONIC_HINT = re.compile(r'\s*[(\uff08]\s*_?([A-Za-z0-9])\s*[)\uff09]')


def norm(text):
    """text as names are compared: a hint "(_X)"/"（X）" written "(X)",
    no other underscore, whitespace runs made one space, none outside."""
    parts = re.split(r'(\s*[(\uff08]\s*_?[A-Za-z0-9]\s*[)\uff09])', text or '')
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append('(%s)' % _MNEMONIC_HINT.match(part).group(1))
        else:
            out.append(part.replace('_', ''))
    return ' '.join(''.join(out).split())


def without_hint(text):
    return ' '.join(_MNEMONIC_HINT.sub('', norm(text)).split())


def _matches(name, query, how):
    """name (already norm()ed) against query (already norm()ed)."""
    def test(n, q):
        return n == q if how == 'name' else n.startswith(q) if how == 'prefix' else q in n
    if test(name, query):
        return True
    return _MNEMONIC_HINT.search(name) is None and test(name, without_hint(query))


def same_name(a, b):
    """a and b name the same thing on GTK 4.8 and 4.18 alike."""
    return _matches(norm(a), norm(b), 'name') or _matches(norm(b), norm(a), 'name')


@_limited()
def find(root, role=None, name=None, prefix=None, contains=None, visible=True):
    name, prefix, contains = (None if x is None else norm(x) for x in (name, prefix, contains))
    for o in walk(root):
        try:
            if role is not None and o.getRoleName() != role:
                continue
            n = norm(o.name)
            if name is not None and not _matches(n, name, 'name'):
                continue
            if prefix is not None and not _matches(n, prefix, 'prefix'):
                continue
            if contains is not None and not _matches(n, contains, 'contains'):
                continue
            if visible and not showing(o):
                continue
            return o
        except Exception:
            continue
    return None


@_limited()
def find_all(root, role=None, contains=None, visible=True):
    contains = None if contains is None else norm(contains)
    out = []
    for o in walk(root):
        try:
            if role is not None and o.getRoleName() != role:
                continue
            if contains is not None and not _matches(norm(o.name), contains, 'contains'):
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


@_limited()
def names_below(obj):
    return [n for n in (name_of(o) for o in walk(obj)) if n]


@_limited()
def catalog_rows(win):
    """The rows of the catalog's list view (named 服务), not other lists."""
    lst = find(win, role='list', name='服务')
    if lst is None:
        return []
    try:
        return [c for c in lst if c is not None]
    except Exception:
        return []


@_limited()
def text_of(obj):
    try:
        t = obj.queryText()
        return t.getText(0, t.characterCount)
    except Exception:
        return ''


@_limited()
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


@_limited()
def click(obj):
    obj.queryAction().doAction(0)


@_limited()
def focused(root):
    for o in walk(root):
        try:
            if o.getState().contains(pyatspi.STATE_FOCUSED):
                return o
        except Exception:
            pass
    return None


@_limited()
def key(keyname):
    """A key press by name through xdotool (no pointer), e.g. 'ctrl+f', 'Tab', 'Return'."""
    subprocess.run(['xdotool', 'key', '--clearmodifiers', keyname], check=True, timeout=10)
    time.sleep(0.15)


@_limited(60)
def focus_by_tab(target, presses=40):
    """Tab until target has the keyboard focus: GTK 4.18 offers no AT-SPI
    GrabFocus and no action on a list row, a keyboard user Tabs there."""
    for _ in range(presses):
        try:
            if target.getState().contains(pyatspi.STATE_FOCUSED):
                return True
        except Exception:
            return False
        key('Tab')
    return target.getState().contains(pyatspi.STATE_FOCUSED)


def _has_state(obj, state):
    try:
        return obj.getState().contains(state)
    except Exception:
        return False


def _grab_focus(obj):
    """AT-SPI GrabFocus where the toolkit offers it (neither 4.8 nor 4.18
    does for a list row: they raise or return False)."""
    try:
        if obj.queryComponent().grabFocus():
            time.sleep(0.3)
            return _has_state(obj, pyatspi.STATE_FOCUSED)
    except Exception:
        pass
    return False


def _frame_of(obj):
    """The top-level window (role frame/dialog) obj is in."""
    o = obj
    for _ in range(80):
        try:
            if o is None or o.getRoleName() in ('frame', 'dialog', 'window', 'alert'):
                return o
            p = o.parent
        except Exception:
            return None
        if p is None or p.getRoleName() == 'application':
            return o
        o = p
    return None


@_limited()
def focus_window(obj):
    """Gives the X input focus to the window obj is in, as a window manager
    does when a dialog closes.  Xvfb runs none: after a dialog is gone,
    GTK 4.18 leaves the keyboard focus nowhere (4.8 gave it back)."""
    w = _frame_of(obj)
    try:
        name = w.name
        pid = w.getApplication().get_process_id()
    except Exception:
        return False
    r = subprocess.run(['xdotool', 'search', '--onlyvisible', '--pid', str(pid), '--name', '^%s$' % re.escape(name)],
                       capture_output=True, text=True, timeout=10)
    ids = r.stdout.split()
    if not ids:
        return False
    subprocess.run(['xdotool', 'windowfocus', ids[0]], timeout=10)
    time.sleep(0.3)
    return True


@_limited()
def find_text(root, contains, role=None, visible=True):
    """An accessible whose name or text contains `contains`.  GTK 4.18 names
    a label with a role such as STATUS ("status bar") from nothing: what it
    says is only in its Text, which screen readers read (4.8 named it)."""
    q = norm(contains)
    for o in walk(root):
        try:
            if role is not None and o.getRoleName() != role:
                continue
            if visible and not showing(o):
                continue
            if q in norm(o.name) or (o.getRoleName() in ('status bar', 'label') and q in norm(text_of(o))):
                return o
        except Exception:
            continue
    return None


@_limited(90)
def expand_row(root, title, timeout=15, attempts=3):
    """Opens the AdwExpanderRow whose header is named title, as a keyboard
    user does: Tab to the header, press Return.  Returns the header, or None.

    libadwaita 1.7 hides a collapsed row's content from AT-SPI and marks the
    header EXPANDABLE/EXPANDED; 1.2 (GTK 4.8) exposes the content either way
    and has no such states, so there the keypress is made once and trusted.
    A list rebuilt meanwhile leaves a stale header: look it up again."""
    for _ in range(attempts):
        header = wait_find(root, role='list item', name=title, timeout=timeout)
        if header is None:
            return None
        modern = _has_state(header, pyatspi.STATE_EXPANDABLE)
        if modern and _has_state(header, pyatspi.STATE_EXPANDED):
            return header
        if focused(root) is None:
            focus_window(header)
        if not (_grab_focus(header) or focus_by_tab(header, presses=60)):
            continue
        key('Return')
        if not modern:
            time.sleep(0.7)
            return header
        if wait_for(lambda: _has_state(header, pyatspi.STATE_EXPANDED), 3):
            return header
    return None


@_limited()
def type_text(text):
    subprocess.run(['xdotool', 'type', '--delay', '20', text], check=True, timeout=20)
    time.sleep(0.15)


@_limited()
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
