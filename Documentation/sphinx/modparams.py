# SPDX-License-Identifier: GPL-2.0
"""Sphinx directive ``.. module-parameters::``: the table of every module
parameter of the tree, generated at doc build time by scripts/modparams.py
from the sources (the MODULE_PARM_DESC texts), so the admin guide cannot
fall behind the code.  `make check` proves the parser agrees with modinfo.
"""

import importlib.util
import os

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

_log = logging.getLogger(__name__)

_TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location(
    'pvh_modparams', os.path.join(_TOP, 'scripts', 'modparams.py'))
_modparams = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_modparams)


class ModuleParameters(SphinxDirective):
    """Insert the generated list-table."""

    def run(self):
        lines = _modparams.rst()
        for directory, name in _modparams.modules():
            for path in _modparams.sources(directory, name):
                self.env.note_dependency(path)
            for param, _, _, desc in _modparams.params(directory, name):
                if not desc:
                    _log.warning('%s: parameter %s has no MODULE_PARM_DESC',
                                 name, param, location=self.get_location())
        holder = nodes.container()
        self.state.nested_parse(StringList(lines, source='scripts/modparams.py'),
                                self.content_offset, holder)
        return holder.children


def setup(app):
    app.add_directive('module-parameters', ModuleParameters)
    return {'version': '1', 'parallel_read_safe': True}
