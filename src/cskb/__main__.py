"""`python -m cskb`."""

from cskb.cli import main

main()
