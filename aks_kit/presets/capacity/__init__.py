"""Capacity: how close a cluster's pools come to Azure's limits at their largest.

`report` holds the shapes, `compute` works them out, `findings` turns them into findings
(run with the rules).
"""
