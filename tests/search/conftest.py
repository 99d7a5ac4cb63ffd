"""Fixtures shared by the search tests."""

import pytest


@pytest.fixture
def member(user_for):
    """The demo Party member: sees public documents only."""
    return user_for("member")
