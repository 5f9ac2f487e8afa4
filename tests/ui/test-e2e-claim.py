#!/usr/bin/python3
# test-e2e-claim.py: a claim from start to payment, by keyboard and screen reader, against the real service
#
# Sign in as the demo enterprise; claim the subsidy of its completed order
# with four documents chosen in the file chooser by keyboard; submit with
# Ctrl+Enter; the admin API returns it with a note, which the timeline
# shows and a notification reports; edit and resubmit; the admin API
# approves and pays it, each step notified and in the timeline.  Then quit
# while editing a returned claim and find the draft on restart; stop the
# service, resubmit, start it again and see the resubmission applied once.
import os
import subprocess
import sys
import tempfile
import time

# pyatspi's own harmless warnings ("Error in GetItems") must not abort this process
os.environ.pop('G_DEBUG', None)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ivui  # noqa: E402

if not os.environ.get('DISPLAY') or not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
    ivui.skip_all('needs a display and a session bus: xvfb-run -a dbus-run-session -- meson test')

LOGIN = '91310115MA1K3A2B3J'
os.environ['IV_NOTIFIER_LOG'] = '1'
# The reviewers are played by this test, not by the demo timer
os.environ['VS_DEMO_STEP_SECONDS'] = '3600'

tap = ivui.Tap()
svc = ivui.Service()
home = tempfile.mkdtemp(prefix='iv-ui-home-')
ivui._dirs.append(home)
files = tempfile.mkdtemp(prefix='iv-ui-files-')
ivui._dirs.append(files)
PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'
PNG = bytes.fromhex('89504e470d0a1a0a0000000d49484452')
paths = {}
for name, data in (('contract.pdf', PDF), ('invoice.pdf', PDF), ('payment.png', PNG), ('report.pdf', PDF)):
    paths[name] = os.path.join(files, name)
    with open(paths[name], 'wb') as f:
        f.write(data)


def notifications(app):
    app.log.flush()
    with open(app.log.name) as f:
        return [l[len('iv-notify: '):].strip() for l in f if l.startswith('iv-notify: ')]


def sign_in(app, win):
    account = ivui.wait_find(win, role='text', prefix='账号', timeout=20)
    password = ivui.wait_find(win, role='password text', prefix='密码')
    if account is None or password is None:
        return False
    time.sleep(0.5)
    ivui.set_text(account, LOGIN)
    ivui.set_text(password, 'Demo@2026')
    ivui.click(ivui.find(win, role='push button', contains='登录(S)'))
    return bool(ivui.wait_for(lambda: any(a.startswith('已登录') for a in app.announcements()), 40))


def dialog_named(app, name, timeout=10):
    return ivui.wait_for(lambda: next((w for w in app.root if (w.name or '') == name), None), timeout)


def server_claims():
    return (svc.admin('GET', '/admin/v1/accounts/%s/claims' % LOGIN) or {}).get('items', [])


def claim_by_contract(contract):
    return next((c for c in server_claims() if c.get('contract_no') == contract), None)


def activate(obj):
    """Clicks what has an action, else focuses it and presses Return, as a keyboard user would."""
    try:
        ivui.click(obj)
        return
    except Exception:
        pass
    for o in ivui.walk(obj):
        try:
            if o.queryAction().nActions > 0:
                o.queryAction().doAction(0)
                return
        except Exception:
            continue
    obj.queryComponent().grabFocus()
    ivui.key('Return')


def expand(title):
    """Opens an expander row from the keyboard: Tab to its header, press Return."""
    return ivui.expand_row(win, title) is not None


def entry(form, prefix):
    return ivui.wait_find(form, role='text', prefix=prefix, timeout=5)


app = ivui.App(svc.url, home=home)
win = ivui.wait_for(app.window, 10)
tap.require(win is not None and sign_in(app, win), 'signed in as the demo enterprise')

# The claims page -------------------------------------------------------------
ivui.click(ivui.wait_find(win, role='page tab', name='兑付', timeout=30))
claim_button = ivui.wait_find(win, role='push button', prefix='为订单', timeout=60)
tap.require(claim_button is not None, 'the completed order is offered for a claim: %s' %
            (claim_button.name if claim_button else None))
returned_row = ivui.wait_find(win, contains='退回修改', timeout=10)
tap.ok(returned_row is not None, 'the returned demo claim is listed with its status')

