#!/usr/bin/python3
# test-e2e-attention.py: writes the service refused, on 待处理, fixed, retried, discarded, and a conflict
#
# Against the real service.  Three returned claims (the demo's, one the
# admin API returns, one made through the public API and returned) are
# resubmitted while the service's clock is past the voucher's redeem
# deadline (VS_CLOCK_OFFSET_DAYS): each is refused with 422
# redeem_deadline_passed and lands on 待处理 with its reason in Chinese.
# With the clock back: (a) 修改… opens the form with the draft intact, the
# fix is sent once; (b) 重试 sends the other unchanged, once; (c) 放弃… asks,
# Escape keeps it, confirming removes it and its draft stays listed.
# (d) A resubmission meets a 503, meanwhile the service's copy changes
# (another computer resubmits, the admin API returns it again): 412 →
# 待处理 → 修改… shows the service's copy beside the user's, whose version
# stays and is applied once.
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault('IV_UI_TEST_BUDGET', '270')
import ivui  # noqa: E402

if not os.environ.get('DISPLAY') or not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
    ivui.skip_all('needs a display and a session bus: xvfb-run -a dbus-run-session -- meson test')

import part2ui as p2  # noqa: E402
from a11y_audit import english_words  # noqa: E402

os.environ['VS_DEMO_STEP_SECONDS'] = '3600'
LATE_DAYS = '500'      # the demo voucher's redeem_by is 455 days away

tap = ivui.Tap()
svc = ivui.Service()


def claim(cid):
    return svc.admin('GET', '/admin/v1/claims/%s' % cid)


def submitted_steps(before, after):
    return [h for h in after['history'][len(before['history']):] if h['status'] == 'submitted']


# Three returned claims ---------------------------------------------------------------
claims = p2.server_claims(svc)
A = next(c for c in claims if c['status'] == 'returned')
B = next(c for c in claims if c['status'] == 'district_review')
svc.admin('POST', '/admin/v1/claims/%s/move' % B['id'], {'action': 'return', 'note': '请补充付款凭证'})
session = p2.user_call(svc, 'POST', '/v1/session', {'account': p2.LOGIN, 'password': p2.PASSWORD})
token = session['access_token']
orders = (svc.admin('GET', '/admin/v1/accounts/%s/orders' % p2.LOGIN) or {}).get('items', [])
claimed = {c['order_id'] for c in claims}
ready = next(o for o in orders if o['status'] == 'completed' and o['id'] not in claimed)
docs = {}
for kind in ('contract', 'invoice', 'payment_proof', 'service_report'):
    import json
    import urllib.request
    req = urllib.request.Request(svc.url.rstrip('/') + '/v1/attachments', method='POST', data=p2.PDF,
                                 headers={'Authorization': 'Bearer ' + token, 'Content-Type': 'application/pdf',
                                          'X-Filename': kind + '.pdf', 'Idempotency-Key': 'att-' + kind})
    with urllib.request.urlopen(req, timeout=10) as r:
        docs[kind] = [json.loads(r.read())['id']]
amount = ready['quoted_amount_fen']
C = p2.user_call(svc, 'POST', '/v1/claims', {
    'order_id': ready['id'], 'contract_no': 'ATT-HT-0003', 'contract_amount_fen': amount,
    'invoice': {'code': None, 'number': '26312000000077770003', 'date': '2026-10-08', 'amount_fen': amount,
                'seller_name': '上海示范检测中心'},
    'paid_on': '2026-10-10', 'documents': docs}, token=token, headers={'Idempotency-Key': 'claim-c'})
svc.admin('POST', '/admin/v1/claims/%s/move' % C['id'], {'action': 'return', 'note': '合同缺少签章页'})
A, B, C = claim(A['id']), claim(B['id']), claim(C['id'])

app = ivui.App(svc.url)
win = ivui.wait_for(app.window, 20)
tap.require(win is not None and p2.sign_in(app, win), 'signed in as the demo enterprise')
ivui.click(ivui.wait_find(win, role='page tab', name='兑付', timeout=30))
for c in (A, B, C):
    tap.require(ivui.wait_find(win, role='list item', name='兑付申请 %s — 退回修改' % c['number'], timeout=40)
                is not None, 'claim %s is listed as returned' % c['number'])

