from layerlint.cli import run

run()
