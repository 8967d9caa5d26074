# -*- coding: latin-1 -*-
import app.high
