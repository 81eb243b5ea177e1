"""The exception classes a package defines, found by importing each of its modules."""

import importlib
import inspect
import pkgutil
from types import ModuleType


def defined_errors(package: ModuleType) -> dict[str, type[BaseException]]:
    """Exception classes by qualified name, each under the module that defines it."""
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = value
    return found
