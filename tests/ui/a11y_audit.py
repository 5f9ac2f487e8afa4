# a11y_audit.py: the accessibility and untranslated-text checks shared by the audit scripts
#
# audit(tap, root, where) adds two TAP lines for what is under root: every
# focusable or actionable element has an accessible name, and no English
# text is visible (zh_CN is expected).  Used by test-a11y-audit.py (part 1)
# and test-a11y-audit-part2.py (part 2).
import re
import time

import ivui
import pyatspi

# Text that is fine in Latin letters: codes, units, addresses, programme terms
ALLOWED = re.compile(r'^(CMA|CNAS|ICP|MS|PEM|PDF|PNG|JPEG|QR|URL|https?|www|example|cn|api|vouchers?|team|demo|'
                     r'Esc|Escape|Ctrl|Shift|Alt|Tab|Enter|F\d+|SH\d*|DD\d*|SQ\d*|DF\d*|SL\d*|HT\d*|JSM|MA\d*|'
                     r'[A-Z]{1,3}\d*)$')
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


def problems(root, allow_text=(), strict=False):
    """(unnamed roles, English strings) of what is shown under root.
    allow_text: exact strings that are data typed by the test, not UI.
    strict: a GTK type name (what GTK 4.8 falls back to) is no name either."""
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
        nameless = not name.strip() or (strict and WIDGET_TYPE.match(name) is not None)
        if interactive and nameless and role not in ('scroll pane', 'panel', 'filler', 'list'):
            # GTK 4.8 cannot name a list item itself (gtk_list_item_set_accessible_label
            # is 4.12): a row is fine when what it contains is named, as AT reads that
            if role == 'list item' and any(n.strip() and not WIDGET_TYPE.match(n)
                                           for n in ivui.names_below(o)[1:]):
                continue
            unnamed.append('%s%s' % (role, _path_hint(o)))
        if name and name not in allow_text and not WIDGET_TYPE.match(name) and \
                not name.startswith('http') and english_words(name):
            english.append(name)
        if role == 'label' and not name:
            # a label's name is its text; ask for the text only when it has none
            txt = ivui.text_of(o)
            if txt and txt not in allow_text and english_words(txt) and not txt.startswith('http'):
                english.append(txt)
    return unnamed, english


def _path_hint(o):
    """' in <nearest named ancestor>', to find an unnamed element quickly."""
    try:
        p = o.parent
        for _ in range(6):
            if p is None:
                break
            if (p.name or '').strip() and not WIDGET_TYPE.match(p.name):
                return ' in "%s"' % p.name[:40]
            p = p.parent
    except Exception:
        pass
    return ''


def audit(tap, root, where, allow_text=(), strict=False):
    if root is None:
        tap.ok(False, '%s: found on the AT-SPI bus' % where)
        return False
    t0 = time.monotonic()
    unnamed, english = problems(root, allow_text, strict)
    print('# audit of %s: %.1f s' % (where, time.monotonic() - t0), flush=True)
    tap.ok(not unnamed, '%s: every focusable or actionable element is named%s' %
           (where, '' if not unnamed else ' (unnamed: %s)' % ', '.join(sorted(set(unnamed))[:8])))
    tap.ok(not english, '%s: no English text is shown%s' %
           (where, '' if not english else ' (%s)' % ' | '.join(sorted(set(english))[:8])))
    return not unnamed and not english


def dialog_named(app, name, timeout=10):
    return ivui.wait_for(lambda: next((w for w in app.root if ivui.name_of(w) == name), None), timeout)


def window_with(app, text, timeout=10, exclude=()):
    """A top-level window of the app that shows text somewhere (message dialogs have no title)."""
    return ivui.wait_for(lambda: next((w for w in app.root if w not in exclude and
                                       ivui.find(w, contains=text)), None), timeout)


def ancestor(obj, role, max_up=30):
    """The nearest ancestor of obj with this role (a page's scroll pane)."""
    try:
        p = obj.parent
        for _ in range(max_up):
            if p is None:
                return None
            if p.getRoleName() == role:
                return p
            p = p.parent
    except Exception:
        pass
    return None
