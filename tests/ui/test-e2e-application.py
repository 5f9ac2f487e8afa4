#!/usr/bin/python3
# test-e2e-application.py: apply for quota by keyboard and screen reader; the admin API approves; the voucher appears
import os
import sys
import time

# pyatspi's own harmless warnings ("Error in GetItems") must not abort this process
os.environ.pop('G_DEBUG', None)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ivui  # noqa: E402

if not os.environ.get('DISPLAY') or not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
    ivui.skip_all('needs a display and a session bus: xvfb-run -a dbus-run-session -- meson test')

LOGIN = 'team-demo'
os.environ['IV_NOTIFIER_LOG'] = '1'
os.environ['VS_DEMO_STEP_SECONDS'] = '3600'

tap = ivui.Tap()
svc = ivui.Service()
app = ivui.App(svc.url)
win = ivui.wait_for(app.window, 10)
account = ivui.wait_find(win, role='text', prefix='账号', timeout=20)
password = ivui.wait_find(win, role='password text', prefix='密码')
tap.require(account is not None and password is not None, 'the sign-in form is shown')
time.sleep(0.5)
ivui.set_text(account, LOGIN)
ivui.set_text(password, 'Demo@2026')
ivui.click(ivui.find(win, role='push button', contains='登录(S)'))
tap.require(ivui.wait_for(lambda: any(a.startswith('已登录') for a in app.announcements()), 40),
            'signed in as the demo team')

ivui.click(ivui.wait_find(win, role='page tab', name='申领', timeout=30))
apply = ivui.wait_find(win, role='push button', prefix='申领额度', timeout=20)
tap.require(apply is not None, 'the applications page offers "申领额度"')
ivui.click(apply)
form = ivui.wait_for(lambda: next((w for w in app.root if (w.name or '') == '申领额度'), None), 10)
tap.require(form is not None, 'the application form opens')
cap = ivui.wait_find(form, role='label', prefix='2026 年度最多可申领', timeout=10)
tap.ok(cap is not None, 'the cap from the policy and account is shown: %s' % (cap.name if cap else None))

amount = ivui.wait_find(form, role='text', prefix='申领金额', timeout=5)
tap.require(amount is not None, 'the amount field is named by its label: %s' % (amount.name if amount else None))
ivui.set_text(amount, '200000')
ivui.key('ctrl+Return')
error = ivui.wait_find(form, role='label', prefix='错误：本年度最多可申领', timeout=5)
tap.ok(error is not None, 'an amount over the cap is refused in words: %s' % (error.name if error else None))
f = ivui.focused(form)
tap.ok(f is not None and (f.name or '').startswith('申领金额'), 'focus is on the first invalid field')
ivui.set_text(amount, '60000')
tap.ok(ivui.wait_find(form, role='label', name='人民币陆万元整', timeout=5) is not None, 'the amount is shown in 大写')
purpose = ivui.find(form, role='text', prefix='用途')
tap.ok(purpose is not None, 'the purpose field is named')
try:
    ivui.set_text(purpose, '新材料检测与研发')
except Exception:
    # from the amount field, Tab leads to the purpose
    amount.queryComponent().grabFocus()
    ivui.key('Tab')
    ivui.type_text('R&D testing of new materials')
box = ivui.find(form, role='check box', prefix='测试检测')
tap.ok(box is not None, 'the categories are named check boxes: %s' %
       [ivui.name_of(o) for o in ivui.find_all(form, role='check box')][:3])
if box is None:
    # still tick it below: the box that shows the text 测试检测
    text = ivui.find(form, role='label', name='测试检测')
    box = text.parent if text is not None and text.parent.getRoleName() == 'check box' else None
# The label's mnemonic (Alt+C) lands on the first category, 测试检测; Space ticks it
try:
    amount.queryComponent().grabFocus()
except Exception:
    pass
ivui.key('alt+c')
ivui.key('space')
time.sleep(0.5)
toggled = box is not None and box.getState().contains(ivui.pyatspi.STATE_CHECKED)
tap.ok(toggled, 'the category 测试检测 can be ticked')
name = ivui.find(form, role='text', prefix='联系人')
phone = ivui.find(form, role='text', prefix='联系电话')
if name is not None and not ivui.text_of(name):
    ivui.set_text(name, '李明')
if phone is not None:
    ivui.set_text(phone, '13912345678')
ivui.key('ctrl+Return')
queued = ivui.wait_for(lambda: next((a for a in app.announcements() if a.startswith('申领已')), None), 10)
tap.ok(queued is not None, 'submitting is confirmed: %s' % (queued or [o.name for o in ivui.find_all(form, contains='错误：')]))


def applications():
    return (svc.admin('GET', '/admin/v1/accounts/%s/applications' % LOGIN) or {}).get('items', [])


sent = ivui.wait_for(lambda: next((a for a in applications() if a['amount_fen'] == 6000000), None), 60)
tap.require(sent is not None, 'the application reached the service (¥60,000.00, 测试检测)')
tap.ok(sent['planned_categories'] == ['testing'] and sent['contact_phone'] == '13912345678',
       'with the categories and contact typed')
svc.admin('POST', '/admin/v1/applications/%s/decide' % sent['id'], {'action': 'approve', 'note': '同意'})


def notes():
    app.log.flush()
    with open(app.log.name) as fh:
        return [l.strip() for l in fh if l.startswith('iv-notify: ') and sent['number'] in l]


tap.ok(ivui.wait_for(lambda: any('已批准' in n for n in notes()), 40), 'the approval is notified: %s' % notes())
row = ivui.wait_find(win, prefix='申领 %s — 已批准' % sent['number'], timeout=20)
tap.ok(row is not None, 'the application shows approved')
# The history is in the row's expanded part.  GTK 4.8 exposes it collapsed
# too; libadwaita 1.7 only once expanded, and its row header has neither an
# AT-SPI action nor GrabFocus: Tab to the header and press Return, as a
# keyboard user does
note = ivui.wait_find(win, contains='同意', timeout=5)
if note is None and row is not None:
    header = next((o for o in ivui.walk(row) if ivui.name_of(o) == '申领 %s — 已批准' % sent['number']), row)
    ivui.focus_by_tab(header)
    ivui.key('Return')
    note = ivui.wait_find(win, contains='同意', timeout=5)
tap.ok(note is not None, 'with the reviewer\'s note in its history')
ivui.click(ivui.wait_find(win, role='page tab', name='概览', timeout=5))
voucher = ivui.wait_find(win, prefix='创新券 SH2026', timeout=30)
tap.ok(voucher is not None, 'the issued voucher is shown: %s' % (voucher.name if voucher else None))

app.quit()
tap.done()
