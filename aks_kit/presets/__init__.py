"""The spec users write, the presets that fill it, and the rules that judge it.

Imports nothing heavy: the CLI's fast commands load this package.
"""
