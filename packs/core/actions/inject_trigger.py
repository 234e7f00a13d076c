# Placeholder: Squall runs core.inject_trigger natively; this file only marks the entry point.