# The service's clock passes the redeem deadline ---------------------------------------------
port = svc.port()
svc.stop()
os.environ['VS_CLOCK_OFFSET_DAYS'] = LATE_DAYS
svc.start(port)
del os.environ['VS_CLOCK_OFFSET_DAYS']

SELLER = {A['id']: '上海示范检测中心（甲）', B['id']: '上海示范检测中心（乙）', C['id']: '上海示范检测中心（丙）'}


def edit_and_submit(c, seller):
    b = p2.row_button(win, '兑付申请 %s — 退回修改' % c['number'], '修改并重新提交兑付申请 %s' % c['number'])
    p2.press(b)
    form = p2.window_named(app, '修改退回的兑付申请', 10)
    if form is None:
        return False
    ivui.set_text(ivui.wait_find(form, role='text', prefix='销售方', timeout=10), seller)
    time.sleep(0.3)
    ivui.key('ctrl+Return')
    return bool(p2.gone(app, form, 15))


for c in (A, B, C):
    tap.ok(edit_and_submit(c, SELLER[c['id']]), 'claim %s edited and resubmitted' % c['number'])

ivui.click(ivui.find(win, role='page tab', name='待处理'))


def attention_row(c, contains=None):
    """The row of c on 待处理 (the 兑付 page lists waiting items too: GTK 4.8
    reports every page as visible, so look inside 待处理's own list)."""
    lst = ivui.find(win, role='list', name='需要您处理的修改')
    row = ivui.find(lst, role='list item', prefix='重新提交的兑付申请', contains=c['contract_no']) if lst else None
    if row is not None and contains is not None and contains not in row.name:
        return None
    return row


rows = ivui.wait_for(lambda: all(attention_row(c) for c in (A, B, C)) and [attention_row(c) for c in (A, B, C)], 60)
tap.require(rows is not None, 'the three refused resubmissions are on 待处理, each with its contract number')
reason = rows[0].name.split('原因：', 1)[-1]
tap.ok('原因：' in rows[0].name and '兑付截止' in reason and not english_words(reason),
       'the reason is said in Chinese: %s' % rows[0].name)
for c in (A, B, C):
    tap.ok(claim(c['id'])['version'] == c['version'], 'claim %s is unchanged on the service' % c['number'])

svc.stop()
svc.start(port)

# (c) 放弃…: asks, Escape keeps it, confirming removes it, the draft stays -----------------
p2.press(ivui.find(win, role='push button', prefix='放弃重新提交的兑付申请', contains=C['contract_no']))
ask = p2.window_with(app, '放弃此修改', 10, exclude=(win,))
tap.ok(ask is not None, '放弃… asks first')
ivui.key('Escape')
tap.ok(p2.gone(app, ask, 5) and attention_row(C) is not None, 'Escape keeps the item')
p2.press(ivui.find(win, role='push button', prefix='放弃重新提交的兑付申请', contains=C['contract_no']))
ask = p2.window_with(app, '放弃此修改', 10, exclude=(win,))
p2.press(ivui.find(ask, role='push button', prefix='放弃(') if ask else None)
tap.ok(ivui.wait_for(lambda: attention_row(C) is None, 10), 'confirming removes it from 待处理')

# (a) 修改…: the draft is intact; fix and send, once --------------------------------------------
p2.press(ivui.find(win, role='push button', prefix='修改重新提交的兑付申请', contains=A['contract_no']))
form = p2.window_named(app, '修改退回的兑付申请', 10)
tap.require(form is not None, '修改… opens the claim form')
seller = ivui.wait_find(form, role='text', prefix='销售方', timeout=10)
tap.ok(ivui.text_of(seller) == SELLER[A['id']], 'with the draft as typed: %s' % ivui.text_of(seller))
FIXED = '上海示范检测中心（已盖章）'
ivui.set_text(seller, FIXED)
time.sleep(0.3)
ivui.key('ctrl+Return')
after = ivui.wait_for(lambda: (lambda x: x if x['status'] == 'submitted' else None)(claim(A['id'])), 40)
tap.ok(after is not None and after['invoice']['seller_name'] == FIXED,
       'the fixed claim reached the service: %s' % (after['invoice']['seller_name'] if after else None))
