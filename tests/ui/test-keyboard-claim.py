#!/usr/bin/python3
# test-keyboard-claim.py: the whole claim flow with the keyboard only (no clicks, no AT-SPI actions)
#
# Every step is a key press through xdotool; AT-SPI is only read, to check
# what a screen reader would find.  Sign in (Alt+A, type, Alt+P, type, Return),
# Ctrl+4 (兑付), Ctrl+N, fields by their mnemonics (Alt+N, Alt+A, …), Ctrl+Enter with the
# documents missing moves the focus to the first missing one, Space opens
# the file chooser, Ctrl+L + path + Return attaches (p2.type_location), Ctrl+Enter again until
# nothing is missing, then the claim is on the service with four documents
# and on the 兑付 page.  Xvfb has no window manager: when a chooser closes,
# p2.refocus() gives the form the focus back as one would (GTK 4.18 does not).
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault('IV_UI_TEST_BUDGET', '240')
import ivui  # noqa: E402

if not os.environ.get('DISPLAY') or not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
    ivui.skip_all('needs a display and a session bus: xvfb-run -a dbus-run-session -- meson test')

import part2ui as p2  # noqa: E402

os.environ['VS_DEMO_STEP_SECONDS'] = '3600'
tap = ivui.Tap()
svc = ivui.Service()
files = tempfile.mkdtemp(prefix='iv-ui-files-')
ivui._dirs.append(files)
paths = p2.write_files(files)
app = ivui.App(svc.url)
win = ivui.wait_for(app.window, 20)
tap.require(win is not None, 'the main window is on the AT-SPI bus')


def focused_name(root):
    f = ivui.wait_for(lambda: ivui.focused(root), 5)
    return ivui.name_of(f) if f is not None else ''


# Sign in by the labels' mnemonics
account = ivui.wait_find(win, role='text', prefix='账号', timeout=20)
time.sleep(0.5)
ivui.key('alt+a')
tap.ok(focused_name(win).startswith('账号'), 'Alt+A moves to the account: %s' % focused_name(win))
ivui.type_text(p2.LOGIN)
ivui.key('alt+p')
tap.ok(focused_name(win).startswith('密码'), 'Alt+P moves to the password: %s' % focused_name(win))
ivui.type_text(p2.PASSWORD)
ivui.key('Return')
tap.require(ivui.wait_for(lambda: any(a.startswith('已登录') for a in app.announcements()), 40), 'signed in')
ivui.wait_for(lambda: ivui.find(win, role='push button', prefix='为订单'), 60, 0.5)

# Ctrl+4 shows 兑付, Ctrl+N opens the claim form for the only order ready
ivui.key('ctrl+4')
time.sleep(0.5)
ivui.key('ctrl+n')
form = p2.window_named(app, '新建兑付申请', 10)
tap.require(form is not None, 'Ctrl+N opens the claim form')
CONTRACT = 'KBD-HT-0001'
for mnemonic, label, value in (('alt+n', '合同编号', CONTRACT), ('alt+a', '合同金额', '20000'),
                               ('alt+u', '发票号码', '26312000000099990002'), ('alt+d', '开票日期', '2026-10-08'),
                               ('alt+m', '发票金额', '20000'), ('alt+e', '销售方', 'Shanghai Demo Lab'),
                               ('alt+p', '付款日期', '2026-10-10')):
    ivui.key(mnemonic)
    name = focused_name(form)
    tap.ok(name.startswith(label), '%s moves to %s: %s' % (mnemonic, label, name))
    ivui.type_text(value)

# Documents: Ctrl+Enter takes the focus to the first one missing; Space opens the chooser
for kind, name in (('添加合同', 'contract.pdf'), ('添加发票', 'invoice.pdf'),
                   ('添加到款凭证', 'payment.png'), ('添加服务报告', 'report.pdf')):
    ivui.key('ctrl+Return')
    where = ivui.wait_for(lambda: (lambda n: n if n.startswith(kind) else None)(focused_name(form)), 5)
    tap.ok(where is not None, 'Ctrl+Enter moves the focus to the missing %s: %s' % (kind, focused_name(form)))
    ivui.key('space')
    chooser = ivui.wait_for(lambda: next((w for w in app.root if ivui.name_of(w).startswith('选择')), None), 10)
    if chooser is None:
        tap.ok(False, 'Space opens the file chooser for %s' % kind)
        continue
    time.sleep(0.8)
    p2.type_location(chooser, paths[name])
    tap.ok(ivui.wait_for(lambda: any(name in a for a in app.announcements()), 10), '%s attached' % name)
    # the focus goes back to the form as a window manager would give it
    p2.gone(app, chooser)
    p2.refocus(app, form)

ivui.key('ctrl+Return')
tap.ok(ivui.wait_for(lambda: any('兑付申请' in a and '队列' in a for a in app.announcements()), 10),
       'Ctrl+Enter submits: %s' % app.announcements()[-1:])
sent = ivui.wait_for(lambda: next((c for c in p2.server_claims(svc) if c.get('contract_no') == CONTRACT), None), 60)
tap.ok(sent is not None and all(len(sent['documents'][k]) == 1 for k in sent['documents']),
       'the claim reached the service with its four documents')
if sent is not None:
    tap.ok(ivui.wait_find(win, role='list item', prefix='兑付申请 %s — ' % sent['number'], timeout=30) is not None,
           'and is listed on the 兑付 page')

app.quit()
tap.done()
