"""Spec -> rendered Azure resources, the Pulumi program, and the engine runner."""
