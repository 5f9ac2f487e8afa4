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


def main():
    os.makedirs(OUT, exist_ok=True)
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
