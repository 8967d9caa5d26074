import os

mode = 0777
text = `mode`
