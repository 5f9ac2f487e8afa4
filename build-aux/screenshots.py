#!/usr/bin/python3
# screenshots.py: drives the app to each page and saves a PNG (see screenshots.sh)
#
# Each shot is a function below, in the order they are taken; ui-part2's
# pages add their own functions and names to SHOTS.
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'ui'))
import ivui  # noqa: E402
import pyatspi  # noqa: E402

OUT = os.environ.get('OUT_DIR', 'data/screenshots')


def snap(name):
    time.sleep(1.0)  # let transitions and toasts settle
    path = os.path.join(OUT, name + '.png')
    subprocess.run(['import', '-window', 'root', path], check=True)
    print('wrote', path, flush=True)


def close_dialogs(app):
    for w in list(app.root):
        if w.getRoleName() in ('dialog', 'frame') and w.name != '科技创新券':
            ivui.key('Escape')


def shot_sign_in(app, win, svc):
    ivui.set_text(ivui.wait_find(win, role='text', prefix='账号'), '91310115MA1K3A2B3J')
    snap('sign-in')
    ivui.set_text(ivui.find(win, role='password text', prefix='密码'), 'Demo@2026')
    ivui.click(ivui.find(win, role='push button', contains='登录(S)'))
    ivui.wait_for(lambda: any(a.startswith('已登录') for a in app.announcements()), 20)


def shot_overview(app, win, svc):
    ivui.wait_find(win, role='label', prefix='年度上限', timeout=20)
    time.sleep(2)
    snap('overview')


def shot_catalog(app, win, svc):
    ivui.click(ivui.find(win, role='page tab', name='服务目录'))
    ivui.wait_catalog_ready(app)
    ivui.set_text(ivui.wait_find(win, name='搜索服务目录'), '检测')
    ivui.wait_for(lambda: ivui.find_all(win, role='list item'), 10)
    snap('catalog')


def shot_service(app, win, svc):
    # keyboard only: Enter in the search field moves into the list, Enter opens
    ivui.key('ctrl+f')
    ivui.key('Return')
    ivui.key('Return')
    ivui.wait_find(win, role='push button', contains='用创新券预约', timeout=10)
    snap('service')


def shot_order(app, win, svc):
    ivui.click(ivui.find(win, role='push button', contains='用创新券预约'))
    dialog = ivui.wait_for(lambda: next((w for w in app.root if w.name == '用创新券预约'), None), 10)
    amount = ivui.wait_find(dialog, role='text', prefix='报价金额', timeout=10)
    ivui.set_text(amount, '12,000')
    ivui.set_text(ivui.find(dialog, role='text', prefix='给机构的备注'), '请安排在下周内完成检测')
    ivui.wait_find(dialog, role='label', contains='预计补贴', timeout=10)
    snap('order')
    ivui.click(ivui.find(dialog, role='push button', contains='预约(B)'))
    ivui.wait_for(lambda: any('已提交' in a for a in app.announcements()), 20)


def shot_orders(app, win, svc):
    ivui.click(ivui.find(win, role='page tab', name='订单'))
    ivui.wait_find(win, contains='订单 ', timeout=15)
    time.sleep(1)
    snap('orders')


def shot_preferences(app, win, svc):
    ivui.key('ctrl+comma')
    ivui.wait_for(lambda: next((w for w in app.root if w.name == '首选项'), None), 10)
    snap('preferences')
    ivui.key('Escape')


def shot_shortcuts(app, win, svc):
    ivui.key('ctrl+question')
    time.sleep(1)
    snap('shortcuts')
    ivui.key('Escape')


SHOTS = [shot_sign_in, shot_overview, shot_catalog, shot_service, shot_order, shot_orders,
         shot_preferences, shot_shortcuts]


# Part 2: claims, the claim form, a draft receipt, needs attention, the receipt, quota --------

import part2ui  # noqa: E402


def _window_titled(app, prefix, timeout=10):
    return ivui.wait_for(lambda: next((w for w in app.root if (w.name or '').startswith(prefix)), None), timeout)


def _click_at(x, y):
    subprocess.run(['xdotool', 'mousemove', str(x), str(y), 'click', '1'], check=True, timeout=15)
    time.sleep(0.8)