# The claim form, by keyboard: Ctrl+N opens it for the only order ready ----------
ivui.key('ctrl+n')
form = dialog_named(app, '新建兑付申请', 8)
if form is None:
    # the key went nowhere if the window did not have the keyboard focus yet
    # (a window manager gives it; Xvfb has none, and GrabFocus raises on 4.8)
    ivui.focus_window(win)
    time.sleep(0.5)
    ivui.key('ctrl+n')
    form = dialog_named(app, '新建兑付申请')
tap.require(form is not None, 'Ctrl+N opens the claim form ("新建兑付申请")')
fields = {
    '合同编号': 'E2E-HT-0001',
    '合同金额': '20000',
    '发票号码': '26312000000099990001',
    '开票日期': '2026-10-08',
    '发票金额': '20,000.00',
    '销售方': '上海示范检测中心',
    '付款日期': '2026-10-10',
}
for prefix, value in fields.items():
    e = entry(form, prefix)
    tap.ok(e is not None, 'the field %s is named by its label (%s)' % (prefix, e.name if e else None))
    if e is not None:
        ivui.set_text(e, value)
tap.ok(ivui.wait_find(form, role='label', name='人民币贰万元整', timeout=5) is not None,
       'the amount is shown live in 大写 (人民币贰万元整)')
estimate = ivui.wait_find(form, role='label', prefix='预计补贴：', timeout=5)
tap.ok(estimate is not None and '¥16,000.00' in estimate.name,
       'the subsidy estimate follows the policy: %s' % (estimate.name if estimate else None))
rule = ivui.find(form, role='label', prefix='计算规则')
tap.ok(rule is not None and '80%' in rule.name, 'the rule is explained: %s' % (rule.name if rule else None))

# Submitting now is refused: the four documents are missing, focus goes to the first
ivui.key('ctrl+Return')
first_missing = ivui.wait_for(lambda: ivui.focused(form), 5)
tap.ok(first_missing is not None and (first_missing.name or '').startswith('添加合同'),
       'without documents, focus moves to the first missing one: %s' % (first_missing.name if first_missing else None))
tap.ok(any('需要处理' in a for a in app.announcements()), 'the problems are announced')

# Four documents through the file chooser, by keyboard (Ctrl+L, path, Enter)
for label, name in (('添加合同', 'contract.pdf'), ('添加发票', 'invoice.pdf'),
                    ('添加到款凭证', 'payment.png'), ('添加服务报告', 'report.pdf')):
    button = ivui.find(form, role='push button', prefix=label)
    ivui.click(button)
    # the chooser of this kind ("选择发票"), never one left open before
    chooser = ivui.wait_for(lambda: next((w for w in app.root if ivui.name_of(w) == '选择' + label[2:]), None), 5) or \
        ivui.wait_for(lambda: next((w for w in app.root if ivui.name_of(w).startswith('选择')), None), 5)
    if chooser is None:
        tap.ok(False, 'the file chooser opens for %s' % label)
        continue
    time.sleep(0.8)
    # The path goes into the location entry (Ctrl+L) in one piece, through
    # AT-SPI: typed key by key, GTK 4.18's inline completion adds to it
    # ("…/contract.pdf/").  4.18 also keeps the entry shown from the last
    # chooser, where Ctrl+L hides it: press it again when no entry shows.
    # When the chooser is still open, try again (at most three times).
    attached = None
    for attempt in range(3):
        ivui.key('ctrl+l')
        location = ivui.wait_for(lambda: ivui.find(chooser, role='text'), 2)
        if location is None:
            ivui.key('ctrl+l')
            location = ivui.wait_for(lambda: ivui.find(chooser, role='text'), 2)
        if location is not None:
            ivui.set_text(location, paths[name])
        else:
            ivui.type_text(paths[name])
        time.sleep(0.5)
        ivui.key('Return')
        attached = ivui.wait_for(lambda: any(name in a for a in app.announcements()), 5)
        if attached or chooser not in list(app.root):
            break
        print('# %s: the chooser is still open after attempt %d (entry: %s)' %
              (name, attempt + 1, ivui.text_of(location) if location is not None else None))
    if not attached:
        attached = ivui.wait_for(lambda: any(name in a for a in app.announcements()), 5)
    tap.ok(attached, 'attaching %s through the chooser is announced' % name)
checklist_missing = [o.name for o in ivui.find_all(form, contains='缺少：')]
tap.ok(not checklist_missing, 'the checklist has nothing missing: %s' % checklist_missing)

