# SPDX-License-Identifier: GPL-2.0
#
# Sphinx configuration of pvh-dom0's documentation: `make docs` builds HTML
# into build/docs with Debian's python3-sphinx and graphviz, warnings as
# errors.

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'sphinx'))

project = 'pvh-dom0'
author = 'pvh-dom0 maintainers'
copyright = '2026, ' + author

# modparams: the admin guide's module-parameter table, from the sources.
extensions = ['sphinx.ext.graphviz', 'modparams']

master_doc = 'index'
exclude_patterns = []
graphviz_output_format = 'svg'
html_theme = 'alabaster'
html_theme_options = {'page_width': '1100px'}
html_static_path = []
html_show_sourcelink = False
