"""An import file read one line at a time, so that memory stays flat whatever its size.

The file is checked first in one pass (UTF-8 all the way, and how many lines, for the
progress bar): a file that is not UTF-8 is refused before anything is written, as when the
whole file was read at once. Lines are then those of ``str.splitlines`` over the whole text
(each piece between two ``\\n`` is split the same way), so line numbers in messages do not
depend on how the file is read. Standard input is copied to a temporary file first.
"""

import codecs
import shutil
import sys
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

_BLOCK = 1 << 20


class JsonLinesFile:
    """``with JsonLinesFile(name) as source:`` then ``source.check()``, ``source.lines()``;
    "-" is standard input."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._file: BinaryIO | None = None

    def __enter__(self) -> "JsonLinesFile":
        return self.open()

    def __exit__(self, *exc_info) -> None:
        self.close()

    def open(self) -> "JsonLinesFile":
        if self.name == "-":
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close)
            shutil.copyfileobj(sys.stdin.buffer, self._file, _BLOCK)
        else:
            self._file = open(self.name, "rb")  # noqa: SIM115 (closed by __exit__)
        return self

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def check(self) -> int:
        """Raise ``UnicodeDecodeError`` (its ``start`` the byte in the file) unless the file is
        UTF-8; return its number of lines."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        self._file.seek(0)
        offset, newlines, last = 0, 0, b""
        while block := self._file.read(_BLOCK):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:  # error.object: bytes held back, then the block
                raise _at(error, offset + len(block) - len(error.object)) from None
            offset += len(block)
            newlines += block.count(b"\n")
            last = block[-1:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            raise _at(error, offset - len(error.object)) from None
        return newlines + (1 if last and last != b"\n" else 0)

    def lines(self) -> Iterator[str]:
        """The lines of the file (without their ends), a leading byte-order mark dropped."""
        self._file.seek(0)
        first = True
        for raw in self._file:
            text = raw.decode("utf-8-sig" if first else "utf-8")
            first = False
            yield from text.splitlines()


def _at(error: UnicodeDecodeError, offset: int) -> UnicodeDecodeError:
    return UnicodeDecodeError(
        error.encoding, error.object, offset + error.start, offset + error.end, error.reason
    )
