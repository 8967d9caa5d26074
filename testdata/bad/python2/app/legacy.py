import app.high
print "hello"
