# part2ui.py: helpers the part 2 UI tests share (sign-in, rows, dialogs, the service's view)
#
# On top of ivui.py (which another helper owns): what test-a11y-audit-part2,
# test-e2e-attention and test-keyboard-claim have in common.
import json
import time
import urllib.request

import ivui

LOGIN = '91310115MA1K3A2B3J'
PASSWORD = 'Demo@2026'
PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'
PNG = bytes.fromhex('89504e470d0a1a0a0000000d49484452')


def sign_in(app, win, login=LOGIN, password=PASSWORD):
    account = ivui.wait_find(win, role='text', prefix='账号', timeout=20)
    secret = ivui.wait_find(win, role='password text', prefix='密码')
    if account is None or secret is None:
        return False
    time.sleep(0.5)
    ivui.set_text(account, login)
    ivui.set_text(secret, password)
    ivui.click(ivui.find(win, role='push button', contains='登录(S)'))
    return bool(ivui.wait_for(lambda: any(a.startswith('已登录') for a in app.announcements()), 40))


def window_named(app, name, timeout=10):
    return ivui.wait_for(lambda: next((w for w in app.root if ivui.name_of(w) == name), None), timeout)


def window_with(app, text, timeout=10, exclude=()):
    """A top-level window showing text (message dialogs have no title)."""
    def look():
        for w in app.root:
            if w in exclude:
                continue
            if ivui.find(w, contains=text) is not None:
                return w
        return None
    return ivui.wait_for(look, timeout)


def gone(app, window, timeout=10):
    return ivui.wait_for(lambda: all(w != window for w in app.root), timeout)


def _has(obj, state):
    try:
        return obj.getState().contains(state)
    except Exception:
        return False


def refocus(app, window, timeout=5):
    """Gives the keyboard focus back to window (a top-level of app) after a
    dialog above it closed, as a window manager does.  Xvfb has none; GTK 4.8
    took the focus back itself, GTK 4.18 leaves no window active: the keys
    still arrive, but AT-SPI reports no focus and GTK moves none."""
    import subprocess
    if window is None or _has(window, ivui.pyatspi.STATE_ACTIVE):
        return True
    name = ivui.name_of(window)
    with ivui.bounded(20, 'refocus %s' % name):
        ids = subprocess.run(['xdotool', 'search', '--onlyvisible', '--pid', str(app.proc.pid)],
                             capture_output=True, text=True, timeout=10).stdout.split()
        for xid in ids:
            title = subprocess.run(['xdotool', 'getwindowname', xid],
                                   capture_output=True, text=True, timeout=10).stdout.strip()
            if title == name:
                subprocess.run(['xdotool', 'windowfocus', '--sync', xid], timeout=10)
                break
    return bool(ivui.wait_for(lambda: _has(window, ivui.pyatspi.STATE_ACTIVE), timeout))


def expand(win, title, timeout=15, app=None):
    """Opens an expander row from the keyboard: focus its header, press Return.
    libadwaita 1.7 hides a collapsed row's content from AT-SPI and marks the
    header EXPANDABLE (EXPANDED once open); its header has no AT-SPI action
    and GTK 4.18 no GrabFocus: Tab to it (in the active window: refocus).
    libadwaita 1.2 exposes the content either way and has no such states."""
    header = ivui.wait_find(win, role='list item', name=title, timeout=timeout)
    if header is None:
        return False
    if not _has(header, ivui.pyatspi.STATE_EXPANDABLE):
        if not _grab_focus(header):
            activate(header)     # GTK 4.8 has no Component.GrabFocus
        else:
            ivui.key('Return')
        time.sleep(0.7)
        return True
    for attempt in range(3):
        if _has(header, ivui.pyatspi.STATE_EXPANDED):
            return True
        if app is not None:
            refocus(app, win)
        if _grab_focus(header) or ivui.focus_by_tab(header, presses=60):
            ivui.key('Return')
            if ivui.wait_for(lambda: _has(header, ivui.pyatspi.STATE_EXPANDED), 3):
                return True
        # a sync rebuilt the list meanwhile: the header is another object
        header = ivui.wait_find(win, role='list item', name=title, timeout=timeout)
        if header is None:
            return False
    return _has(header, ivui.pyatspi.STATE_EXPANDED)


def _grab_focus(obj):
    try:
        ok = obj.queryComponent().grabFocus()
        time.sleep(0.3)
        return ok
    except Exception:
        return False


def activate(obj):
    """The first action of obj or of what it contains."""
    for o in ivui.walk(obj):
        try:
            if o.queryAction().nActions > 0:
                o.queryAction().doAction(0)
                return True
        except Exception:
            continue
    return False


def press(obj):
    """Focus a button and press Space, as a keyboard user would (its action
    where AT-SPI cannot move the focus: GTK 4.8)."""
    if obj is None:
        return False
    if _grab_focus(obj):
        ivui.key('space')
        return True
    return activate(obj)


def notifications(app):
    app.log.flush()
    with open(app.log.name) as f:
        return [line[len('iv-notify: '):].strip() for line in f if line.startswith('iv-notify: ')]


def server_claims(svc, login=LOGIN):
    return (svc.admin('GET', '/admin/v1/accounts/%s/claims' % login) or {}).get('items', [])


