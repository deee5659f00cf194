"""aks-kit: Azure Kubernetes Service clusters from presets."""

__version__ = "0.1.0"
