type Token = str


class Session[T]:
    def login(self, token: Token) -> T: ...
