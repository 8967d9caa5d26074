DOC = "from ... import nothing"
# from .... import comment
