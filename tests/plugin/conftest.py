# sample/ is a user's project, run by test_plugin.py in a fresh pytest (pytester) with its own pytest.ini;
# collected here as well, it would run twice and its snapshots would be checked against the wrong session.
collect_ignore = ["sample"]
