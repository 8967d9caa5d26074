# -*- coding: no-such-codec -*-
import app.high
