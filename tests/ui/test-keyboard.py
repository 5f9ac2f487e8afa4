#!/usr/bin/python3
# test-keyboard.py: sign-in → search → order with the keyboard alone
#
# Every input is a key event (xdotool on the X server: no pointer, no
# AT-SPI actions); AT-SPI is only read, to know where we are.
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ivui  # noqa: E402

if not os.environ.get('DISPLAY') or not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
    ivui.skip_all('needs a display and a session bus: xvfb-run -a dbus-run-session -- meson test')
if shutil.which('xdotool') is None:
    ivui.skip_all('needs xdotool (Debian package xdotool)')

tap = ivui.Tap()
svc = ivui.Service()
app = ivui.App(svc.url)
win = ivui.wait_for(app.window, 20)
tap.require(win is not None, 'the main window is on the AT-SPI bus')
ivui.wait_find(win, role='text', prefix='账号', timeout=10)
time.sleep(1)

# Sign in: mnemonics lead to each field, Enter submits
ivui.key('alt+a')
ivui.type_text('91310115MA1K3A2B3J')
account = ivui.find(win, role='text', prefix='账号')
tap.ok(ivui.text_of(account) == '91310115MA1K3A2B3J', 'Alt+A reaches the account field')
ivui.key('alt+p')
ivui.type_text('Demo@2026')
ivui.key('Return')
tap.require(ivui.wait_for(lambda: any(a.startswith('已登录') for a in app.announcements()), 20),
            'Enter in the password field signs in')

# Search: Ctrl+F, type, Enter goes to the results.  (xdotool cannot type
# CJK into GTK 4 without an input method; a Latin term keeps this
# keyboard-only; Chinese search is covered by test-e2e-order.)
ivui.key('ctrl+f')
tap.require(ivui.wait_catalog_ready(app) and ivui.wait_for(lambda: ivui.find(win, role='label', contains='项服务'), 60) is not None,
            'Ctrl+F opens the catalog')
ivui.type_text('CNAS')
search = ivui.find(win, name='搜索服务目录')
tap.ok(ivui.wait_for(lambda: ivui.text_of(search) == 'CNAS', 5), 'the search field has CNAS typed in')
rows = ivui.wait_for(lambda: ivui.catalog_rows(win) or None, 10)
tap.require(rows is not None, 'results are listed')
priced = next((i for i, r in enumerate(rows) if any('¥' in n for n in ivui.names_below(r))), None)
tap.require(priced is not None, 'a priced service is among the first results')
ivui.key('Return')
for _ in range(priced):
    ivui.key('Down')
ivui.key('Return')
book = ivui.wait_find(win, role='push button', contains='用创新券预约', timeout=10)
tap.require(book is not None, 'Enter on a result opens the service')
tap.ok(ivui.wait_for(lambda: book.getState().contains(ivui.pyatspi.STATE_FOCUSED), 5),
       'the focus is on "用创新券预约"')

# Order: Enter opens the dialog, Alt+Q the amount, Enter submits
ivui.key('Return')
dialog = ivui.wait_for(lambda: next((w for w in app.root if ivui.name_of(w) == '用创新券预约'), None), 10)
tap.require(dialog is not None, 'Enter opens the order dialog')
ivui.wait_find(dialog, role='label', contains='预计补贴', timeout=10)
time.sleep(0.5)
ivui.key('alt+q')
ivui.key('ctrl+a')
ivui.type_text('1500')
amount = ivui.find(dialog, role='text', prefix='报价金额')
tap.ok(ivui.text_of(amount) == '1500', 'Alt+Q reaches the amount field')
tap.ok(ivui.wait_find(dialog, role='label', name='人民币壹仟伍佰元整', timeout=5) is not None,
       'the amount is read back in 大写')
ivui.key('Return')
placed = ivui.wait_for(lambda: next((a for a in app.announcements() if a.startswith('订单') and '已提交' in a), None), 20)
tap.ok(placed is not None, 'Enter submits and the result is announced: %s' % placed)
items = (svc.admin('GET', '/admin/v1/accounts/91310115MA1K3A2B3J/orders') or {}).get('items', [])
tap.ok(len([o for o in items if o.get('quoted_amount_fen') == 150000]) == 1, 'the service has the order, once')

app.quit()
tap.done()
