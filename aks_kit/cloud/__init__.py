"""Read-only Azure Resource Manager calls through the Azure SDK: credentials and clouds,
Kubernetes versions, preflight checks (quota, VM sizes, zones, providers) and cluster status.

Layering: `aks_kit.cli` -> `aks_kit.cloud` -> `aks_kit.presets`; nothing here imports
`aks_kit.stacks`, and every Azure SDK import is lazy so fast commands stay light.
"""
