"""Pure-Python calculators for the socio-economic diversity toolkit.

Stdlib only: the same code runs on CPython 3.11+ (CLI, tests, pandas adapter) and in the
visitor's browser through Pyodide. No I/O happens here; adapters live at the edges.
"""
__version__ = "0.1.0"
