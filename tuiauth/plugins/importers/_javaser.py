"""Reads the one Java-serialised shape FreeOTP 2.x backups use: a ``java.util.HashMap<String, String>``
(Java Object Serialization Stream Protocol, version 5).

Layout: magic ``AC ED 00 05``, ``TC_OBJECT``, the class descriptor of ``java.util.HashMap`` (name,
serialVersionUID, flags, primitive fields such as ``loadFactor``/``threshold``, end of annotations,
no superclass), the primitive field values, then the custom ``writeObject`` data: a block with
capacity and size (two ints), ``size`` key/value objects (``TC_STRING`` / ``TC_LONGSTRING`` or a
``TC_REFERENCE`` to an earlier string), and ``TC_ENDBLOCKDATA``. Anything else is refused: this is
not a general deserialiser, it never instantiates anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...plugin_kit.errors import ImportFormatError

MAGIC = b"\xac\xed\x00\x05"
TC_NULL, TC_REFERENCE, TC_CLASSDESC, TC_OBJECT = 0x70, 0x71, 0x72, 0x73
TC_STRING, TC_BLOCKDATA, TC_ENDBLOCKDATA, TC_LONGSTRING = 0x74, 0x77, 0x78, 0x7C
_BASE_HANDLE = 0x7E0000
_PRIMITIVE_SIZES = {"B": 1, "C": 2, "D": 8, "F": 4, "I": 4, "J": 8, "S": 2, "Z": 1}
_MAX_PAIRS = 300_000


class JavaSerialError(ImportFormatError):
    """The bytes are not a serialised HashMap of strings."""


def _modified_utf8(raw: bytes) -> str:
    """Java's modified UTF-8: NUL as C0 80, characters past U+FFFF as surrogate pairs."""
    try:
        text = raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeError:
        raise JavaSerialError("the backup holds a string that is not valid modified UTF-8") from None


@dataclass
class _Reader:
    buf: bytes
    pos: int = 0
    handles: list[object] = field(default_factory=list)

    def take(self, n: int) -> bytes:
        if n < 0 or n > len(self.buf) - self.pos:
            raise JavaSerialError("the backup is truncated")
        chunk = self.buf[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def u8(self) -> int:
        return self.take(1)[0]

    def uint(self, n: int) -> int:
        return int.from_bytes(self.take(n), "big")

    def utf(self) -> str:
        return _modified_utf8(self.take(self.uint(2)))

    def string_object(self) -> str:
        tag = self.u8()
        if tag == TC_STRING:
            text = self.utf()
        elif tag == TC_LONGSTRING:
            text = _modified_utf8(self.take(self.uint(8)))
        elif tag == TC_REFERENCE:
            index = self.uint(4) - _BASE_HANDLE
            if not 0 <= index < len(self.handles) or not isinstance(self.handles[index], str):
                raise JavaSerialError("the backup refers to a string that does not exist")
            return str(self.handles[index])
        else:
            raise JavaSerialError(f"the backup holds an object of kind 0x{tag:02x} where a string should be")
        self.handles.append(text)
        return text

    def class_desc(self) -> list[str]:
        """Read a HashMap class descriptor; returns its primitive field type codes."""
        if self.u8() != TC_CLASSDESC:
            raise JavaSerialError("the backup does not describe its class")
        if self.utf() != "java.util.HashMap":
            raise JavaSerialError("the backup is a Java object, but not a HashMap")
        self.take(9)  # serialVersionUID (8) and flags (1)
        self.handles.append("<class>")
        codes: list[str] = []
        for _ in range(self.uint(2)):
            code = chr(self.u8())
            self.utf()
            if code not in _PRIMITIVE_SIZES:
                raise JavaSerialError("the backup's HashMap has an unexpected object field")
            codes.append(code)
        if self.u8() != TC_ENDBLOCKDATA or self.u8() != TC_NULL:
            raise JavaSerialError("the backup's HashMap class has annotations or a superclass")
        return codes


def read_string_map(data: bytes) -> dict[str, str]:
    """The key/value strings of a serialised ``HashMap<String, String>``."""
    if not data.startswith(MAGIC):
        raise JavaSerialError("this is not a Java-serialised file (it does not start with AC ED 00 05)")
    reader = _Reader(data, pos=len(MAGIC))
    if reader.u8() != TC_OBJECT:
        raise JavaSerialError("the backup does not hold an object")
    codes = reader.class_desc()
    reader.handles.append("<map>")
    for code in codes:
        reader.take(_PRIMITIVE_SIZES[code])
    if reader.u8() != TC_BLOCKDATA:
        raise JavaSerialError("the backup's HashMap has no size block")
    block = reader.take(reader.u8())
    if len(block) < 8:
        raise JavaSerialError("the backup's HashMap size block is too short")
    size = int.from_bytes(block[4:8], "big")  # after the capacity
    if size > _MAX_PAIRS:
        raise JavaSerialError("the backup's HashMap claims too many entries")
    result: dict[str, str] = {}
    for _ in range(size):
        key = reader.string_object()
        result[key] = reader.string_object()
    if reader.u8() != TC_ENDBLOCKDATA:
        raise JavaSerialError("the backup's HashMap does not end where it should")
    return result
