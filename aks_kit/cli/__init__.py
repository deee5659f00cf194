"""The aks-kit command line: thin commands over presets/ and stacks/.

Nothing heavy at import time: `aks-kit --help` must stay as fast as typer itself.
"""
