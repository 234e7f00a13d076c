# Placeholder: Squall runs core.uuid natively; this file only marks the entry point.
