"""What tests/ and bench/ both use (gold readers, evaluators), so neither imports the other."""
