# -*- coding: latin-1 -*-
x = "éé"; import app.high
