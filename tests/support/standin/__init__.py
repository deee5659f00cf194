"""A stand-in for the azure-native resource provider, for the engine tests.

`provider` serves Pulumi's ResourceProvider gRPC service as the real plugin does; behind it
`arm` is a small Azure Resource Manager kept in a JSON file (each engine run starts a new
plugin process); `install` puts the plugin where the engine looks for azure-native.
"""
