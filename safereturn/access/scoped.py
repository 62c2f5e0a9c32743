"""The kinds of record the access policy scopes, registered by the apps that own them.

The policy decides who may reach a case, a tip or a register entry; the apps that hold those
records (``cases``, ``tips``) sit above it and tell it their models in ``AppConfig.ready``, so the
policy imports none of them. A name looked up before it was registered fails loudly."""

from safereturn.core.registry import Registry

scoped_models = Registry("scoped record")


def register(name, model):
    scoped_models.register(name, model)


def model(name):
    return scoped_models[name]
