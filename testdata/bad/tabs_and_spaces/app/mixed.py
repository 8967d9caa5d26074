import app.high
if True:
        x = 1
	y = 2
