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


def expand(win, title, timeout=15):
    """Opens an expander row from the keyboard: focus its header, press Return."""
    header = ivui.wait_find(win, role='list item', name=title, timeout=timeout)
    if header is None:
        return False
    if not _grab_focus(header):
        activate(header)     # GTK 4.8 has no Component.GrabFocus
    else:
        ivui.key('Return')
    time.sleep(0.7)
    return True


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


def page(win, marker_role, prefix, timeout=20):
    """The scroll pane of the page that shows marker (GTK 4.8 reports every
    stack page as visible: auditing the whole window walks all of them)."""
    from a11y_audit import ancestor
    marker = ivui.wait_find(win, role=marker_role, prefix=prefix, timeout=timeout)
    return ancestor(marker, 'scroll pane') if marker is not None else None


def row_button(win, row_title, prefix, timeout=10):
    """A button inside an expander row, opening the row first when the list
    was rebuilt (a sync collapses it)."""
    b = ivui.find(win, role='push button', prefix=prefix)
    if b is None:
        expand(win, row_title)
        b = ivui.wait_find(win, role='push button', prefix=prefix, timeout=timeout)
    return b


def press_in_row(win, row_title, prefix, opened, timeout=10):
    """Presses a button of an expander row and waits for opened() to be true.
    GTK 4.8 reports the buttons of a collapsed row as visible too, and
    pressing them does nothing: when nothing opens, open the row, press again."""
    b = ivui.find(win, role='push button', prefix=prefix)
    if b is not None:
        press(b)
        r = ivui.wait_for(opened, 3)
        if r:
            return r
    expand(win, row_title)
    press(ivui.wait_find(win, role='push button', prefix=prefix, timeout=timeout))
    return ivui.wait_for(opened, timeout)
