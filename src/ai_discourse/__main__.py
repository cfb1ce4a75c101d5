"""`python -m ai_discourse …` runs the command line, like `ai-discourse …`."""

from ai_discourse.cli import main

main()