def _expand_claim(win, avoid='退回修改'):
    """Opens the first claim row (兑付申请 N — status) whose status is not
    avoid, with a click on its header (AT-SPI's action does not expand it)."""
    for _ in range(3):
        row = ivui.wait_for(lambda: next((r for r in ivui.find_all(win, role='list item', contains='兑付申请')
                                          if '—' in (r.name or '') and avoid not in (r.name or '')), None), 20)
        if row is None:
            raise RuntimeError('no claim row other than %s' % avoid)
        try:
            if row.getState().contains(pyatspi.STATE_EXPANDED):
                return row
            ext = row.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            _click_at(ext.x + 120, ext.y + 28)
        except Exception as e:
            print('expanding by click failed: %r' % e, file=sys.stderr, flush=True)
            part2ui.activate(row)
            time.sleep(0.8)
    return row


def _scroll_down(x, y, clicks=15):
    """Mouse wheel over (x, y): shows the end of a long form."""
    subprocess.run(['xdotool', 'mousemove', str(x), str(y), 'click', '--repeat', str(clicks), '--delay', '30', '5'],
                   check=True, timeout=15)
    time.sleep(0.5)


def shot_claims(app, win, svc):
    ivui.click(ivui.wait_find(win, role='page tab', name='兑付', timeout=20))
    ivui.wait_find(win, role='push button', prefix='为订单', timeout=60)
    _expand_claim(win)
    snap('claims')


def _attach(app, form, label, path):
    ivui.click(ivui.find(form, role='push button', prefix=label))
    chooser = _window_titled(app, '选择', 10)
    if chooser is None:
        raise RuntimeError('no file chooser for %s' % label)
    time.sleep(0.8)
    ivui.key('ctrl+l')
    ivui.type_text(path)
    time.sleep(0.3)
    ivui.key('Return')
    name = os.path.basename(path)
    ivui.wait_for(lambda: any(name in a and '正在' not in a for a in app.announcements()), 10)


def shot_claim_form(app, win, svc):
    ivui.click(ivui.wait_find(win, role='push button', prefix='为订单', timeout=20))
    form = _window_titled(app, '新建兑付申请', 10)
    fields = {'合同编号': 'SFKJ-2026-0611', '合同金额': '36800', '发票号码': '26312000000088880611',
              '开票日期': '2026-10-20', '发票金额': '36,800.00', '销售方': '上海市计量测试技术研究院',
              '付款日期': '2026-10-23'}
    for prefix, value in fields.items():
        ivui.set_text(ivui.wait_find(form, role='text', prefix=prefix, timeout=5), value)
    files = part2ui.write_files(_scratch())
    for label, name in (('添加合同', 'contract.pdf'), ('添加发票', 'invoice.pdf'), ('添加到款凭证', 'payment.png')):
        _attach(app, form, label, files[name])
    ivui.wait_find(form, role='label', prefix='预计补贴：', timeout=5)
    _scroll_down(300, 400, 60)   # the checklist and the estimate are at the end
    snap('claim-form')
    _attach(app, form, '添加服务报告', files['report.pdf'])


_scratch_dir = []


def _scratch():
    import tempfile
    if not _scratch_dir:
        _scratch_dir.append(tempfile.mkdtemp(prefix='iv-shots-'))
    return _scratch_dir[0]


def shot_draft_receipt(app, win, svc):
    # The service goes away: the claim is queued and a draft receipt is offered
    port = svc.port()
    svc.stop()
    form = _window_titled(app, '新建兑付申请', 5)
    if form is not None:
        ivui.key('ctrl+Return')
    ivui.wait_for(lambda: any('离线' in a or '队列' in a for a in app.announcements()), 20)
    button = ivui.wait_find(win, role='push button', contains='非正式回执', timeout=30)
    ivui.click(button)
    view = _window_titled(app, '合同 SFKJ-2026-0611', 10)
    if view is None:
        raise RuntimeError('no draft receipt window')
    snap('draft-receipt')
    ivui.key('Escape')
    # Back; meanwhile the same order was claimed "from another computer", so
    # the queued claim is refused: a needs-attention item
    svc.start(port)
    _claim_elsewhere(svc)


