#!/usr/bin/python3
# test-a11y-audit-part2.py: every page and dialog of part 2, as AT-SPI sees them, in zh_CN
#
# The same two checks as part 1's audit (a11y_audit.py) over: the 兑付 page
# with claims in three states and an expanded row with its timeline, the
# receipt view, the verify dialog (before and after an answer), the claim
# form (new, and a returned claim being edited), the unsaved-changes dialog,
# the delete-draft confirmation, the 申领 page, its withdraw confirmation,
# the application form, the 待处理 page with a refused item, its discard
# confirmation, and the offline banner.  Windows of part 2 are held to a
# stricter rule: a GTK type name ("GtkButton") is no name.
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# a slow machine: sign-in alone can take 15 s; meson's own limit is 300 s
os.environ.setdefault('IV_UI_TEST_BUDGET', '260')
import ivui  # noqa: E402

if not os.environ.get('DISPLAY') or not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
    ivui.skip_all('needs a display and a session bus: xvfb-run -a dbus-run-session -- meson test')

import part2ui as p2  # noqa: E402
from a11y_audit import ancestor, audit  # noqa: E402

# The reviewers are played by this test, not by the demo timer
os.environ['VS_DEMO_STEP_SECONDS'] = '3600'

tap = ivui.Tap()
svc = ivui.Service()
app = ivui.App(svc.url)
win = ivui.wait_for(app.window, 20)
tap.require(win is not None and p2.sign_in(app, win), 'signed in as the demo enterprise')

# 兑付: returned, in district review, and paid (moved on by the admin API)
claims = p2.server_claims(svc)
reviewing = next(c for c in claims if c['status'] == 'district_review')
returned = next(c for c in claims if c['status'] == 'returned')
svc.admin('POST', '/admin/v1/claims/%s/move' % reviewing['id'], {'action': 'pay', 'note': '补贴已拨付'})
ivui.click(ivui.wait_find(win, role='page tab', name='兑付', timeout=30))
paid_row = ivui.wait_find(win, role='list item', prefix='兑付申请 %s — 已拨付' % reviewing['number'], timeout=40)
tap.ok(paid_row is not None, 'the claims page shows a paid claim beside the returned one')
tap.ok(ivui.find(win, role='push button', prefix='为订单') is not None, 'and the order ready to claim')
time.sleep(1)   # the events of the payment settle, the list stops rebuilding
p2.expand(win, '兑付申请 %s — 退回修改' % returned['number'], app=app)
tap.ok(ivui.wait_find(win, contains='审核意见：', timeout=10) is not None, 'a row is expanded with its timeline')
claims_page = p2.page(win, 'push button', '为订单')
tap.ok(claims_page is not None, 'the 兑付 page is found')
audit(tap, claims_page, '兑付 page (three states, a timeline open)', strict=True)

# The verify dialog, before and after an answer
p2.press(ivui.find(win, role='push button', prefix='核验回执'))
verify = p2.window_named(app, '核验回执', 10)
tap.ok(verify is not None, '核验回执… opens the verify dialog')
if verify is not None:
    audit(tap, verify, 'verify dialog', strict=True)
    ivui.set_text(ivui.wait_find(verify, role='text', prefix='核验码'), '0000-0000-0000')
    ivui.key('Return')
    answered = ivui.wait_find(verify, contains='无效', timeout=15)
    tap.ok(answered is not None, 'a made-up code is said to be 无效')
    audit(tap, verify, 'verify dialog with its answer', strict=True)
    ivui.key('Escape')
    p2.gone(app, verify)

# The new claim form, then Escape with changes: the unsaved-changes dialog
ivui.key('ctrl+n')
form = p2.window_named(app, '新建兑付申请', 10)
tap.require(form is not None, 'Ctrl+N opens the claim form')
audit(tap, form, 'claim form (new)', strict=True)
ivui.set_text(ivui.wait_find(form, role='text', prefix='合同编号'), 'AUDIT-0001')
ivui.set_text(ivui.find(form, role='text', prefix='合同金额'), 'abc')
time.sleep(0.3)
ivui.key('ctrl+Return')
time.sleep(1)
audit(tap, form, 'claim form with errors', strict=True, allow_text=('AUDIT-0001', 'abc', 'abc9'))
p2.type_then_key('9', 'Escape')   # focus is on the invalid amount
ask = p2.window_with(app, '放弃修改', 10, exclude=(win, form))
tap.ok(ask is not None, 'Escape with changes asks first')
if ask is not None:
    audit(tap, ask, 'unsaved-changes dialog', strict=True)
    p2.press(ivui.find(ask, role='push button', contains='保存草稿'))
tap.ok(p2.gone(app, form), 'saving the draft closes the form')

# The draft is listed; deleting it asks first
delete = ivui.wait_find(win, role='push button', prefix='删除订单', timeout=10) or \
    ivui.wait_find(win, role='push button', prefix='删除', timeout=5)
tap.ok(delete is not None, 'the draft is listed with 删除')
if delete is not None:
    p2.press(delete)
    confirm = p2.window_with(app, '删除此草稿', 10, exclude=(win,))
    tap.ok(confirm is not None, 'deleting a draft asks first')
    if confirm is not None:
        audit(tap, confirm, 'delete-draft confirmation', strict=True)
        ivui.key('Escape')
        p2.gone(app, confirm)

# A returned claim being edited
form = p2.press_in_row(win, '兑付申请 %s — 退回修改' % returned['number'], '修改并重新提交兑付申请 %s' % returned['number'],
                      lambda: next((w for w in app.root if ivui.name_of(w) == '修改退回的兑付申请'), None), app=app)
