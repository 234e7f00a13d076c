# Placeholder: Squall runs core.pause natively; this file only marks the entry point.
