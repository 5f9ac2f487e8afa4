#!/usr/bin/python3
# test-a11y-audit.py: every page and dialog of part 1, as AT-SPI sees them, in zh_CN
#
# Fails on any focusable or actionable element without an accessible name,
# and on any English text visible where Chinese is expected.  Pages:
# sign-in, overview, catalog (list and detail), order dialog, orders,
# cancel confirmation, preferences, keyboard shortcuts, sign-out confirmation.
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ivui  # noqa: E402
import pyatspi  # noqa: E402

if not os.environ.get('DISPLAY') or not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
    ivui.skip_all('needs a display and a session bus: xvfb-run -a dbus-run-session -- meson test')

# Text that is fine in Latin letters: codes, units, addresses, programme terms
ALLOWED = re.compile(r'^(CMA|CNAS|ICP|MS|PEM|URL|https?|www|example|cn|api|vouchers?|team|demo|'
                     r'Esc|Escape|Ctrl|Shift|Alt|Tab|F\d+|SH\d*|DD\d*|SQ\d*|JSM|MA\d*|[A-Z]{1,3}\d*)$')
WIDGET_TYPE = re.compile(r'^(Gtk|Adw|Iv)[A-Z]\w+$')   # GTK 4.8 falls back to the type name
ACTIONABLE_ROLES = {'push button', 'toggle button', 'check box', 'radio button', 'text', 'password text',
                    'combo box', 'page tab', 'menu item', 'spin button', 'slider', 'link', 'entry',
                    'switch', 'list item', 'toggle'}


CJK = re.compile(r'[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]')


def english_words(text):
    """Words of an untranslated string: English and no Chinese at all (data
    such as "有害物质（RoHS）检测" mixes both and is fine)."""
    if CJK.search(text):
        return []
    words = re.findall(r'[A-Za-z][A-Za-z\-]+', text)
    return [w for w in words if len(w) >= 3 and not ALLOWED.match(w)]


def audit(tap, root, where):
    unnamed, english = [], []
    for o in ivui.walk(root):
        try:
            role = o.getRoleName()
            st = o.getState()
            name = o.name or ''
        except Exception:
            continue
        if not ivui.showing(o):
            continue
        interactive = st.contains(pyatspi.STATE_FOCUSABLE) or role in ACTIONABLE_ROLES
        if interactive and not name.strip() and role not in ('scroll pane', 'panel', 'filler', 'list'):
            # GTK 4.8 cannot name a list item itself (gtk_list_item_set_accessible_label
            # is 4.12): a row is fine when what it contains is named, as AT reads that
            if role == 'list item' and any(n.strip() and not WIDGET_TYPE.match(n)
                                           for n in ivui.names_below(o)[1:]):
                continue
            unnamed.append(role)
        if name and not WIDGET_TYPE.match(name) and not name.startswith('http') and english_words(name):
            english.append(name)
        if role == 'label':
            txt = ivui.text_of(o)
            if txt and english_words(txt) and not txt.startswith('http'):
                english.append(txt)
    tap.ok(not unnamed, '%s: every focusable or actionable element is named%s' %
           (where, '' if not unnamed else ' (unnamed: %s)' % ', '.join(sorted(set(unnamed)))))
    tap.ok(not english, '%s: no English text is shown%s' %
           (where, '' if not english else ' (%s)' % ' | '.join(sorted(set(english))[:8])))


def dialog_named(app, name, timeout=10):
    return ivui.wait_for(lambda: next((w for w in app.root if ivui.name_of(w) == name), None), timeout)


tap = ivui.Tap()
svc = ivui.Service()
app = ivui.App(svc.url)
win = ivui.wait_for(app.window, 20)
tap.require(win is not None, 'the main window is on the AT-SPI bus')

ivui.wait_find(win, role='text', prefix='账号', timeout=10)
audit(tap, win, 'sign-in page')

# Sign in, then each page
ivui.set_text(ivui.find(win, role='text', prefix='账号'), '91310115MA1K3A2B3J')
ivui.set_text(ivui.find(win, role='password text', prefix='密码'), 'Demo@2026')
ivui.click(ivui.find(win, role='push button', contains='登录(S)'))
tap.require(ivui.wait_for(lambda: any(a.startswith('已登录') for a in app.announcements()), 20),
            'signed in')
