"""Fixtures of the calibration CLI tests, shared here."""

from tests.cli.test_cli_calibrate import editor  # noqa: F401