def _claim_elsewhere(svc):
    import json
    import urllib.request
    session = part2ui.user_call(svc, 'POST', '/v1/session',
                                {'account': part2ui.LOGIN, 'password': part2ui.PASSWORD})
    token = session['access_token']
    ids = {}
    for kind in ('contract', 'invoice', 'payment_proof', 'service_report'):
        req = urllib.request.Request(svc.url.rstrip('/') + '/v1/attachments', method='POST', data=part2ui.PDF,
                                     headers={'Authorization': 'Bearer ' + token, 'Content-Type': 'application/pdf',
                                              'X-Filename': kind + '.pdf', 'Idempotency-Key': 'shot-att-' + kind})
        with urllib.request.urlopen(req, timeout=10) as r:
            ids[kind] = [json.loads(r.read())['id']]
    orders = part2ui.user_call(svc, 'GET', '/v1/orders', token=token)['items']
    claims = part2ui.user_call(svc, 'GET', '/v1/claims', token=token)['items']
    claimed = {c['order_id'] for c in claims}
    order = next(o for o in orders if o['status'] == 'completed' and o['id'] not in claimed)
    part2ui.user_call(svc, 'POST', '/v1/claims', {
        'order_id': order['id'], 'contract_no': 'SFKJ-2026-0611', 'contract_amount_fen': 3680000,
        'invoice': {'code': None, 'number': '26312000000088880612', 'date': '2026-10-20',
                    'amount_fen': 3680000, 'seller_name': '上海市计量测试技术研究院'},
        'paid_on': '2026-10-23', 'documents': ids}, token=token, headers={'Idempotency-Key': 'shot-claim-1'})


def shot_attention(app, win, svc):
    ivui.click(ivui.wait_find(win, role='page tab', name='待处理', timeout=20))
    ivui.wait_find(win, contains='已提交过兑付申请', timeout=90)
    snap('attention')


def shot_receipt(app, win, svc):
    ivui.click(ivui.wait_find(win, role='page tab', name='兑付', timeout=20))
    row = _expand_claim(win)
    button = ivui.wait_find(row, role='push button', contains='的回执', timeout=10)
    if button is None:
        raise RuntimeError('no receipt button in %s' % row.name)
    print('opening', button.name, flush=True)
    part2ui.press(button)
    view = _window_titled(app, '兑付申请回执', 20)
    if view is None:
        raise RuntimeError('no receipt window')
    snap('receipt')
    ivui.key('Escape')


def shot_applications(app, win, svc):
    ivui.click(ivui.wait_find(win, role='page tab', name='申领', timeout=20))
    ivui.wait_find(win, role='list item', contains='申领 SQ', timeout=30)
    snap('applications')


def shot_application_form(app, win, svc):
    # The demo enterprise has used its year's quota: a team account applies,
    # in a new run of the app (one instance at a time: GApplication)
    app.quit()
    time.sleep(1)
    second = ivui.App(svc.url)
    win2 = ivui.wait_for(second.window, 20)
    if win2 is None or not part2ui.sign_in(second, win2, login='team-demo'):
        raise RuntimeError('team-demo did not sign in')
    ivui.click(ivui.wait_find(win2, role='page tab', name='申领', timeout=20))
    ivui.click(ivui.wait_find(win2, role='push button', prefix='申领额度', timeout=20))
    form = part2ui.window_with(second, '申领金额', 10)
    ivui.set_text(ivui.wait_find(form, role='text', prefix='申领金额', timeout=5), '50000')
    ivui.set_text(ivui.find(form, role='text', prefix='用途'), '新一代工业传感器的电磁兼容检测与可靠性试验')
    for category in ('测试检测', '研发设计'):
        box = ivui.find(form, role='check box', prefix=category)
        if box is not None:
            ext = box.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            _click_at(ext.x + 10, ext.y + ext.height // 2)
    time.sleep(0.5)
    snap('application-form')
    second.quit()


SHOTS += [shot_claims, shot_claim_form, shot_draft_receipt, shot_attention, shot_receipt,
          shot_applications, shot_application_form]


def main():
    os.makedirs(OUT, exist_ok=True)
    # The demo's timer would move claims along between shots (and collapse
    # the expanded row when the page reloads): keep the statuses still
    os.environ.setdefault('VS_DEMO_STEP_SECONDS', '3600')
    svc = ivui.Service()
    app = ivui.App(svc.url)
    win = ivui.wait_for(app.window, 20)
    for shot in SHOTS:
        try:
            shot(app, win, svc)
        except Exception as e:  # keep going: one page failing must not hide the others
            print('%s failed: %r' % (shot.__name__, e), file=sys.stderr, flush=True)
    app.quit()
    ivui.cleanup()


main()