ivui.wait_find(win, role='label', prefix='年度上限', timeout=20)
audit(tap, win, 'overview')

ivui.click(ivui.find(win, role='page tab', name='服务目录'))
ivui.wait_catalog_ready(app) and ivui.wait_for(lambda: ivui.find(win, role='label', contains='项服务'), 60)
audit(tap, win, 'catalog')

rows = ivui.wait_for(lambda: ivui.catalog_rows(win) or None, 10)
priced = next((i for i, r in enumerate(rows or []) if any('¥' in n for n in ivui.names_below(r))), 0)
ivui.open_catalog_row(priced)
book = ivui.wait_find(win, role='push button', contains='用创新券预约', timeout=10)
tap.require(book is not None, 'a service opened')
audit(tap, win, 'service detail')

ivui.click(book)
dialog = dialog_named(app, '用创新券预约')
tap.require(dialog is not None, 'the order dialog opened')
ivui.wait_find(dialog, role='label', contains='预计补贴', timeout=10)
audit(tap, dialog, 'order dialog')
# an invalid amount: the error is Chinese too
ivui.set_text(ivui.find(dialog, role='text', prefix='报价金额'), 'abc')
ivui.click(ivui.find(dialog, role='push button', contains='预约(B)'))
time.sleep(0.5)
audit(tap, dialog, 'order dialog with an error')
ivui.set_text(ivui.find(dialog, role='text', prefix='报价金额'), '1000')
ivui.click(ivui.find(dialog, role='push button', contains='预约(B)'))
tap.ok(ivui.wait_for(lambda: any('已提交' in a for a in app.announcements()), 20), 'the order was placed')

ivui.click(ivui.find(win, role='page tab', name='订单'))
row = ivui.wait_find(win, prefix='订单 DD', contains='已下单', timeout=15)
audit(tap, win, 'orders')

# the cancel confirmation
cancel = None
if row is not None:
    ivui.click(row) if row.queryAction().nActions else None
    cancel = ivui.wait_find(win, role='push button', prefix='取消订单', timeout=5)
if cancel is not None:
    ivui.click(cancel)
    confirm = dialog_named(app, '取消此订单？') or ivui.wait_for(
        lambda: next((w for w in app.root if ivui.find(w, contains='取消此订单')), None), 5)
    tap.ok(confirm is not None, 'cancelling asks first')
    if confirm is not None:
        audit(tap, confirm, 'cancel confirmation')
        ivui.key('Escape')
else:
    tap.ok(False, 'the order row offers "取消订单"')

ivui.key('ctrl+comma')
prefs = dialog_named(app, '首选项')
tap.ok(prefs is not None, 'Ctrl+, opens the preferences')
if prefs is not None:
    audit(tap, prefs, 'preferences')
    ivui.key('Escape')

ivui.key('ctrl+question')
shortcuts = ivui.wait_for(lambda: next((w for w in app.root if ivui.find(w, role='label', name='搜索服务目录')
                                         and w != win), None), 10)
tap.ok(shortcuts is not None, 'Ctrl+? opens the keyboard shortcuts window')
if shortcuts is not None:
    audit(tap, shortcuts, 'keyboard shortcuts')
    ivui.key('Escape')

# sign-out with something unsent asks first
svc.stop()
ivui.click(ivui.find(win, role='page tab', name='服务目录'))
back = ivui.find(win, role='push button', contains='返回服务目录')
if back is not None:
    ivui.click(back)
ivui.open_catalog_row(priced)
ivui.click(ivui.wait_find(win, role='push button', contains='用创新券预约', timeout=10))
dialog = dialog_named(app, '用创新券预约')
ivui.set_text(ivui.wait_find(dialog, role='text', prefix='报价金额', timeout=10), '900')
ivui.click(ivui.find(dialog, role='push button', contains='预约(B)'))
tap.ok(ivui.wait_for(lambda: any('待发送' in a for a in app.announcements()), 15),
       'offline, the order is saved and waiting to be sent')
ivui.key('ctrl+shift+q')
ask = ivui.wait_for(lambda: next((w for w in app.root if ivui.find(w, contains='退出登录并丢弃')), None), 10)
tap.ok(ask is not None, 'signing out with unsent items asks first')
if ask is not None:
    audit(tap, ask, 'sign-out confirmation')
    ivui.key('Escape')

app.quit()
tap.done()
