"""Plain data classes that cost nothing to define: `@record` is `@dataclass` without the compiler.

`dataclasses` writes the source of each class's `__init__`, `__eq__` and `__repr__` and compiles
it with `exec` when the class is defined. Python's compiler is slow in the browser (a class of 20
fields costs a visible part of a page's start-up in Pyodide), and a calculator page defines a few
such classes before it is ready. `record` gives a class the same behaviour from generic functions instead, so defining one
takes next to nothing, on CPython and in Pyodide alike.

What it supports, as `dataclasses` does it: fields from the class's annotations in order, defaults,
`field(default_factory=...)`, `__post_init__`, keyword or positional arguments, `__eq__` between
instances of the same class, `__repr__`, `frozen=True` (assigning to a field raises `FrozenError`,
an AttributeError; frozen records are hashable, others are not), and `replace()`. Not supported:
inheritance between records, `ClassVar`, `InitVar`, ordering and slots.
"""

_NO_VALUE = object()


class FrozenError(AttributeError):
    """Raised on assigning to (or deleting) a field of a frozen record."""


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make):
        self.make = make


def field(*, default_factory):
    """A field whose default is made afresh for each instance, as `dataclasses.field` does."""
    return _Factory(default_factory)


def _own_annotations(cls) -> dict:
    annotations = cls.__dict__.get("__annotations__")  # CPython 3.11, or string annotations
    return annotations if annotations is not None else getattr(cls, "__annotations__", {})  # 3.14: made on demand


def record(cls=None, /, *, frozen: bool = False):
    """Make cls a record (use as `@record` or `@record(frozen=True)`)."""
    if cls is None:
        return lambda cls: _make(cls, frozen)
    return _make(cls, frozen)


def _make(cls, frozen: bool):
    if any(hasattr(base, "__record_fields__") for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: records cannot inherit from records")
    names = tuple(_own_annotations(cls))
    defaults, factories = {}, {}
    for name in names:
        value = cls.__dict__.get(name, _NO_VALUE)
        if isinstance(value, _Factory):
            factories[name] = value.make
            delattr(cls, name)
        elif value is not _NO_VALUE:
            defaults[name] = value
        elif defaults or factories:
            raise TypeError(f"{cls.__name__}: field {name!r} has no default but comes after one that has")
    known = frozenset(names)
    title = cls.__name__
    post_init = getattr(cls, "__post_init__", None)

    def __init__(self, *args, **kwargs):
        if len(args) > len(names):
            raise TypeError(f"{title}() takes at most {len(names)} arguments ({len(args)} given)")
        values = dict(zip(names, args))
        for name, value in kwargs.items():
            if name not in known or name in values:
                raise TypeError(f"{title}() got an unexpected or repeated argument {name!r}")
            values[name] = value
        if len(values) < len(names):
            for name in names:
                if name in values:
                    continue
                if name in defaults:
                    values[name] = defaults[name]
                elif name in factories:
                    values[name] = factories[name]()
                else:
                    raise TypeError(f"{title}() is missing the argument {name!r}")
        self.__dict__.update(values)
        if post_init is not None:
            post_init(self)

    def fields_of(self) -> tuple:
        return tuple([self.__dict__[name] for name in names])

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return fields_of(self) == fields_of(other)
        return NotImplemented

    def __repr__(self):
        return f"{cls.__qualname__}({', '.join(f'{name}={self.__dict__[name]!r}' for name in names)})"

    cls.__init__, cls.__eq__, cls.__repr__ = __init__, __eq__, __repr__
    cls.__record_fields__ = names
    if frozen:
        def __setattr__(self, name, value):
            raise FrozenError(f"cannot assign to field {name!r} of a frozen {title}")

        def __delattr__(self, name):
            raise FrozenError(f"cannot delete field {name!r} of a frozen {title}")

        cls.__setattr__, cls.__delattr__ = __setattr__, __delattr__
        cls.__hash__ = lambda self: hash(fields_of(self))
    else:
        cls.__hash__ = None  # mutable and compared by value, so not hashable (as with dataclasses)
    return cls


def replace(obj, /, **changes):
    """A copy of a record with some fields changed (as `dataclasses.replace`)."""
    values = {name: obj.__dict__[name] for name in obj.__record_fields__}
    values.update(changes)
    return obj.__class__(**values)