def server_applications(svc, login=LOGIN):
    return (svc.admin('GET', '/admin/v1/accounts/%s/applications' % login) or {}).get('items', [])


def arm_fault(svc, **fault):
    return svc.admin('POST', '/admin/v1/faults', fault)


def faults_used(svc):
    """Every armed fault has been met (a used-up fault may leave the list)."""
    return not any(f.get('remaining', 0) > 0 for f in (svc.admin('GET', '/admin/v1/faults') or {}).get('items', []))


def applied(svc, path, method='POST', login=LOGIN):
    return svc.admin('GET', '/admin/v1/accounts/%s/requests?method=%s&path=%s' % (login, method, path))['applied']


def user_call(svc, method, path, body=None, token=None, headers=None):
    """The public API as the account's owner would call it from another computer."""
    h = {'Content-Type': 'application/json'}
    if token:
        h['Authorization'] = 'Bearer ' + token
    h.update(headers or {})
    req = urllib.request.Request(svc.url.rstrip('/') + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None, headers=h)
    with ivui.bounded(20, 'user_call %s %s' % (method, path)):
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b'null')


def write_files(directory):
    import os
    paths = {}
    for name, data in (('contract.pdf', PDF), ('invoice.pdf', PDF), ('payment.png', PNG), ('report.pdf', PDF)):
        paths[name] = os.path.join(directory, name)
        with open(paths[name], 'wb') as f:
            f.write(data)
    return paths


def type_then_key(text, keyname):
    """Types text and presses a key in one xdotool run (no autosave in between)."""
    import subprocess
    with ivui.bounded(20, 'xdotool type %s + %s' % (text, keyname)):
        # two runs: `xdotool type` takes every later word as text to type
        subprocess.run(['xdotool', 'type', '--delay', '10', text], check=True, timeout=15)
        subprocess.run(['xdotool', 'key', '--clearmodifiers', keyname], check=True, timeout=15)
    time.sleep(0.2)


def _focused_entry(chooser):
    f = ivui.focused(chooser)
    return f if f is not None and f.getRoleName() == 'text' else None


def _settled_text(obj, timeout=4):
    """The text of obj once it has not changed for 0.8 s (completions
    come late)."""
    seen = []

    def still():
        seen.append(ivui.text_of(obj))
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]
    ivui.wait_for(still, timeout, 0.4)
    return seen[-1] if seen else ''


def type_location(chooser, path, attempts=4):
    """Types path into the file chooser's location entry (Ctrl+L) and
    presses Return, by keyboard only.  GTK 4.18's inline completion runs
    when a folder has loaded, for the prefix typed then, and appends what
    it completes to whatever was typed meanwhile ("…contract.pdfp/", the
    "p/" of "/tm").  A user sees it and deletes it (End, BackSpace), or
    types the path again (Ctrl+A) when it landed inside.  4.18 also keeps
    the entry of the last chooser shown, where Ctrl+L hides it: press it
    again then.  On GTK 4.8 the path arrives as typed (the same check
    passes at once)."""
    for attempt in range(attempts):
        ivui.key('ctrl+l')
        entry = ivui.wait_for(lambda: _focused_entry(chooser), 2)
        if entry is None:
            ivui.key('ctrl+l')
            entry = ivui.wait_for(lambda: _focused_entry(chooser), 2)
        if entry is not None:
            ivui.key('ctrl+a')
        ivui.type_text(path)
        text = _settled_text(entry) if entry is not None else ''
        if text.startswith(path) and text != path:
            print('# the completion added %r: deleting it' % text[len(path):], flush=True)
            ivui.key('End')
            for _ in range(len(text) - len(path)):
                ivui.key('BackSpace')
            text = _settled_text(entry)
        if text in ('', path):
            break
        print('# the location entry shows %r, not %r: typing it again' % (text, path), flush=True)
    ivui.key('Return')


def page(win, marker_role, prefix, timeout=20):
    """The scroll pane of the page that shows marker (GTK 4.8 reports every
    stack page as visible: auditing the whole window walks all of them)."""
    from a11y_audit import ancestor
    marker = ivui.wait_find(win, role=marker_role, prefix=prefix, timeout=timeout)
    return ancestor(marker, 'scroll pane') if marker is not None else None


def row_button(win, row_title, prefix, timeout=10, app=None):
    """A button inside an expander row, opening the row first when the list
    was rebuilt (a sync collapses it)."""
    b = ivui.find(win, role='push button', prefix=prefix)
    if b is None:
        expand(win, row_title, app=app)
        b = ivui.wait_find(win, role='push button', prefix=prefix, timeout=timeout)
    return b


def press_in_row(win, row_title, prefix, opened, timeout=10, app=None):
    """Presses a button of an expander row and waits for opened() to be true.
    GTK 4.8 reports the buttons of a collapsed row as visible too, and
    pressing them does nothing: when nothing opens, open the row, press again."""
    b = ivui.find(win, role='push button', prefix=prefix)
    if b is not None:
        press(b)
        r = ivui.wait_for(opened, 3)
        if r:
            return r
    expand(win, row_title, app=app)
    press(ivui.wait_find(win, role='push button', prefix=prefix, timeout=timeout))
    return ivui.wait_for(opened, timeout)
