"""`python -m zcf`: the same command line as `zcf`."""

from zcf.cli.app import main

if __name__ == "__main__":
    main()
