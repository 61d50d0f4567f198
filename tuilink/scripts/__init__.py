"""Scenario scripts: parse them, drive the real UI headlessly, check what Link handed back."""
