from layerlint.cli import main

raise SystemExit(main())
