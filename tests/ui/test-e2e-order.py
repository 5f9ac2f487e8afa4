#!/usr/bin/python3
# test-e2e-order.py: the real app against the real service, as a screen-reader user drives it
#
# Sign in, search the catalog in Chinese, open a service, book it with a
# voucher, see the order on the orders page; stop the service: the catalog
# is still searchable and an order placed now is queued; restart the
# service: the queued order is sent (checked on the server).
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ivui  # noqa: E402

if not os.environ.get('DISPLAY') or not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
    ivui.skip_all('needs a display and a session bus: xvfb-run -a dbus-run-session -- meson test')

tap = ivui.Tap()
svc = ivui.Service()
app = ivui.App(svc.url)
win = ivui.wait_for(app.window, 10)
tap.require(win is not None, 'the main window is on the AT-SPI bus')

# Sign in ------------------------------------------------------------------
account = ivui.wait_find(win, role='text', prefix='账号')
password = ivui.wait_find(win, role='password text', prefix='密码')
tap.require(account is not None and password is not None, 'the sign-in form has named account and password fields')
ivui.set_text(account, '91310115MA1K3A2B3J')
ivui.set_text(password, 'Demo@2026')
ivui.click(ivui.find(win, role='push button', contains='登录(S)'))
tap.ok(ivui.wait_for(lambda: any(a.startswith('已登录') for a in app.announcements()), 15),
       'signing in is announced ("已登录：…")')
tap.ok(ivui.wait_find(win, role='label', prefix='上海示范科技有限公司', timeout=15) is not None,
       'the overview shows the account\'s quota')

# Search the catalog ----------------------------------------------------------
ivui.click(ivui.find(win, role='page tab', name='服务目录'))
search = ivui.wait_find(win, role='text', name='搜索服务目录', timeout=10) or \
    ivui.wait_find(win, name='搜索服务目录', timeout=5)
tap.require(search is not None, 'the catalog has a named search field')
tap.require(ivui.wait_catalog_ready(app) and ivui.wait_for(lambda: ivui.find(win, role='label', contains='项服务'), 60) is not None,
            'the catalog is loaded and says when its data was updated ("数据更新于 …")')
ivui.set_text(search, '检测')
t0 = time.time()
rows = ivui.wait_for(lambda: ivui.catalog_rows(win) or None, 10)
tap.require(rows is not None, 'searching for 检测 lists services')
status = ivui.find(win, role='label', contains='项服务')
tap.ok(status is not None and '项服务' in status.name, 'the result count is shown: %s' % (status.name if status else None))

# every visible row is one sentence: title, institution, category, price
sentences = []
for r in rows[:5]:
    sentences += [n for n in ivui.names_below(r) if '，' in n][:1]
tap.ok(len(sentences) > 0 and all(s.count('，') >= 3 for s in sentences),
       'list rows carry one accessible sentence, e.g. %s' % (sentences[0] if sentences else None))
tap.ok(len(sentences) > 0 and all(s.count('，') == 3 for s in sentences), 'each sentence has exactly title, institution, category, price')

# Open a service with a price and book it -------------------------------------
target = None
for i, r in enumerate(rows):
    if any('¥' in n for n in ivui.names_below(r)):
        target = i
        break
tap.require(target is not None, 'a service with a price is listed')
ivui.open_catalog_row(target)
book = ivui.wait_find(win, role='push button', contains='用创新券预约', timeout=10)
tap.require(book is not None, 'the detail view offers "用创新券预约"')
tap.ok(ivui.find(win, role='label', name='地址', visible=True) is not None or
       ivui.find(win, contains='地址') is not None, 'the detail view shows the institution\'s address')
ivui.click(book)
dialog = ivui.wait_for(lambda: next((w for w in app.root if w.name == '用创新券预约'), None), 10)
tap.require(dialog is not None, 'the order dialog opens')
amount = ivui.wait_find(dialog, role='text', prefix='报价金额', timeout=10)
tap.require(amount is not None, 'the amount field is named by its label')
ivui.set_text(amount, '1200')
tap.ok(ivui.wait_find(dialog, role='label', name='人民币壹仟贰佰元整', timeout=5) is not None,
       'the amount is shown live in 大写 (人民币壹仟贰佰元整)')
tap.ok(ivui.wait_find(dialog, role='label', contains='预计补贴', timeout=10) is not None,
       'the subsidy estimate from the policy is shown')
submit = ivui.find(dialog, role='push button', contains='预约(B)')
ivui.wait_for(lambda: submit.getState().contains(ivui.pyatspi.STATE_SENSITIVE), 10)
ivui.click(submit)
placed = ivui.wait_for(lambda: next((a for a in app.announcements() if a.startswith('订单') and '已提交' in a), None), 15)
tap.ok(placed is not None, 'the submit result is announced: %s' % placed)
number = placed.split()[1] if placed else None

# Orders page --------------------------------------------------------------
ivui.click(ivui.find(win, role='page tab', name='订单'))
row = ivui.wait_for(lambda: ivui.find(win, contains='订单 %s，' % number), 15) if number else None
tap.ok(row is not None, 'the order is on the orders page: %s' % (row.name if row else None))

# Offline ------------------------------------------------------------------
port = svc.port()
svc.stop()
ivui.click(ivui.find(win, role='page tab', name='服务目录'))
search = ivui.wait_find(win, name='搜索服务目录', timeout=10)
back = ivui.find(win, role='push button', contains='返回服务目录')
if back is not None:
    ivui.click(back)
    search = ivui.wait_find(win, name='搜索服务目录', timeout=10)
ivui.set_text(search, '分析')
rows = ivui.wait_for(lambda: [r for r in ivui.catalog_rows(win)
                              if any('分析' in n for n in ivui.names_below(r))] or None, 10)
tap.ok(rows is not None, 'with the service stopped, the catalog is still searchable (分析)')

queued = None
if rows:
    ivui.open_catalog_row(0)
    book = ivui.wait_find(win, role='push button', contains='用创新券预约', timeout=10)
    if book is not None and book.getState().contains(ivui.pyatspi.STATE_SENSITIVE):
        ivui.click(book)
        dialog = ivui.wait_for(lambda: next((w for w in app.root if w.name == '用创新券预约'), None), 10)
        if dialog is not None:
            amount = ivui.wait_find(dialog, role='text', prefix='报价金额', timeout=10)
            ivui.set_text(amount, '800')
            submit = ivui.find(dialog, role='push button', contains='预约(B)')
            ivui.wait_for(lambda: submit.getState().contains(ivui.pyatspi.STATE_SENSITIVE), 10)
            ivui.click(submit)
            queued = ivui.wait_for(lambda: next((a for a in app.announcements() if '待发送' in a or '排队' in a), None), 10)
tap.ok(queued is not None, 'an order placed offline is queued, and the UI says so: %s' % queued)

svc.start(port)


def server_orders_of(amount):
    items = (svc.admin('GET', '/admin/v1/accounts/91310115MA1K3A2B3J/orders') or {}).get('items', [])
    return [o for o in items if o.get('quoted_amount_fen') == amount]


sent = ivui.wait_for(lambda: server_orders_of(80000), 60) if queued else None
tap.ok(bool(sent), 'after the service is back, the queued order reaches it')
time.sleep(2)
tap.ok(sent is not None and len(server_orders_of(80000)) == 1, 'it was created exactly once on the server')

app.quit()
tap.done()