tap.ok(form is not None, 'the returned claim opens for editing')
if form is not None:
    ivui.wait_find(form, role='text', prefix='合同编号', timeout=10)
    audit(tap, form, 'claim form (returned claim)', strict=True,
          allow_text=(returned['contract_no'], returned['invoice']['number']))
    ivui.key('Escape')
    ask = p2.window_with(app, '放弃修改', 5, exclude=(win, form))
    if ask is not None:
        p2.press(ivui.find(ask, role='push button', contains='放弃修改'))
    p2.gone(app, form)

# 申领: the list, the withdraw confirmation, the application form
ivui.click(ivui.find(win, role='page tab', name='申领'))
pending = next(a for a in p2.server_applications(svc) if a['status'] == 'district_review')
withdraw = ivui.wait_find(win, role='push button', prefix='撤回申领 %s' % pending['number'], timeout=10)
tap.ok(withdraw is not None, 'the application in review offers 撤回…')
p2.expand(win, '申领 %s — 区级审核中' % pending['number'], app=app)
audit(tap, p2.page(win, 'push button', '申领额度'), '申领 page (a history open)', strict=True)
p2.press(ivui.find(win, role='push button', prefix='申领额度'))
form = p2.window_named(app, '申领额度', 10)
tap.ok(form is not None, '申领额度… opens the application form')
if form is not None:
    ivui.wait_find(form, role='text', prefix='申领金额', timeout=10)
    audit(tap, form, 'application form', strict=True)
    ivui.set_text(ivui.find(form, role='text', prefix='申领金额'), '999999999')
    ivui.key('ctrl+Return')
    time.sleep(1)
    audit(tap, form, 'application form with errors', strict=True)
    ivui.key('Escape')
    ask = p2.window_with(app, '放弃修改', 5, exclude=(win, form))
    if ask is not None:
        p2.press(ivui.find(ask, role='push button', contains='放弃修改'))
    p2.gone(app, form)

# A refused withdrawal: the first try meets a 503, meanwhile the reviewer rejects it
p2.arm_fault(svc, kind='status', status=503, retry_after=10, count=1,
             path_prefix='/v1/applications/%s' % pending['id'])
ivui.click(ivui.find(win, role='page tab', name='申领'))
p2.press(ivui.wait_find(win, role='push button', prefix='撤回申领 %s' % pending['number'], timeout=10))
confirm = ivui.wait_for(lambda: next((w for w in app.root if w != win and
                                      ivui.find(w, role='push button', prefix='撤回(')), None), 10)
tap.ok(confirm is not None, 'withdrawing asks first')
if confirm is not None:
    audit(tap, confirm, 'withdraw confirmation', strict=True)
    p2.press(ivui.find(confirm, role='push button', name='撤回(W)') or
             ivui.find(confirm, role='push button', prefix='撤回('))
tap.ok(ivui.wait_for(lambda: p2.faults_used(svc), 20, 0.2), 'the withdrawal met the 503')
svc.admin('POST', '/admin/v1/applications/%s/decide' % pending['id'],
          {'action': 'reject', 'note': '年度额度已用完'})
ivui.click(ivui.find(win, role='page tab', name='待处理'))


def refused_item():
    # 待处理's own list (hidden while empty), not the 申领 page's waiting rows
    lst = ivui.find(win, role='list', name='需要您处理的修改')
    return lst and ivui.find(lst, role='list item', prefix='撤回申领') and lst


attention = ivui.wait_for(refused_item, 40)
item = ivui.find(attention, role='list item', prefix='撤回申领') if attention else None
tap.ok(item is not None, '待处理 lists the refused withdrawal: %s' % (item.name if item else None))
audit(tap, ancestor(attention, 'scroll pane') if attention else None, '待处理 page with a refused item', strict=True)
discard = ivui.find(win, role='push button', prefix='放弃撤回申领')
if discard is not None:
    p2.press(discard)
    confirm = p2.window_with(app, '放弃此修改', 10, exclude=(win,))
    tap.ok(confirm is not None, '放弃… asks first')
    if confirm is not None:
        audit(tap, confirm, 'discard confirmation', strict=True)
        ivui.key('Escape')
else:
    tap.ok(False, 'the refused item offers 放弃…')

# The receipt view (last: when it opens late it is modal)
ivui.click(ivui.find(win, role='page tab', name='兑付'))
receipt = p2.press_in_row(win, '兑付申请 %s — 退回修改' % returned['number'], '兑付申请 %s 的回执' % returned['number'],
                         lambda: next((w for w in app.root if ivui.name_of(w) == '兑付申请回执'), None), 20, app=app)
tap.ok(receipt is not None, '回执 (in the row header) opens the receipt view')
if receipt is not None:
    ivui.wait_find(receipt, role='push button', prefix='复制回执编号', timeout=10)
    audit(tap, receipt, 'receipt view', strict=True)
    ivui.key('Escape')
    p2.gone(app, receipt)


# Offline: the banner
svc.stop()
refresh = ivui.find(win, role='push button', name='刷新')
if refresh is not None:
    p2.press(refresh)     # a request now, rather than when the long poll ends
# the banner says "离线 — …" (the overview's sync row "离线，…" is another thing).
# It is a status bar: GTK 4.8 names it by its text, 4.18 gives it no name
# and the text through the Text interface (what a screen reader reads there)


def banner_text(o):
    return ivui.name_of(o) or ivui.text_of(o)


banner = ivui.wait_for(lambda: next((o for o in ivui.find_all(win, role='status bar')
                                     if banner_text(o).startswith('离线 — ')), None), 60)
tap.ok(banner is not None, 'the offline banner is shown: %s' % (banner_text(banner) if banner else None))
audit(tap, banner.parent if banner else None, 'the offline banner', strict=True)

app.quit()
tap.done()
