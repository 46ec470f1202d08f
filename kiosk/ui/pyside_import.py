"""PySide6's import hook, without its source scan.

Once PySide6.QtCore is imported, every later import passes PySide's hook, which reads the
new module's whole source (`inspect.getsource`) to see whether it mentions "PySide6": modules
that do are switched by its opt-in `from __feature__ import ...` (snake_case names, true
properties), the rest are left alone. The kiosk uses no `__feature__`, and the scan read
about 60,000 lines that linecache then kept for the process's life: 6 MiB of the kiosk's
memory, and 15 M instructions (1.3 %) of its start. Here the same question is answered from
what the module holds after its import (a PySide6 class, function or module), without reading
a line; a module that only names PySide6 in a comment or a string is now left alone.
"""

from __future__ import annotations

import logging
from types import BuiltinFunctionType, FunctionType, ModuleType

from PySide6 import QtCore  # noqa: F401 - installs PySide's import hook, whose scan is skipped

log = logging.getLogger(__name__)

_PYSIDE = ("PySide6", "shiboken6")


def holds_pyside(module: ModuleType) -> bool:
    """Whether the module's globals hold anything of PySide6's."""
    for value in list(getattr(module, "__dict__", {}).values()):
        if isinstance(value, ModuleType):
            origin = value.__name__
        elif isinstance(value, type | FunctionType | BuiltinFunctionType):
            origin = value.__module__
        else:
            continue
        if isinstance(origin, str) and origin.startswith(_PYSIDE):
            return True
    return False


def skip_source_scan() -> bool:
    """Answer PySide's question without the scan; False where this PySide has no such hook
    (the import hook then works as it always did)."""
    try:
        from PySide6.support import feature  # type: ignore[attr-defined] # built in, no stub
    except ImportError:  # a PySide6 without __feature__ support (PyPy builds, say)
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.debug("PySide6's import hook has no source scan to skip")
        return False
    feature._mod_uses_pyside = holds_pyside
    return True
