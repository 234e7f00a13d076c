# A sensor definition needs an entry point; Squall never runs it in these tests.
