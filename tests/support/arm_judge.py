"""Judge ARM JSON request bodies against generated Azure SDK models.

The models of ``azure-mgmt-containerservice`` (and ``azure-mgmt-containerservicefleet``) are
TypeSpec-generated ``Model`` subclasses whose attributes are ``_RestField`` descriptors created by
``rest_field(name=..., visibility=[...])``. This module reads those descriptors and the resolved
``typing`` annotations to check a plain JSON body, exactly as it would be PUT to Azure Resource
Manager, key by key:

* every key must be a declared REST (wire) name, e.g. ``properties``, ``scan-interval``;
* fields whose visibility is only ``["read"]`` must not be sent;
* enum-typed values (annotated ``Union[str, SomeEnum]``) must be one of the enum's values;
* scalars must have the JSON type of the annotation; nested models, lists and dicts recurse.

``properties`` needs no special treatment: the SDK only flattens it for Python attribute access
(``__flattened_items`` + ``__getattr__``), while the REST field ``properties`` is declared as a
normal nested model, which is the wire shape ARM receives.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import functools
import importlib
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, NamedTuple

__all__ = ["judge"]

_PLAIN_KEY = re.compile(r"[A-Za-z_][\w-]*\Z")
# Annotations whose JSON representation is a string.
_STRINGLY: tuple[type, ...] = (
    str,
    bytes,
    datetime.datetime,
    datetime.date,
    datetime.time,
    datetime.timedelta,
)
_JSON_NAMES: dict[type, str] = {dict: "object", list: "list", type(None): "null"}


class _Field(NamedTuple):
    hint: Any
    read_only: bool


def _is_model(hint: Any) -> bool:
    return isinstance(hint, type) and getattr(hint, "_is_model", False) is True


def _is_enum(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, enum.Enum)


def _json_type(value: Any) -> str:
    return _JSON_NAMES.get(type(value), type(value).__name__)


def _join(path: str, key: str) -> str:
    if not _PLAIN_KEY.match(key):
        return f"{path}[{key!r}]"
    return f"{path}.{key}" if path else key


@functools.cache
def _fields(model: type) -> dict[str, _Field]:
    """Map each REST (wire) name of ``model`` to its resolved annotation and read-only flag."""
    # Forward refs are written "_models.X", with `_models` imported only under TYPE_CHECKING,
    # so resolve them against the models package the class lives in.
    package = model.__module__.rpartition(".")[0]
    localns = {"_models": importlib.import_module(package)} if package else None
    hints = typing.get_type_hints(model, localns=localns)
    descriptors: dict[str, Any] = {}  # attribute name -> _RestField, subclasses win
    for klass in reversed(model.__mro__):
        for attr, value in vars(klass).items():
            if not attr.startswith("_") and hasattr(value, "_rest_name_input"):
                descriptors[attr] = value
    return {
        (getattr(rf, "_rest_name_input", None) or attr): _Field(
            hints.get(attr, Any), getattr(rf, "_visibility", None) == ["read"]
        )
        for attr, rf in descriptors.items()
    }


def judge(body: Mapping[str, Any], model: type) -> list[str]:
    """Return the problems found in ARM JSON ``body`` judged against SDK ``model`` (a class).

    Each problem is one human-readable line starting with the JSON path, e.g.
    ``properties.networkProfile.networkPlugin = 'azurex': not one of ['azure', 'kubenet', 'none']``.
    An empty list means the body is consistent with the model.
    """
    if not _is_model(model):
        raise TypeError(f"{model!r} is not a generated SDK model class")
    if not isinstance(body, Mapping):
        raise TypeError(f"body must be a mapping, got {_json_type(body)}")
    problems: list[str] = []
    _judge_object(body, model, "", problems)
    return problems


def _judge_object(body: Mapping[str, Any], model: type, path: str, problems: list[str]) -> None:
    fields = _fields(model)
    for key, value in body.items():
        where = _join(path, str(key))
        field = fields.get(key)
        if field is None:
            guess = {name.lower(): name for name in fields}.get(str(key).lower())
            guesses = [guess] if guess else difflib.get_close_matches(str(key), list(fields), n=1)
            hint = f" (did you mean {guesses[0]}?)" if guesses else ""
            problems.append(f"{where}: unknown key{hint}")
        elif field.read_only:
            problems.append(f"{where}: read-only field must not be sent")
        else:
            _check(value, field.hint, where, problems)


def _check(value: Any, hint: Any, path: str, problems: list[str]) -> None:
    """Append problems if ``value`` does not fit annotation ``hint``."""
    if hint is Any or hint is object:
        return
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        _check_union(value, args, path, problems)
    elif value is None:
        problems.append(f"{path}: null is not allowed here")
    elif origin is typing.Literal:
        if not any(value == arg and type(value) is type(arg) for arg in args):
            problems.append(f"{path} = {value!r}: not one of {list(args)}")
    elif _is_enum(hint):
        _check_enum(value, [hint], path, problems)
    elif _is_model(hint):
        if isinstance(value, Mapping):
            _judge_object(value, hint, path, problems)
        else:
            problems.append(f"{path}: expected object ({hint.__name__}), got {_json_type(value)}")
    elif origin is list or hint is list:
        if not isinstance(value, list):
            problems.append(f"{path}: expected list, got {_json_type(value)}")
            return
        for index, item in enumerate(value):
            _check(item, args[0] if args else Any, f"{path}[{index}]", problems)
    elif origin is dict or hint is dict:
        if not isinstance(value, Mapping):
            problems.append(f"{path}: expected object, got {_json_type(value)}")
            return
        for key, item in value.items():
            _check(item, args[1] if args else Any, _join(path, str(key)), problems)
    else:
        _check_scalar(value, hint, path, problems)


def _check_union(value: Any, args: tuple[Any, ...], path: str, problems: list[str]) -> None:
    if value is None and type(None) in args:
        return
    options = [arg for arg in args if arg is not type(None)]
    enums = [arg for arg in options if _is_enum(arg)]
    if enums:  # the SDK types enums as Union[str, SomeEnum]: the enum is the real constraint
        _check_enum(value, enums, path, problems)
        return
    attempts: list[list[str]] = []
    for option in options:
        found: list[str] = []
        _check(value, option, path, found)
        if not found:
            return
        attempts.append(found)
    if not attempts:
        problems.append(f"{path}: null is not allowed here")
        return
    closest: list[str] = min(attempts, key=len)  # report the branch that came closest
    problems.extend(closest)


def _check_enum(value: Any, enums: list[Any], path: str, problems: list[str]) -> None:
    allowed = [member.value for cls in enums for member in cls]
    if not any(value == item and type(value) is type(item) for item in allowed):
        problems.append(f"{path} = {value!r}: not one of {allowed}")


def _check_scalar(value: Any, hint: Any, path: str, problems: list[str]) -> None:
    if hint is bool:
        ok, expected = isinstance(value, bool), "bool"
    elif hint is int:
        ok, expected = isinstance(value, int) and not isinstance(value, bool), "int"
    elif hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        expected = "float"
    elif isinstance(hint, type) and issubclass(hint, _STRINGLY):
        ok, expected = isinstance(value, str), "str"
    else:  # an annotation this judge has no opinion about
        return
    if not ok:
        problems.append(f"{path} = {value!r}: expected {expected}, got {_json_type(value)}")