ivui.key('ctrl+Return')
queued = ivui.wait_for(lambda: next((a for a in app.announcements() if '兑付申请' in a and '队列' in a), None), 10)
tap.ok(queued is not None, 'submitting is confirmed: %s' % queued)
claim = ivui.wait_for(lambda: claim_by_contract('E2E-HT-0001'), 60)
if claim is None:
    app.log.flush()
    with open(app.log.name) as f:
        for line in f.readlines()[-30:]:
            print('# ' + line.rstrip())
    print('# outbox: %s' % [o.name for o in ivui.find_all(win, contains='发送')])
tap.require(claim is not None, 'the claim reached the service with its documents')
tap.ok(all(len(claim['documents'][k]) == 1 for k in ('contract', 'invoice', 'payment_proof', 'service_report')),
       'each of the four kinds carries one uploaded file')
number = claim['number']

# Returned with a note ------------------------------------------------------------
NOTE = '发票日期与付款凭证不一致，请核对'
svc.admin('POST', '/admin/v1/claims/%s/move' % claim['id'], {'action': 'return', 'note': NOTE})
tap.ok(ivui.wait_for(lambda: any(number in n and '退回修改' in n for n in notifications(app)), 40),
       'a notification reports the return of %s' % number)
row = ivui.wait_find(win, contains='%s — 退回修改' % number, timeout=20)
tap.require(row is not None, 'the claims page shows it returned')
# GTK 4.8 shows a collapsed row's timeline to AT-SPI; libadwaita 1.7 only once opened
note = ivui.find(win, contains=NOTE)
opened = note is not None or expand('兑付申请 %s — 退回修改' % number)
note = note or ivui.wait_find(win, contains=NOTE, timeout=10)
if note is None:
    h = ivui.find(win, role='list item', name='兑付申请 %s — 退回修改' % number)
    f = ivui.focused(win)
    print('# opened: %s; header states: %s; focus: %s' % (opened, h and [str(x).split()[1] for x in h.getState().getStates()],
                                                        f and (f.getRoleName(), ivui.name_of(f))))
tap.ok(note is not None, 'the timeline shows the reviewer\'s note')
h = ivui.find(win, role='list item', name='兑付申请 %s — 退回修改' % number)
modern = ivui._has_state(h, ivui.pyatspi.STATE_EXPANDABLE)   # libadwaita 1.7 tells open from closed
steps = [o.name for o in ivui.find_all(win, contains='步，共')]
tap.ok(any('区级审核' in s for s in steps), 'timeline steps are single sentences with the actor: %s' % steps[:3])

edit = ivui.wait_find(win, role='push button', prefix='修改并重新提交兑付申请 %s' % number, timeout=10)
tap.require(edit is not None, 'the returned claim offers "修改并重新提交"')
activate(edit)
form = dialog_named(app, '修改退回的兑付申请')
if form is None:
    print('# windows: %s' % [w.name for w in app.root])
tap.require(form is not None, 'the returned claim opens for editing')
ivui.set_text(entry(form, '开票日期'), '2026-10-09')
ivui.key('ctrl+Return')
resubmitted = ivui.wait_for(lambda: (claim_by_contract('E2E-HT-0001') or {}).get('status') == 'submitted', 40)
if not resubmitted:
    print('# announcements: %s' % app.announcements()[-8:])
    print('# server: %s' % {k: claim_by_contract('E2E-HT-0001').get(k) for k in ('status', 'version')})
tap.ok(resubmitted, 'the resubmission reached the service')
tap.ok((claim_by_contract('E2E-HT-0001') or {}).get('invoice', {}).get('date') == '2026-10-09',
       'with the corrected invoice date')

# Approved and paid: each step notified and in the timeline ---------------------------
svc.admin('POST', '/admin/v1/claims/%s/move' % claim['id'], {'action': 'approve', 'note': '审核通过'})
svc.admin('POST', '/admin/v1/claims/%s/move' % claim['id'], {'action': 'pay', 'note': '补贴已拨付'})
tap.ok(ivui.wait_for(lambda: any(number in n and '已拨付' in n or number in n and '已支付' in n
                                 for n in notifications(app)), 40),
       'a notification reports the payment: %s' % [n for n in notifications(app) if number in n][-1:])
