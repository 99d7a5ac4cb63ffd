"""Progress of long management commands, by tqdm, written to the command's own stderr.

tqdm redraws one line with carriage returns; a command's ``stderr`` (Django's
``OutputWrapper``) would end every write with a newline, so tqdm gets a thin writer that asks
for no ending. ``call_command(..., stderr=...)`` captures the progress like any other output.
"""

from tqdm import tqdm


class _CommandStream:
    def __init__(self, output):
        self.output = output

    def write(self, text: str) -> None:
        self.output.write(text, ending="")

    def flush(self) -> None:
        self.output.flush()


def command_progress(command, total: int, label: str, unit: str) -> tqdm:
    """A progress bar (count, rate, time left) on ``command.stderr``; use as a context manager."""
    return tqdm(
        total=total,
        desc=label,
        unit=f" {unit}",
        file=_CommandStream(command.stderr),
        mininterval=0.5,
        dynamic_ncols=True,
    )
