#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The module parameters of every module of this tree, read from the sources.

The admin guide's parameter table is generated from this at doc build time
(Documentation/sphinx/modparams.py), so it cannot fall behind the code.

  modparams.py --rst     the table, as reStructuredText
  modparams.py --check   after a build: what the parser found is exactly what
                         `modinfo -F parm` reports for each built .ko, and
                         every parameter has a MODULE_PARM_DESC
"""

import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_STR = r'"(?:[^"\\]|\\.)*"'
_PATTERNS = [
    # module_param(name, type, perm)
    (re.compile(r'\bmodule_param\s*\(\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*\)'),
     lambda m: (m.group(1), m.group(2), m.group(3))),
    # module_param_named(name, variable, type, perm)
    (re.compile(r'\bmodule_param_named\s*\(\s*(\w+)\s*,\s*\w+\s*,\s*(\w+)\s*,'
                r'\s*(\w+)\s*\)'),
     lambda m: (m.group(1), m.group(2), m.group(3))),
    # module_param_array(name, type, nump, perm)
    (re.compile(r'\bmodule_param_array\s*\(\s*(\w+)\s*,\s*(\w+)\s*,[^,]+,'
                r'\s*(\w+)\s*\)'),
     lambda m: (m.group(1), 'array of ' + m.group(2), m.group(3))),
    # module_param_cb(name, ops, arg, perm): the type is the ops' business
    (re.compile(r'\bmodule_param_cb\s*\(\s*(\w+)\s*,[^,]+,[^,]+,\s*(\w+)\s*\)'),
     lambda m: (m.group(1), '', m.group(2))),
]
_DESC = re.compile(r'\bMODULE_PARM_DESC\s*\(\s*(\w+)\s*,\s*((?:' + _STR +
                   r'\s*)+)\)')


def modules():
    """(directory, name) of every module, from scripts/dkms-modules."""
    out = subprocess.run(['bash', os.path.join(TOP, 'scripts', 'dkms-modules')],
                         check=True, capture_output=True, text=True).stdout
    return [tuple(line.split(' ', 1)) for line in out.splitlines()]


def sources(directory, name):
    """The C files of a module: NAME-y/NAME-objs of its Kbuild, or NAME.c."""
    kbuild = os.path.join(TOP, directory, 'Kbuild')
    with open(kbuild, encoding='utf-8') as f:
        text = re.sub(r'\\\n', ' ', f.read())
    objs = []
    for line in text.splitlines():
        m = re.match(r'\s*' + re.escape(name) + r'-(?:y|objs)\s*[:+]?=(.*)',
                     line.split('#', 1)[0])
        if m:
            objs += m.group(1).split()
    objs = objs or [name + '.o']
    paths = [os.path.join(TOP, directory, o[:-2] + '.c') for o in objs]
    # A file that builds another module's source again (#include "x.c")
    # has that file's parameters.
    for path in paths:
        with open(path, encoding='utf-8') as f:
            for inc in re.findall(r'^#include\s+"([^"]+\.c)"', f.read(),
                                  flags=re.M):
                paths.append(os.path.normpath(
                    os.path.join(os.path.dirname(path), inc)))
    return paths


def _strip_comments(text):
    return re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)


def params(directory, name):
    """[(param, type, perm, description)] of one module, in source order."""
    found = []
    descs = {}
    for path in sources(directory, name):
        with open(path, encoding='utf-8') as f:
            text = _strip_comments(f.read())
        hits = []
        for pattern, fields in _PATTERNS:
            hits += [(m.start(), fields(m)) for m in pattern.finditer(text)]
        found += [h[1] for h in sorted(hits)]
        for m in _DESC.finditer(text):
            literals = re.findall(_STR, m.group(2))
            descs[m.group(1)] = ''.join(
                bytes(s[1:-1], 'utf-8').decode('unicode_escape')
                for s in literals)
    return [(p, t, perm, descs.get(p, '')) for p, t, perm in found]


def _perm_text(perm):
    try:
        mode = int(perm, 8)
    except ValueError:
        return perm
    if not mode:
        return 'load time only'
    if mode & 0o222:
        return 'writable (%s)' % perm
    return 'read-only (%s)' % perm


def _rst_text(text):
    """Text as it should read, safe from reStructuredText's markup."""
    text = re.sub(r'([\\`*_|])', r'\\\1', text)
    if re.match(r'([-+*#]|\d+[.)])(\s|$)', text):
        text = '\\' + text  # not a list item
    return text


def rst():
    """The parameter table of every module, as reStructuredText lines."""
    rows = []
    for directory, name in modules():
        for p, t, perm, desc in params(directory, name):
            rows.append((name, '``%s``' % p, t or '(custom)',
                         _perm_text(perm),
                         _rst_text(desc) if desc else 'UNDOCUMENTED'))
    head = ('module', 'parameter', 'type', 'in sysfs', 'description')
    lines = ['.. list-table::', '   :header-rows: 1',
             '   :widths: 14 22 8 14 42', '']
    for row in [head] + rows:
        lines.append('   * - ' + row[0])
        lines += ['     - ' + cell for cell in row[1:]]
    return lines


def check():
    """Compare the parser with modinfo of the built modules."""
    bad = 0
    count = 0
    for directory, name in modules():
        ko = os.path.join(TOP, directory, name + '.ko')
        if not os.path.exists(ko):
            print('modparams: %s not built' % ko)
            return 1
        out = subprocess.run(['/sbin/modinfo', '-F', 'parm', ko], check=True,
                             capture_output=True, text=True).stdout
        built = {}
        for line in out.splitlines():
            p, _, rest = line.partition(':')
            built[p] = rest
        parsed = {}
        for p, t, _, d in params(directory, name):
            # modinfo appends " (TYPE)" when the type is known
            parsed[p] = d
            if t and p in built:
                built[p] = built[p].removesuffix(' (%s)' % t)
                built[p] = built[p].removesuffix('(%s)' % t)
        count += len(built)
        for p in sorted(set(built) | set(parsed)):
            if p not in parsed:
                print('modparams: %s.%s: in the module, not found by the '
                      'parser (not in the admin guide)' % (name, p))
                bad = 1
            elif p not in built:
                print('modparams: %s.%s: parsed, but not in the module'
                      % (name, p))
                bad = 1
            elif not built[p]:
                print('modparams: %s.%s: no MODULE_PARM_DESC' % (name, p))
                bad = 1
            elif built[p] != parsed[p]:
                print('modparams: %s.%s: the parser read %r, modinfo says %r'
                      % (name, p, parsed[p], built[p]))
                bad = 1
    if not bad:
        print('modparams: %d parameters, each described and in the admin '
              'guide' % count)
    return bad


def main():
    if sys.argv[1:] == ['--rst']:
        print('\n'.join(rst()))
        return 0
    if sys.argv[1:] == ['--check']:
        return check()
    print('usage: %s --rst | --check' % sys.argv[0], file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main())
