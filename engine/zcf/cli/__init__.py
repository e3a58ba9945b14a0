"""The `zcf` command line: argument parsing and rendering only; decisions live in the library."""
