"""`python -m ai_discourse …` runs the command line, like `ai-discourse …`."""

from ai_discourse.cli import app

app(prog_name="ai-discourse")