seen = [n for n in notifications(app) if number in n]
tap.ok(len(seen) >= 4, 'every status change of %s was notified (%d): %s' % (number, len(seen), seen))
row = ivui.wait_for(lambda: ivui.find(win, contains='%s — ' % number, prefix='兑付申请'), 20)
tap.ok(row is not None and ('已拨付' in row.name or '已支付' in row.name), 'the row shows it paid: %s' % (row.name if row else None))
# Each status change rebuilt the list: the row opened above stays open (libadwaita 1.7
# says so with EXPANDED; 1.2 has no such state, and shows the timeline either way)
header = ivui.find(win, role='list item', name=row.name.split('。')[0]) if row is not None and modern else None
if header is not None:
    tap.ok(ivui._has_state(header, ivui.pyatspi.STATE_EXPANDED) and
           ivui.find(win, contains='补贴已拨付') is not None,
           'the row opened before stays open through the updates, its timeline up to date')

# Quit while writing; the draft is there on restart -----------------------------------
demo_returned = next((c for c in server_claims() if c['status'] == 'returned'), None)
tap.require(demo_returned is not None, 'the demo data has another returned claim')
# the row's buttons are in its header: no need to open it
edit = ivui.wait_find(win, role='push button', prefix='修改并重新提交兑付申请 %s' % demo_returned['number'], timeout=10)
if edit is None:
    expand('兑付申请 %s — 退回修改' % demo_returned['number'])
    edit = ivui.wait_find(win, role='push button', prefix='修改并重新提交兑付申请 %s' % demo_returned['number'], timeout=10)
activate(edit)
form = dialog_named(app, '修改退回的兑付申请')
tap.require(form is not None, 'the demo returned claim opens for editing')
ivui.set_text(entry(form, '销售方'), '上海示范检测中心（已盖章）')
time.sleep(2.5)
app.proc.kill()   # no chance to save anything at exit
app.proc.wait(10)

app = ivui.App(svc.url, home=home)
win = ivui.wait_for(app.window, 10)
if ivui.wait_find(win, role='text', prefix='账号', timeout=8) is not None:
    sign_in(app, win)
ivui.click(ivui.wait_find(win, role='page tab', name='兑付', timeout=10))
cont = ivui.wait_find(win, role='push button', prefix='继续编辑对退回的兑付申请的修改', timeout=20)
tap.require(cont is not None, 'after a kill and restart, the draft is listed')
ivui.click(cont)
form = dialog_named(app, '修改退回的兑付申请')
seller = entry(form, '销售方') if form else None
tap.ok(seller is not None and ivui.text_of(seller) == '上海示范检测中心（已盖章）',
       'the draft kept what was typed last: %s' % (ivui.text_of(seller) if seller else None))

# Offline: resubmit with the service stopped, sent exactly once when it is back ----------
before = svc.admin('GET', '/admin/v1/claims/%s' % demo_returned['id'])
port = svc.port()
svc.stop()
ivui.key('ctrl+Return')
offline = ivui.wait_for(lambda: next((a for a in app.announcements() if '离线' in a or '队列' in a), None), 15)
tap.ok(offline is not None, 'submitting offline is accepted and said: %s' % offline)
# the banner's text is a status: its name on GTK 4.8, its Text on 4.18
banner = ivui.wait_for(lambda: ivui.find_text(win, '项待同步'), 30)
if banner is None:
    print('# windows: %s; offline texts: %s; status: %s' % ([ivui.name_of(w) for w in app.root],
                                                [ivui.name_of(o) for o in ivui.find_all(win, contains='离线', visible=False)],
                                                [(ivui.name_of(o), ivui.text_of(o), ivui.showing(o)) for o in ivui.find_all(win, role='status bar', visible=False)]))
tap.ok(banner is not None, 'the banner says what waits: %s' % (banner and (banner.name or ivui.text_of(banner))))
svc.start(port)
sent = ivui.wait_for(lambda: (svc.admin('GET', '/admin/v1/claims/%s' % demo_returned['id']) or {}).get('status') == 'submitted', 90)
tap.ok(sent, 'after the service is back, the resubmission is applied')
time.sleep(3)
after = svc.admin('GET', '/admin/v1/claims/%s' % demo_returned['id'])
resubmits = [h for h in after['history'][len(before['history']):] if h['status'] == 'submitted']
tap.ok(after['version'] == before['version'] + 1 and len(resubmits) == 1,
       'and exactly once (version %d → %d, %d new "submitted" step)' % (before['version'], after['version'], len(resubmits)))

app.quit()
tap.done()
