# -*- coding: latin-1 -*-
name = "café"
import app.high
