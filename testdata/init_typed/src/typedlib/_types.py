Headers = dict[str, str]
