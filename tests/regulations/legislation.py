"""The real-shaped codes of ``regulations.sample_legislation``, under the name the tests use."""

from regulations.sample_legislation import (  # noqa: F401
    Code,
    build_code,
    civil_code,
    criminal_code,
    labour_code,
    long_code,
)