if after is not None:
    time.sleep(2)
    after = claim(A['id'])
    tap.ok(after['version'] == A['version'] + 1 and len(submitted_steps(A, after)) == 1,
           'sent once (version %d → %d)' % (A['version'], after['version']))

# (b) 重试: sent as it was, once ----------------------------------------------------------------
p2.press(ivui.wait_find(win, role='push button', prefix='重试重新提交的兑付申请', contains=B['contract_no']))
after = ivui.wait_for(lambda: (lambda x: x if x['status'] == 'submitted' else None)(claim(B['id'])), 40)
tap.ok(after is not None and after['invoice']['seller_name'] == SELLER[B['id']], '重试 sent the refused claim')
if after is not None:
    time.sleep(2)
    after = claim(B['id'])
    tap.ok(after['version'] == B['version'] + 1 and len(submitted_steps(B, after)) == 1,
           'once (version %d → %d)' % (B['version'], after['version']))
tap.ok(ivui.wait_for(lambda: attention_row(A) is None and attention_row(B) is None, 15), '待处理 is empty again')

ivui.click(ivui.find(win, role='page tab', name='兑付'))
tap.ok(ivui.wait_find(win, role='push button', prefix='继续编辑对退回的兑付申请的修改', contains=C['contract_no'],
                      timeout=15) is not None, 'the discarded change is still a draft on 兑付')

# (d) 412: the service's copy changed while the resubmission waited ---------------------------------
svc.admin('POST', '/admin/v1/claims/%s/move' % A['id'], {'action': 'return', 'note': '请再次核对'})
tap.require(ivui.wait_find(win, role='list item', name='兑付申请 %s — 退回修改' % A['number'], timeout=40)
            is not None, 'returned again, the app shows it')
A = claim(A['id'])
p2.arm_fault(svc, kind='status', status=503, retry_after=10, count=1, path_prefix='/v1/claims/%s' % A['id'])
MINE = '上海示范检测中心（用户版本）'
tap.ok(edit_and_submit(A, MINE), 'resubmitted with the user\'s version')
tap.ok(ivui.wait_for(lambda: p2.faults_used(svc), 20, 0.2), 'the first try met a 503')
body = {k: A[k] for k in ('order_id', 'contract_no', 'contract_amount_fen', 'paid_on', 'documents')}
body['invoice'] = dict(A['invoice'], seller_name='另一台电脑上的版本')
try:
    p2.user_call(svc, 'PUT', '/v1/claims/%s' % A['id'], body, token=token, headers={'If-Match': str(A['version'])})
except Exception as e:
    tap.bail('another computer could not resubmit meanwhile (%s): the app\'s retry came first' % e)
svc.admin('POST', '/admin/v1/claims/%s/move' % A['id'], {'action': 'return', 'note': '第三次退回'})
theirs = claim(A['id'])
ivui.click(ivui.find(win, role='page tab', name='待处理'))
row = ivui.wait_for(lambda: attention_row(A, contains='版本已被更改'), 40)
tap.ok(row is not None, 'the 412 is on 待处理: %s' % (row.name if row else None))
p2.press(ivui.find(win, role='push button', prefix='修改重新提交的兑付申请', contains=A['contract_no']))
form = p2.window_named(app, '修改退回的兑付申请', 10)
tap.require(form is not None, '修改… opens the form')
both = ivui.wait_find(form, role='label', contains='另一台电脑上的版本', timeout=10)
tap.ok(both is not None and MINE in both.name, 'the service\'s copy is shown beside the user\'s')
seller = ivui.find(form, role='text', prefix='销售方')
tap.ok(seller is not None and ivui.text_of(seller) == MINE, 'the user\'s version stays in the form')
ivui.key('ctrl+Return')
after = ivui.wait_for(lambda: (lambda x: x if x['status'] == 'submitted' else None)(claim(A['id'])), 40)
tap.ok(after is not None and after['invoice']['seller_name'] == MINE, 'resubmitting applies the user\'s version')
if after is not None:
    time.sleep(2)
    after = claim(A['id'])
    tap.ok(after['version'] == theirs['version'] + 1 and len(submitted_steps(theirs, after)) == 1,
           'once (version %d → %d)' % (theirs['version'], after['version']))

app.quit()
tap.done()
